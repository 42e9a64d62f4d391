-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 3: files kept with a stage of the cycle (sync-protocol.md 3.9).

-- Synced like any commune table: the row names its file by SHA-256, never holds its bytes.
CREATE TABLE attachment (
  id             BLOB PRIMARY KEY NOT NULL CHECK (length (id) = 16),
  commune_id     TEXT NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  cycle_stage_id BLOB NOT NULL REFERENCES cycle_stage (id) DEFERRABLE INITIALLY DEFERRED,
  file_name      TEXT NOT NULL,
  media_type     TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png',
                   'application/pdf')),
  size           INTEGER NOT NULL CHECK (size > 0),
  sha256         TEXT NOT NULL,
  caption        TEXT
) WITHOUT ROWID;
CREATE INDEX attachment_cycle_stage ON attachment (cycle_stage_id);
CREATE INDEX attachment_sha256 ON attachment (sha256);

-- The device-local blob store (never captured or synced): whole files under their hash,
-- checked when stored. A rowid table, because rows this large do not belong in a b-tree key.
-- `uploaded` comes before `content` so that reading it does not walk the file's pages.
CREATE TABLE blob_file (
  sha256   TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),
  -- 0 until the server holds the file: rows naming it are not pushed before (3.9).
  uploaded INTEGER NOT NULL DEFAULT 0 CHECK (uploaded IN (0, 1)),
  content  BLOB NOT NULL
);
CREATE INDEX blob_file_waiting ON blob_file (sha256) WHERE uploaded = 0;

-- Parts of files coming down from the server, kept across broken links so that the download
-- goes on where it stopped; joined, checked and moved to blob_file when complete.
CREATE TABLE blob_part (
  sha256  TEXT NOT NULL,
  first   INTEGER NOT NULL,
  content BLOB NOT NULL,
  PRIMARY KEY (sha256, first)
);
