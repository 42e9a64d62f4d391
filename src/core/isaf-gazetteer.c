/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-gazetteer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "isaf-gazetteer.h"

#define N_LEVELS 4
#define N_COLUMNS 5

/* Names folded for prefix search, built per level on the first search at that level so that
 * loading stays cheap for the many callers that only look codes up. */
typedef struct
{
  char *text;        /* the folded names, each ending in NUL */
  guint32 *offsets;  /* per entry of the level: Khmer key, then Latin key */
} SearchKeys;

struct _IsafGazetteer
{
  gatomicrefcount ref_count;

  /* One allocation: the entries in code order, then pointers to them grouped by level, then a
   * copy of the TSV whose tabs and newlines became NULs, which the entries point into. */
  gpointer block;
  guint n_entries;
  const IsafGazetteerEntry **by_level[N_LEVELS];
  guint n_by_level[N_LEVELS];

  SearchKeys *keys[N_LEVELS];

  /* The process-wide gazetteer starts without its index: most runs only look a few codes up
   * (the commune in the window's title, a village being validated), which a binary search of
   * the compiled-in text answers without copying or parsing 1 MB. The index is built, once,
   * when a list or a search needs it. */
  GBytes *bytes;
  GMutex lock;
  gint indexed;
  GHashTable *looked_up;
};

G_DEFINE_QUARK (isaf-gazetteer-error-quark, isaf_gazetteer_error)

static inline gsize
code_length (IsafGazetteerLevel level)
{
  return 2 * ((gsize) level + 1);
}

static gboolean
level_from_code (const char         *code,
                 gsize               len,
                 IsafGazetteerLevel *level)
{
  if (len == 0 || len > code_length (ISAF_GAZETTEER_VILLAGE) || len % 2 != 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;

  *level = (IsafGazetteerLevel) (len / 2 - 1);
  return TRUE;
}

static gboolean
parse_level_from_code (const char         *code,
                       IsafGazetteerLevel *level)
{
  /* strnlen keeps a long string of garbage from being walked to its end. */
  return level_from_code (code, strnlen (code, code_length (ISAF_GAZETTEER_VILLAGE) + 1), level);
}

/* The entries of @level whose code starts with the @len bytes of @prefix form one run, because
 * each level is sorted by code; binary search finds its ends. */
static guint
find_range (IsafGazetteer       *self,
            IsafGazetteerLevel   level,
            const char          *prefix,
            gsize                len,
            guint               *first)
{
  const IsafGazetteerEntry **entries = self->by_level[level];
  guint lo = 0;
  guint hi = self->n_by_level[level];
  guint end;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strncmp (entries[mid]->code, prefix, len) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *first = lo;

  hi = self->n_by_level[level];
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strncmp (entries[mid]->code, prefix, len) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  end = lo;

  return end - *first;
}

/* The line of the sorted TSV in @data (between @lo and @hi, both line starts) whose first
 * field is @code, or NULL. */
static const char *
search_text (const char *data,
             gsize       lo,
             gsize       hi,
             const char *code)
{
  gsize code_len = strlen (code);

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      gsize start = mid;
      const char *line, *tab, *eol;
      gsize field_len;
      int order;

      while (start > lo && data[start - 1] != '\n')
        start--;
      line = data + start;
      eol = memchr (line, '\n', hi - start);
      eol = eol ? eol : data + hi;
      tab = memchr (line, '\t', eol - line);
      field_len = (tab ? tab : eol) - line;

      order = strncmp (line, code, MIN (field_len, code_len));
      if (order == 0)
        order = (field_len > code_len) - (field_len < code_len);
      if (order == 0)
        return line;
      if (order < 0)
        lo = eol - data + 1;
      else
        hi = start;
    }
  return NULL;
}

