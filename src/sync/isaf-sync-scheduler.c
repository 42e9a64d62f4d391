/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include "isaf-sync-scheduler.h"

/* One run at a time, on a worker thread; everything else here happens on the main thread. */

#define SYNC_INTERVAL_SECONDS (15 * 60)
#define FIRST_RETRY_SECONDS 30
#define LONGEST_RETRY_SECONDS (15 * 60)
/* After the network comes back, a moment for it to settle. */
#define NETWORK_SETTLE_SECONDS 2

struct _IsafSyncScheduler
{
  GObject parent_instance;

  IsafDatabase *database;
  IsafSyncClient *client;
  GNetworkMonitor *monitor;
  gulong network_handler;
  gboolean network_available;
  GCancellable *cancellable;

  IsafSyncState state;
  GError *error;
  IsafSyncStatus status;
  IsafSyncReport report;

  gboolean started;
  gboolean running;
  gboolean run_again;
  guint failures;
  guint timeout_id;
  gint64 next_run;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IsafSyncScheduler, isaf_sync_scheduler, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (IsafSyncState, isaf_sync_state,
                    G_DEFINE_ENUM_VALUE (ISAF_SYNC_STATE_NOT_ENROLLED, "not-enrolled"),
                    G_DEFINE_ENUM_VALUE (ISAF_SYNC_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (ISAF_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (ISAF_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (ISAF_SYNC_STATE_ATTENTION, "attention"))

static void run_now (IsafSyncScheduler *self);

static void
set_state (IsafSyncScheduler *self,
           IsafSyncState      state)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
on_timeout_cb (gpointer data)
{
  IsafSyncScheduler *self = data;

  self->timeout_id = 0;
  self->next_run = 0;
  run_now (self);
  return G_SOURCE_REMOVE;
}

/* Plans the next automatic run in about @seconds: a random part spreads 1,652 communes'
 * laptops so that they do not all come back at once. */
static void
plan_run (IsafSyncScheduler *self,
          guint              seconds,
          double             jitter)
{
  guint delay = MAX (1, (guint) (seconds * g_random_double_range (1.0 - jitter, 1.0 + jitter)));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (delay, on_timeout_cb, self);
  self->next_run = g_get_real_time () / G_USEC_PER_SEC + delay;
}

/* The wait after @failures failures in a row: 30 s, doubling, up to 15 minutes. */
static guint
backoff_seconds (guint failures)
{
  guint seconds = FIRST_RETRY_SECONDS;

  for (guint i = 1; i < failures && seconds < LONGEST_RETRY_SECONDS; i++)
    seconds *= 2;
  return MIN (seconds, LONGEST_RETRY_SECONDS);
}

typedef struct {
  IsafSyncReport report;
  IsafSyncStatus status;
  gboolean has_status;
} RunResult;

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  IsafSyncScheduler *self = source;
  RunResult *result = g_new0 (RunResult, 1);
  GError *error = NULL;
  gboolean ok = isaf_sync_client_run (self->client, &result->report, cancellable, &error);

  /* The counts change with a run even when it fails half way. */
  result->has_status = isaf_sync_local_get_status (self->database, &result->status, NULL);
  g_task_set_task_data (task, result, g_free);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static IsafSyncState
state_for_error (const GError *error)
{
  if (g_error_matches (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_NOT_ENROLLED)
      || g_error_matches (error, ISAF_SYNC_ERROR, ISAF_SYNC_ERROR_NOT_ENROLLED))
    return ISAF_SYNC_STATE_NOT_ENROLLED;
  if (g_error_matches (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE))
    return ISAF_SYNC_STATE_OFFLINE;
  return ISAF_SYNC_STATE_ATTENTION;
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  IsafSyncScheduler *self = ISAF_SYNC_SCHEDULER (source);
  RunResult *run = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  IsafSyncState state;

  self->running = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_error (&self->error);
      self->failures = 0;
      state = ISAF_SYNC_STATE_IDLE;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      self->failures++;
      state = state_for_error (self->error);
    }
  self->report = run->report;
  if (run->has_status)
    self->status = run->status;

  if (self->started)
    {
      if (state == ISAF_SYNC_STATE_IDLE)
        plan_run (self, SYNC_INTERVAL_SECONDS, 0.2);
      else if (state == ISAF_SYNC_STATE_OFFLINE)
        plan_run (self, self->report.retry_after_seconds > 0
                          ? self->report.retry_after_seconds
                          : backoff_seconds (self->failures),
                  self->report.retry_after_seconds > 0 ? 0.1 : 0.5);
      /* Needing attention or enrolment, it waits for the clerk (Sync Now, enrolment). */
    }
  set_state (self, state);

  if (self->run_again && self->started)
    {
      self->run_again = FALSE;
      run_now (self);
    }
}

static void
run_now (IsafSyncScheduler *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->running)
    {
      self->run_again = TRUE;
      return;
    }
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->next_run = 0;
  self->running = TRUE;
  set_state (self, ISAF_SYNC_STATE_SYNCING);

  task = g_task_new (self, self->cancellable, on_run_done_cb, NULL);
  g_task_set_source_tag (task, run_now);
  g_task_run_in_thread (task, run_thread);
}

/* The network came back: a hint to try soon, never proof that the server answers. The
 * monitor also signals when nothing that matters changed (a route, an address): only a
 * return from no network counts. */
static void
on_network_changed_cb (GNetworkMonitor   *monitor,
                       gboolean           available,
                       IsafSyncScheduler *self)
{
  gboolean came_back = available && !self->network_available;

  self->network_available = available;
  if (came_back && !self->running && self->state == ISAF_SYNC_STATE_OFFLINE)
    plan_run (self, NETWORK_SETTLE_SECONDS, 0.0);
}

typedef struct {
  char *server_url;
  char *code;
  char *description;
} Enrolment;

static void
enrolment_free (Enrolment *enrolment)
{
  g_free (enrolment->server_url);
  g_free (enrolment->code);
  g_free (enrolment->description);
  g_free (enrolment);
}

static void
enroll_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  IsafSyncScheduler *self = source;
  Enrolment *enrolment = data;
  GError *error = NULL;

  if (isaf_sync_client_enroll (self->client, enrolment->server_url, enrolment->code,
                               enrolment->description, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

typedef struct {
  IsafSyncStatus status;
  /* At start: a run follows when enrolled. */
  gboolean then_run;
} StatusRead;

static void
status_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  IsafSyncScheduler *self = source;
  IsafSyncDevice device = { 0 };
  gboolean enrolled = isaf_sync_local_get_device (self->database, &device, NULL);
  StatusRead *read = data;

  isaf_sync_device_clear (&device);
  isaf_sync_local_get_status (self->database, &read->status, NULL);
  g_task_return_boolean (task, enrolled);
}

static void
on_status_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  IsafSyncScheduler *self = ISAF_SYNC_SCHEDULER (source);
  StatusRead *read = g_task_get_task_data (G_TASK (result));
  gboolean enrolled = g_task_propagate_boolean (G_TASK (result), NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->status = read->status;
  if (!enrolled)
    set_state (self, ISAF_SYNC_STATE_NOT_ENROLLED);
  else if (read->then_run && self->started)
    run_now (self);
  else
    set_state (self, self->state == ISAF_SYNC_STATE_NOT_ENROLLED ? ISAF_SYNC_STATE_IDLE
                                                                 : self->state);
}

static void
read_status (IsafSyncScheduler *self,
             gboolean           then_run)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_status_cb, NULL);
  StatusRead *read = g_new0 (StatusRead, 1);

  read->then_run = then_run;
  g_task_set_task_data (task, read, g_free);
  g_task_run_in_thread (task, status_thread);
}

void
isaf_sync_scheduler_refresh (IsafSyncScheduler *self)
{
  g_return_if_fail (ISAF_IS_SYNC_SCHEDULER (self));

  read_status (self, FALSE);
}

static void
isaf_sync_scheduler_dispose (GObject *object)
{
  IsafSyncScheduler *self = ISAF_SYNC_SCHEDULER (object);

  isaf_sync_scheduler_stop (self);
  g_clear_object (&self->client);
  g_clear_object (&self->database);
  G_OBJECT_CLASS (isaf_sync_scheduler_parent_class)->dispose (object);
}

static void
isaf_sync_scheduler_finalize (GObject *object)
{
  IsafSyncScheduler *self = ISAF_SYNC_SCHEDULER (object);

  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (isaf_sync_scheduler_parent_class)->finalize (object);
}

static void
isaf_sync_scheduler_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IsafSyncScheduler *self = ISAF_SYNC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_sync_scheduler_class_init (IsafSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isaf_sync_scheduler_dispose;
  object_class->finalize = isaf_sync_scheduler_finalize;
  object_class->get_property = isaf_sync_scheduler_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ISAF_TYPE_SYNC_STATE, ISAF_SYNC_STATE_NOT_ENROLLED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IsafSyncScheduler::changed:
   *
   * The state, the error, the counts or the report changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
isaf_sync_scheduler_init (IsafSyncScheduler *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * isaf_sync_scheduler_new:
 * @database: the commune's database
 *
 * Returns: (transfer full): a scheduler, not started
 */
IsafSyncScheduler *
isaf_sync_scheduler_new (IsafDatabase *database)
{
  IsafSyncScheduler *self = g_object_new (ISAF_TYPE_SYNC_SCHEDULER, NULL);

  self->database = g_object_ref (database);
  self->client = isaf_sync_client_new (database);
  return self;
}

void
isaf_sync_scheduler_start (IsafSyncScheduler *self)
{
  g_return_if_fail (ISAF_IS_SYNC_SCHEDULER (self));

  if (self->started)
    return;
  self->started = TRUE;
  if (g_cancellable_is_cancelled (self->cancellable))
    g_set_object (&self->cancellable, g_cancellable_new ());
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (on_network_changed_cb), self);
  /* Enrolled or not, and the counts, read away from the main thread; a run follows. */
  read_status (self, TRUE);
}

void
isaf_sync_scheduler_stop (IsafSyncScheduler *self)
{
  g_return_if_fail (ISAF_IS_SYNC_SCHEDULER (self));

  self->started = FALSE;
  self->run_again = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->next_run = 0;
  g_cancellable_cancel (self->cancellable);
  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->network_handler, self->monitor);
      g_clear_object (&self->monitor);
    }
}

