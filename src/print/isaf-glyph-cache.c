/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <math.h>
#include <string.h>

#include "isaf-glyph-cache.h"

/* Glyph outlines as cairo makes them from the font, unhinted, kept for the life of the
 * process: posters draw the same few hundred glyphs of a few faces thousands of times. Each
 * outline is in whole thousandths of the em, the same at every size, so that the PDF writer
 * places it with one transformation and writes every copy of a glyph with the same bytes,
 * which the PDF's compression then stores once. A thousandth of an em is 0.016 pt at 16 pt,
 * well under a printer's dot. The cache is keyed by the font face (held by a reference),
 * which carries what fontconfig asks of the font, such as emboldening. */

typedef struct {
  cairo_font_face_t *face;
  unsigned long glyph;
} GlyphKey;

static GMutex lock;
static GHashTable *outlines;
static cairo_surface_t *surface;
static cairo_t *cr;

static guint
glyph_key_hash (gconstpointer data)
{
  const GlyphKey *key = data;

  return g_direct_hash (key->face) ^ (guint) (key->glyph * 2654435761u);
}

static gboolean
glyph_key_equal (gconstpointer a,
                 gconstpointer b)
{
  const GlyphKey *x = a, *y = b;

  return x->face == y->face && x->glyph == y->glyph;
}

static void
glyph_key_free (gpointer data)
{
  GlyphKey *key = data;

  cairo_font_face_destroy (key->face);
  g_free (key);
}

static IsafGlyphOutline *
make_outline (cairo_font_face_t *face,
              unsigned long      glyph)
{
  cairo_glyph_t position = { glyph, 0, 0 };
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_matrix_t em, identity;
  cairo_scaled_font_t *font;
  cairo_path_t *path;
  GArray *values = g_array_new (FALSE, FALSE, sizeof (gint32));
  IsafGlyphOutline *outline;

  cairo_matrix_init_scale (&em, ISAF_OUTLINE_UNITS_PER_EM, ISAF_OUTLINE_UNITS_PER_EM);
  cairo_matrix_init_identity (&identity);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  font = cairo_scaled_font_create (face, &em, &identity, options);
  cairo_font_options_destroy (options);

  cairo_new_path (cr);
  cairo_set_scaled_font (cr, font);
  cairo_glyph_path (cr, &position, 1);
  path = cairo_copy_path (cr);
  cairo_new_path (cr);
  cairo_scaled_font_destroy (font);

  for (int i = 0; path->status == CAIRO_STATUS_SUCCESS && i < path->num_data;
       i += path->data[i].header.length)
    {
      const cairo_path_data_t *d = &path->data[i];
      gint32 op;

      switch (d->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          op = ISAF_OUTLINE_MOVE_TO;
          break;
        case CAIRO_PATH_LINE_TO:
          op = ISAF_OUTLINE_LINE_TO;
          break;
        case CAIRO_PATH_CURVE_TO:
          op = ISAF_OUTLINE_CURVE_TO;
          break;
        case CAIRO_PATH_CLOSE_PATH:
        default:
          op = ISAF_OUTLINE_CLOSE;
          break;
        }
      g_array_append_val (values, op);
      for (int k = 1; op != ISAF_OUTLINE_CLOSE && k < d->header.length; k++)
        {
          gint32 ex = (gint32) lround (d[k].point.x);
          gint32 ey = (gint32) lround (d[k].point.y);

          g_array_append_val (values, ex);
          g_array_append_val (values, ey);
        }
    }
  cairo_path_destroy (path);

  outline = g_malloc (sizeof (IsafGlyphOutline) + values->len * sizeof (gint32));
  outline->n_values = values->len;
  memcpy (outline->values, values->data, values->len * sizeof (gint32));
  g_array_free (values, TRUE);
  return outline;
}

/**
 * isaf_glyph_cache_lookup:
 * @face: the font face Pango shaped the glyph with
 * @glyph: the glyph index in @face
 *
 * Returns: (transfer none): the glyph's outline, valid for the life of the process; empty for
 *   a glyph without ink, such as a space
 */
const IsafGlyphOutline *
isaf_glyph_cache_lookup (cairo_font_face_t *face,
                         unsigned long      glyph)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  GlyphKey lookup = { face, glyph };
  IsafGlyphOutline *outline;
  GlyphKey *key;

  if (outlines == NULL)
    {
      outlines = g_hash_table_new_full (glyph_key_hash, glyph_key_equal, glyph_key_free, g_free);
      surface = cairo_recording_surface_create (CAIRO_CONTENT_ALPHA, NULL);
      cr = cairo_create (surface);
    }

  outline = g_hash_table_lookup (outlines, &lookup);
  if (outline)
    return outline;

  outline = make_outline (face, glyph);
  key = g_new (GlyphKey, 1);
  key->face = cairo_font_face_reference (face);
  key->glyph = glyph;
  g_hash_table_insert (outlines, key, outline);
  return outline;
}