/* An entry made from one line of the TSV, in one allocation with its strings. */
static IsafGazetteerEntry *
entry_from_line (const char         *line,
                 const char         *end,
                 IsafGazetteerLevel  level)
{
  const char *eol = memchr (line, '\n', end - line);
  gsize len = (eol ? eol : end) - line;
  IsafGazetteerEntry *entry = g_malloc (sizeof (IsafGazetteerEntry) + len + 1);
  char *text = (char *) (entry + 1);
  const char **fields[N_COLUMNS] = {
    &entry->code, &entry->name_km, &entry->name_latin, &entry->unit_km, &entry->unit_en,
  };
  char *p = text;

  memcpy (text, line, len);
  text[len] = '\0';
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      char *tab = strchr (p, '\t');

      *fields[i] = p;
      if (tab == NULL)
        {
          /* A short line (checked when the index is built): the rest stay empty. */
          for (guint j = i + 1; j < N_COLUMNS; j++)
            *fields[j] = text + len;
          break;
        }
      *tab = '\0';
      p = tab + 1;
    }
  entry->level = level;
  return entry;
}

static const IsafGazetteerEntry *
find_entry (IsafGazetteer      *self,
            IsafGazetteerLevel  level,
            const char         *code)
{
  const IsafGazetteerEntry *entry = NULL;
  char prefix[8 + 1];
  guint first;

  if (g_atomic_int_get (&self->indexed))
    {
      if (find_range (self, level, code, code_length (level), &first) == 0)
        return NULL;
      return self->by_level[level][first];
    }

  /* Like the index, match the first digits that make a code of @level: a village's code
   * starts with its commune's. */
  if (strlen (code) < code_length (level))
    return NULL;
  g_strlcpy (prefix, code, code_length (level) + 1);

  g_mutex_lock (&self->lock);
  entry = g_hash_table_lookup (self->looked_up, prefix);
  if (entry == NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (self->bytes, &len);
      gsize start = 0;
      const char *line;

      /* The header comment lines come first. */
      while (start < len && data[start] == '#')
        {
          const char *eol = memchr (data + start, '\n', len - start);

          start = eol ? (gsize) (eol - data) + 1 : len;
        }

      line = search_text (data, start, len, prefix);
      if (line != NULL)
        {
          IsafGazetteerEntry *made = entry_from_line (line, data + len, level);

          g_hash_table_insert (self->looked_up, (gpointer) made->code, made);
          entry = made;
        }
    }
  g_mutex_unlock (&self->lock);

  return entry;
}

static gboolean
set_corrupt_error (GError     **error,
                   guint        line,
                   const char  *problem)
{
  g_set_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_CORRUPT,
               /* Translators: %u is a line number, %s one of the problems listed next to it. */
               _("The built-in gazetteer is damaged at line %u: %s. Regenerate "
                 "data/gazetteer/gazetteer.tsv with data/gazetteer/convert.py and rebuild "
                 "ISAF Commune."),
               line, problem);
  return FALSE;
}

