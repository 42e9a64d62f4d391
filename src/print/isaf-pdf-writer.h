/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-canvas.h"
#include "isaf-fonts.h"

G_BEGIN_DECLS

#define ISAF_TYPE_PDF_WRITER (isaf_pdf_writer_get_type ())

G_DECLARE_FINAL_TYPE (IsafPdfWriter, isaf_pdf_writer, ISAF, PDF_WRITER, IsafCanvas)

IsafPdfWriter *isaf_pdf_writer_new       (const IsafFonts *fonts,
                                          GError         **error);
void           isaf_pdf_writer_set_title (IsafPdfWriter   *self,
                                          const char      *title);

G_END_DECLS
