/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-reference"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-reference.h"

/* National reference data in the versioned read-only ref_* tables: the sets bundled with the
 * application (version 1), and the newer versions the national server publishes in its
 * reference stream (src/sync/sync-protocol.md 5.2). Both come as the same file: a line of
 * tab-separated fields per indicator (code, service_kind, position, name_km, then optionally
 * name_en, unit, standard, higher_is_better, pictogram) and "#" lines, among which the
 * server's files carry "# dataset: NAME" and "# version: N". Every version stays installed,
 * because recorded I4C sets name the version they used; readers take the newest. */

/* The sets this version of the application knows, and what each is for. A set's file does
 * not say its purpose: the set's name does, for the versions the server publishes too. */
typedef struct {
  const char *dataset;
  const char *purpose;
  const char *resource;
  const char *source;
} KnownSet;

#define BUNDLED_VERSION 1
#define BUNDLED_PUBLISHED_ON "2026-11-26"
#define SERVER_SOURCE "national reference stream"

static const KnownSet known_sets[] = {
  { "i4c-indicators", "i4c",
    "/kh/gov/ncdd/IsafCommune/reference/indicators-i4c-provisional.tsv",
    "provisional, ISAF Commune developers" },
  { "scorecard-indicators", "scorecard",
    "/kh/gov/ncdd/IsafCommune/reference/indicators-scorecard-sample.tsv",
    "Digital Community Score Card sample set" },
};

static const char * const service_kinds[] = {
  "commune_office", "health_centre", "health_post", "primary_school", NULL
};

/* code, service_kind, position and name_km are required; the other five may be left out. */
#define MIN_FIELDS 4
#define MAX_FIELDS 9

/* One set's file on its way into the tables. */
typedef struct {
  const char *name;
  gint64 version;
  const char *published_on;
  const char *source;
  const char *purpose;
  GBytes *body;
  /* A file from the national server names itself in its header; a damaged one is the
   * server's fault, where a damaged bundled one is this copy's. */
  gboolean from_server;
} SetFile;

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

static const KnownSet *
find_known_set (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_sets); i++)
    if (g_str_equal (known_sets[i].dataset, name))
      return &known_sets[i];
  return NULL;
}

gboolean
isaf_reference_knows_set (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  return find_known_set (name) != NULL;
}

static gboolean
set_damaged (const SetFile  *set,
             guint           line,
             const char     *why,
             GError        **error)
{
  g_info ("Reference set %s version %" G_GINT64_FORMAT ", line %u: %s", set->name,
          set->version, line, why);
  if (set->from_server)
    g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED,
                 _("The reference data “%s” version %d from the national server is damaged "
                   "(line %u), so it was not installed. Contact support if this happens "
                   "again."),
                 set->name, (int) set->version, line);
  else
    g_set_error_literal (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED,
                         _("The national reference data in this copy of ISAF Commune is "
                           "damaged. Reinstall ISAF Commune."));
  return FALSE;
}

static gboolean
set_not_described (const SetFile  *set,
                   const char     *why,
                   GError        **error)
{
  g_info ("Reference set %s version %" G_GINT64_FORMAT ": %s", set->name, set->version, why);
  g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED,
               _("The reference data the national server sent as “%s” version %d is another "
                 "set or another version, so it was not installed. Contact support if this "
                 "happens again."),
               set->name, (int) set->version);
  return FALSE;
}

static gboolean
is_number (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  return text[0] != '\0' && end != NULL && *end == '\0' && isfinite (value);
}

/* Why a row cannot go into ref_indicator, or NULL when it can. */
static const char *
check_row (char       **fields,
           guint        n_fields,
           GHashTable  *codes)
{
  if (n_fields < MIN_FIELDS || n_fields > MAX_FIELDS)
    return "a row has 4 to 9 fields separated by tabs";
  if (fields[0][0] == '\0' || fields[3][0] == '\0')
    return "a row needs a code and a Khmer name";
  if (!g_strv_contains (service_kinds, fields[1]))
    return "unknown service kind";
  if (!g_ascii_string_to_signed (fields[2], 10, 1, 1000, NULL, NULL))
    return "the position must be a whole number from 1 to 1000";
  if (n_fields > 6 && fields[6][0] != '\0' && !is_number (fields[6]))
    return "the standard must be a number";
  if (n_fields > 7 && fields[7][0] != '\0' && !g_str_equal (fields[7], "0")
      && !g_str_equal (fields[7], "1"))
    return "higher_is_better must be 0 or 1";
  if (!g_hash_table_add (codes, fields[0]))
    return "the code is on another row already";
  return NULL;
}

/* A header line ("# dataset: NAME", "# version: N") that disagrees with what the set was
 * sent as; FALSE for other lines. */
