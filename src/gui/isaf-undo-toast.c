/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isaf-undo-toast.h"

/* What the toast's Undo needs; it lives as long as the toast, not the page. */
typedef struct {
  IsafContext *context;
  IsafDeletion *deletion;
  IsafAnnounceFunc announce;
  char *table;
  gboolean undone;
} Undo;

static void
undo_clear (gpointer data)
{
  Undo *undo = data;

  g_clear_object (&undo->context);
  g_clear_pointer (&undo->deletion, isaf_deletion_free);
  g_free (undo->table);
}

static void
undo_release (gpointer  data,
              GClosure *closure)
{
  g_rc_box_release_full (data, undo_clear);
}

static void
on_undone_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Undo *undo = user_data;
  g_autoptr(GError) error = NULL;

  if (isaf_store_undo_delete_finish (ISAF_STORE (source), result, &error))
    undo->announce (undo->context, undo->table);
  else
    isaf_context_report_error (undo->context, error);
  g_rc_box_release_full (undo, undo_clear);
}

/* Not tied to the page: the toast can outlive it, and what it brings back must come back. */
static void
on_undo_clicked_cb (AdwToast *toast,
                    Undo     *undo)
{
  if (undo->undone)
    return;
  undo->undone = TRUE;
  isaf_store_undo_delete_async (isaf_context_get_store (undo->context), undo->deletion, NULL,
                                on_undone_cb, g_rc_box_acquire (undo));
}

AdwToast *
isaf_undo_toast_new (IsafContext      *context,
                     const char       *title,
                     IsafDeletion     *deletion,
                     IsafAnnounceFunc  announce,
                     const char       *table)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;
  Undo *undo;

  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (deletion != NULL, NULL);
  g_return_val_if_fail (announce != NULL, NULL);

  undo = g_rc_box_new0 (Undo);
  undo->context = g_object_ref (context);
  undo->deletion = deletion;
  undo->announce = announce;
  undo->table = g_strdup (table);

  /* Toast titles are markup. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb),
                         g_rc_box_acquire (undo), undo_release, 0);
  g_rc_box_release_full (undo, undo_clear);
  return toast;
}