static gboolean
parse (IsafGazetteer  *self,
       char           *text,
       gsize           len,
       GError        **error)
{
  IsafGazetteerEntry *entries = self->block;
  const IsafGazetteerEntry *last[N_LEVELS] = { NULL, };
  const char *previous_code = "";
  const char *invalid;
  char *end = text + len;
  char *line = text;
  guint line_number = 0;

  /* Validated once here so that building search keys can walk the names unchecked. */
  if (!g_utf8_validate (text, len, &invalid))
    {
      guint bad_line = 1;

      for (const char *p = text; p < invalid; p++)
        bad_line += *p == '\n';
      return set_corrupt_error (error, bad_line, _("the text is not valid UTF-8"));
    }

  for (; line < end; line++)
    {
      char *eol = memchr (line, '\n', end - line);
      char *fields[N_COLUMNS];
      IsafGazetteerEntry *entry;
      IsafGazetteerLevel level;
      char *p = line;

      if (eol == NULL)
        eol = end;
      *eol = '\0';
      line_number++;

      if (*line == '#' || line == eol)
        {
          line = eol;
          continue;
        }

      for (guint i = 0; i < N_COLUMNS - 1; i++)
        {
          char *tab = memchr (p, '\t', eol - p);

          if (tab == NULL)
            return set_corrupt_error (error, line_number,
                                      _("it does not have 5 tab-separated columns"));
          *tab = '\0';
          fields[i] = p;
          p = tab + 1;
        }
      fields[N_COLUMNS - 1] = p;
      if (memchr (p, '\t', eol - p) != NULL)
        return set_corrupt_error (error, line_number,
                                  _("it has more than 5 tab-separated columns"));

      if (!level_from_code (fields[0], fields[1] - fields[0] - 1, &level))
        return set_corrupt_error (error, line_number,
                                  _("the code is not made of 2, 4, 6 or 8 digits"));

      /* Lookups are binary searches, so a single misplaced line would hide others. */
      if (strcmp (previous_code, fields[0]) >= 0)
        return set_corrupt_error (error, line_number,
                                  _("the code is not greater than the one before it"));

      /* In code order a unit comes right after its parent or its parent's other descendants,
       * so the last unit seen one level up must be the parent. */
      if (level > ISAF_GAZETTEER_PROVINCE
          && (last[level - 1] == NULL
              || strncmp (last[level - 1]->code, fields[0], code_length (level - 1)) != 0))
        return set_corrupt_error (error, line_number,
                                  _("the unit has no parent unit before it"));

      if (*fields[1] == '\0' || *fields[3] == '\0' || *fields[4] == '\0')
        return set_corrupt_error (error, line_number,
                                  _("the Khmer name or the administrative unit is empty"));

      entry = &entries[self->n_entries++];
      entry->code = fields[0];
      entry->name_km = fields[1];
      entry->name_latin = fields[2];
      entry->unit_km = fields[3];
      entry->unit_en = fields[4];
      entry->level = level;

      last[level] = entry;
      previous_code = entry->code;
      self->n_by_level[level]++;
      line = eol;
    }

  if (self->n_entries == 0)
    {
      g_set_error_literal (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_CORRUPT,
                           _("The built-in gazetteer has no units. Regenerate "
                             "data/gazetteer/gazetteer.tsv with data/gazetteer/convert.py and "
                             "rebuild ISAF Commune."));
      return FALSE;
    }

  return TRUE;
}

static void
group_by_level (IsafGazetteer *self)
{
  const IsafGazetteerEntry *entries = self->block;
  const IsafGazetteerEntry **slot = (const IsafGazetteerEntry **) (entries + self->n_entries);
  guint filled[N_LEVELS] = { 0, };

  for (guint level = 0; level < N_LEVELS; level++)
    {
      self->by_level[level] = slot;
      slot += self->n_by_level[level];
    }

  /* Code order within each level carries over from the file. */
  for (guint i = 0; i < self->n_entries; i++)
    {
      IsafGazetteerLevel level = entries[i].level;

      self->by_level[level][filled[level]++] = &entries[i];
    }
}

/**
 * isaf_gazetteer_new_from_bytes:
 * @bytes: text in the format of data/gazetteer/gazetteer.tsv
 * @error: return location for a #GError
 *
 * Parses a gazetteer. Most callers want isaf_gazetteer_get_default(); this is for tests and
 * tools that bring their own data.
 *
 * Returns: (transfer full) (nullable): a new gazetteer, or %NULL with
 *   %ISAF_GAZETTEER_ERROR_CORRUPT set
 */
