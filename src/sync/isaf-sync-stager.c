/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include "isaf-sync-local.h"
#include "isaf-sync-stager.h"

struct _IsafSyncStager
{
  IsafDatabase *database;
  GThread *thread;
  /* Pages to stage, then the end marker */
  GAsyncQueue *pages;
  /* One token for each page that may wait: the puller takes one to give a page, the stager
   * gives it back when the page is staged. */
  GAsyncQueue *room;
  /* The first staging error: set by the stager's thread, read by the puller, under @lock */
  GMutex lock;
  GError *error;
};

/* Queues hold pointers, and no NULL: these stand for "the end" and for a free place. */
static int end_marker;
static int room_token;

static gpointer
stage_pages (gpointer data)
{
  IsafSyncStager *self = data;

  for (;;)
    {
      gpointer item = g_async_queue_pop (self->pages);
      g_autoptr(IsafWirePullPage) page = NULL;
      g_autoptr(GError) error = NULL;

      if (item == &end_marker)
        return NULL;
      page = item;

      /* Only this thread sets the error, so reading it here needs no lock. */
      if (self->error == NULL && !isaf_sync_local_stage_page (self->database, page, &error))
        {
          g_mutex_lock (&self->lock);
          self->error = g_steal_pointer (&error);
          g_mutex_unlock (&self->lock);
        }
      g_async_queue_push (self->room, &room_token);
    }
}

IsafSyncStager *
isaf_sync_stager_new (IsafDatabase *database)
{
  IsafSyncStager *self = g_new0 (IsafSyncStager, 1);

  self->database = g_object_ref (database);
  self->pages = g_async_queue_new ();
  self->room = g_async_queue_new ();
  for (guint i = 0; i < ISAF_SYNC_STAGER_AHEAD; i++)
    g_async_queue_push (self->room, &room_token);
  g_mutex_init (&self->lock);
  self->thread = g_thread_new ("isaf-sync-stager", stage_pages, self);

  return self;
}

static gboolean
get_error (IsafSyncStager  *self,
           GError         **error)
{
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = self->error == NULL;
  if (!ok)
    g_propagate_error (error, g_error_copy (self->error));
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
isaf_sync_stager_push (IsafSyncStager    *self,
                       IsafWirePullPage  *page,
                       GError           **error)
{
  g_return_val_if_fail (page != NULL, FALSE);

  g_async_queue_pop (self->room);
  if (!get_error (self, error))
    {
      isaf_wire_pull_page_free (page);
      g_async_queue_push (self->room, &room_token);
      return FALSE;
    }
  g_async_queue_push (self->pages, page);
  return TRUE;
}

gboolean
isaf_sync_stager_finish (IsafSyncStager  *self,
                         GError         **error)
{
  gboolean ok;

  g_async_queue_push (self->pages, &end_marker);
  g_thread_join (self->thread);
  ok = get_error (self, error);

  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
  g_async_queue_unref (self->room);
  g_async_queue_unref (self->pages);
  g_object_unref (self->database);
  g_free (self);
  return ok;
}
