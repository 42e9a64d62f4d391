/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-about"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-about.h"

/* The build merges the translations into the metainfo and compiles the result in here. */
#define METAINFO_RESOURCE "/kh/gov/ncdd/IsafCommune/metainfo.xml"

/* How well a piece of text suits the interface language: the place of its language in
 * g_get_language_names (), lower being better; RANK_NONE when it does not suit at all. */
#define RANK_NONE G_MAXINT

/* One translatable element: the best of its translations read so far. */
typedef struct {
  char *text;
  int rank;
} Translated;

typedef struct {
  char *version;
  Translated notes;
} Release;

typedef struct {
  const char * const *languages;

  Translated name;
  Translated summary;
  Translated developer_name;
  Translated project_license;
  Translated homepage;
  Translated bugtracker;
  GPtrArray *releases;

  /* A leaf element being read (<name>, <summary>, …): its text, and where it goes. */
  Translated *leaf;
  GString *leaf_text;
  int leaf_rank;
  guint leaf_depth;

  /* The <description> of the release being read, turned into release-notes markup. */
  Release *release;
  GString *notes;
  int notes_rank;
  guint notes_depth;
  /* A <p> or <li> and the translations that follow it: the best of them is kept. */
  const char *group_element;
  Translated group;
  /* The <p> or <li> being read, as markup. */
  GString *block;
  int block_rank;
  guint block_depth;
} Reader;

/* SPDX identifiers GTK knows the text of; any other licence is shown by name. */
static const struct {
  const char *spdx;
  GtkLicense type;
} licenses[] = {
  { "GPL-2.0-only", GTK_LICENSE_GPL_2_0_ONLY },
  { "GPL-2.0-or-later", GTK_LICENSE_GPL_2_0 },
  { "GPL-3.0-only", GTK_LICENSE_GPL_3_0_ONLY },
  { "GPL-3.0-or-later", GTK_LICENSE_GPL_3_0 },
  { "LGPL-2.1-only", GTK_LICENSE_LGPL_2_1_ONLY },
  { "LGPL-2.1-or-later", GTK_LICENSE_LGPL_2_1 },
  { "LGPL-3.0-only", GTK_LICENSE_LGPL_3_0_ONLY },
  { "LGPL-3.0-or-later", GTK_LICENSE_LGPL_3_0 },
  { "AGPL-3.0-only", GTK_LICENSE_AGPL_3_0_ONLY },
  { "AGPL-3.0-or-later", GTK_LICENSE_AGPL_3_0 },
  { "BSD-2-Clause", GTK_LICENSE_BSD },
  { "BSD-3-Clause", GTK_LICENSE_BSD_3 },
  { "MIT", GTK_LICENSE_MIT_X11 },
  { "Artistic-2.0", GTK_LICENSE_ARTISTIC },
  { "Apache-2.0", GTK_LICENSE_APACHE_2_0 },
  { "MPL-2.0", GTK_LICENSE_MPL_2_0 },
};

static void
release_free (Release *release)
{
  g_free (release->version);
  g_free (release->notes.text);
  g_free (release);
}

static void
reader_clear (Reader *reader)
{
  g_free (reader->name.text);
  g_free (reader->summary.text);
  g_free (reader->developer_name.text);
  g_free (reader->project_license.text);
  g_free (reader->homepage.text);
  g_free (reader->bugtracker.text);
  g_clear_pointer (&reader->releases, g_ptr_array_unref);
  if (reader->leaf_text != NULL)
    g_string_free (reader->leaf_text, TRUE);
  if (reader->notes != NULL)
    g_string_free (reader->notes, TRUE);
  g_free (reader->group.text);
  if (reader->block != NULL)
    g_string_free (reader->block, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static const char *
lookup_attribute (const char **names,
                  const char **values,
                  const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], name))
        return values[i];
    }
  return NULL;
}

static gboolean
is_english (const char *language)
{
  return g_str_has_prefix (language, "en")
         && (language[2] == '\0' || language[2] == '_' || language[2] == '.'
             || language[2] == '@');
}

/* The untranslated text is AppStream's source language, English, and the fallback ("C");
 * xml:lang may be written the BCP 47 way (pt-BR) or the POSIX way (pt_BR). */
