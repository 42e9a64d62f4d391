/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isaf-database.h"

G_BEGIN_DECLS

/* One indicator of a national reference set (read-only on the laptop). */
typedef struct {
  char *code;
  char *service_kind;
  char *name_km;
  char *name_en;
  char *unit;
  double standard;
  gboolean has_standard;
  gboolean higher_is_better;
} IsafIndicator;

void       isaf_indicator_free              (IsafIndicator *indicator);
/* The sets bundled with the application, as version 1 of each set the database has no
 * version of yet: _install_bundled in a job of its own, _write_bundled inside a running
 * uncaptured write job. */
gboolean   isaf_reference_install_bundled   (IsafDatabase  *database,
                                             GError       **error);
gboolean   isaf_reference_write_bundled     (IsafDatabase  *database,
                                             GError       **error);

/* Whether this version of the application knows what the set @name is for (a newer server
 * may publish sets only a newer application uses). */
gboolean   isaf_reference_knows_set         (const char    *name);
/* From here on, on the database thread (inside a job). */
gboolean   isaf_reference_has_version       (IsafDatabase  *database,
                                             const char    *name,
                                             gint64         version,
                                             gboolean      *installed,
                                             GError       **error);
/* Installs version @version of the known set @name from the national server's reference
 * stream: @body is its file, whose "# dataset:" and "# version:" lines must be @name and
 * @version, every row checked before any is written; @published_on is a date (YYYY-MM-DD).
 * A version already installed with the same rows is left as it is (TRUE); with other rows,
 * or a malformed file, it is refused with a translated ISAF_DATABASE_ERROR_FAILED and nothing
 * of the set is written. Inside an uncaptured write job (ISAF_DATABASE_WRITE_UNCAPTURED):
 * reference data never goes to the outbox, and the read-only guards refuse any other write. */
gboolean   isaf_reference_install_set       (IsafDatabase  *database,
                                             const char    *name,
                                             gint64         version,
                                             const char    *published_on,
                                             GBytes        *body,
                                             GError       **error);
/* The indicators of the newest installed version of the @purpose set ("i4c", "scorecard")
 * for one kind of service unit, in poster order. */
GPtrArray *isaf_reference_read_indicators   (IsafDatabase  *database,
                                             const char    *purpose,
                                             const char    *service_kind,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafIndicator, isaf_indicator_free)

G_END_DECLS
