/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-sync-indicator.h"

/* The sync state in the window's header, always in sight (DESIGN.md: the window always shows
 * the last sync, what waits, what to review and why sync is blocked): an icon and a word for
 * the scheduler's state, the details in its tooltip and accessible description, and a click
 * that opens the Sync page. */

struct _IsafSyncIndicator
{
  GtkButton parent_instance;

  /* Template widgets */
  GtkStack *icon_stack;
  GtkImage *icon;
  GtkSpinner *spinner;
  GtkLabel *label;

  IsafContext *context;
  IsafSyncScheduler *scheduler;
};

G_DEFINE_FINAL_TYPE (IsafSyncIndicator, isaf_sync_indicator, GTK_TYPE_BUTTON)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
append_line (GString    *text,
             const char *line)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

/* What waits and what to review, one line each, only those there are. */
static void
append_counts (IsafSyncIndicator    *self,
               const IsafSyncStatus *status,
               GString              *text)
{
  if (status->changes_waiting > 0)
    {
      g_autofree char *n = isaf_context_format_integer (self->context, status->changes_waiting);
      g_autofree char *line = g_strdup_printf (ngettext ("%s change waiting to be sent",
                                                         "%s changes waiting to be sent",
                                                         status->changes_waiting),
                                               n);

      append_line (text, line);
    }
  if (status->conflicts_to_review > 0)
    {
      g_autofree char *n = isaf_context_format_integer (self->context,
                                                        status->conflicts_to_review);
      g_autofree char *line = g_strdup_printf (ngettext ("%s conflict to review",
                                                         "%s conflicts to review",
                                                         status->conflicts_to_review),
                                               n);

      append_line (text, line);
    }
  if (status->refused_changes > 0)
    {
      g_autofree char *n = isaf_context_format_integer (self->context, status->refused_changes);
      g_autofree char *line = g_strdup_printf (ngettext ("%s change refused by the server",
                                                         "%s changes refused by the server",
                                                         status->refused_changes),
                                               n);

      append_line (text, line);
    }
}

static void
update (IsafSyncIndicator *self)
{
  IsafSyncState state = isaf_sync_scheduler_get_state (self->scheduler);
  const IsafSyncStatus *status = isaf_sync_scheduler_get_status (self->scheduler);
  const GError *error = isaf_sync_scheduler_get_error (self->scheduler);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *shown = g_strdup (isaf_sync_indicator_get_title (state));
  g_autofree char *accessible = NULL;
  gint64 to_review = status != NULL ? status->conflicts_to_review + status->refused_changes : 0;

  switch (state)
    {
    case ISAF_SYNC_STATE_NOT_ENROLLED:
      append_line (details, _("This laptop does not sync yet. Open the Sync page to enrol it."));
      break;
    case ISAF_SYNC_STATE_IDLE:
      if (status != NULL && status->last_sync > 0)
        {
          g_autofree char *when = isaf_sync_indicator_format_time (self->context,
                                                                   status->last_sync);
          g_autofree char *line = g_strdup_printf (_("Last synced: %s"), when);

          append_line (details, line);
        }
      else
        {
          append_line (details, _("Not synced yet"));
        }
      /* Synced, but the commune has something to look at: say so where it is seen. */
      if (to_review > 0)
        {
          g_autofree char *n = isaf_context_format_integer (self->context, to_review);

          g_free (shown);
          /* Translators: in the header, instead of "Synced": conflicts and refused changes
           * waiting for the clerk. Keep it short. */
          shown = g_strdup_printf (ngettext ("%s to review", "%s to review", to_review), n);
        }
      break;
    case ISAF_SYNC_STATE_SYNCING:
      append_line (details, _("Sending and receiving changes…"));
      break;
    case ISAF_SYNC_STATE_OFFLINE:
      {
        g_autofree char *retry = isaf_sync_indicator_describe_retry (
          self->context, isaf_sync_scheduler_get_next_run (self->scheduler));

        append_line (details, error != NULL ? error->message
                                            : _("The sync server cannot be reached."));
        append_line (details, retry);
      }
      break;
    case ISAF_SYNC_STATE_ATTENTION:
      append_line (details, error != NULL ? error->message
                                          : _("Sync has stopped. Open the Sync page to see why."));
      break;
    default:
      g_assert_not_reached ();
    }
  if (status != NULL && state != ISAF_SYNC_STATE_NOT_ENROLLED)
    append_counts (self, status, details);

  if (state == ISAF_SYNC_STATE_SYNCING)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child (self->icon_stack, GTK_WIDGET (self->spinner));
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      gtk_image_set_from_icon_name (self->icon, isaf_sync_indicator_get_icon_name (state));
      gtk_stack_set_visible_child (self->icon_stack, GTK_WIDGET (self->icon));
    }
  gtk_label_set_label (self->label, shown);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), details->str);

  /* Translators: what a screen reader says for the sync indicator in the header. */
  accessible = g_strdup_printf (_("Sync: %s"), shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details->str,
                                  -1);
}

