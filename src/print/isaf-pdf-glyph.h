/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <hpdf.h>

#include "isaf-glyph-cache.h"

G_BEGIN_DECLS

typedef struct _IsafPdfGlyphForms IsafPdfGlyphForms;

IsafPdfGlyphForms *isaf_pdf_glyph_forms_new  (HPDF_Doc                pdf);
HPDF_XObject       isaf_pdf_glyph_forms_get  (IsafPdfGlyphForms      *self,
                                              const IsafGlyphOutline *outline);
void               isaf_pdf_glyph_forms_free (IsafPdfGlyphForms      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafPdfGlyphForms, isaf_pdf_glyph_forms_free)

G_END_DECLS
