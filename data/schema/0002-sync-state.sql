-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 2: the device-local tables of the sync client (sync-protocol.md, 3.4).
-- None of them is captured or synced. Values of any type are BLOB columns (see 0001).

-- The one frozen batch being sent, kept so that a retry resends the same bytes.
CREATE TABLE sync_inflight (
  batch_seq INTEGER PRIMARY KEY NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq  INTEGER NOT NULL,
  body      BLOB NOT NULL,
  sha256    BLOB NOT NULL
);

-- The commune's conflict log as pulled from the server: both values and who made them.
CREATE TABLE sync_conflict (
  id            BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  tbl           TEXT NOT NULL,
  row_id        BLOB NOT NULL,
  field         TEXT NOT NULL,
  winning_value BLOB,
  winning_hlc   INTEGER NOT NULL,
  winning_node  INTEGER NOT NULL,
  losing_value  BLOB,
  losing_hlc    INTEGER NOT NULL,
  losing_node   INTEGER NOT NULL,
  reason        TEXT NOT NULL,
  logged_at     TEXT NOT NULL,
  reviewed      INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1))
) WITHOUT ROWID;

-- Changes the server refused, with its reason, shown to the clerk until dismissed.
CREATE TABLE sync_reject (
  seq       INTEGER PRIMARY KEY NOT NULL,
  tbl       TEXT NOT NULL,
  row_id    BLOB NOT NULL,
  field     TEXT NOT NULL,
  value     BLOB,
  reason    TEXT NOT NULL,
  rejected_at TEXT NOT NULL,
  dismissed INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1))
);

-- Pulled changes waiting to be applied together with their cursor.
CREATE TABLE sync_staging (
  seq   INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl   TEXT NOT NULL,
  id    BLOB NOT NULL,
  field TEXT NOT NULL,
  value BLOB,
  hlc   INTEGER NOT NULL,
  node  INTEGER NOT NULL
);

-- Rows that still broke integrity after a page was applied: kept, never dropped.
CREATE TABLE sync_quarantine (
  seq    INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl    TEXT NOT NULL,
  id     BLOB NOT NULL,
  error  TEXT NOT NULL,
  body   TEXT NOT NULL
);
