-- SPDX-License-Identifier: GPL-3.0-or-later
-- The national server's own tables, version 1 (isaf-server migrate). The commune data tables
-- are generated from the schema description (src/server/isaf-server-schema.c), so they always
-- match the laptops'. Every table with a commune_id has row-level security enabled and forced,
-- with a policy on app.commune_id, which each request sets from its token: an unset setting
-- matches nothing. A few policies also let a request find one row by a secret it holds (a
-- device by its id while issuing a token, an enrolment by its code's hash) before its commune
-- is known. Statements here may run again on every migrate: they are idempotent.

-- Each commune's stream: the next sequence number (taken under this row's lock by every writer,
-- so seq order is commit order within a commune) and the epoch, which changes on a restore.
CREATE TABLE IF NOT EXISTS commune_stream (
  commune_id text PRIMARY KEY CHECK (commune_id ~ '^[0-9]{6}$'),
  next_seq   bigint NOT NULL DEFAULT 1 CHECK (next_seq > 0),
  epoch      text NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS device_node_seq;

CREATE TABLE IF NOT EXISTS device (
  id             uuid PRIMARY KEY,
  commune_id     text NOT NULL REFERENCES commune_stream (commune_id),
  node_id        bigint NOT NULL UNIQUE,
  secret_hash    bytea NOT NULL,
  description    text,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  last_batch_seq bigint NOT NULL DEFAULT 0,
  enrolled_at    timestamptz NOT NULL DEFAULT now(),
  last_seen      timestamptz
);

-- One-time enrolment codes, kept only as their SHA-256.
CREATE TABLE IF NOT EXISTS enrollment (
  code_hash   bytea PRIMARY KEY,
  commune_id  text NOT NULL REFERENCES commune_stream (commune_id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  device_id   uuid REFERENCES device (id),
  secret_hash bytea
);

-- One per applied batch: the primary key makes a second copy impossible to commit.
CREATE TABLE IF NOT EXISTS push_receipt (
  device_id   uuid NOT NULL REFERENCES device (id),
  batch_seq   bigint NOT NULL,
  commune_id  text NOT NULL,
  body_sha256 bytea NOT NULL,
  response    text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, batch_seq)
);

-- Concurrent edits of review fields and other things a commune should look at; in the
-- commune's stream like its data.
CREATE TABLE IF NOT EXISTS conflict_log (
  id            uuid PRIMARY KEY,
  commune_id    text NOT NULL,
  seq           bigint NOT NULL,
  tbl           text NOT NULL,
  row_id        uuid NOT NULL,
  field         text NOT NULL,
  winning_value jsonb,
  winning_hlc   bigint NOT NULL,
  winning_node  bigint NOT NULL,
  losing_value  jsonb,
  losing_hlc    bigint NOT NULL,
  losing_node   bigint NOT NULL,
  reason        text NOT NULL,
  logged_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS conflict_log_stream ON conflict_log (commune_id, seq);

-- What happened, for administrators: clamped clocks, security events, revocations.
CREATE TABLE IF NOT EXISTS audit_log (
  id         bigserial PRIMARY KEY,
  commune_id text NOT NULL,
  device_id  uuid,
  event      text NOT NULL,
  detail     jsonb,
  logged_at  timestamptz NOT NULL DEFAULT now()
);

-- National reference data: a global stream with its own sequence, written only by
-- publish-ref; every version of a data set is kept, never edited.
CREATE TABLE IF NOT EXISTS ref_stream (
  id       boolean PRIMARY KEY DEFAULT true CHECK (id),
  next_seq bigint NOT NULL DEFAULT 1
);
INSERT INTO ref_stream (id) VALUES (true) ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS ref_version (
  name         text NOT NULL,
  version      integer NOT NULL CHECK (version > 0),
  seq          bigint NOT NULL UNIQUE,
  published_at timestamptz NOT NULL DEFAULT now(),
  sha256       text NOT NULL,
  body         bytea NOT NULL,
  PRIMARY KEY (name, version)
);

-- Content-addressed files: a commune's attachments, and national files (commune_id
-- 'national', such as poster graphics) that every commune may read.
CREATE TABLE IF NOT EXISTS blob (
  commune_id text NOT NULL CHECK (commune_id ~ '^[0-9]{6}$' OR commune_id = 'national'),
  sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size       bigint NOT NULL,
  content    bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (commune_id, sha256)
);

-- The parts of a file being uploaded part by part (sync-protocol.md 5.3), one row per part, in
-- order from byte 0 with no gap: a row per part, not one growing value, which PostgreSQL would
-- rewrite whole at each part. Joined into blob when the last part comes, then dropped.
CREATE TABLE IF NOT EXISTS blob_part (
  commune_id text NOT NULL CHECK (commune_id ~ '^[0-9]{6}$'),
  sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  total      bigint NOT NULL CHECK (total > 0),
  first      bigint NOT NULL CHECK (first >= 0 AND first < total),
  content    bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (commune_id, sha256, first)
);

-- Row-level security --------------------------------------------------------------------------

-- The tables with a commune_id all get the same policy, commune_scope, with the commune data
-- tables (src/server/isaf-server-schema.c). Here only what differs: lookups by a secret, and
-- national files every commune may read.

DROP POLICY IF EXISTS by_device_id ON device;
CREATE POLICY by_device_id ON device FOR SELECT
  USING (id::text = current_setting ('app.device_id', true));

DROP POLICY IF EXISTS by_code ON enrollment;
-- FOR ALL, not FOR SELECT: the enrolment locks the row it spends (SELECT … FOR UPDATE).
CREATE POLICY by_code ON enrollment
  USING (encode (code_hash, 'hex') = current_setting ('app.code_hash', true));

ALTER TABLE blob ENABLE ROW LEVEL SECURITY;
ALTER TABLE blob FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS commune_scope ON blob;
CREATE POLICY commune_scope ON blob
  USING (commune_id = current_setting ('app.commune_id', true) OR commune_id = 'national')
  WITH CHECK (commune_id = current_setting ('app.commune_id', true));
