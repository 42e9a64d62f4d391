/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isafctl"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "isaf-backup.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-dump.h"
#include "isaf-gazetteer.h"
#include "isaf-poster.h"
#include "isaf-poster-data.h"
#include "isaf-sync-client.h"
#include "isaf-sync-export.h"
#include "isaf-sync-local.h"
#include "isaf-validate.h"
#include "isafctl.h"
#include "isafctl-report.h"

/* isafctl: the headless tool over the core library, for administrators, scripts, tests and
 * benchmarks. Each command is a small function; the work itself is in the libraries. */

typedef int (*CommandFunc) (const char *db_path,
                            int         argc,
                            char      **argv);

int
isafctl_fail (GError *error)
{
  g_printerr ("isafctl: %s\n", error->message);
  g_error_free (error);
  return EXIT_FAILED;
}

gboolean
isafctl_parse_options (const char    *command,
                       const char    *summary,
                       GOptionEntry  *entries,
                       int           *argc,
                       char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (command);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("isafctl %s: %s\n", command, error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      g_printerr (_("isafctl %s: unexpected argument “%s”\n"), command, (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

static int
command_demo (const char *db_path,
              int         argc,
              char      **argv)
{
  g_autofree char *commune = NULL;
  int years = ISAF_DEMO_DEFAULT_YEARS;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "commune", 0, 0, G_OPTION_ARG_STRING, &commune, N_("The commune’s six-digit code"), N_("CODE") },
    { "years", 0, 0, G_OPTION_ARG_INT, &years, N_("Complete cycles to create (default 3)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed: the same seed gives the same database"), "S" },
    { NULL }
  };
  g_autoptr(IsafDatabase) database = NULL;
  IsafDemoOptions options = { 0 };
  const IsafGazetteerEntry *entry;
  GError *error = NULL;

  if (!isafctl_parse_options ("demo", _("Create a realistic demo database for a real commune."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (commune == NULL)
    {
      g_printerr (_("isafctl demo: --commune CODE is required\n"));
      return EXIT_USAGE;
    }

  /* Checked before the file is made, so a wrong code leaves nothing behind. */
  if (!isaf_validate_commune_code (commune, &error))
    return isafctl_fail (error);
  if (years < 1 || years > ISAF_DEMO_MAX_YEARS)
    {
      g_printerr (_("isafctl demo: --years must be between 1 and %d\n"), ISAF_DEMO_MAX_YEARS);
      return EXIT_USAGE;
    }

  database = isaf_database_open (db_path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  if (database == NULL)
    return isafctl_fail (error);

  options.commune_code = commune;
  options.years = years;
  options.seed = seed;
  if (!isaf_demo_generate (database, &options, &error))
    {
      isaf_database_close (database);
      g_unlink (db_path);
      return isafctl_fail (error);
    }

  entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), commune);
  g_print (ngettext ("Created a demo database for %s%s (%s) with %d year of cycles: %s\n",
                     "Created a demo database for %s%s (%s) with %d years of cycles: %s\n",
                     years),
           entry->unit_km, entry->name_km, entry->code, years, db_path);
  return EXIT_OK;
}

static int
command_check (const char *db_path,
               int         argc,
               char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) problems = NULL;
  GError *error = NULL;

  if (!isafctl_parse_options ("check", _("Check a database’s integrity and links."),
                              entries, &argc, &argv))
    return EXIT_USAGE;

  if (!isaf_backup_check_file (db_path, &problems, &error))
    {
      if (error)
        return isafctl_fail (error);
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("%s\n", (const char *) problems->pdata[i]);
      g_printerr (ngettext ("%s: %u problem found\n", "%s: %u problems found\n", problems->len),
                  db_path, problems->len);
      return EXIT_FAILED;
    }

  g_print (_("%s: sound\n"), db_path);
  return EXIT_OK;
}

static GOutputStream *
open_output (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL || g_str_equal (path, "-"))
    return g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  file = g_file_new_for_commandline_arg (path);
  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error));
}

