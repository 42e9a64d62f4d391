/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-choice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-choice.h"

/* What the user sees for the stored value of a choice column (isaf-schema.c): the database
 * keeps "health_centre", the clerk reads "Health centre" in their language. */
typedef struct {
  const char *value;
  const char *context;
  const char *label;
} ChoiceLabel;

static const ChoiceLabel labels[] = {
  { "f", "sex", NC_("sex", "Female") },
  { "m", "sex", NC_("sex", "Male") },
  { "commune_office", NULL, N_("Commune office") },
  { "health_centre", NULL, N_("Health centre") },
  { "health_post", NULL, N_("Health post") },
  { "primary_school", NULL, N_("Primary school") },
  { "chair", "committee role", NC_("committee role", "Chair") },
  { "deputy", "committee role", NC_("committee role", "Deputy chair") },
  { "secretary", "committee role", NC_("committee role", "Secretary") },
  { "member", "committee role", NC_("committee role", "Member") },
  { "commune_fund", NULL, N_("Commune fund (social services)") },
  { "provider_budget", NULL, N_("Provider’s budget") },
  { "line_department", NULL, N_("Line department") },
  { "development_partner", NULL, N_("NGO or development partner") },
  { "community", NULL, N_("Community") },
  { "jaapc_meetings", NULL, N_("JAAP Committee meetings") },
  { "i4c_printing", NULL, N_("Printing I4C posters") },
  { "caf_support", NULL, N_("Support to CAFs") },
  { "cip_activities", NULL, N_("CIP activities") },
  { "other", "budget category", NC_("budget category", "Other") },
  { "ka", NULL, N_("ក: outside resources") },
  { "kha", NULL, N_("ខ: providers and community") },
  { "not_started", NULL, N_("Not started") },
  { "ongoing", NULL, N_("Ongoing") },
  { "completed", NULL, N_("Completed") },
  { "cancelled", NULL, N_("Cancelled") },
};

/**
 * isaf_choice_get_label:
 * @value: a value of a choice column
 *
 * Returns: the translated label of @value, or @value itself when it has none (training
 *   modules such as "M1" are called by their code)
 */
const char *
isaf_choice_get_label (const char *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].value, value))
      return labels[i].context ? g_dpgettext2 (NULL, labels[i].context, labels[i].label)
                               : _(labels[i].label);
  return value;
}
