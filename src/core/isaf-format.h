/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  ISAF_DIGITS_WESTERN,
  ISAF_DIGITS_KHMER,
} IsafDigits;

char       *isaf_format_integer       (gint64      value,
                                       IsafDigits  digits);
char       *isaf_format_riel          (gint64      amount,
                                       IsafDigits  digits);
char       *isaf_format_digits        (const char *ascii,
                                       IsafDigits  digits);
const char *isaf_format_month_name_km (int         month);
char       *isaf_format_date          (int         year,
                                       int         month,
                                       int         day,
                                       IsafDigits  digits,
                                       gboolean    khmer_words);
gboolean    isaf_parse_iso_date       (const char *text,
                                       int        *year,
                                       int        *month,
                                       int        *day);
gboolean    isaf_parse_integer        (const char *text,
                                       gint64     *value);

G_END_DECLS
