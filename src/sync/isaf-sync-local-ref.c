/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <string.h>

#include "isaf-reference.h"
#include "isaf-sync-local-private.h"

/* The national reference stream on the laptop (sync-protocol.md 5.2): where its pull goes
 * on, and each pulled page installed together with the position after it, so that a power
 * cut leaves both or neither. Reference writes are uncaptured: they come from the server and
 * never go back to it. */

/* The published_at of a set, "2026-11-27T01:02:03Z", as the day ref_dataset records. */
#define DATE_CHARS 10

static gboolean
ref_cursor_job (IsafDatabase *database,
                gpointer      data,
                GError      **error)
{
  char **cursor = data;

  *cursor = isaf_sync_local_state_text (database, "ref_cursor");
  return TRUE;
}

gboolean
isaf_sync_local_get_ref_cursor (IsafDatabase  *database,
                                char         **cursor,
                                GError       **error)
{
  *cursor = NULL;
  return isaf_database_run (database, ISAF_DATABASE_READ, ref_cursor_job, cursor, error);
}

typedef struct {
  const IsafWireRefPage *page;
  guint installed;
} RefPageJob;

static gboolean
install_ref_set (IsafDatabase          *database,
                 const IsafWireRefSet  *set,
                 guint                 *installed,
                 GError               **error)
{
  g_autoptr(GBytes) body = g_bytes_new_static (set->body, strlen (set->body));
  g_autofree char *published_on = g_strndup (set->published_at, DATE_CHARS);
  gboolean present = FALSE;

  if (!isaf_reference_knows_set (set->name))
    {
      /* Nothing here could use it; the clerk has nothing to do about it either. */
      g_info ("Reference set %s version %" G_GINT64_FORMAT " is for a newer version of the "
              "application: passed over", set->name, set->version);
      return TRUE;
    }
  if (!isaf_reference_has_version (database, set->name, set->version, &present, error)
      || !isaf_reference_install_set (database, set->name, set->version, published_on, body,
                                      error))
    return FALSE;
  if (!present)
    (*installed)++;
  return TRUE;
}

static gboolean
install_ref_page_job (IsafDatabase *database,
                      gpointer      data,
                      GError      **error)
{
  RefPageJob *job = data;

  job->installed = 0;
  for (guint i = 0; i < job->page->sets->len; i++)
    if (!install_ref_set (database, &g_array_index (job->page->sets, IsafWireRefSet, i),
                          &job->installed, error))
      return FALSE;
  return isaf_sync_local_set_state_text (database, "ref_cursor", job->page->next_cursor, error);
}

gboolean
isaf_sync_local_install_ref_page (IsafDatabase           *database,
                                  const IsafWireRefPage  *page,
                                  guint                  *installed,
                                  GError                **error)
{
  RefPageJob job = { page, 0 };

  g_return_val_if_fail (page != NULL && page->next_cursor != NULL, FALSE);

  *installed = 0;
  if (!isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, install_ref_page_job, &job,
                          error))
    return FALSE;
  *installed = job.installed;
  return TRUE;
}
