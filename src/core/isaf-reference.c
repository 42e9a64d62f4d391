/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-reference"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <stdlib.h>

#include "isaf-error.h"
#include "isaf-reference.h"

/* National reference data bundled with the application, loaded into the versioned
 * read-only ref_* tables. The national server sends newer versions through the reference
 * stream later; a bundled set never replaces a version the database already has. */

typedef struct {
  const char *dataset;
  const char *resource;
  const char *purpose;
  const char *source;
} BundledSet;

#define BUNDLED_VERSION 1
#define BUNDLED_PUBLISHED_ON "2026-11-26"

static const BundledSet bundled_sets[] = {
  { "i4c-indicators", "/kh/gov/ncdd/IsafCommune/reference/indicators-i4c-provisional.tsv",
    "i4c", "provisional, ISAF Commune developers" },
  { "scorecard-indicators", "/kh/gov/ncdd/IsafCommune/reference/indicators-scorecard-sample.tsv",
    "scorecard", "Digital Community Score Card sample set" },
};

void
isaf_indicator_free (IsafIndicator *indicator)
{
  if (indicator == NULL)
    return;
  g_free (indicator->code);
  g_free (indicator->service_kind);
  g_free (indicator->name_km);
  g_free (indicator->name_en);
  g_free (indicator->unit);
  g_free (indicator);
}

static gboolean
has_dataset (IsafDatabase *database,
             const char   *name,
             gboolean     *present,
             GError      **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT 1 FROM ref_dataset WHERE name = ? "
                                              "AND version >= ?",
                                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, BUNDLED_VERSION);
  *present = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

static void
bind_optional (sqlite3_stmt *stmt,
               int           position,
               char        **fields,
               guint         n_fields,
               guint         index)
{
  if (index < n_fields && fields[index][0] != '\0')
    sqlite3_bind_text (stmt, position, fields[index], -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, position);
}

static gboolean
install_set (IsafDatabase     *database,
             const BundledSet *set,
             GError          **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (set->resource, 0, error);
  g_auto(GStrv) lines = NULL;
  sqlite3_stmt *stmt;

  if (bytes == NULL)
    return FALSE;

  stmt = isaf_database_prepare (database,
                                "INSERT INTO ref_dataset (name, version, published_on, source) "
                                "VALUES (?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, set->dataset, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, BUNDLED_VERSION);
  sqlite3_bind_text (stmt, 3, BUNDLED_PUBLISHED_ON, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, set->source, -1, SQLITE_STATIC);
  if (!isaf_database_step_done (database, stmt, error))
    return FALSE;

  stmt = isaf_database_prepare (database,
                                "INSERT INTO ref_indicator (dataset, version, code, service_kind, "
                                "purpose, position, name_km, name_en, unit, standard, "
                                "higher_is_better, pictogram) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;

  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) fields = NULL;
      guint n;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;

      fields = g_strsplit (lines[i], "\t", -1);
      n = g_strv_length (fields);
      if (n < 4)
        {
          g_warning ("Reference set %s: line %u has %u fields", set->dataset, i + 1, n);
          g_set_error_literal (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED,
                               _("The national reference data in this copy of ISAF Commune is "
                                 "damaged. Reinstall ISAF Commune."));
          return FALSE;
        }

      sqlite3_bind_text (stmt, 1, set->dataset, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, BUNDLED_VERSION);
      sqlite3_bind_text (stmt, 3, fields[0], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, fields[1], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, set->purpose, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 6, atoi (fields[2]));
      sqlite3_bind_text (stmt, 7, fields[3], -1, SQLITE_STATIC);
      bind_optional (stmt, 8, fields, n, 4);
      bind_optional (stmt, 9, fields, n, 5);
      if (n > 6 && fields[6][0] != '\0')
        sqlite3_bind_double (stmt, 10, g_ascii_strtod (fields[6], NULL));
      else
        sqlite3_bind_null (stmt, 10);
      if (n > 7 && fields[7][0] != '\0')
        sqlite3_bind_int (stmt, 11, atoi (fields[7]) != 0);
      else
        sqlite3_bind_null (stmt, 11);
      bind_optional (stmt, 12, fields, n, 8);

      if (!isaf_database_step_done (database, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* On the database thread, in an uncaptured write: reference data never goes into the
 * outbox, and the read-only guards let only such writes through. */
gboolean
isaf_reference_write_bundled (IsafDatabase *database,
                              GError      **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (bundled_sets); i++)
    {
      gboolean present = FALSE;

      if (!has_dataset (database, bundled_sets[i].dataset, &present, error))
        return FALSE;
      if (!present && !install_set (database, &bundled_sets[i], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
install_job (IsafDatabase *database,
             gpointer      data,
             GError      **error)
{
  return isaf_reference_write_bundled (database, error);
}

gboolean
isaf_reference_install_bundled (IsafDatabase *database,
                                GError      **error)
{
  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, install_job, NULL, error);
}

/* The newest version's indicators for one service kind, in poster order. */
GPtrArray *
isaf_reference_read_indicators (IsafDatabase *database,
                                const char   *purpose,
                                const char   *service_kind,
                                GError      **error)
{
  g_autoptr(GPtrArray) indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_indicator_free);
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT code, service_kind, name_km, name_en, unit, "
                                              "standard, higher_is_better FROM ref_indicator i "
                                              "WHERE purpose = ?1 AND service_kind = ?2 "
                                              "AND version = (SELECT max (version) FROM "
                                              "ref_indicator WHERE dataset = i.dataset) "
                                              "ORDER BY position",
                                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, service_kind, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      IsafIndicator *indicator = g_new0 (IsafIndicator, 1);

      indicator->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      indicator->service_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      indicator->name_km = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      indicator->name_en = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      indicator->unit = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      indicator->has_standard = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
      indicator->standard = sqlite3_column_double (stmt, 5);
      indicator->higher_is_better = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (indicators, indicator);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&indicators);
}