static int
command_dump (const char *db_path,
              int         argc,
              char      **argv)
{
  g_autofree char *output_path = NULL;
  GOptionEntry entries[] = {
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output_path, N_("Write to FILE instead of the standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(GOutputStream) output = NULL;
  GError *error = NULL;

  if (!isafctl_parse_options ("dump", _("Write the canonical JSON of every synced table."),
                              entries, &argc, &argv))
    return EXIT_USAGE;

  database = isaf_database_open (db_path, ISAF_DATABASE_OPEN_EXISTING, &error);
  if (database == NULL)
    return isafctl_fail (error);

  output = open_output (output_path, &error);
  if (output == NULL)
    return isafctl_fail (error);

  if (!isaf_dump_write (database, output, &error) || !g_output_stream_close (output, NULL, &error))
    return isafctl_fail (error);
  return EXIT_OK;
}

static int
command_backup (const char *db_path,
                int         argc,
                char      **argv)
{
  g_autofree char *output_path = NULL;
  GOptionEntry entries[] = {
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output_path, N_("The backup file to write (must not exist)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(IsafDatabase) database = NULL;
  GError *error = NULL;

  if (!isafctl_parse_options ("backup", _("Write a complete copy of the database."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (output_path == NULL)
    {
      g_printerr (_("isafctl backup: --output FILE is required\n"));
      return EXIT_USAGE;
    }

  database = isaf_database_open (db_path, ISAF_DATABASE_OPEN_EXISTING, &error);
  if (database == NULL || !isaf_backup_create (database, output_path, &error))
    return isafctl_fail (error);

  g_print (_("Backup written: %s\n"), output_path);
  return EXIT_OK;
}

static int
command_restore (const char *db_path,
                 int         argc,
                 char      **argv)
{
  g_autofree char *input_path = NULL;
  GOptionEntry entries[] = {
    { "input", 0, 0, G_OPTION_ARG_FILENAME, &input_path, N_("The backup file to restore"), N_("FILE") },
    { NULL }
  };
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *kept = NULL;
  GError *error = NULL;

  if (!isafctl_parse_options ("restore", _("Replace the database with a checked backup."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (input_path == NULL)
    {
      g_printerr (_("isafctl restore: --input FILE is required\n"));
      return EXIT_USAGE;
    }

  /* Checked before the database is even opened: a bad backup changes nothing. */
  if (!isaf_backup_check_file (input_path, &problems, &error))
    {
      if (error)
        return isafctl_fail (error);
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("%s\n", (const char *) problems->pdata[i]);
      g_printerr (_("isafctl: the backup failed its check, so nothing was restored.\n"));
      return EXIT_FAILED;
    }

  database = isaf_database_open (db_path, ISAF_DATABASE_OPEN_CREATE, &error);
  if (database == NULL || !isaf_backup_restore (database, input_path, &kept, &error))
    return isafctl_fail (error);

  g_print (_("Restored %s from %s; the previous content is kept in %s\n"), db_path, input_path,
           kept);
  return EXIT_OK;
}

static int
command_poster (const char *db_path,
                int         argc,
                char      **argv)
{
  g_autofree char *unit = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *language_text = NULL;
  g_autofree char *output_path = NULL;
  gboolean all = FALSE;
  int year = 0;
  GOptionEntry entries[] = {
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("The service unit’s code"), N_("CODE") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every service unit of the commune, one page each"), NULL },
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year of the cycle"), N_("YEAR") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text, N_("Paper size: A4, A3 (the default) or A2"), N_("SIZE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language_text, N_("km for Khmer (the default), both for Khmer with English"), N_("LANGUAGE") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output_path, N_("The PDF file to write"), N_("FILE") },
    { NULL }
  };
  IsafPosterSize size = ISAF_POSTER_SIZE_A3;
  IsafPosterLanguage language = ISAF_POSTER_LANGUAGE_KHMER;
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(GPtrArray) posters = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GFile) output = NULL;
  GError *error = NULL;

  if (!isafctl_parse_options ("poster", _("Write the I4C posters of a year as a PDF file."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if ((unit == NULL) == !all)
    {
      g_printerr (_("isafctl poster: give either --unit CODE or --all\n"));
      return EXIT_USAGE;
    }
  if (year <= 0)
    {
      g_printerr (_("isafctl poster: --year YEAR is required\n"));
      return EXIT_USAGE;
    }
  if (output_path == NULL)
    {
      g_printerr (_("isafctl poster: --output FILE is required\n"));
      return EXIT_USAGE;
    }
  if (size_text && !isaf_poster_size_parse (size_text, &size))
    {
      g_printerr (_("isafctl poster: --size must be A4, A3 or A2\n"));
      return EXIT_USAGE;
    }
  if (language_text && !isaf_poster_language_parse (language_text, &language))
    {
      g_printerr (_("isafctl poster: --lang must be km or both\n"));
      return EXIT_USAGE;
    }

  database = isaf_database_open (db_path, ISAF_DATABASE_OPEN_EXISTING, &error);
  if (database == NULL)
    return isafctl_fail (error);
  posters = isaf_poster_data_load (database, unit, year, &error);
  if (posters == NULL)
    return isafctl_fail (error);
  pdf = isaf_poster_render_pdf (posters, size, language, &error);
  if (pdf == NULL)
    return isafctl_fail (error);

  output = g_file_new_for_commandline_arg (output_path);
  if (!g_file_replace_contents (output, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL,
                                FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
    return isafctl_fail (error);

  g_print (ngettext ("Wrote %u poster to %s\n", "Wrote %u posters to %s\n", posters->len),
           posters->len, output_path);
  return EXIT_OK;
}

static int
command_enroll (const char *db_path,
                int         argc,
                char      **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *code = NULL;
  g_autofree char *description = NULL;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The sync server’s address, such as https://sync.example.org"), N_("URL") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The enrolment code from the administrator"), N_("CODE") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("What the commune calls this laptop"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(IsafSyncClient) client = NULL;
  g_autofree char *device_id = NULL;
  const IsafGazetteerEntry *entry;
  IsafSyncDevice device = { 0 };
  gboolean existed;
  GError *error = NULL;

  if (!isafctl_parse_options ("enroll", _("Enrol the database with the national sync server."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (server == NULL || code == NULL)
    {
      g_printerr (_("isafctl enroll: --server URL and --code CODE are required\n"));
      return EXIT_USAGE;
    }

  /* A new database takes its commune from the enrolment. */
  existed = g_file_test (db_path, G_FILE_TEST_EXISTS);
  database = isaf_database_open (db_path, ISAF_DATABASE_OPEN_CREATE, &error);
  if (database == NULL)
    return isafctl_fail (error);

  client = isaf_sync_client_new (database);
  if (!isaf_sync_client_enroll (client, server, code, description, &error))
    {
      /* A refused enrolment leaves nothing behind. */
      g_clear_object (&client);
      isaf_database_close (database);
      if (!existed)
        g_unlink (db_path);
      return isafctl_fail (error);
    }
  if (!isaf_sync_local_get_device (database, &device, &error))
    return isafctl_fail (error);

  device_id = isaf_uuid_to_string (&device.device_id);
  entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), device.commune_id);
  if (entry != NULL)
    g_print (_("Enrolled with %s for %s%s (%s); this laptop is device %s\n"), device.server_url,
             entry->unit_km, entry->name_km, entry->code, device_id);
  else
    g_print (_("Enrolled with %s for commune %s; this laptop is device %s\n"), device.server_url,
             device.commune_id, device_id);
  isaf_sync_device_clear (&device);
  return EXIT_OK;
}

static void
print_sync_report (const IsafSyncReport *report)
{
  g_autofree char *sent = g_format_size (report->bytes_sent);
  g_autofree char *received = g_format_size (report->bytes_received);

  g_print (_("Batches pushed: %u\n"), report->batches_pushed);
  g_print (_("Fields pushed: %u\n"), report->fields_pushed);
  g_print (_("Changes refused by the server: %u\n"), report->rejects);
  g_print (_("Rows pulled: %u\n"), report->rows_pulled);
  g_print (_("Reference data sets installed: %u\n"), report->reference_sets_installed);
  g_print (_("Attached files sent: %u, received: %u\n"), report->files_uploaded,
           report->files_downloaded);
  if (report->files_damaged > 0)
    g_print (_("Attached files that came damaged and will be fetched again: %u\n"),
             report->files_damaged);
  if (report->files_missing > 0)
    g_print (_("Attached files the server does not have yet: %u\n"), report->files_missing);
  g_print (_("Data sent: %s, received: %s\n"), sent, received);
  if (report->clock_wrong)
    {
      g_autofree char *clock = isaf_sync_client_describe_clock (report);

      g_printerr ("%s\n", clock);
    }
}

static int
command_sync (const char *db_path,
              int         argc,
              char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(IsafSyncClient) client = NULL;
  IsafSyncReport report = { 0 };
  IsafSyncStatus status = { 0 };
  GError *error = NULL;

  if (!isafctl_parse_options ("sync", _("Send this laptop’s changes to the sync server and "
                                        "receive the others’."),
                              entries, &argc, &argv))
    return EXIT_USAGE;

  database = isaf_database_open (db_path, ISAF_DATABASE_OPEN_EXISTING, &error);
  if (database == NULL)
    return isafctl_fail (error);

  client = isaf_sync_client_new (database);
  if (!isaf_sync_client_run (client, &report, NULL, &error))
    {
      /* What went through before the failure stays done. */
      if (report.batches_pushed > 0)
        print_sync_report (&report);
      return isafctl_fail (error);
    }
  print_sync_report (&report);

  if (!isaf_sync_local_get_status (database, &status, &error))
    return isafctl_fail (error);
  g_print (_("Changes waiting to be sent: %ld\n"), (long) status.changes_waiting);
  g_print (_("Conflicts to review: %ld\n"), (long) status.conflicts_to_review);
  return EXIT_OK;
}

static int
command_export_unsynced (const char *db_path,
                         int         argc,
                         char      **argv)
{
  g_autofree char *output_path = NULL;
  GOptionEntry entries[] = {
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output_path, N_("The file to write (must not exist)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(IsafDatabase) database = NULL;
  gint64 n_changes = 0;
  GError *error = NULL;

  if (!isafctl_parse_options ("export-unsynced",
                              _("Save the changes not yet sent to the sync server to a file."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (output_path == NULL)
    {
      g_printerr (_("isafctl export-unsynced: --output FILE is required\n"));
      return EXIT_USAGE;
    }
  /* An earlier export may hold changes this database no longer has: it is never replaced. */
  if (g_file_test (output_path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("isafctl export-unsynced: “%s” already exists and was not changed. Choose "
                    "a new file name.\n"),
                  output_path);
      return EXIT_FAILED;
    }

  /* Read-only: exporting must leave the database exactly as it was. */
  database = isaf_database_open (db_path, ISAF_DATABASE_OPEN_READ_ONLY, &error);
  if (database == NULL || !isaf_sync_export_unsynced (database, output_path, &n_changes, &error))
    return isafctl_fail (error);

  if (n_changes == 0)
    g_print (_("No changes are waiting to be sent; %s lists none.\n"), output_path);
  else
    g_print (ngettext ("Wrote %ld unsynced change to %s\n", "Wrote %ld unsynced changes to %s\n",
                       n_changes),
             (long) n_changes, output_path);
  return EXIT_OK;
}

static const struct {
  const char *name;
  CommandFunc func;
  const char *summary;
} commands[] = {
  { "demo", command_demo, N_("Create a realistic demo database for a real commune") },
  { "check", command_check, N_("Check integrity and links; exit 0 only when sound") },
  { "dump", command_dump, N_("Write the canonical JSON of every synced table") },
  { "backup", command_backup, N_("Write a complete copy of the database") },
  { "restore", command_restore, N_("Replace the database with a checked backup") },
  { "poster", command_poster, N_("Write the I4C posters of a year as a PDF file") },
  { "report", isafctl_report, N_("Write scorecard results, interface comparisons, the JAAP or its CIP list as PDF or CSV") },
  { "enroll", command_enroll, N_("Enrol the database with the national sync server") },
  { "sync", command_sync, N_("Send and receive changes with the sync server") },
  { "export-unsynced", command_export_unsynced, N_("Save the changes not yet sent to the sync server to a file") },
};

static char *
commands_description (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-16s %s", commands[i].name, _(commands[i].summary));
  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("ISAF_LOCALEDIR");
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [OPTIONS…]"));
  description = commands_description ();
  g_option_context_set_summary (context, _("Manage ISAF Commune databases from the command line."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Everything from the command on belongs to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("isafctl: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_USAGE;
    }
  if (db_path == NULL)
    db_path = isaf_database_default_path (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].func (db_path, argc - 1, argv + 1);

  g_printerr (_("isafctl: unknown command “%s”\n%s\n"), argv[1], description);
  return EXIT_USAGE;
}
