/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <hpdf_objects.h>
#include <string.h>
#include <zlib.h>

#include "isaf-pdf-glyph.h"

/* Each glyph outline of a document as one PDF form XObject: the page then draws every copy of
 * a glyph with a two-word "Do" instead of its whole outline again, which spares most of the
 * formatting and compression a poster would otherwise cost. (The outlines alone, compressed
 * together, already take more bytes than cairo's whole PDF with embedded font subsets: drawing
 * text as paths, as DESIGN.md asks, cannot be as small as fonts.)
 *
 * libharu has no public call for form XObjects before 2.4, so a form is made the way libharu
 * makes its own image XObjects, with the object calls its installed headers declare;
 * HPDF_Page_ExecuteXObject then draws it like an image. The outline is written in its own
 * units (thousandths of the em, y down) and the page's matrix places and scales it.
 *
 * The outlines are compressed here rather than by libharu, and kept for the life of the
 * process like the outlines themselves (isaf-glyph-cache.c): compressing a poster's 150 to
 * 200 outlines costs more than the rest of its document, and every later poster, preview or
 * print draws the same glyphs again. One small-window zlib stream, reset for each outline,
 * gives the same bytes as libharu's for outlines this short. */

/* Outlines are well under 4 KiB, the window of 2^12 bytes. */
#define WINDOW_BITS 12
#define MEMORY_LEVEL 6

/* An outline as the content of its form: the box it spans and the (compressed) operators. */
typedef struct {
  HPDF_Box box;
  gboolean deflated;
  gsize length;
  HPDF_BYTE data[];
} EncodedOutline;

struct _IsafPdfGlyphForms
{
  HPDF_Doc pdf;
  /* IsafGlyphOutline → its form (owned by the document) */
  GHashTable *forms;
};

static GMutex lock;
/* IsafGlyphOutline → EncodedOutline, for the life of the process */
static GHashTable *encoded_outlines;
static z_stream deflate_stream;
static gboolean deflate_ready;

