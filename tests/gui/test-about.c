/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-about.h"
#include "isaf-application.h"
#include "isaf-gui-test-helpers.h"

#define TIMEOUT_SECONDS 20

/* Registered once, as the real application is, for app.about. */
static IsafApplication *application;

/* What the test expects, read from the metainfo files themselves with a reader of its own:
 * every element with its path from the root, its xml:lang, type, version and date
 * attributes, and its text. */
typedef struct {
  char *path;
  char *lang;
  char *type;
  char *version;
  char *date;
  char *text;
} Element;

typedef struct {
  GPtrArray *elements;
  GPtrArray *open;
  /* The version of the <release> being read, given to the elements inside it. */
  char *release;
} Document;

static void
element_free (Element *element)
{
  g_free (element->path);
  g_free (element->lang);
  g_free (element->type);
  g_free (element->version);
  g_free (element->date);
  g_free (element->text);
  g_free (element);
}

static const char *
attribute (const char **names,
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

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *name,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Document *document = user_data;
  Element *element = g_new0 (Element, 1);
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(GSList) stack = g_slist_reverse (
    g_slist_copy ((GSList *) g_markup_parse_context_get_element_stack (context)));

  for (GSList *l = stack; l != NULL; l = l->next)
    g_string_append_printf (path, "%s%s", path->len > 0 ? "/" : "", (char *) l->data);
  element->path = g_strdup (path->str);
  element->lang = g_strdup (attribute (names, values, "xml:lang"));
  element->type = g_strdup (attribute (names, values, "type"));
  element->version = g_strdup (attribute (names, values, "version"));
  element->date = g_strdup (attribute (names, values, "date"));
  element->text = g_strdup ("");
  if (g_str_equal (name, "release"))
    {
      g_free (document->release);
      document->release = g_strdup (element->version);
    }
  else if (document->release != NULL)
    element->version = g_strdup (document->release);
  g_ptr_array_add (document->open, element);
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *name,
                gpointer              user_data,
                GError              **error)
{
  Document *document = user_data;
  Element *element = g_ptr_array_steal_index (document->open, document->open->len - 1);
  g_auto(GStrv) words = g_strsplit_set (element->text, " \t\n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        g_strv_builder_add (builder, words[i]);
    }
  kept = g_strv_builder_end (builder);
  g_free (element->text);
  element->text = g_strjoinv (" ", kept);
  if (g_str_equal (name, "release"))
    g_clear_pointer (&document->release, g_free);
  g_ptr_array_add (document->elements, element);
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  Document *document = user_data;
  Element *element = g_ptr_array_index (document->open, document->open->len - 1);
  char *joined = g_strdup_printf ("%s%.*s", element->text, (int) text_len, text);

  g_free (element->text);
  element->text = joined;
}

static GPtrArray *
read_metainfo (const char *variable)
{
  static const GMarkupParser parser = {
    .start_element = on_start_element,
    .end_element = on_end_element,
    .text = on_text,
  };
  const char *path = g_getenv (variable);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  Document document = {
    .elements = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free),
    .open = open,
  };

  g_assert_nonnull (path);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  context = g_markup_parse_context_new (&parser, 0, &document, NULL);
  g_markup_parse_context_parse (context, contents, length, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 0);

  return document.elements;
}

/* The text of the first element at @path with this xml:lang (NULL: untranslated), this type
 * attribute (NULL: any) and inside the release @version (NULL: any). */
static const char *
find_text (GPtrArray  *elements,
           const char *path,
           const char *lang,
           const char *type,
           const char *version)
{
  for (guint i = 0; i < elements->len; i++)
    {
      Element *element = g_ptr_array_index (elements, i);

      if (g_str_equal (element->path, path) && g_strcmp0 (element->lang, lang) == 0
          && (type == NULL || g_strcmp0 (element->type, type) == 0)
          && (version == NULL || g_strcmp0 (element->version, version) == 0))
        return element->text;
    }
  return NULL;
}

/* The newest release by its date, independently of how the application picks it (by
 * version). */
static const char *
find_newest_version (GPtrArray *elements)
{
  Element *newest = NULL;

  for (guint i = 0; i < elements->len; i++)
    {
      Element *element = g_ptr_array_index (elements, i);

      if (g_str_equal (element->path, "component/releases/release")
          && (newest == NULL || g_strcmp0 (element->date, newest->date) > 0))
        newest = element;
    }
  g_assert_nonnull (newest);
  return newest->version;
}

/* The run with LANGUAGE=km expects the Khmer texts. */
static const char *
interface_language (void)
{
  return g_strcmp0 (g_getenv ("LANGUAGE"), "km") == 0 ? "km" : NULL;
}

/* Every field comes from the metainfo: the version from the source file, the translated
 * texts from the merged one the build compiles in. */
