/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-database.h"
#include "isaf-record.h"
#include "isaf-store.h"

G_BEGIN_DECLS

/* Helpers for the modules of the cycle's stages (isaf-dissemination.c, isaf-scorecard-*.c,
 * isaf-interface-*.c): live rows, natural keys, the year's cycle, and the link and attendance
 * rows of a meeting. Private to the core; all but the first three run on the database
 * thread. */

/* "<id>/<suffix>": the natural key of a row that one fact defines. */
char       *isaf_stage_key_of                   (const IsafUuid *id,
                                                 const char     *suffix);
gboolean    isaf_stage_contains_id              (GArray         *ids,
                                                 const IsafUuid *id);
/* Sets @column only when it holds another id, so that saving an unchanged row writes
 * nothing. */
void        isaf_stage_set_reference_if_changed (IsafRecord     *record,
                                                 const char     *column,
                                                 const IsafUuid *id);

/* @error from the connection's last SQLite error. */
void        isaf_stage_set_sqlite_error         (IsafDatabase   *database,
                                                 GError        **error);
/* Steps a statement that returns at most one row: SQLITE_ROW or SQLITE_DONE, or 0 with
 * @error set. The caller resets it. */
int         isaf_stage_step_one                 (IsafDatabase   *database,
                                                 sqlite3_stmt   *stmt,
                                                 GError        **error);
/* The same for a statement that selects at most one id, put in *@out on SQLITE_ROW; it resets
 * the statement itself. */
int         isaf_stage_step_id                  (IsafDatabase   *database,
                                                 sqlite3_stmt   *stmt,
                                                 IsafUuid       *out,
                                                 GError        **error);

/* *@row is the live row @id of @table, or NULL when there is none (any more). FALSE only when
 * reading failed. */
gboolean    isaf_stage_read_live_row            (IsafDatabase   *database,
                                                 const char     *table,
                                                 const IsafUuid *id,
                                                 IsafRecord    **row,
                                                 GError        **error);
/* The live row @id of @table, or NULL with @error set: to @missing in @domain with @code when
 * there is none (any more), else to why reading failed. */
IsafRecord *isaf_stage_require_live_row         (IsafDatabase   *database,
                                                 const char     *table,
                                                 const IsafUuid *id,
                                                 GQuark          domain,
                                                 int             code,
                                                 const char     *missing,
                                                 GError        **error);

/* The cycle of @year for a row that is in @current (nullable) now: @current while it is a live
 * cycle of that year, else the year's (the one isaf_dissemination_cycle_id() names first),
 * else that keyed one, which a save must create (@exists FALSE). */
gboolean    isaf_stage_find_cycle               (IsafDatabase   *database,
                                                 const char     *commune_code,
                                                 int             year,
                                                 const IsafUuid *current,
                                                 IsafUuid       *out,
                                                 gboolean       *exists,
                                                 GError        **error);
/* Creates the cycle @id of @year that isaf_stage_find_cycle() found missing. */
gboolean    isaf_stage_write_cycle              (IsafDatabase   *database,
                                                 const IsafUuid *id,
                                                 int             year,
                                                 GError        **error);

/* The link rows of @table under @parent_column = @parent_id point, in @column, to exactly the
 * ids in @wanted: links kept as they are, new ones added with their natural key
 * "<parent>/<target>", the others marked as deleted. */
gboolean    isaf_stage_replace_links            (IsafDatabase   *database,
                                                 const char     *table,
                                                 const char     *parent_column,
                                                 const IsafUuid *parent_id,
                                                 const char     *column,
                                                 GArray         *wanted,
                                                 GError        **error);
/* The attendance rows of @table for the meeting @meeting_id: one per category of
 * @categories counted in @counts (ISAF_ATTENDANCE_NOT_COUNTED when not), keyed
 * "<meeting>/<category>". Counts that changed are updated, categories no longer counted (or
 * unknown, or stored twice) are marked as deleted. */
gboolean    isaf_stage_replace_attendance       (IsafDatabase       *database,
                                                 const char         *table,
                                                 const IsafUuid     *meeting_id,
                                                 const char * const *categories,
                                                 const gint64       *counts,
                                                 guint               n_categories,
                                                 GError            **error);

G_END_DECLS
