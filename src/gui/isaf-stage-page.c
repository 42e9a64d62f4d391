/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-stage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-khmer.h"
#include "isaf-stage-page.h"

/* A stage of the cycle as the clerk first meets it: its short guide (what happens, who takes
 * part, what to record), from the guides data file, and until the stage can be recorded
 * here, a plain statement of that. */

#define GUIDES_RESOURCE "/kh/gov/ncdd/IsafCommune/isaf-stage-guides.ui"

enum {
  GUIDE_WHAT,
  GUIDE_WHO,
  GUIDE_RECORD,
  N_GUIDE_TEXTS
};

struct _IsafStagePage
{
  AdwBin parent_instance;

  AdwPreferencesGroup *what_group;
  GtkLabel *what_label;
  GtkLabel *who_label;
  GtkLabel *record_label;
  AdwStatusPage *empty_state;

  char *guide_id;
};

G_DEFINE_FINAL_TYPE (IsafStagePage, isaf_stage_page, ADW_TYPE_BIN)

static void
set_wrapping_text (GtkLabel   *label,
                   const char *text)
{
  /* Khmer has no spaces between words: mark the word breaks so the text can wrap. */
  g_autofree char *segmented = isaf_khmer_segment (text);

  gtk_label_set_label (label, segmented);
}

static void
load_guide (IsafStagePage *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (GUIDES_RESOURCE);
  GtkStringList *texts = GTK_STRING_LIST (gtk_builder_get_object (builder, self->guide_id));
  GtkLabel *labels[N_GUIDE_TEXTS] = { self->what_label, self->who_label, self->record_label };

  g_return_if_fail (texts != NULL);
  g_return_if_fail (g_list_model_get_n_items (G_LIST_MODEL (texts)) == N_GUIDE_TEXTS);

  for (guint i = 0; i < N_GUIDE_TEXTS; i++)
    set_wrapping_text (labels[i], gtk_string_list_get_string (texts, i));
}

static void
isaf_stage_page_finalize (GObject *object)
{
  IsafStagePage *self = ISAF_STAGE_PAGE (object);

  g_free (self->guide_id);

  G_OBJECT_CLASS (isaf_stage_page_parent_class)->finalize (object);
}

static void
isaf_stage_page_class_init (IsafStagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = isaf_stage_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-stage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafStagePage, what_group);
  gtk_widget_class_bind_template_child (widget_class, IsafStagePage, what_label);
  gtk_widget_class_bind_template_child (widget_class, IsafStagePage, who_label);
  gtk_widget_class_bind_template_child (widget_class, IsafStagePage, record_label);
  gtk_widget_class_bind_template_child (widget_class, IsafStagePage, empty_state);
}

static void
isaf_stage_page_init (IsafStagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * isaf_stage_page_new:
 * @guide_id: the stage's name in the guides file ("planning", "i4c", …, "reports")
 * @title: the page's title, translated
 */
GtkWidget *
isaf_stage_page_new (const char *guide_id,
                     const char *title)
{
  IsafStagePage *self = g_object_new (ISAF_TYPE_STAGE_PAGE, NULL);
  g_autofree char *empty = NULL;
  g_autofree char *escaped = NULL;

  self->guide_id = g_strdup (guide_id);
  load_guide (self);

  /* Translators: %s is the title of a stage, e.g. "Community scorecards". */
  empty = g_strdup_printf (_("%s cannot be recorded in ISAF Commune yet; a later version "
                             "adds it. Until then, keep the paper forms."),
                           title);
  escaped = g_markup_escape_text (empty, -1);
  adw_status_page_set_description (self->empty_state, escaped);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return GTK_WIDGET (self);
}

const char *
isaf_stage_page_get_guide_id (IsafStagePage *self)
{
  g_return_val_if_fail (ISAF_IS_STAGE_PAGE (self), NULL);

  return self->guide_id;
}