static int
language_rank (const char * const *languages,
               const char         *xml_lang)
{
  g_autofree char *locale = NULL;

  if (xml_lang != NULL && xml_lang[0] != '\0')
    locale = g_strdelimit (g_strdup (xml_lang), "-", '_');

  for (int i = 0; languages[i] != NULL; i++)
    {
      if (locale == NULL ? is_english (languages[i]) || g_str_equal (languages[i], "C")
                         : g_str_equal (languages[i], locale))
        return i;
    }
  return RANK_NONE;
}

/* Takes @text; keeps the first of equally good translations. */
static void
translated_offer (Translated *translated,
                  char       *text,
                  int         rank)
{
  if (rank < translated->rank)
    {
      g_free (translated->text);
      translated->text = text;
      translated->rank = rank;
    }
  else
    {
      g_free (text);
    }
}

static void
translated_init (Translated *translated)
{
  translated->text = NULL;
  translated->rank = RANK_NONE;
}

/* Metainfo text is wrapped and indented as XML; shown, it is one line. */
static char *
collapse_whitespace (const char *text)
{
  GString *collapsed = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && collapsed->len > 0)
        g_string_append_c (collapsed, ' ');
      space = FALSE;
      g_string_append_c (collapsed, *p);
    }
  return g_string_free (collapsed, FALSE);
}

/* Compares versions such as 0.9.2 and 0.10 part by part, numbers as numbers. */
static int
compare_versions (const char *a,
                  const char *b)
{
  while (*a != '\0' || *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          char *end_a;
          char *end_b;
          guint64 number_a = g_ascii_strtoull (a, &end_a, 10);
          guint64 number_b = g_ascii_strtoull (b, &end_b, 10);

          if (number_a != number_b)
            return number_a < number_b ? -1 : 1;
          a = end_a;
          b = end_b;
        }
      else if (*a == '~' || *b == '~')
        {
          /* As in Debian and AppStream, 1.0~beta comes before 1.0. */
          if (*a != *b)
            return *a == '~' ? -1 : 1;
          a++;
          b++;
        }
      else if (*a != *b)
        {
          return (guchar) *a < (guchar) *b ? -1 : 1;
        }
      else
        {
          a++;
          b++;
        }
    }
  return 0;
}

/* Adds the best of the current <p> or <li> and its translations to the notes. */
static void
flush_group (Reader *reader)
{
  if (reader->group.text != NULL)
    g_string_append_printf (reader->notes, "<%s>%s</%s>", reader->group_element,
                            reader->group.text, reader->group_element);
  g_clear_pointer (&reader->group.text, g_free);
  reader->group.rank = RANK_NONE;
  reader->group_element = NULL;
}

static gboolean
is_inline_element (const char *element)
{
  return g_str_equal (element, "em") || g_str_equal (element, "code");
}

static gboolean
is_list_element (const char *element)
{
  return g_str_equal (element, "ul") || g_str_equal (element, "ol");
}

/* Release notes take the markup of AppStream descriptions: <p>, <ul>, <ol>, <li>, <em> and
 * <code>. The merged metainfo follows each <p> and <li> with its translations. */
static void
start_notes_element (Reader     *reader,
                     const char *element,
                     const char *xml_lang,
                     guint       depth)
{
  if (g_str_equal (element, "p") || g_str_equal (element, "li"))
    {
      const char *block_element = g_str_equal (element, "p") ? "p" : "li";

      if (xml_lang == NULL || g_strcmp0 (reader->group_element, block_element) != 0)
        {
          flush_group (reader);
          reader->group_element = block_element;
        }
      reader->block = g_string_new (NULL);
      reader->block_rank = language_rank (reader->languages, xml_lang);
      reader->block_depth = depth;
    }
  else if (is_list_element (element))
    {
      flush_group (reader);
      g_string_append_printf (reader->notes, "<%s>", element);
    }
}

static void
end_notes_element (Reader     *reader,
                   const char *element,
                   guint       depth)
{
  if (depth == reader->notes_depth)
    {
      flush_group (reader);
      translated_offer (&reader->release->notes, g_string_free (reader->notes, FALSE),
                        reader->notes_rank);
      reader->notes = NULL;
    }
  else if (is_list_element (element))
    {
      flush_group (reader);
      g_string_append_printf (reader->notes, "</%s>", element);
    }
}

