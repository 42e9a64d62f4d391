/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writing the CSV exports (RFC 4180, CRLF line ends), shared by every report:
 * - the document starts with a UTF-8 byte order mark, without which spreadsheets on Windows
 *   read Khmer as Latin-1;
 * - a text cell that starts with = + - or @ gets a leading apostrophe, so that a name typed
 *   into the application is never run as a formula when the file is opened;
 * - numbers are written with a dot whatever the locale. */

/* A new document, holding only the byte order mark. */
GString *isaf_csv_new            (void);
/* Text someone typed (a name, an activity): guarded against being read as a formula. */
void     isaf_csv_append_text    (GString            *csv,
                                  const char         *text);
/* A value the program wrote (a key, a date, a number as text): as it is. */
void     isaf_csv_append_value   (GString            *csv,
                                  const char         *text);
void     isaf_csv_append_integer (GString            *csv,
                                  gint64              value);
/* @value with @format ("%.1f" …), or an empty cell when not @known. */
void     isaf_csv_append_number  (GString            *csv,
                                  gboolean            known,
                                  const char         *format,
                                  double              value);
void     isaf_csv_end_line       (GString            *csv);
void     isaf_csv_append_header  (GString            *csv,
                                  const char * const *columns,
                                  guint               n_columns);

G_END_DECLS