static gboolean
build_index (IsafGazetteer  *self,
             GBytes         *bytes,
             GError        **error)
{
  gconstpointer data;
  gsize len;
  gsize max_entries = 1;
  gsize table_size;
  char *text;

  data = g_bytes_get_data (bytes, &len);

  /* Every entry needs its own line, so the line count bounds the tables and the whole
   * index fits in one allocation. */
  for (const char *p = data, *end = p + len; (p = memchr (p, '\n', end - p)) != NULL; p++)
    max_entries++;
  table_size = max_entries * (sizeof (IsafGazetteerEntry) + sizeof (IsafGazetteerEntry *));

  self->block = g_malloc (table_size + len + 1);
  text = (char *) self->block + table_size;
  memcpy (text, data, len);
  text[len] = '\0';

  if (!parse (self, text, len, error))
    return FALSE;

  group_by_level (self);
  g_atomic_int_set (&self->indexed, TRUE);
  return TRUE;
}

static IsafGazetteer *
gazetteer_new (GBytes *bytes)
{
  IsafGazetteer *self = g_new0 (IsafGazetteer, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->bytes = g_bytes_ref (bytes);
  self->looked_up = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  return self;
}

/* Builds the index for the calls that walk whole levels; the default gazetteer's data is
 * part of the program and checked by the test suite, so it cannot fail there. */
static void
ensure_index (IsafGazetteer *self)
{
  g_autoptr(GError) error = NULL;

  if (g_atomic_int_get (&self->indexed))
    return;

  g_mutex_lock (&self->lock);
  if (!g_atomic_int_get (&self->indexed) && !build_index (self, self->bytes, &error))
    g_error ("%s", error->message);
  g_mutex_unlock (&self->lock);
}

/**
 * isaf_gazetteer_new_from_bytes:
 * @bytes: text in the format of data/gazetteer/gazetteer.tsv
 * @error: return location for a #GError
 *
 * Parses and checks a whole gazetteer at once. Most callers want
 * isaf_gazetteer_get_default(); this is for tests and tools that bring their own data.
 *
 * Returns: (transfer full) (nullable): a new gazetteer, or %NULL with
 *   %ISAF_GAZETTEER_ERROR_CORRUPT set
 */
IsafGazetteer *
isaf_gazetteer_new_from_bytes (GBytes  *bytes,
                               GError **error)
{
  g_autoptr(IsafGazetteer) self = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = gazetteer_new (bytes);
  if (!build_index (self, bytes, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * isaf_gazetteer_load:
 * @error: return location for a #GError
 *
 * Parses the gazetteer compiled into the program as %ISAF_GAZETTEER_RESOURCE_PATH.
 *
 * Returns: (transfer full) (nullable): a new gazetteer, or %NULL with
 *   %ISAF_GAZETTEER_ERROR_CORRUPT set
 */
IsafGazetteer *
isaf_gazetteer_load (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (ISAF_GAZETTEER_RESOURCE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                   &local_error);
  if (bytes == NULL)
    {
      g_debug ("Looking up %s: %s", ISAF_GAZETTEER_RESOURCE_PATH, local_error->message);
      g_set_error_literal (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_CORRUPT,
                           _("The gazetteer is missing from this build of ISAF Commune. List "
                             "gazetteer/gazetteer.tsv in data/isaf-core.gresource.xml and "
                             "rebuild."));
      return NULL;
    }

  return isaf_gazetteer_new_from_bytes (bytes, error);
}

static gpointer
load_default (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (ISAF_GAZETTEER_RESOURCE_PATH,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  /* The data is part of the executable and checked by the test suite, so failing here means
   * a broken build rather than something the user could recover from. */
  if (bytes == NULL)
    g_error ("The gazetteer is missing from this build: %s", error->message);

  return gazetteer_new (bytes);
}

/**
 * isaf_gazetteer_get_default:
 *
 * Returns the process-wide gazetteer, loading it on first use from any thread. Aborts if the
 * built-in data is missing or damaged; use isaf_gazetteer_load() to handle that instead.
 *
 * Returns: (transfer none): the shared gazetteer
 */
IsafGazetteer *
isaf_gazetteer_get_default (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_default, NULL);
}

IsafGazetteer *
isaf_gazetteer_ref (IsafGazetteer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
isaf_gazetteer_unref (IsafGazetteer *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint level = 0; level < N_LEVELS; level++)
    {
      if (self->keys[level] == NULL)
        continue;
      g_free (self->keys[level]->text);
      g_free (self->keys[level]->offsets);
      g_free (self->keys[level]);
    }
  g_free (self->block);
  g_hash_table_unref (self->looked_up);
  g_bytes_unref (self->bytes);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/**
 * isaf_gazetteer_count:
 * @self: a gazetteer
 * @level: the level to count
 *
 * Returns: the number of units at @level
 */
guint
isaf_gazetteer_count (IsafGazetteer      *self,
                      IsafGazetteerLevel  level)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level <= ISAF_GAZETTEER_VILLAGE, 0);

  ensure_index (self);
  return self->n_by_level[level];
}

/**
 * isaf_gazetteer_lookup:
 * @self: a gazetteer
 * @code: an NCDD code of any level, such as "010201"
 *
 * Returns: (transfer none) (nullable): the unit with @code, or %NULL if there is none
 */
const IsafGazetteerEntry *
isaf_gazetteer_lookup (IsafGazetteer *self,
                       const char    *code)
{
  IsafGazetteerLevel level;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (!parse_level_from_code (code, &level))
    return NULL;

  return find_entry (self, level, code);
}

static void
set_malformed_code_error (GError             **error,
                          IsafGazetteerLevel   level,
                          const char          *code)
{
  /* Whole sentences per level, so that translators can inflect them. */
  switch (level)
    {
    case ISAF_GAZETTEER_PROVINCE:
      g_set_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE,
                   _("“%s” is not a province code. Enter the 2-digit NCDD code of the province, "
                     "for example 01."), code);
      break;
    case ISAF_GAZETTEER_DISTRICT:
      g_set_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE,
                   _("“%s” is not a district code. Enter the 4-digit NCDD code of the district, "
                     "for example 0102."), code);
      break;
    case ISAF_GAZETTEER_COMMUNE:
      g_set_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE,
                   _("“%s” is not a commune code. Enter the 6-digit NCDD code of the commune, "
                     "for example 010201."), code);
      break;
    case ISAF_GAZETTEER_VILLAGE:
    default:
      g_set_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE,
                   _("“%s” is not a village code. Enter the 8-digit NCDD code of the village, "
                     "for example 01020101."), code);
      break;
    }
}

