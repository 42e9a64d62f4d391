/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-gui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-format.h"
#include "isaf-gazetteer.h"
#include "isaf-gui-util.h"
#include "isaf-khmer.h"

/* Small helpers the pages share: Khmer text made to wrap, dates and villages as the user
 * reads them, UUIDs as hash-table keys. */

guint
isaf_gui_uuid_hash (gconstpointer key)
{
  const IsafUuid *id = key;

  /* The last bytes of every UUID version used here are random or hashed. */
  return (guint) id->bytes[12] << 24 | (guint) id->bytes[13] << 16
         | (guint) id->bytes[14] << 8 | id->bytes[15];
}

gboolean
isaf_gui_uuid_equal (gconstpointer a,
            gconstpointer b)
{
  return isaf_uuid_equal (a, b);
}

/* Month names follow the language of the interface. */
gboolean
isaf_gui_is_khmer_interface (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "km");
}

/* "5 March 2026", "៥ មីនា ២០២៦". */
char *
isaf_gui_format_date (IsafContext *context,
             const char  *iso)
{
  int year, month, day;

  if (iso == NULL || !isaf_parse_iso_date (iso, &year, &month, &day))
    return g_strdup (iso);
  return isaf_format_date (year, month, day, isaf_context_get_digits (context),
                           isaf_gui_is_khmer_interface ());
}

const IsafGazetteerEntry *
isaf_gui_lookup_village (const char *code)
{
  return code != NULL ? isaf_gazetteer_lookup (isaf_gazetteer_get_default (), code) : NULL;
}

/* "អូរធំ (Ou Thum)": what a village is called in choices and messages. */
char *
isaf_gui_dup_village_label (const char *code)
{
  const IsafGazetteerEntry *entry = isaf_gui_lookup_village (code);

  if (entry == NULL)
    return g_strdup (code);
  if (entry->name_latin == NULL || entry->name_latin[0] == '\0')
    return g_strdup (entry->name_km);
  return g_strdup_printf ("%s (%s)", entry->name_km, entry->name_latin);
}

/* Khmer has no spaces between words: the word breaks are marked so that the text wraps. */
void
isaf_gui_set_wrapping_text (GtkLabel   *label,
                   const char *text)
{
  g_autofree char *segmented = isaf_khmer_segment (text);

  gtk_label_set_label (label, segmented != NULL ? segmented : "");
}

/* Row titles and subtitles are markup. */
char *
isaf_gui_dup_row_text (const char *text)
{
  g_autofree char *segmented = isaf_khmer_segment (text);

  return g_markup_escape_text (segmented != NULL ? segmented : "", -1);
}

GtkWidget *
isaf_gui_create_message_row (GtkLabel **label)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *message = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (message), 0.0);
  gtk_widget_set_margin_start (message, 12);
  gtk_widget_set_margin_end (message, 12);
  gtk_widget_set_margin_top (message, 6);
  gtk_widget_set_margin_bottom (message, 6);
  gtk_widget_add_css_class (message, "caption");
  gtk_widget_add_css_class (message, "error");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), message);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_visible (row, FALSE);
  gtk_widget_add_css_class (row, "isaf-field-message");
  *label = GTK_LABEL (message);
  return row;
}

/* Whether @ids (an array of IsafUuid) holds @id. */
gboolean
isaf_gui_ids_contain (GArray         *ids,
                      const IsafUuid *id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (isaf_uuid_equal (&g_array_index (ids, IsafUuid, i), id))
      return TRUE;
  return FALSE;
}
