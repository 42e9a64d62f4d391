/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-context"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-context.h"

/* What every page of a window needs, handed to it instead of reached for: the open
 * database, its store and its sync scheduler, the settings, the cycle year being looked at,
 * and the way to tell the rest of the window that data changed or that the user should see a
 * message. */
struct _IsafContext
{
  GObject parent_instance;

  IsafDatabase *database;
  IsafStore *store;
  /* Made the first time something shows sync, then running until the context goes. */
  IsafSyncScheduler *sync_scheduler;
  GSettings *settings;
  int year;
};

G_DEFINE_FINAL_TYPE (IsafContext, isaf_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_YEAR,
  PROP_DIGITS,
  N_PROPS
};

enum {
  DATA_CHANGED,
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_khmer_digits_changed_cb (IsafContext *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIGITS]);
}

static void
isaf_context_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IsafContext *self = ISAF_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    case PROP_DIGITS:
      g_value_set_int (value, isaf_context_get_digits (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_context_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  IsafContext *self = ISAF_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_YEAR:
      isaf_context_set_year (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_context_dispose (GObject *object)
{
  IsafContext *self = ISAF_CONTEXT (object);

  if (self->sync_scheduler != NULL)
    isaf_sync_scheduler_stop (self->sync_scheduler);
  g_clear_object (&self->sync_scheduler);
  g_clear_object (&self->store);
  g_clear_object (&self->database);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isaf_context_parent_class)->dispose (object);
}

static void
isaf_context_class_init (IsafContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = isaf_context_get_property;
  object_class->set_property = isaf_context_set_property;
  object_class->dispose = isaf_context_dispose;

  /**
   * IsafContext:year:
   *
   * The year of the cycle the window shows; 0 when the commune has no cycle yet.
   */
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafContext:digits:
   *
   * The digits numbers are shown with (an #IsafDigits), from the settings.
   */
  properties[PROP_DIGITS] =
    g_param_spec_int ("digits", NULL, NULL, ISAF_DIGITS_WESTERN, ISAF_DIGITS_KHMER,
                      ISAF_DIGITS_WESTERN, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IsafContext::data-changed:
   * @table: the table whose rows changed, or "*" when everything did (a restore)
   *
   * A page saved or deleted something: pages showing that table reload.
   */
  signals[DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * IsafContext::toast:
   * @toast: the toast to show
   *
   * A page has something to tell the user; the window shows it.
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

static void
isaf_context_init (IsafContext *self)
{
}

IsafContext *
isaf_context_new (IsafDatabase *database,
                  GSettings    *settings)
{
  IsafContext *self;

  g_return_val_if_fail (ISAF_IS_DATABASE (database), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ISAF_TYPE_CONTEXT, NULL);
  self->database = g_object_ref (database);
  self->store = isaf_store_new (database);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::khmer-digits",
                           G_CALLBACK (on_khmer_digits_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

IsafDatabase *
isaf_context_get_database (IsafContext *self)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (self), NULL);

  return self->database;
}

IsafStore *
isaf_context_get_store (IsafContext *self)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (self), NULL);

  return self->store;
}

/**
 * isaf_context_get_sync_scheduler:
 * @self: a context
 *
 * The database's sync scheduler, created and started on first use.
 *
 * Returns: (transfer none): the scheduler
 */
IsafSyncScheduler *
isaf_context_get_sync_scheduler (IsafContext *self)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (self), NULL);

  if (self->sync_scheduler == NULL)
    {
      self->sync_scheduler = isaf_sync_scheduler_new (self->database);
      isaf_sync_scheduler_start (self->sync_scheduler);
    }
  return self->sync_scheduler;
}

GSettings *
isaf_context_get_settings (IsafContext *self)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (self), NULL);

  return self->settings;
}

char *
isaf_context_dup_commune_code (IsafContext *self)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (self), NULL);

  return isaf_database_dup_commune_code (self->database);
}

int
isaf_context_get_year (IsafContext *self)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (self), 0);

  return self->year;
}

void
isaf_context_set_year (IsafContext *self,
                       int          year)
{
  g_return_if_fail (ISAF_IS_CONTEXT (self));

  if (self->year == year)
    return;
  self->year = year;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

IsafDigits
isaf_context_get_digits (IsafContext *self)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (self), ISAF_DIGITS_WESTERN);

  return g_settings_get_boolean (self->settings, "khmer-digits") ? ISAF_DIGITS_KHMER
                                                                 : ISAF_DIGITS_WESTERN;
}

char *
isaf_context_format_integer (IsafContext *self,
                             gint64       value)
{
  return isaf_format_integer (value, isaf_context_get_digits (self));
}

char *
isaf_context_format_digits (IsafContext *self,
                            const char  *text)
{
  return isaf_format_digits (text, isaf_context_get_digits (self));
}

void
isaf_context_data_changed (IsafContext *self,
                           const char  *table)
{
  g_return_if_fail (ISAF_IS_CONTEXT (self));

  g_signal_emit (self, signals[DATA_CHANGED], 0, table);
  /* What waits to be sent changed too. */
  if (self->sync_scheduler != NULL)
    isaf_sync_scheduler_refresh (self->sync_scheduler);
}

/* Takes @toast (transfer full), like adw_toast_overlay_add_toast(); a handler of the
 * "toast" signal that keeps it takes its own reference. */
void
isaf_context_add_toast (IsafContext *self,
                        AdwToast    *toast)
{
  g_return_if_fail (ISAF_IS_CONTEXT (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_signal_emit (self, signals[TOAST], 0, toast);
  g_object_unref (toast);
}

/* The core's messages are already translated sentences that say what to do. */
void
isaf_context_report_error (IsafContext  *self,
                           const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  g_message ("%s", error->message);
  adw_toast_set_timeout (toast, 0);
  isaf_context_add_toast (self, toast);
}
