/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isaf-attachment.h"
#include "isaf-error.h"
#include "isaf-schema.h"
#include "isaf-test-helpers.h"

/* Attaching a file to a stage of the cycle: the checks the core makes on any file a clerk
 * chooses, and that a refused file leaves nothing behind (no row, no bytes, no outbox entry). */

static IsafUuid
save_stage (IsafTestFixture *fixture)
{
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) stage = isaf_record_new ("cycle_stage");

  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_reference (stage, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_text (stage, "stage", "dissemination");
  isaf_record_set_text (stage, "status", "in_progress");
  isaf_test_save (fixture->store, cycle, stage, NULL);
  return *isaf_record_get_id (stage);
}

/* @size bytes that start like a file of @media_type and go on at random. */
static GBytes *
file_bytes (const char *media_type,
            gsize       size)
{
  const char *magic = g_str_equal (media_type, "image/png") ? "\x89PNG\r\n\x1a\n"
                      : g_str_equal (media_type, "image/jpeg") ? "\xff\xd8\xff\xe0"
                      : g_str_equal (media_type, "application/pdf") ? "%PDF-1.7\n"
                      : "plain text\n";
  guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
  memcpy (data, magic, MIN (size, strlen (magic)));
  return g_bytes_new_take (data, size);
}

static gint64
count (IsafTestFixture *fixture,
       const char      *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

static void
test_attach_keeps_row_and_bytes (IsafTestFixture *fixture,
                                 gconstpointer    data)
{
  IsafUuid stage = save_stage (fixture);
  g_autoptr(GBytes) photo = file_bytes ("image/jpeg", 300 * 1024);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafRecord) attachment = NULL;
  g_autoptr(IsafRecord) again = NULL;
  g_autoptr(GBytes) read_back = NULL;

  attachment = isaf_attachment_add (fixture->store, &stage, "ប័ណ្ណវត្តមាន.jpg", photo,
                                    "បញ្ជីវត្តមានដែលបានចុះហត្ថលេខា", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (isaf_record_get_text (attachment, "media_type"), ==, "image/jpeg");
  g_assert_cmpstr (isaf_record_get_text (attachment, "sha256"), ==, sha256);
  g_assert_cmpint (isaf_record_get_integer (attachment, "size"), ==, 300 * 1024);

  read_back = isaf_attachment_read_content (fixture->database, sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_back, photo));
  /* The row syncs like any other; the bytes wait to go up. */
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM sync_outbox WHERE tbl = 'attachment'"),
                   >, 0);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM blob_file WHERE uploaded = 0"), ==, 1);

  /* The same file attached again is one file kept under two rows. */
  again = isaf_attachment_add (fixture->store, &stage, "copy.jpg", photo, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM attachment"), ==, 2);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM blob_file"), ==, 1);
}

typedef struct {
  const char *what;
  GBytes *content;
  const char *file_name;
  int code;
} Refusal;

static void
test_refused_files_leave_nothing (IsafTestFixture *fixture,
                                  gconstpointer    data)
{
  IsafUuid stage = save_stage (fixture);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) huge = file_bytes ("application/pdf", ISAF_SCHEMA_MAX_FILE_BYTES + 1);
  g_autoptr(GBytes) text = file_bytes ("text/plain", 4096);
  g_autoptr(GBytes) pdf = file_bytes ("application/pdf", 4096);
  g_autofree char *long_name = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  Refusal refusals[] = {
    { "an empty file", empty, "empty.pdf", ISAF_VALIDATION_ERROR_EMPTY_FILE },
    { "a file over the limit", huge, "huge.pdf", ISAF_VALIDATION_ERROR_FILE_TOO_LARGE },
    { "a text file named as a PDF", text, "notes.pdf", ISAF_VALIDATION_ERROR_UNSUPPORTED_FILE },
    { "no file name", pdf, NULL, ISAF_VALIDATION_ERROR_REQUIRED },
    { "a file name too long", pdf, NULL, ISAF_VALIDATION_ERROR_TOO_LONG },
  };

  for (guint i = 0; i < 130; i++)
    g_string_append (name, "ក");
  long_name = g_strconcat (name->str, ".pdf", NULL);
  refusals[4].file_name = long_name;

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IsafRecord) attachment = NULL;

      g_test_message ("%s", refusals[i].what);
      attachment = isaf_attachment_add (fixture->store, &stage, refusals[i].file_name,
                                        refusals[i].content, NULL, &error);
      g_assert_null (attachment);
      g_assert_error (error, ISAF_VALIDATION_ERROR, refusals[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM attachment"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM blob_file"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM sync_outbox WHERE tbl = 'attachment'"),
                   ==, 0);
}

