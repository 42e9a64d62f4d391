/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isaf-context.h"
#include "isaf-jaap.h"

G_BEGIN_DECLS

void isaf_jaap_action_editor_present (IsafContext   *context,
                                      GtkWidget     *parent,
                                      int            year,
                                      IsafJaap      *jaap,
                                      GPtrArray     *units,
                                      IsafRecord    *action,
                                      IsafJaapEntry *entry);

G_END_DECLS