static gboolean
check_header_line (const SetFile  *set,
                   const char     *line,
                   gboolean       *named,
                   gboolean       *numbered,
                   GError        **error)
{
  g_autofree char *value = NULL;
  gint64 version = 0;

  if (g_str_has_prefix (line, "# dataset:"))
    {
      value = g_strstrip (g_strdup (line + strlen ("# dataset:")));
      *named = TRUE;
      if (!g_str_equal (value, set->name))
        return set_not_described (set, "the header names another dataset", error);
    }
  else if (g_str_has_prefix (line, "# version:"))
    {
      value = g_strstrip (g_strdup (line + strlen ("# version:")));
      *numbered = TRUE;
      if (!g_ascii_string_to_signed (value, 10, 1, G_MAXINT32, &version, NULL)
          || version != set->version)
        return set_not_described (set, "the header gives another version", error);
    }
  return TRUE;
}

/* Every row of @set's file, each a NULL-terminated array of its fields, checked as a whole
 * before anything is written. */
static gboolean
parse_set (const SetFile  *set,
           GPtrArray      *rows,
           GError        **error)
{
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean named = FALSE;
  gboolean numbered = FALSE;
  gsize size = 0;
  const char *data = set->body ? g_bytes_get_data (set->body, &size) : NULL;

  if (size > 0 && !g_utf8_validate_len (data, size, NULL))
    return set_damaged (set, 1, "not UTF-8 text", error);

  text = g_strndup (size > 0 ? data : "", size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **fields;
      const char *why;

      if (lines[i][0] == '\0')
        continue;
      if (lines[i][0] == '#')
        {
          if (!check_header_line (set, lines[i], &named, &numbered, error))
            return FALSE;
          continue;
        }

      fields = g_strsplit (lines[i], "\t", -1);
      g_ptr_array_add (rows, fields);
      why = check_row (fields, g_strv_length (fields), codes);
      if (why != NULL)
        return set_damaged (set, i + 1, why, error);
    }

  if (set->from_server && (!named || !numbered))
    return set_not_described (set, "the file does not name its dataset and version", error);
  if (rows->len == 0)
    return set_damaged (set, 1, "no rows", error);
  return TRUE;
}

static void
bind_optional (sqlite3_stmt  *stmt,
               int            position,
               char         **fields,
               guint          n_fields,
               guint          index)
{
  if (index < n_fields && fields[index][0] != '\0')
    sqlite3_bind_text (stmt, position, fields[index], -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, position);
}

/* The row's columns as parameters 1 to 12, in ref_indicator's order. */
static void
bind_row (sqlite3_stmt   *stmt,
          const SetFile  *set,
          char          **fields)
{
  guint n = g_strv_length (fields);

  sqlite3_bind_text (stmt, 1, set->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, set->version);
  sqlite3_bind_text (stmt, 3, fields[0], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, fields[1], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, set->purpose, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, g_ascii_strtoll (fields[2], NULL, 10));
  sqlite3_bind_text (stmt, 7, fields[3], -1, SQLITE_STATIC);
  bind_optional (stmt, 8, fields, n, 4);
  bind_optional (stmt, 9, fields, n, 5);
  if (n > 6 && fields[6][0] != '\0')
    sqlite3_bind_double (stmt, 10, g_ascii_strtod (fields[6], NULL));
  else
    sqlite3_bind_null (stmt, 10);
  if (n > 7 && fields[7][0] != '\0')
    sqlite3_bind_int (stmt, 11, g_str_equal (fields[7], "1"));
  else
    sqlite3_bind_null (stmt, 11);
  bind_optional (stmt, 12, fields, n, 8);
}

/* The one integer a prepared query gives. */
static gboolean
query_int (IsafDatabase  *database,
           sqlite3_stmt  *stmt,
           gint64        *value,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
isaf_reference_has_version (IsafDatabase  *database,
                            const char    *name,
                            gint64         version,
                            gboolean      *installed,
                            GError       **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT count (*) FROM ref_dataset "
                                              "WHERE name = ? AND version = ?",
                                              error);
  gint64 count;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, version);
  if (!query_int (database, stmt, &count, error))
    return FALSE;
  *installed = count > 0;
  return TRUE;
}

/* An installed version received again: fine when it has the same rows, since a published
 * version never changes. Compared row by row rather than by the file's bytes, which the
 * database does not keep (and a bundled set's file has no header). */