static void
start_leaf (Reader     *reader,
            Translated *leaf,
            const char *xml_lang,
            guint       depth)
{
  reader->leaf = leaf;
  reader->leaf_text = g_string_new (NULL);
  reader->leaf_rank = language_rank (reader->languages, xml_lang);
  reader->leaf_depth = depth;
}

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Reader *reader = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  const char *parent = stack->next != NULL ? stack->next->data : NULL;
  const char *xml_lang = lookup_attribute (names, values, "xml:lang");
  guint depth = g_slist_length ((GSList *) stack);

  if (reader->block != NULL)
    {
      if (is_inline_element (element))
        g_string_append_printf (reader->block, "<%s>", element);
    }
  else if (reader->notes != NULL)
    {
      start_notes_element (reader, element, xml_lang, depth);
    }
  else if (reader->leaf_text != NULL)
    {
      /* Leaves hold text only: an element inside one adds nothing but its text. */
    }
  else if (g_strcmp0 (parent, "component") == 0)
    {
      const char *type = lookup_attribute (names, values, "type");

      if (g_str_equal (element, "name"))
        start_leaf (reader, &reader->name, xml_lang, depth);
      else if (g_str_equal (element, "summary"))
        start_leaf (reader, &reader->summary, xml_lang, depth);
      else if (g_str_equal (element, "developer_name"))
        start_leaf (reader, &reader->developer_name, xml_lang, depth);
      else if (g_str_equal (element, "project_license"))
        start_leaf (reader, &reader->project_license, xml_lang, depth);
      else if (g_str_equal (element, "url") && g_strcmp0 (type, "homepage") == 0)
        start_leaf (reader, &reader->homepage, xml_lang, depth);
      else if (g_str_equal (element, "url") && g_strcmp0 (type, "bugtracker") == 0)
        start_leaf (reader, &reader->bugtracker, xml_lang, depth);
    }
  else if (g_strcmp0 (parent, "developer") == 0 && g_str_equal (element, "name"))
    {
      /* AppStream 1.0 writes <developer><name> for <developer_name>. */
      start_leaf (reader, &reader->developer_name, xml_lang, depth);
    }
  else if (g_strcmp0 (parent, "releases") == 0 && g_str_equal (element, "release"))
    {
      const char *version = lookup_attribute (names, values, "version");

      reader->release = NULL;
      if (version != NULL)
        {
          reader->release = g_new0 (Release, 1);
          reader->release->version = g_strdup (version);
          translated_init (&reader->release->notes);
          g_ptr_array_add (reader->releases, reader->release);
        }
    }
  else if (g_strcmp0 (parent, "release") == 0 && g_str_equal (element, "description")
           && reader->release != NULL)
    {
      reader->notes = g_string_new (NULL);
      reader->notes_rank = language_rank (reader->languages, xml_lang);
      reader->notes_depth = depth;
    }
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  Reader *reader = user_data;
  guint depth = g_slist_length ((GSList *) g_markup_parse_context_get_element_stack (context));

  if (reader->block != NULL)
    {
      if (depth == reader->block_depth)
        {
          char *markup = collapse_whitespace (reader->block->str);

          g_string_free (reader->block, TRUE);
          reader->block = NULL;
          if (markup[0] != '\0')
            translated_offer (&reader->group, markup, reader->block_rank);
          else
            g_free (markup);
        }
      else if (is_inline_element (element))
        {
          g_string_append_printf (reader->block, "</%s>", element);
        }
    }
  else if (reader->notes != NULL)
    {
      end_notes_element (reader, element, depth);
    }
  else if (reader->leaf_text != NULL && depth == reader->leaf_depth)
    {
      translated_offer (reader->leaf, collapse_whitespace (reader->leaf_text->str),
                        reader->leaf_rank);
      g_string_free (reader->leaf_text, TRUE);
      reader->leaf_text = NULL;
    }
  else if (g_str_equal (element, "release"))
    {
      reader->release = NULL;
    }
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  Reader *reader = user_data;

  if (reader->block != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (text, text_len);

      g_string_append (reader->block, escaped);
    }
  else if (reader->leaf_text != NULL)
    {
      g_string_append_len (reader->leaf_text, text, text_len);
    }
}

static const GMarkupParser metainfo_parser = {
  .start_element = on_start_element,
  .end_element = on_end_element,
  .text = on_text,
};

