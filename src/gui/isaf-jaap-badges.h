/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-jaap.h"

G_BEGIN_DECLS

/* Shared by the pages that list the plan's actions: the JAAP, Monitoring, the JAAPC meeting
 * editor. */

/* An action's status as a pill ("Ongoing"), in the colours the stages use. */
GtkWidget *isaf_jaap_status_badge_new  (IsafJaapStatus  status);
/* "Overdue" with a clock: the word and its icon, never colour alone. */
GtkWidget *isaf_jaap_overdue_badge_new (void);

G_END_DECLS
