/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-capture.h"
#include "isaf-database.h"

G_BEGIN_DECLS

/* Shared by isaf-database.c (the worker thread and its jobs) and isaf-database-open.c
 * (opening, checking and upgrading the file). */

struct _IsafDatabase
{
  GObject parent_instance;

  char *path;
  IsafDatabaseOpenFlags flags;
  GThread *thread;
  GAsyncQueue *jobs;
  gboolean closed;

  GMutex state_lock;
  char *commune_code_copy;

  /* Owned by the worker thread. */
  sqlite3 *conn;
  GHashTable *statements;
  IsafCapture capture;
  char *commune_code;
  guint target_version;
  gboolean created_file;
};

/* Opening runs on the worker like any job, but outside a transaction: migrations manage
 * their own. Not part of the public IsafDatabaseMode. */
#define ISAF_DATABASE_OPEN_JOB ((IsafDatabaseMode) -1)

IsafDatabase *isaf_database_new_unopened      (const char            *path,
                                               IsafDatabaseOpenFlags  flags,
                                               guint                  version);
gboolean      isaf_database_queue_and_wait    (IsafDatabase          *self,
                                               IsafDatabaseMode       mode,
                                               IsafDatabaseFunc       func,
                                               gpointer               data,
                                               GError               **error);
void          isaf_database_load_state        (IsafDatabase          *self);

G_END_DECLS