static gboolean
check_same_rows (IsafDatabase  *database,
                 const SetFile *set,
                 GPtrArray     *rows,
                 GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 count;

  stmt = isaf_database_prepare (database,
                                "SELECT count (*) FROM ref_indicator WHERE dataset = ?1 "
                                "AND version = ?2",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, set->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, set->version);
  if (!query_int (database, stmt, &count, error))
    return FALSE;

  stmt = isaf_database_prepare (database,
                                "SELECT count (*) FROM ref_indicator WHERE dataset = ?1 "
                                "AND version = ?2 AND code = ?3 AND service_kind = ?4 "
                                "AND purpose = ?5 AND position = ?6 AND name_km = ?7 "
                                "AND name_en IS ?8 AND unit IS ?9 AND standard IS ?10 "
                                "AND higher_is_better IS ?11 AND pictogram IS ?12",
                                error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len && count == (gint64) rows->len; i++)
    {
      gint64 same;

      bind_row (stmt, set, rows->pdata[i]);
      if (!query_int (database, stmt, &same, error))
        return FALSE;
      if (same != 1)
        count = -1;
    }
  if (count == (gint64) rows->len)
    return TRUE;

  g_info ("Reference set %s version %" G_GINT64_FORMAT " is installed with other rows",
          set->name, set->version);
  g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED,
               _("The national server sent the reference data “%s” version %d again with other "
                 "content. A published version never changes, so it was not installed. Contact "
                 "support."),
               set->name, (int) set->version);
  return FALSE;
}

static gboolean
write_set (IsafDatabase  *database,
           const SetFile *set,
           GPtrArray     *rows,
           GError       **error)
{
  sqlite3_stmt *stmt;

  stmt = isaf_database_prepare (database,
                                "INSERT INTO ref_dataset (name, version, published_on, source) "
                                "VALUES (?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, set->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, set->version);
  sqlite3_bind_text (stmt, 3, set->published_on, -1, SQLITE_STATIC);
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
  for (guint i = 0; i < rows->len; i++)
    {
      bind_row (stmt, set, rows->pdata[i]);
      if (!isaf_database_step_done (database, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* On the database thread, in an uncaptured write (the read-only guards refuse any other). */
static gboolean
install_set (IsafDatabase  *database,
             const SetFile *set,
             GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gboolean installed = FALSE;

  if (!parse_set (set, rows, error)
      || !isaf_reference_has_version (database, set->name, set->version, &installed, error))
    return FALSE;
  if (installed)
    return check_same_rows (database, set, rows, error);

  /* The whole set or nothing, even for a caller that goes on after an error. */
  if (!isaf_database_exec (database, "SAVEPOINT reference_set", error))
    return FALSE;
  if (write_set (database, set, rows, error))
    return isaf_database_exec (database, "RELEASE reference_set", error);
  sqlite3_exec (isaf_database_get_connection (database),
                "ROLLBACK TO reference_set; RELEASE reference_set", NULL, NULL, NULL);
  return FALSE;
}

gboolean
isaf_reference_install_set (IsafDatabase  *database,
                            const char    *name,
                            gint64         version,
                            const char    *published_on,
                            GBytes        *body,
                            GError       **error)
{
  const KnownSet *known;
  SetFile set = { name, version, published_on, SERVER_SOURCE, NULL, body, TRUE };

  g_return_val_if_fail (ISAF_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (name != NULL && published_on != NULL && body != NULL, FALSE);
  g_return_val_if_fail (version >= 1 && version <= G_MAXINT32, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  known = find_known_set (name);
  if (known == NULL)
    {
      g_set_error (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_FAILED,
                   _("This version of ISAF Commune does not know the reference data “%s”. "
                     "Install the update of ISAF Commune to use it."),
                   name);
      return FALSE;
    }
  set.purpose = known->purpose;
  return install_set (database, &set, error);
}

static gboolean
has_any_version (IsafDatabase  *database,
                 const char    *name,
                 gboolean      *present,
                 GError       **error)
{
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT count (*) FROM ref_dataset WHERE name = ?",
                                              error);
  gint64 count;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (!query_int (database, stmt, &count, error))
    return FALSE;
  *present = count > 0;
  return TRUE;
}

/* On the database thread, in an uncaptured write: reference data never goes into the
 * outbox, and the read-only guards let only such writes through. A bundled set never
 * replaces a version the database already has. */
gboolean
isaf_reference_write_bundled (IsafDatabase *database,
                              GError      **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_sets); i++)
    {
      const KnownSet *known = &known_sets[i];
      g_autoptr(GBytes) body = NULL;
      gboolean present = FALSE;
      SetFile set = { known->dataset, BUNDLED_VERSION, BUNDLED_PUBLISHED_ON, known->source,
                      known->purpose, NULL, FALSE };

      if (!has_any_version (database, known->dataset, &present, error))
        return FALSE;
      if (present)
        continue;
      body = g_resources_lookup_data (known->resource, 0, error);
      if (body == NULL)
        return FALSE;
      set.body = body;
      if (!install_set (database, &set, error))
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

/* The indicators of the newest installed version of each set of @purpose, for one service
 * kind, in poster order. The newest version is the newest in ref_dataset, so a version
 * without rows for @kind gives none, rather than an older version's. */
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
                                              "ref_dataset WHERE name = i.dataset) "
                                              "ORDER BY position",
                                              error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, service_kind, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
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
  if (rc != SQLITE_DONE)
    {
      isaf_database_set_error (database, rc, error);
      return NULL;
    }
  return g_steal_pointer (&indicators);
}