static void
set_unknown_code_error (GError             **error,
                        IsafGazetteerLevel   level,
                        const char          *code)
{
  switch (level)
    {
    case ISAF_GAZETTEER_PROVINCE:
      g_set_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE,
                   _("No province has the code %s. Check the 2-digit NCDD code of the "
                     "province."), code);
      break;
    case ISAF_GAZETTEER_DISTRICT:
      g_set_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE,
                   _("No district has the code %s. Check the 4-digit NCDD code of the "
                     "district."), code);
      break;
    case ISAF_GAZETTEER_COMMUNE:
      g_set_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE,
                   _("No commune has the code %s. Check the 6-digit NCDD code of the "
                     "commune."), code);
      break;
    case ISAF_GAZETTEER_VILLAGE:
    default:
      g_set_error (error, ISAF_GAZETTEER_ERROR, ISAF_GAZETTEER_ERROR_UNKNOWN_CODE,
                   _("No village has the code %s. Check the 8-digit NCDD code of the "
                     "village."), code);
      break;
    }
}

/**
 * isaf_gazetteer_validate_code:
 * @self: a gazetteer
 * @code: the code to check, as typed
 * @level: the level the code must have
 * @error: return location for a #GError
 *
 * Checks that @code names a unit of @level, for example before a commune code is stored.
 *
 * Returns: %TRUE if it does; otherwise %FALSE with %ISAF_GAZETTEER_ERROR_UNKNOWN_CODE set
 */