/* A stage deleted (here, or by a pull) between choosing it and saving takes nothing. */
static void
test_deleted_stage_takes_nothing (IsafTestFixture *fixture,
                                  gconstpointer    data)
{
  IsafUuid stage = save_stage (fixture);
  IsafUuid unknown = { { 0 } };
  g_autoptr(GBytes) png = file_bytes ("image/png", 2048);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafRecord) on_deleted = NULL;
  g_autoptr(IsafRecord) on_unknown = NULL;

  g_assert_true (isaf_store_delete (fixture->store, "cycle_stage", &stage, NULL, &error));
  g_assert_no_error (error);
  on_deleted = isaf_attachment_add (fixture->store, &stage, "sheet.png", png, NULL, &error);
  g_assert_null (on_deleted);
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_ID);
  g_clear_error (&error);

  unknown.bytes[15] = 1;
  on_unknown = isaf_attachment_add (fixture->store, &unknown, "sheet.png", png, NULL, &error);
  g_assert_null (on_unknown);
  g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_ID);
  g_assert_cmpint (count (fixture, "SELECT count (*) FROM blob_file"), ==, 0);
}

/* A row naming a file by anything but a SHA-256 is refused by the core (the hash becomes a
 * path on the server), and a file not here yet says so. */
static void
test_file_hash_checked (IsafTestFixture *fixture,
                        gconstpointer    data)
{
  IsafUuid stage = save_stage (fixture);
  static const char * const bad[] = {
    "../../etc/passwd",
    "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
    "0123",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(IsafRecord) attachment = isaf_record_new ("attachment");
      g_autoptr(GPtrArray) records = g_ptr_array_new ();

      isaf_record_set_reference (attachment, "cycle_stage_id", &stage);
      isaf_record_set_text (attachment, "file_name", "x.pdf");
      isaf_record_set_text (attachment, "media_type", "application/pdf");
      isaf_record_set_integer (attachment, "size", 10);
      isaf_record_set_text (attachment, "sha256", bad[i]);
      g_ptr_array_add (records, attachment);
      g_assert_false (isaf_store_save (fixture->store, records, &error));
      g_assert_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_FILE_HASH);
      g_clear_error (&error);
    }

  content = isaf_attachment_read_content (fixture->database,
                                          "0000000000000000000000000000000000000000000000000000000000000000",
                                          &error);
  g_assert_null (content);
  g_assert_error (error, ISAF_ATTACHMENT_ERROR, ISAF_ATTACHMENT_ERROR_NOT_DOWNLOADED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, IsafTestFixture, NULL, isaf_test_fixture_setup_store, func, \
              isaf_test_fixture_teardown)
  ADD ("/attachment/keeps-row-and-bytes", test_attach_keeps_row_and_bytes);
  ADD ("/attachment/refused-files-leave-nothing", test_refused_files_leave_nothing);
  ADD ("/attachment/deleted-stage-takes-nothing", test_deleted_stage_takes_nothing);
  ADD ("/attachment/file-hash-checked", test_file_hash_checked);
#undef ADD

  return g_test_run ();
}