/* GObject */

static void
isaf_sync_indicator_constructed (GObject *object)
{
  IsafSyncIndicator *self = ISAF_SYNC_INDICATOR (object);

  G_OBJECT_CLASS (isaf_sync_indicator_parent_class)->constructed (object);

  self->scheduler = g_object_ref (isaf_context_get_sync_scheduler (self->context));
  g_signal_connect_object (self->scheduler, "changed", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scheduler, "notify::state", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
isaf_sync_indicator_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IsafSyncIndicator *self = ISAF_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_sync_indicator_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IsafSyncIndicator *self = ISAF_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_sync_indicator_dispose (GObject *object)
{
  IsafSyncIndicator *self = ISAF_SYNC_INDICATOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_SYNC_INDICATOR);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_sync_indicator_parent_class)->dispose (object);
}

static void
isaf_sync_indicator_class_init (IsafSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_sync_indicator_constructed;
  object_class->get_property = isaf_sync_indicator_get_property;
  object_class->set_property = isaf_sync_indicator_set_property;
  object_class->dispose = isaf_sync_indicator_dispose;

  /**
   * IsafSyncIndicator:context:
   *
   * The window's context, whose sync scheduler the indicator shows.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsafSyncIndicator, label);
}

static void
isaf_sync_indicator_init (IsafSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API --------------------------------------------------------------------------- */

/**
 * isaf_sync_indicator_new:
 * @context: the window's context
 *
 * Returns: (transfer floating): an indicator of the context's sync scheduler, which opens the
 *   window's Sync page ("win.show-page" with "sync") when clicked
 */
GtkWidget *
isaf_sync_indicator_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_SYNC_INDICATOR, "context", context, NULL);
}

const char *
isaf_sync_indicator_get_icon_name (IsafSyncState state)
{
  switch (state)
    {
    case ISAF_SYNC_STATE_NOT_ENROLLED:
      return "emblem-synchronizing-symbolic";
    case ISAF_SYNC_STATE_IDLE:
      return "emblem-ok-symbolic";
    case ISAF_SYNC_STATE_SYNCING:
      return "emblem-synchronizing-symbolic";
    case ISAF_SYNC_STATE_OFFLINE:
      return "network-offline-symbolic";
    case ISAF_SYNC_STATE_ATTENTION:
      return "dialog-warning-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The word for @state in the header and at the top of the Sync page. */
const char *
isaf_sync_indicator_get_title (IsafSyncState state)
{
  switch (state)
    {
    case ISAF_SYNC_STATE_NOT_ENROLLED:
      return _("Not enrolled");
    case ISAF_SYNC_STATE_IDLE:
      return _("Synced");
    case ISAF_SYNC_STATE_SYNCING:
      return _("Syncing…");
    case ISAF_SYNC_STATE_OFFLINE:
      return _("Offline");
    case ISAF_SYNC_STATE_ATTENTION:
      return _("Needs attention");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * isaf_sync_indicator_format_time:
 * @context: the window's context (for its digits)
 * @unix_seconds: a moment
 *
 * Returns: (transfer full): @unix_seconds in local time as the clerk reads it: "today, 14:05"
 *   or "5 March 2026, 14:05", in the interface's language and digits
 */
char *
isaf_sync_indicator_format_time (IsafContext *context,
                                 gint64       unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = NULL;
  g_autofree char *shown_clock = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  if (when == NULL)
    return g_strdup ("");
  clock = g_date_time_format (when, "%H:%M");
  shown_clock = isaf_context_format_digits (context, clock);
  if (g_date_time_get_year (when) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    /* Translators: a time of day today, as in "today, 14:05". */
    return g_strdup_printf (_("today, %s"), shown_clock);

  iso = g_date_time_format (when, "%Y-%m-%d");
  date = isaf_gui_format_date (context, iso);
  /* Translators: a date, then a time of day: "5 March 2026, 14:05". */
  return g_strdup_printf (C_("date and time", "%1$s, %2$s"), date, shown_clock);
}

/**
 * isaf_sync_indicator_describe_retry:
 * @context: the window's context
 * @next_run: Unix seconds of the scheduler's next run, 0 if none is planned
 *
 * Returns: (transfer full): when sync tries again, as a sentence
 */
char *
isaf_sync_indicator_describe_retry (IsafContext *context,
                                    gint64       next_run)
{
  g_autofree char *when = NULL;

  if (next_run <= 0)
    return g_strdup (_("Sync will try again later."));
  when = isaf_sync_indicator_format_time (context, next_run);
  /* Translators: when sync tries to reach the server again: "Next try: today, 14:20". */
  return g_strdup_printf (_("Next try: %s"), when);
}
