-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 1 of the ISAF Commune database.
--
-- Every synced table has: a 16-byte UUID key made on the device (UUIDv7, or a UUIDv5 where a
-- natural key defines the row), commune_id (the 6-digit NCDD code, text), and the tombstone
-- `deleted`. Field clocks live in sync_field_clock and pending local changes in sync_outbox;
-- the capture triggers are generated from the live columns (isaf-capture.c), not written here.
-- Dates are ISO 8601 text (YYYY-MM-DD). Money is whole Riel. Totals are computed on read.
-- Foreign keys are deferred so that a pulled page can be applied in one transaction.
-- Columns that hold values of any type are declared BLOB (no affinity): in a table that is not
-- STRICT, ANY means NUMERIC affinity, which would store the text '010201' as the integer 10201.

-- Sync bookkeeping (device-local, never captured) -----------------------------------------

CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY NOT NULL,
  value BLOB
) WITHOUT ROWID;

CREATE TABLE sync_outbox (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  txid      INTEGER NOT NULL,
  tbl       TEXT NOT NULL,
  id        BLOB NOT NULL,
  field     TEXT NOT NULL,
  value     BLOB,
  hlc       INTEGER NOT NULL,
  base_hlc  INTEGER,
  base_node INTEGER
);

CREATE TABLE sync_field_clock (
  tbl   TEXT NOT NULL,
  id    BLOB NOT NULL,
  field TEXT NOT NULL,
  hlc   INTEGER NOT NULL,
  node  INTEGER NOT NULL,
  PRIMARY KEY (tbl, id, field)
) WITHOUT ROWID;

-- Reference data (national, read-only on the laptop, versioned) ----------------------------

CREATE TABLE ref_dataset (
  name         TEXT NOT NULL,
  version      INTEGER NOT NULL CHECK (version > 0),
  published_on TEXT NOT NULL,
  source       TEXT NOT NULL,
  PRIMARY KEY (name, version)
) WITHOUT ROWID;

CREATE TABLE ref_indicator (
  dataset      TEXT NOT NULL,
  version      INTEGER NOT NULL,
  code         TEXT NOT NULL,
  service_kind TEXT NOT NULL CHECK (service_kind IN
                 ('commune_office', 'health_centre', 'health_post', 'primary_school')),
  purpose      TEXT NOT NULL CHECK (purpose IN ('i4c', 'scorecard')),
  position     INTEGER NOT NULL,
  name_km      TEXT NOT NULL,
  name_en      TEXT,
  unit         TEXT,
  standard     REAL,
  higher_is_better INTEGER CHECK (higher_is_better IN (0, 1)),
  pictogram    TEXT,
  PRIMARY KEY (dataset, version, code),
  FOREIGN KEY (dataset, version) REFERENCES ref_dataset (name, version)
) WITHOUT ROWID;

CREATE TABLE ref_service_standard (
  dataset      TEXT NOT NULL,
  version      INTEGER NOT NULL,
  code         TEXT NOT NULL,
  service_kind TEXT NOT NULL,
  position     INTEGER NOT NULL,
  text_km      TEXT NOT NULL,
  text_en      TEXT,
  PRIMARY KEY (dataset, version, code),
  FOREIGN KEY (dataset, version) REFERENCES ref_dataset (name, version)
) WITHOUT ROWID;

-- The commune and its registries ------------------------------------------------------------

CREATE TABLE commune (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL CHECK (length (commune_id) = 6),
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  chief_name  TEXT,
  chief_phone TEXT,
  clerk_name  TEXT,
  clerk_phone TEXT,
  email       TEXT,
  address     TEXT
) WITHOUT ROWID;

CREATE TABLE village (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  code        TEXT NOT NULL CHECK (length (code) = 8),
  households  INTEGER CHECK (households >= 0),
  population  INTEGER CHECK (population >= 0)
) WITHOUT ROWID;
CREATE INDEX village_code ON village (code);