gboolean
isaf_gazetteer_validate_code (IsafGazetteer       *self,
                              const char          *code,
                              IsafGazetteerLevel   level,
                              GError             **error)
{
  IsafGazetteerLevel code_level;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (level <= ISAF_GAZETTEER_VILLAGE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_level_from_code (code, &code_level) || code_level != level)
    {
      /* The code comes from the user and may not even be UTF-8. */
      g_autofree char *shown = g_utf8_make_valid (code, -1);

      set_malformed_code_error (error, level, shown);
      return FALSE;
    }

  if (find_entry (self, level, code) == NULL)
    {
      set_unknown_code_error (error, level, code);
      return FALSE;
    }

  return TRUE;
}

/**
 * isaf_gazetteer_get_parent:
 * @self: a gazetteer
 * @entry: a unit of @self
 *
 * Returns: (transfer none) (nullable): the unit containing @entry, or %NULL for a province
 */
const IsafGazetteerEntry *
isaf_gazetteer_get_parent (IsafGazetteer            *self,
                           const IsafGazetteerEntry *entry)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (entry->level <= ISAF_GAZETTEER_VILLAGE, NULL);

  if (entry->level == ISAF_GAZETTEER_PROVINCE)
    return NULL;

  return find_entry (self, entry->level - 1, entry->code);
}

static GPtrArray *
copy_range (IsafGazetteer      *self,
            IsafGazetteerLevel  level,
            guint               first,
            guint               n)
{
  GPtrArray *array = g_ptr_array_sized_new (n);

  for (guint i = first; i < first + n; i++)
    g_ptr_array_add (array, (gpointer) self->by_level[level][i]);

  return array;
}

/**
 * isaf_gazetteer_children:
 * @self: a gazetteer
 * @parent_code: (nullable): the code of a province, district or commune, or %NULL
 *
 * Lists the units directly inside @parent_code, or the provinces when it is %NULL. An unknown
 * code or a village has no children.
 *
 * Returns: (transfer container) (element-type IsafGazetteerEntry): the units in code order;
 *   the array has no free function
 */
GPtrArray *
isaf_gazetteer_children (IsafGazetteer *self,
                         const char    *parent_code)
{
  IsafGazetteerLevel parent_level;
  guint first;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  ensure_index (self);
  if (parent_code == NULL)
    return copy_range (self, ISAF_GAZETTEER_PROVINCE, 0,
                       self->n_by_level[ISAF_GAZETTEER_PROVINCE]);

  if (!parse_level_from_code (parent_code, &parent_level)
      || parent_level == ISAF_GAZETTEER_VILLAGE)
    return g_ptr_array_new ();

  n = find_range (self, parent_level + 1, parent_code, code_length (parent_level), &first);
  return copy_range (self, parent_level + 1, first, n);
}

/* Spaces, hyphens, apostrophes, quotes and zero-width characters come and go between
 * spellings of the same name ("Ou Chrov", "Ouchrov", "O'Chrov"; ស្ពឺ "ក", ស្ពឺក), so neither
 * side of a comparison has them. */
static gboolean
is_ignorable (gunichar c)
{
  if (c < 0x80)
    return c <= ' ' || c == 0x7f || g_ascii_ispunct (c);

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
      return TRUE;
    default:
      return FALSE;
    }
}

/* @name must be NFC already. */
static void
append_khmer_key (GString    *key,
                  const char *name)
{
  for (const char *p = name, *next; *p != '\0'; p = next)
    {
      next = g_utf8_next_char (p);
      if (!is_ignorable (g_utf8_get_char (p)))
        g_string_append_len (key, p, next - p);
    }
}

/* Case and accents are dropped as well: the source spells "Kratié" and "Chambâk", while a
 * clerk types "kratie". Khmer text passes through unchanged, so it never matches by accident. */
static void
append_latin_key (GString    *key,
                  const char *name)
{
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

      if (is_ignorable (c) || (c >= 0x0300 && c <= 0x036F) /* combining diacritics */)
        continue;

      if (c < 0x80)
        {
          g_string_append_c (key, g_ascii_tolower ((char) c));
          continue;
        }

      if (g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed)) > 0)
        c = decomposed[0];
      g_string_append_unichar (key, g_unichar_tolower (c));
    }
}