/* Appends @value and a space: printf would take most of the time an outline costs. */
static void
append_integer (GString *content,
                gint32   value)
{
  char digits[12];
  guint n = 0;
  guint32 magnitude = value < 0 ? -(guint32) value : (guint32) value;

  do
    {
      digits[n++] = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    g_string_append_c (content, '-');
  while (n > 0)
    g_string_append_c (content, digits[--n]);
  g_string_append_c (content, ' ');
}

static void
append_point (GString      *content,
              const gint32 *v,
              HPDF_Box     *box)
{
  append_integer (content, v[0]);
  append_integer (content, v[1]);
  box->left = MIN (box->left, v[0]);
  box->right = MAX (box->right, v[0]);
  box->bottom = MIN (box->bottom, v[1]);
  box->top = MAX (box->top, v[1]);
}

/* The outline as path operators, and the box its points (control points too) span. A fill
 * closes every subpath itself. */
static void
write_outline (GString                *content,
               const IsafGlyphOutline *outline,
               HPDF_Box               *box)
{
  const gint32 *v = outline->values, *end = outline->values + outline->n_values;

  g_string_truncate (content, 0);
  *box = (HPDF_Box) { G_MAXINT, G_MAXINT, G_MININT, G_MININT };
  while (v < end)
    {
      switch (*v++)
        {
        case ISAF_OUTLINE_MOVE_TO:
          append_point (content, v, box);
          g_string_append (content, "m\n");
          v += 2;
          break;
        case ISAF_OUTLINE_LINE_TO:
          append_point (content, v, box);
          g_string_append (content, "l\n");
          v += 2;
          break;
        case ISAF_OUTLINE_CURVE_TO:
          for (guint i = 0; i < 3; i++)
            append_point (content, v + 2 * i, box);
          g_string_append (content, "c\n");
          v += 6;
          break;
        case ISAF_OUTLINE_CLOSE:
        default:
          break;
        }
    }
  g_string_append (content, "f\n");
  if (box->left > box->right)
    *box = (HPDF_Box) { 0, 0, 0, 0 };
}

/* Deflates @content; NULL if zlib failed. */
static GByteArray *
deflate_content (const GString *content)
{
  GByteArray *deflated;

  if (!deflate_ready)
    {
      if (deflateInit2 (&deflate_stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, WINDOW_BITS,
                        MEMORY_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
      deflate_ready = TRUE;
    }
  else if (deflateReset (&deflate_stream) != Z_OK)
    return NULL;

  deflated = g_byte_array_sized_new (deflateBound (&deflate_stream, content->len));
  g_byte_array_set_size (deflated, deflateBound (&deflate_stream, content->len));
  deflate_stream.next_in = (Bytef *) content->str;
  deflate_stream.avail_in = content->len;
  deflate_stream.next_out = deflated->data;
  deflate_stream.avail_out = deflated->len;
  if (deflate (&deflate_stream, Z_FINISH) != Z_STREAM_END)
    {
      g_byte_array_unref (deflated);
      return NULL;
    }
  g_byte_array_set_size (deflated, deflate_stream.total_out);
  return deflated;
}

static EncodedOutline *
encode_outline (const IsafGlyphOutline *outline)
{
  g_autoptr(GString) content = g_string_sized_new (outline->n_values * 5);
  g_autoptr(GByteArray) deflated = NULL;
  EncodedOutline *encoded;
  HPDF_Box box;
  const guint8 *data;
  gsize length;

  write_outline (content, outline, &box);
  deflated = deflate_content (content);
  data = deflated ? deflated->data : (const guint8 *) content->str;
  length = deflated ? deflated->len : content->len;

  encoded = g_malloc (sizeof (EncodedOutline) + length);
  encoded->box = box;
  encoded->deflated = deflated != NULL;
  encoded->length = length;
  memcpy (encoded->data, data, length);
  return encoded;
}

static const EncodedOutline *
lookup_encoded (const IsafGlyphOutline *outline)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  EncodedOutline *encoded;

  if (encoded_outlines == NULL)
    encoded_outlines = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  encoded = g_hash_table_lookup (encoded_outlines, outline);
  if (encoded == NULL)
    {
      encoded = encode_outline (outline);
      g_hash_table_insert (encoded_outlines, (gpointer) outline, encoded);
    }
  return encoded;
}

/* libharu writes a stream's Filter from the filter it applies itself, so the filter of a
 * stream deflated here is added by the dictionary's own extra-keys hook. */
static HPDF_STATUS
write_deflate_filter (HPDF_Dict   form,
                      HPDF_Stream stream)
{
  return HPDF_Stream_WriteStr (stream, "/Filter /FlateDecode\012");
}

static HPDF_XObject
make_form (IsafPdfGlyphForms      *self,
           const IsafGlyphOutline *outline)
{
  const EncodedOutline *encoded = lookup_encoded (outline);
  HPDF_Dict form = HPDF_DictStream_New (self->pdf->mmgr, self->pdf->xref);

  if (form == NULL)
    return NULL;
  form->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
  if (encoded->deflated)
    form->write_fn = write_deflate_filter;
  if (HPDF_Dict_AddName (form, "Subtype", "Form") != HPDF_OK
      || HPDF_Dict_Add (form, "BBox", HPDF_Box_Array_New (self->pdf->mmgr, encoded->box))
         != HPDF_OK
      || HPDF_Stream_Write (form->stream, encoded->data, encoded->length) != HPDF_OK)
    return NULL;
  return form;
}

/**
 * isaf_pdf_glyph_forms_new:
 * @pdf: the document the forms belong to; it must outlive them
 *
 * Returns: (transfer full): no forms yet
 */
IsafPdfGlyphForms *
isaf_pdf_glyph_forms_new (HPDF_Doc pdf)
{
  IsafPdfGlyphForms *self = g_new0 (IsafPdfGlyphForms, 1);

  self->pdf = pdf;
  self->forms = g_hash_table_new (NULL, NULL);
  return self;
}

/**
 * isaf_pdf_glyph_forms_get:
 * @self: the document's glyph forms
 * @outline: a glyph outline with ink, from isaf_glyph_cache_lookup()
 *
 * The form that fills @outline in the current fill colour, made the first time it is asked
 * for; to be drawn under a matrix that maps thousandths of the em, y down, onto the page.
 *
 * Returns: (transfer none) (nullable): the form, or %NULL if libharu failed (its error handler
 *   has the reason)
 */
HPDF_XObject
isaf_pdf_glyph_forms_get (IsafPdfGlyphForms      *self,
                          const IsafGlyphOutline *outline)
{
  HPDF_XObject form = g_hash_table_lookup (self->forms, outline);

  if (form == NULL)
    {
      form = make_form (self, outline);
      if (form != NULL)
        g_hash_table_insert (self->forms, (gpointer) outline, form);
    }
  return form;
}

void
isaf_pdf_glyph_forms_free (IsafPdfGlyphForms *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->forms);
  g_free (self);
}