CREATE TABLE service_unit (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  kind        TEXT NOT NULL CHECK (kind IN
                ('commune_office', 'health_centre', 'health_post', 'primary_school')),
  code        TEXT NOT NULL,
  name_km     TEXT NOT NULL,
  name_en     TEXT,
  village_id  BLOB REFERENCES village (id) DEFERRABLE INITIALLY DEFERRED,
  head_name   TEXT,
  phone       TEXT
) WITHOUT ROWID;
CREATE INDEX service_unit_village ON service_unit (village_id);

CREATE TABLE caf (
  id            BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id    TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  name_km       TEXT NOT NULL,
  name_latin    TEXT,
  sex           TEXT NOT NULL CHECK (sex IN ('f', 'm')),
  birth_year    INTEGER,
  phone         TEXT,
  village_id    BLOB REFERENCES village (id) DEFERRABLE INITIALLY DEFERRED,
  selected_on   TEXT,
  left_on       TEXT,
  is_village_official INTEGER NOT NULL DEFAULT 0 CHECK (is_village_official IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX caf_village ON caf (village_id);

CREATE TABLE caf_training (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  caf_id      BLOB NOT NULL REFERENCES caf (id) DEFERRABLE INITIALLY DEFERRED,
  module      TEXT NOT NULL CHECK (module IN ('M1', 'M2', 'M3', 'M4')),
  trained_on  TEXT
) WITHOUT ROWID;
CREATE INDEX caf_training_caf ON caf_training (caf_id);

CREATE TABLE jaapc_member (
  id            BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id    TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  name_km       TEXT NOT NULL,
  name_latin    TEXT,
  sex           TEXT NOT NULL CHECK (sex IN ('f', 'm')),
  role          TEXT NOT NULL CHECK (role IN ('chair', 'deputy', 'secretary', 'member')),
  organisation  TEXT,
  phone         TEXT,
  joined_on     TEXT,
  left_on       TEXT
) WITHOUT ROWID;

-- The cycle and its plan -------------------------------------------------------------------

CREATE TABLE cycle (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  notes       TEXT
) WITHOUT ROWID;
CREATE INDEX cycle_year ON cycle (year);

CREATE TABLE cycle_stage (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  cycle_id    BLOB NOT NULL REFERENCES cycle (id) DEFERRABLE INITIALLY DEFERRED,
  stage       TEXT NOT NULL CHECK (stage IN ('planning', 'i4c', 'dissemination', 'scorecard',
                'self_assessment', 'interface', 'jaap', 'monitoring')),
  status      TEXT NOT NULL DEFAULT 'not_started'
                CHECK (status IN ('not_started', 'in_progress', 'done')),
  planned_start TEXT,
  planned_end   TEXT,
  done_on       TEXT
) WITHOUT ROWID;
CREATE INDEX cycle_stage_cycle ON cycle_stage (cycle_id);

CREATE TABLE awpb_line (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  cycle_id    BLOB NOT NULL REFERENCES cycle (id) DEFERRABLE INITIALLY DEFERRED,
  category    TEXT NOT NULL CHECK (category IN
                ('jaapc_meetings', 'i4c_printing', 'caf_support', 'cip_activities', 'other')),
  description TEXT NOT NULL,
  quarter     INTEGER CHECK (quarter BETWEEN 1 AND 4),
  amount_riel INTEGER NOT NULL CHECK (amount_riel >= 0),
  spent_riel  INTEGER CHECK (spent_riel >= 0),
  fund_source TEXT NOT NULL CHECK (fund_source IN ('commune_fund', 'provider_budget',
                'line_department', 'development_partner', 'community'))
) WITHOUT ROWID;
CREATE INDEX awpb_line_cycle ON awpb_line (cycle_id);

-- I4C: information for citizens -----------------------------------------------------------

CREATE TABLE i4c_set (
  id               BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id       TEXT NOT NULL,
  deleted          INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  cycle_id         BLOB NOT NULL REFERENCES cycle (id) DEFERRABLE INITIALLY DEFERRED,
  service_unit_id  BLOB NOT NULL REFERENCES service_unit (id) DEFERRABLE INITIALLY DEFERRED,
  ref_dataset      TEXT,
  ref_version      INTEGER,
  opening_hours    TEXT,
  services_offered TEXT,
  budget_received_riel INTEGER CHECK (budget_received_riel >= 0),
  budget_spent_riel    INTEGER CHECK (budget_spent_riel >= 0),
  published_on     TEXT
) WITHOUT ROWID;
CREATE INDEX i4c_set_cycle ON i4c_set (cycle_id);
CREATE INDEX i4c_set_unit ON i4c_set (service_unit_id);

CREATE TABLE i4c_value (
  id              BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id      TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  i4c_set_id      BLOB NOT NULL REFERENCES i4c_set (id) DEFERRABLE INITIALLY DEFERRED,
  indicator_code  TEXT NOT NULL,
  value           REAL
) WITHOUT ROWID;
CREATE INDEX i4c_value_set ON i4c_value (i4c_set_id);

CREATE TABLE i4c_fee (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  i4c_set_id  BLOB NOT NULL REFERENCES i4c_set (id) DEFERRABLE INITIALLY DEFERRED,
  position    INTEGER NOT NULL DEFAULT 0,
  service_km  TEXT NOT NULL,
  service_en  TEXT,
  amount_riel INTEGER NOT NULL CHECK (amount_riel >= 0)
) WITHOUT ROWID;
CREATE INDEX i4c_fee_set ON i4c_fee (i4c_set_id);

CREATE TABLE i4c_staff (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  i4c_set_id  BLOB NOT NULL REFERENCES i4c_set (id) DEFERRABLE INITIALLY DEFERRED,
  category    TEXT NOT NULL,
  women       INTEGER NOT NULL CHECK (women >= 0),
  men         INTEGER NOT NULL CHECK (men >= 0)
) WITHOUT ROWID;
CREATE INDEX i4c_staff_set ON i4c_staff (i4c_set_id);

CREATE TABLE dissemination_meeting (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  cycle_id    BLOB NOT NULL REFERENCES cycle (id) DEFERRABLE INITIALLY DEFERRED,
  village_id  BLOB NOT NULL REFERENCES village (id) DEFERRABLE INITIALLY DEFERRED,
  held_on     TEXT NOT NULL,
  place       TEXT,
  notes       TEXT
) WITHOUT ROWID;
CREATE INDEX dissemination_meeting_cycle ON dissemination_meeting (cycle_id);

CREATE TABLE dissemination_facilitator (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  meeting_id  BLOB NOT NULL REFERENCES dissemination_meeting (id) DEFERRABLE INITIALLY DEFERRED,
  caf_id      BLOB NOT NULL REFERENCES caf (id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX dissemination_facilitator_meeting ON dissemination_facilitator (meeting_id);

CREATE TABLE dissemination_unit (
  id              BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id      TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  meeting_id      BLOB NOT NULL REFERENCES dissemination_meeting (id) DEFERRABLE INITIALLY DEFERRED,
  service_unit_id BLOB NOT NULL REFERENCES service_unit (id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX dissemination_unit_meeting ON dissemination_unit (meeting_id);

-- One row per category: women, men, youth, disability, ethnic_minority, id_poor.
CREATE TABLE dissemination_attendance (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  meeting_id  BLOB NOT NULL REFERENCES dissemination_meeting (id) DEFERRABLE INITIALLY DEFERRED,
  category    TEXT NOT NULL CHECK (category IN
                ('women', 'men', 'youth', 'disability', 'ethnic_minority', 'id_poor')),
  count       INTEGER NOT NULL CHECK (count >= 0)
) WITHOUT ROWID;
CREATE INDEX dissemination_attendance_meeting ON dissemination_attendance (meeting_id);

-- Scorecards (community scorecard and self-assessment) -------------------------------------

CREATE TABLE scorecard (
  id              BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id      TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  cycle_id        BLOB NOT NULL REFERENCES cycle (id) DEFERRABLE INITIALLY DEFERRED,
  kind            TEXT NOT NULL CHECK (kind IN ('csc', 'ssa')),
  service_unit_id BLOB NOT NULL REFERENCES service_unit (id) DEFERRABLE INITIALLY DEFERRED,
  village_id      BLOB REFERENCES village (id) DEFERRABLE INITIALLY DEFERRED,
  held_on         TEXT NOT NULL,
  place           TEXT,
  lead_caf_id     BLOB REFERENCES caf (id) DEFERRABLE INITIALLY DEFERRED,
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'done')),
  notes           TEXT
) WITHOUT ROWID;
CREATE INDEX scorecard_cycle ON scorecard (cycle_id);
CREATE INDEX scorecard_unit ON scorecard (service_unit_id);

CREATE TABLE scorecard_facilitator (
  id           BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id   TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  scorecard_id BLOB NOT NULL REFERENCES scorecard (id) DEFERRABLE INITIALLY DEFERRED,
  caf_id       BLOB NOT NULL REFERENCES caf (id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX scorecard_facilitator_scorecard ON scorecard_facilitator (scorecard_id);

CREATE TABLE scorecard_participant (
  id                 BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id         TEXT NOT NULL,
  deleted            INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  scorecard_id       BLOB NOT NULL REFERENCES scorecard (id) DEFERRABLE INITIALLY DEFERRED,
  position           INTEGER NOT NULL,
  sex                TEXT CHECK (sex IN ('f', 'm')),
  age                INTEGER CHECK (age BETWEEN 0 AND 130),
  is_youth           INTEGER NOT NULL DEFAULT 0 CHECK (is_youth IN (0, 1)),
  has_disability     INTEGER NOT NULL DEFAULT 0 CHECK (has_disability IN (0, 1)),
  is_ethnic_minority INTEGER NOT NULL DEFAULT 0 CHECK (is_ethnic_minority IN (0, 1)),
  is_id_poor         INTEGER NOT NULL DEFAULT 0 CHECK (is_id_poor IN (0, 1)),
  is_anonymous       INTEGER NOT NULL DEFAULT 0 CHECK (is_anonymous IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX scorecard_participant_scorecard ON scorecard_participant (scorecard_id);

-- For meetings where only a tally sheet of participants exists.
CREATE TABLE scorecard_participant_tally (
  id           BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id   TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  scorecard_id BLOB NOT NULL REFERENCES scorecard (id) DEFERRABLE INITIALLY DEFERRED,
  category     TEXT NOT NULL CHECK (category IN
                 ('women', 'men', 'youth', 'disability', 'ethnic_minority', 'id_poor')),
  count        INTEGER NOT NULL CHECK (count >= 0)
) WITHOUT ROWID;
CREATE INDEX scorecard_participant_tally_scorecard ON scorecard_participant_tally (scorecard_id);

CREATE TABLE scorecard_indicator (
  id             BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id     TEXT NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  scorecard_id   BLOB NOT NULL REFERENCES scorecard (id) DEFERRABLE INITIALLY DEFERRED,
  position       INTEGER NOT NULL,
  indicator_code TEXT,
  name_km        TEXT NOT NULL,
  name_en        TEXT,
  times_raised   INTEGER NOT NULL DEFAULT 0 CHECK (times_raised >= 0),
  is_selected    INTEGER NOT NULL DEFAULT 0 CHECK (is_selected IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX scorecard_indicator_scorecard ON scorecard_indicator (scorecard_id);

-- One row per participant and indicator: id = uuidv5 (indicator, participant).
CREATE TABLE scorecard_vote (
  id                     BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id             TEXT NOT NULL,
  deleted                INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  scorecard_indicator_id BLOB NOT NULL REFERENCES scorecard_indicator (id) DEFERRABLE INITIALLY DEFERRED,
  participant_id         BLOB NOT NULL REFERENCES scorecard_participant (id) DEFERRABLE INITIALLY DEFERRED,
  score                  INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5)
) WITHOUT ROWID;
CREATE INDEX scorecard_vote_indicator ON scorecard_vote (scorecard_indicator_id);
CREATE INDEX scorecard_vote_participant ON scorecard_vote (participant_id);

-- Hand-counted votes: one row per indicator and score value, id = uuidv5 (indicator, score).
CREATE TABLE scorecard_vote_tally (
  id                     BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id             TEXT NOT NULL,
  deleted                INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  scorecard_indicator_id BLOB NOT NULL REFERENCES scorecard_indicator (id) DEFERRABLE INITIALLY DEFERRED,
  score                  INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  count                  INTEGER NOT NULL CHECK (count >= 0)
) WITHOUT ROWID;
CREATE INDEX scorecard_vote_tally_indicator ON scorecard_vote_tally (scorecard_indicator_id);

CREATE TABLE scorecard_note (
  id                     BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id             TEXT NOT NULL,
  deleted                INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  scorecard_indicator_id BLOB NOT NULL REFERENCES scorecard_indicator (id) DEFERRABLE INITIALLY DEFERRED,
  kind                   TEXT NOT NULL CHECK (kind IN ('strength', 'weakness', 'suggestion')),
  position               INTEGER NOT NULL DEFAULT 0,
  text                   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX scorecard_note_indicator ON scorecard_note (scorecard_indicator_id);

-- Interface meeting ------------------------------------------------------------------------

CREATE TABLE interface_meeting (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  cycle_id    BLOB NOT NULL REFERENCES cycle (id) DEFERRABLE INITIALLY DEFERRED,
  held_on     TEXT NOT NULL,
  place       TEXT,
  notes       TEXT
) WITHOUT ROWID;
CREATE INDEX interface_meeting_cycle ON interface_meeting (cycle_id);

CREATE TABLE interface_meeting_unit (
  id              BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id      TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  meeting_id      BLOB NOT NULL REFERENCES interface_meeting (id) DEFERRABLE INITIALLY DEFERRED,
  service_unit_id BLOB NOT NULL REFERENCES service_unit (id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX interface_meeting_unit_meeting ON interface_meeting_unit (meeting_id);

-- One row per participant category: citizens, providers, council members, ...
CREATE TABLE interface_attendance (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  meeting_id  BLOB NOT NULL REFERENCES interface_meeting (id) DEFERRABLE INITIALLY DEFERRED,
  category    TEXT NOT NULL CHECK (category IN ('citizen_women', 'citizen_men', 'provider',
                'council', 'caf', 'other')),
  count       INTEGER NOT NULL CHECK (count >= 0)
) WITHOUT ROWID;
CREATE INDEX interface_attendance_meeting ON interface_attendance (meeting_id);

CREATE TABLE interface_priority (
  id                     BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id             TEXT NOT NULL,
  deleted                INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  meeting_id             BLOB NOT NULL REFERENCES interface_meeting (id) DEFERRABLE INITIALLY DEFERRED,
  service_unit_id        BLOB REFERENCES service_unit (id) DEFERRABLE INITIALLY DEFERRED,
  scorecard_indicator_id BLOB REFERENCES scorecard_indicator (id) DEFERRABLE INITIALLY DEFERRED,
  text                   TEXT NOT NULL,
  votes                  INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
  is_selected            INTEGER NOT NULL DEFAULT 0 CHECK (is_selected IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX interface_priority_meeting ON interface_priority (meeting_id);

-- JAAP: joint accountability action plan ----------------------------------------------------

CREATE TABLE jaap_action (
  id                     BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id             TEXT NOT NULL,
  deleted                INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  cycle_id               BLOB NOT NULL REFERENCES cycle (id) DEFERRABLE INITIALLY DEFERRED,
  parent_id              BLOB REFERENCES jaap_action (id) DEFERRABLE INITIALLY DEFERRED,
  action_group           TEXT NOT NULL CHECK (action_group IN ('ka', 'kha')),
  position               INTEGER NOT NULL DEFAULT 0,
  activity               TEXT NOT NULL,
  proposer               TEXT,
  target_issue           TEXT,
  location               TEXT,
  quantity               REAL CHECK (quantity >= 0),
  quantity_unit          TEXT,
  start_on               TEXT,
  end_on                 TEXT,
  beneficiaries_total    INTEGER CHECK (beneficiaries_total >= 0),
  beneficiaries_female   INTEGER CHECK (beneficiaries_female >= 0),
  estimated_cost_riel    INTEGER CHECK (estimated_cost_riel >= 0),
  implementer            TEXT,
  service_unit_id        BLOB REFERENCES service_unit (id) DEFERRABLE INITIALLY DEFERRED,
  scorecard_indicator_id BLOB REFERENCES scorecard_indicator (id) DEFERRABLE INITIALLY DEFERRED,
  priority_id            BLOB REFERENCES interface_priority (id) DEFERRABLE INITIALLY DEFERRED,
  fund_source            TEXT CHECK (fund_source IN ('commune_fund', 'provider_budget',
                           'line_department', 'development_partner', 'community')),
  actual_cost_riel       INTEGER CHECK (actual_cost_riel >= 0),
  status                 TEXT NOT NULL DEFAULT 'not_started'
                           CHECK (status IN ('not_started', 'ongoing', 'completed', 'cancelled'))
) WITHOUT ROWID;
CREATE INDEX jaap_action_cycle ON jaap_action (cycle_id);
CREATE INDEX jaap_action_parent ON jaap_action (parent_id);

CREATE TABLE jaap_status_change (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  action_id   BLOB NOT NULL REFERENCES jaap_action (id) DEFERRABLE INITIALLY DEFERRED,
  status      TEXT NOT NULL CHECK (status IN ('not_started', 'ongoing', 'completed', 'cancelled')),
  changed_on  TEXT NOT NULL,
  note        TEXT
) WITHOUT ROWID;
CREATE INDEX jaap_status_change_action ON jaap_status_change (action_id);

-- Monitoring: JAAP Committee meetings ------------------------------------------------------

CREATE TABLE jaapc_meeting (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  cycle_id    BLOB NOT NULL REFERENCES cycle (id) DEFERRABLE INITIALLY DEFERRED,
  held_on     TEXT NOT NULL,
  place       TEXT,
  decisions   TEXT,
  notes       TEXT
) WITHOUT ROWID;
CREATE INDEX jaapc_meeting_cycle ON jaapc_meeting (cycle_id);

CREATE TABLE jaapc_attendance (
  id          BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  meeting_id  BLOB NOT NULL REFERENCES jaapc_meeting (id) DEFERRABLE INITIALLY DEFERRED,
  member_id   BLOB NOT NULL REFERENCES jaapc_member (id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX jaapc_attendance_meeting ON jaapc_attendance (meeting_id);

-- One row per meeting and action: id = uuidv5 (meeting, action).
CREATE TABLE jaap_progress (
  id              BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id      TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  meeting_id      BLOB NOT NULL REFERENCES jaapc_meeting (id) DEFERRABLE INITIALLY DEFERRED,
  action_id       BLOB NOT NULL REFERENCES jaap_action (id) DEFERRABLE INITIALLY DEFERRED,
  status          TEXT NOT NULL CHECK (status IN ('not_started', 'ongoing', 'completed', 'cancelled')),
  note            TEXT,
  cost_spent_riel INTEGER CHECK (cost_spent_riel >= 0)
) WITHOUT ROWID;
CREATE INDEX jaap_progress_meeting ON jaap_progress (meeting_id);
CREATE INDEX jaap_progress_action ON jaap_progress (action_id);