static Release *
find_newest_release (GPtrArray *releases)
{
  Release *newest = NULL;

  for (guint i = 0; i < releases->len; i++)
    {
      Release *release = g_ptr_array_index (releases, i);

      if (newest == NULL || compare_versions (release->version, newest->version) > 0)
        newest = release;
    }
  return newest;
}

static void
set_license (AdwAboutWindow *about,
             const char     *spdx)
{
  g_autofree char *markup = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (licenses); i++)
    {
      if (g_str_equal (licenses[i].spdx, spdx))
        {
          adw_about_window_set_license_type (about, licenses[i].type);
          return;
        }
    }

  /* Translators: shown in About for a licence the toolkit has no text for; %s is an SPDX
   * licence expression, such as "MPL-2.0 OR Apache-2.0". */
  markup = g_markup_printf_escaped (_("This application is distributed under the terms of %s."),
                                    spdx);
  adw_about_window_set_license (about, markup);
}

gboolean
isaf_about_window_load_metainfo (AdwAboutWindow  *about,
                                 GBytes          *metainfo,
                                 GError         **error)
{
  g_auto(Reader) reader = { 0 };
  g_autoptr(GMarkupParseContext) context = NULL;
  gsize size;
  const char *data = g_bytes_get_data (metainfo, &size);
  Release *newest;

  g_return_val_if_fail (ADW_IS_ABOUT_WINDOW (about), FALSE);
  g_return_val_if_fail (metainfo != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reader.languages = g_get_language_names ();
  reader.releases = g_ptr_array_new_with_free_func ((GDestroyNotify) release_free);
  translated_init (&reader.name);
  translated_init (&reader.summary);
  translated_init (&reader.developer_name);
  translated_init (&reader.project_license);
  translated_init (&reader.homepage);
  translated_init (&reader.bugtracker);
  translated_init (&reader.group);

  context = g_markup_parse_context_new (&metainfo_parser,
                                        G_MARKUP_TREAT_CDATA_AS_TEXT
                                        | G_MARKUP_PREFIX_ERROR_POSITION,
                                        &reader, NULL);
  if (!g_markup_parse_context_parse (context, data, size, error)
      || !g_markup_parse_context_end_parse (context, error))
    return FALSE;

  if (reader.name.text == NULL)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "The metainfo has no <name> for this language");
      return FALSE;
    }

  adw_about_window_set_application_name (about, reader.name.text);
  if (reader.summary.text != NULL)
    adw_about_window_set_comments (about, reader.summary.text);
  if (reader.developer_name.text != NULL)
    adw_about_window_set_developer_name (about, reader.developer_name.text);
  if (reader.project_license.text != NULL)
    set_license (about, reader.project_license.text);
  if (reader.homepage.text != NULL)
    adw_about_window_set_website (about, reader.homepage.text);
  if (reader.bugtracker.text != NULL)
    adw_about_window_set_issue_url (about, reader.bugtracker.text);

  newest = find_newest_release (reader.releases);
  if (newest != NULL)
    {
      adw_about_window_set_version (about, newest->version);
      if (newest->notes.text != NULL)
        adw_about_window_set_release_notes (about, newest->notes.text);
    }

  return TRUE;
}

AdwAboutWindow *
isaf_about_window_new (GtkWindow *parent)
{
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  g_autoptr(GBytes) metainfo = NULL;
  g_autoptr(GError) error = NULL;
  /* Translators: your names, one per line, shown in the About window. */
  const char *translators = _("translator-credits");

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  adw_about_window_set_application_icon (about, APP_ID);

  metainfo = g_resources_lookup_data (METAINFO_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (metainfo == NULL || !isaf_about_window_load_metainfo (about, metainfo, &error))
    {
      /* The metainfo is compiled in: only a broken build gets here. */
      g_critical ("Cannot read the metainfo %s: %s", METAINFO_RESOURCE, error->message);
      adw_about_window_set_application_name (about, PACKAGE_NAME);
      adw_about_window_set_version (about, PACKAGE_VERSION);
    }

  /* An untranslated catalogue returns the key itself: show no credits then. */
  if (g_strcmp0 (translators, "translator-credits") != 0)
    adw_about_window_set_translator_credits (about, translators);

  return about;
}
