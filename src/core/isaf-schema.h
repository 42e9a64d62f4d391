/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The schema version this build writes; migrations live in data/schema/NNNN-*.sql. */
#define ISAF_SCHEMA_VERSION 3

/* The largest file a commune may attach (a photo of a signed sheet, a scanned plan): 20 MiB,
 * which a slow link still carries in parts. */
#define ISAF_SCHEMA_MAX_FILE_BYTES (20 * 1024 * 1024)

/* Marks an ISAF Commune file (PRAGMA application_id): "ISAF" in ASCII. */
#define ISAF_APPLICATION_ID 0x49534146

typedef enum {
  ISAF_COLUMN_TEXT,
  ISAF_COLUMN_INTEGER,
  ISAF_COLUMN_REAL,
  ISAF_COLUMN_BOOLEAN,
  ISAF_COLUMN_DATE,
  ISAF_COLUMN_CHOICE,
  ISAF_COLUMN_REFERENCE,
  ISAF_COLUMN_VILLAGE_CODE,
  ISAF_COLUMN_RIEL,
  ISAF_COLUMN_COUNT,
  ISAF_COLUMN_SCORE,
  ISAF_COLUMN_PHONE,
  /* A file's address: its SHA-256 in 64 lowercase hexadecimal digits (sync-protocol.md 3.9) */
  ISAF_COLUMN_FILE_HASH,
} IsafColumnKind;

typedef enum {
  ISAF_COLUMN_REQUIRED = 1 << 0,
  /* Concurrent edits of this field are shown to the commune as conflicts to review. */
  ISAF_COLUMN_REVIEW = 1 << 1,
  /* The row belongs to the referenced row: deleting the parent deletes it too. */
  ISAF_COLUMN_PARENT = 1 << 2,
  /* Left empty, the field is 0 (the column is NOT NULL DEFAULT 0). */
  ISAF_COLUMN_ZERO_WHEN_EMPTY = 1 << 3,
  /* A year that cannot be after the current one (a year of birth). */
  ISAF_COLUMN_NOT_FUTURE = 1 << 4,
} IsafColumnFlags;

typedef struct {
  const char *name;
  IsafColumnKind kind;
  IsafColumnFlags flags;
  /* INTEGER: the allowed range; TEXT and PHONE: the longest text in characters. */
  gint64 min;
  gint64 max;
  const char * const *choices;
  const char *reference;
  /* What the user calls the field, untranslated (N_): messages name it. */
  const char *label;
} IsafColumn;

typedef struct {
  const char *name;
  const IsafColumn *columns;
  guint n_columns;
  /* Optional pairs checked across fields: end not before start, part not above total. */
  const char *start_column;
  const char *end_column;
  const char *part_column;
  const char *total_column;
} IsafTable;

guint             isaf_schema_n_tables      (void);
const IsafTable  *isaf_schema_table_at      (guint            index);
const IsafTable  *isaf_schema_find_table    (const char      *name);
const IsafColumn *isaf_schema_find_column   (const IsafTable *table,
                                             const char      *name);
int               isaf_schema_column_index  (const IsafTable *table,
                                             const char      *name);
GBytes           *isaf_schema_migration_sql (guint            version,
                                             GError         **error);

G_END_DECLS