static SearchKeys *
get_search_keys (IsafGazetteer      *self,
                 IsafGazetteerLevel  level)
{
  if (g_once_init_enter (&self->keys[level]))
    {
      SearchKeys *keys = g_new0 (SearchKeys, 1);
      guint n = self->n_by_level[level];
      GString *text = g_string_sized_new (n * 32);

      keys->offsets = g_new (guint32, 2 * n);
      for (guint i = 0; i < n; i++)
        {
          const IsafGazetteerEntry *entry = self->by_level[level][i];

          /* convert.py writes NFC, which the test suite checks, so the names need no
           * normalising here; only what the user types does. */
          keys->offsets[2 * i] = (guint32) text->len;
          append_khmer_key (text, entry->name_km);
          g_string_append_c (text, '\0');

          keys->offsets[2 * i + 1] = (guint32) text->len;
          append_latin_key (text, entry->name_latin);
          g_string_append_c (text, '\0');
        }
      keys->text = g_string_free (text, FALSE);

      g_once_init_leave (&self->keys[level], keys);
    }

  return self->keys[level];
}

/**
 * isaf_gazetteer_search:
 * @self: a gazetteer
 * @level: the level of the units to find
 * @within_code: (nullable): the code of a unit above @level to search inside, or %NULL for
 *   the whole country
 * @prefix: (nullable): what the user typed, in Khmer or Latin script
 *
 * Finds the units of @level whose Khmer or Latin name starts with @prefix. Khmer is compared
 * after NFC normalisation, Latin without regard to case or accents; spaces, punctuation and
 * zero-width characters are ignored in both. An empty @prefix matches every unit.
 *
 * Returns: (transfer container) (element-type IsafGazetteerEntry): the matching units in code
 *   order; the array has no free function
 */
GPtrArray *
isaf_gazetteer_search (IsafGazetteer      *self,
                       IsafGazetteerLevel  level,
                       const char         *within_code,
                       const char         *prefix)
{
  g_autofree char *nfc = NULL;
  g_autoptr(GString) khmer = NULL;
  g_autoptr(GString) latin = NULL;
  IsafGazetteerLevel within_level;
  SearchKeys *keys;
  GPtrArray *results;
  guint first = 0;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (level <= ISAF_GAZETTEER_VILLAGE, NULL);

  if (prefix == NULL)
    prefix = "";
  if (!g_utf8_validate (prefix, -1, NULL))
    return g_ptr_array_new ();

  ensure_index (self);
  n = self->n_by_level[level];
  if (within_code != NULL)
    {
      if (!parse_level_from_code (within_code, &within_level) || within_level >= level)
        return g_ptr_array_new ();
      n = find_range (self, level, within_code, code_length (within_level), &first);
    }

  nfc = g_utf8_normalize (prefix, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  khmer = g_string_new (NULL);
  latin = g_string_new (NULL);
  append_khmer_key (khmer, nfc);
  append_latin_key (latin, nfc);

  if (khmer->len == 0 && latin->len == 0)
    return copy_range (self, level, first, n);

  keys = get_search_keys (self, level);
  results = g_ptr_array_new ();
  for (guint i = first; i < first + n; i++)
    {
      const char *khmer_key = keys->text + keys->offsets[2 * i];
      const char *latin_key = keys->text + keys->offsets[2 * i + 1];

      /* An empty key on one side (say, the Latin key of a lone accent) must not match all. */
      if ((khmer->len > 0 && strncmp (khmer_key, khmer->str, khmer->len) == 0)
          || (latin->len > 0 && strncmp (latin_key, latin->str, latin->len) == 0))
        g_ptr_array_add (results, (gpointer) self->by_level[level][i]);
    }

  return results;
}