void
isaf_sync_scheduler_sync_now (IsafSyncScheduler *self)
{
  g_return_if_fail (ISAF_IS_SYNC_SCHEDULER (self));

  run_now (self);
}

static void
on_enrolled_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IsafSyncScheduler *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&self->error);
  self->failures = 0;
  run_now (self);
  g_task_return_boolean (task, TRUE);
}

void
isaf_sync_scheduler_enroll_async (IsafSyncScheduler  *self,
                                  const char         *server_url,
                                  const char         *code,
                                  const char         *description,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = g_task_new (self, cancellable, on_enrolled_cb, outer);
  Enrolment *enrolment = g_new0 (Enrolment, 1);

  g_return_if_fail (ISAF_IS_SYNC_SCHEDULER (self));

  enrolment->server_url = g_strdup (server_url);
  enrolment->code = g_strdup (code);
  enrolment->description = g_strdup (description);
  g_task_set_source_tag (outer, isaf_sync_scheduler_enroll_async);
  g_task_set_task_data (inner, enrolment, (GDestroyNotify) enrolment_free);
  g_task_run_in_thread (inner, enroll_thread);
}

gboolean
isaf_sync_scheduler_enroll_finish (IsafSyncScheduler *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

IsafSyncState
isaf_sync_scheduler_get_state (IsafSyncScheduler *self)
{
  g_return_val_if_fail (ISAF_IS_SYNC_SCHEDULER (self), ISAF_SYNC_STATE_NOT_ENROLLED);

  return self->state;
}

const GError *
isaf_sync_scheduler_get_error (IsafSyncScheduler *self)
{
  g_return_val_if_fail (ISAF_IS_SYNC_SCHEDULER (self), NULL);

  return self->error;
}

const IsafSyncStatus *
isaf_sync_scheduler_get_status (IsafSyncScheduler *self)
{
  g_return_val_if_fail (ISAF_IS_SYNC_SCHEDULER (self), NULL);

  return &self->status;
}

const IsafSyncReport *
isaf_sync_scheduler_get_report (IsafSyncScheduler *self)
{
  g_return_val_if_fail (ISAF_IS_SYNC_SCHEDULER (self), NULL);

  return &self->report;
}

gint64
isaf_sync_scheduler_get_next_run (IsafSyncScheduler *self)
{
  g_return_val_if_fail (ISAF_IS_SYNC_SCHEDULER (self), 0);

  return self->next_run;
}