static void
test_about_metainfo (void)
{
  g_autoptr(GPtrArray) source = read_metainfo ("ISAF_METAINFO_SOURCE");
  g_autoptr(GPtrArray) merged = read_metainfo ("ISAF_METAINFO_MERGED");
  const char *lang = interface_language ();
  const char *version = find_newest_version (source);
  const char *name = find_text (merged, "component/name", lang, NULL, NULL);
  const char *summary = find_text (merged, "component/summary", lang, NULL, NULL);
  const char *notes_paragraph = find_text (merged, "component/releases/release/description/p",
                                           lang, NULL, version);
  g_autofree char *escaped_paragraph = NULL;
  AdwAboutWindow *about = isaf_about_window_new (NULL);

  g_assert_nonnull (name);
  g_assert_nonnull (summary);
  g_assert_nonnull (notes_paragraph);
  escaped_paragraph = g_markup_escape_text (notes_paragraph, -1);

  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, name);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, version);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==,
                   find_text (source, "component/developer_name", NULL, NULL, NULL));
  g_assert_cmpstr (find_text (source, "component/project_license", NULL, NULL, NULL), ==,
                   "GPL-3.0-or-later");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==,
                   find_text (source, "component/url", NULL, "homepage", NULL));
  g_assert_cmpstr (adw_about_window_get_comments (about), ==, summary);
  g_assert_nonnull (strstr (adw_about_window_get_release_notes (about), escaped_paragraph));
  g_assert_true (g_str_has_prefix (adw_about_window_get_release_notes (about), "<p>"));
  if (lang != NULL)
    g_assert_cmpstr (summary, !=,
                     find_text (source, "component/summary", NULL, NULL, NULL));

  gtk_window_present (GTK_WINDOW (about));
  ISAF_GUI_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (about)), TIMEOUT_SECONDS);
  isaf_gui_test_destroy_window (about);
}

/* app.about opens the same window. */
static void
test_about_action (void)
{
  g_autoptr(GPtrArray) source = read_metainfo ("ISAF_METAINFO_SOURCE");
  AdwAboutWindow *about;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (application), "about"));
  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);

  about = isaf_gui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  ISAF_GUI_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (about)), TIMEOUT_SECONDS);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, find_newest_version (source));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (about)));
  isaf_gui_test_destroy_window (about);
}

static const char odd_metainfo[] =
  "<?xml version='1.0' encoding='UTF-8'?>\n"
  "<component type='desktop-application'>\n"
  "  <id>org.example.Test</id>\n"
  "  <name>Test</name>\n"
  "  <name xml:lang='xx'>Xx Test</name>\n"
  "  <name xml:lang='km'>Km Test</name>\n"
  "  <summary>Tests</summary>\n"
  "  <developer id='org.example'><name>Example &amp; Co</name></developer>\n"
  "  <project_license>MPL-2.0 OR Apache-2.0</project_license>\n"
  "  <url type='bugtracker'>https://example.org/issues</url>\n"
  "  <url type='homepage'>\n    https://example.org/\n  </url>\n"
  "  <releases>\n"
  "    <release version='0.9.2'><description><p>Old</p></description></release>\n"
  "    <release version='0.10.0'>\n"
  "      <description>\n"
  "        <p>Fixes   <em>many</em>\n"
  "           things &amp; adds <code>a &lt; b</code>.</p>\n"
  "        <p xml:lang='km'>Km fixes</p>\n"
  "        <ol><li>One</li><li xml:lang='km'>Km one</li><li>Two</li></ol>\n"
  "        <ul><li>Three</li></ul>\n"
  "      </description>\n"
  "    </release>\n"
  "    <release version='0.10.0~beta'><description><p>Beta</p></description></release>\n"
  "  </releases>\n"
  "</component>\n";

/* Markup the real metainfo does not have yet: lists, inline markup, translations of some
 * paragraphs only, releases out of order with a pre-release, another licence, AppStream
 * 1.0's <developer>. */
static void
test_about_markup (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (odd_metainfo, strlen (odd_metainfo));
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gboolean khmer = interface_language () != NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_about_window_load_metainfo (about, bytes, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (adw_about_window_get_application_name (about), ==,
                   khmer ? "Km Test" : "Test");
  g_assert_cmpstr (adw_about_window_get_comments (about), ==, "Tests");
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "Example & Co");
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://example.org/");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, "https://example.org/issues");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_CUSTOM);
  g_assert_nonnull (strstr (adw_about_window_get_license (about), "MPL-2.0 OR Apache-2.0"));
  g_assert_cmpstr (adw_about_window_get_version (about), ==, "0.10.0");
  g_assert_cmpstr (adw_about_window_get_release_notes (about), ==,
                   khmer ? "<p>Km fixes</p><ol><li>Km one</li><li>Two</li></ol>"
                           "<ul><li>Three</li></ul>"
                         : "<p>Fixes <em>many</em> things &amp; adds <code>a &lt; b</code>.</p>"
                           "<ol><li>One</li><li>Two</li></ol><ul><li>Three</li></ul>");

  /* libadwaita parses the notes when they are set and shown: it must accept them. */
  gtk_window_present (GTK_WINDOW (about));
  ISAF_GUI_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (about)), TIMEOUT_SECONDS);
  isaf_gui_test_destroy_window (about);
}

/* A broken file changes nothing. */
static void
test_about_errors (void)
{
  static const char broken[] = "<component><name>Broken</nam></component>";
  static const char nameless[] = "<component><summary>No name</summary></component>";
  g_autoptr(GBytes) broken_bytes = g_bytes_new_static (broken, strlen (broken));
  g_autoptr(GBytes) nameless_bytes = g_bytes_new_static (nameless, strlen (nameless));
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  g_autoptr(GError) error = NULL;

  adw_about_window_set_application_name (about, "Before");
  g_assert_false (isaf_about_window_load_metainfo (about, broken_bytes, &error));
  g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_false (isaf_about_window_load_metainfo (about, nameless_bytes, &error));
  g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Before");
  g_assert_cmpstr (adw_about_window_get_comments (about), ==, "");

  isaf_gui_test_destroy_window (about);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  isaf_gui_test_init (&argc, &argv);

  application = isaf_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/about/metainfo", test_about_metainfo);
  g_test_add_func ("/about/action", test_about_action);
  g_test_add_func ("/about/markup", test_about_markup);
  g_test_add_func ("/about/errors", test_about_errors);

  result = g_test_run ();
  g_object_unref (application);
  return result;
}
