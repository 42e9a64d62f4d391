/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include "isaf-wire-private.h"

/* The push and its answer (src/sync/sync-protocol.md, "Push"). The pull page is in
 * isaf-wire-pull.c, the small messages around a session in isaf-wire-session.c. */

G_DEFINE_QUARK (isaf-wire-error-quark, isaf_wire_error)

static const char * const ack_statuses[] = { "applied", "already_applied", NULL };

IsafWirePush *
isaf_wire_push_new (void)
{
  IsafWirePush *push = g_new0 (IsafWirePush, 1);

  push->proto = ISAF_WIRE_PROTO;
  push->schema = ISAF_SCHEMA_VERSION;
  push->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_wire_row_free);

  return push;
}

void
isaf_wire_push_free (IsafWirePush *push)
{
  if (push == NULL)
    return;

  g_free (push->app);
  g_free (push->epoch);
  g_ptr_array_unref (push->rows);
  g_free (push);
}

GBytes *
isaf_wire_push_encode (const IsafWirePush *push)
{
  GString *out;

  g_return_val_if_fail (push != NULL, NULL);
  g_return_val_if_fail (push->proto >= 1 && push->schema >= 1, NULL);
  g_return_val_if_fail (push->app != NULL, NULL);
  g_return_val_if_fail (push->batch_seq >= 1, NULL);

  out = g_string_sized_new (128 + 256 * push->rows->len);
  g_string_append (out, "{\"proto\":");
  isaf_wire_append_int64 (out, push->proto);
  g_string_append (out, ",\"schema\":");
  isaf_wire_append_int64 (out, push->schema);
  g_string_append (out, ",\"app\":");
  isaf_wire_append_string (out, push->app);
  g_string_append (out, ",\"device_id\":");
  isaf_wire_append_uuid (out, &push->device_id);
  g_string_append (out, ",\"batch_seq\":");
  isaf_wire_append_int64 (out, push->batch_seq);
  if (push->epoch != NULL)
    {
      g_string_append (out, ",\"epoch\":");
      isaf_wire_append_string (out, push->epoch);
    }
  g_string_append (out, ",\"rows\":[");
  for (guint i = 0; i < push->rows->len; i++)
    {
      isaf_wire_append_separator (out);
      isaf_wire_append_row (out, g_ptr_array_index (push->rows, i), ISAF_WIRE_ROW_PUSH);
    }
  g_string_append (out, "]}");

  return g_string_free_to_bytes (out);
}

IsafWirePush *
isaf_wire_push_decode (const char  *data,
                       gsize        length,
                       GError     **error)
{
  static const char * const required[] = {
    "proto", "schema", "app", "device_id", "batch_seq", "rows", NULL
  };
  static const char * const optional[] = { "epoch", NULL };
  IsafWirePath rows_path = ISAF_WIRE_PATH_KEY (NULL, "rows");
  g_auto(IsafWireText) text = { NULL };
  g_autoptr(IsafWirePush) push = NULL;
  IsafWireMembers root;
  IsafWireIter rows, iter;
  gsize at;

  if (!isaf_wire_text_open (&text, data, length, error)
      || !isaf_wire_members_read (&root, &text, text.root, NULL, required, optional, error))
    return NULL;

  push = isaf_wire_push_new ();
  if (!isaf_wire_members_int (&root, "proto", 1, G_MAXINT, &push->proto, error)
      || !isaf_wire_members_int (&root, "schema", 1, G_MAXINT, &push->schema, error)
      || !isaf_wire_members_dup_string (&root, "app", &push->app, error)
      || !isaf_wire_members_uuid (&root, "device_id", &push->device_id, error)
      || !isaf_wire_members_int64 (&root, "batch_seq", 1, G_MAXINT64, &push->batch_seq, error))
    return NULL;
  if (isaf_wire_members_has (&root, "epoch")
      && !isaf_wire_members_dup_string (&root, "epoch", &push->epoch, error))
    return NULL;

  if (!isaf_wire_text_enter_array (&text, isaf_wire_members_at (&root, "rows"), &rows_path,
                                   &rows, error))
    return NULL;
  iter = rows;
  while (isaf_wire_text_next_element (&text, &iter, &at))
    {
      IsafWirePath path = ISAF_WIRE_PATH_INDEX (&rows_path, push->rows->len);
      IsafWireRow *row;

      if (push->rows->len == ISAF_WIRE_MAX_ROWS)
        {
          isaf_wire_text_too_many (&text, &rows, &rows_path, ISAF_WIRE_MAX_ROWS, error);
          return NULL;
        }
      row = isaf_wire_read_row (&text, at, &path, ISAF_WIRE_ROW_PUSH, error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (push->rows, row);
    }

  return g_steal_pointer (&push);
}

static void
clear_reject (gpointer data)
{
  IsafWireReject *reject = data;

  g_clear_pointer (&reject->field, g_free);
  g_clear_pointer (&reject->code, g_free);
  g_clear_pointer (&reject->message, g_free);
}

static void
clear_clock (gpointer data)
{
  IsafWireClock *clock = data;

  g_clear_pointer (&clock->field, g_free);
}

IsafWirePushAck *
isaf_wire_push_ack_new (void)
{
  IsafWirePushAck *ack = g_new0 (IsafWirePushAck, 1);

  ack->rejects = g_array_new (FALSE, TRUE, sizeof (IsafWireReject));
  g_array_set_clear_func (ack->rejects, clear_reject);
  ack->clocks = g_array_new (FALSE, TRUE, sizeof (IsafWireClock));
  g_array_set_clear_func (ack->clocks, clear_clock);

  return ack;
}

void
isaf_wire_push_ack_free (IsafWirePushAck *ack)
{
  if (ack == NULL)
    return;

  g_free (ack->status);
  g_array_unref (ack->rejects);
  g_array_unref (ack->clocks);
  g_free (ack);
}

void
isaf_wire_push_ack_add_reject (IsafWirePushAck *ack,
                               guint            row,
                               const char      *field,
                               const char      *code,
                               const char      *message)
{
  IsafWireReject reject;

  g_return_if_fail (ack != NULL);
  g_return_if_fail (row < ISAF_WIRE_MAX_ROWS);
  g_return_if_fail (code != NULL);
  g_return_if_fail (message != NULL);

  reject = (IsafWireReject) { row, g_strdup (field), g_strdup (code), g_strdup (message) };
  g_array_append_val (ack->rejects, reject);
}

void
isaf_wire_push_ack_add_clock (IsafWirePushAck *ack,
                              guint            row,
                              const char      *field,
                              gint64           hlc)
{
  IsafWireClock clock;

  g_return_if_fail (ack != NULL);
  g_return_if_fail (row < ISAF_WIRE_MAX_ROWS);
  g_return_if_fail (field != NULL);

  clock = (IsafWireClock) { row, g_strdup (field), hlc };
  g_array_append_val (ack->clocks, clock);
}

GBytes *
isaf_wire_push_ack_encode (const IsafWirePushAck *ack)
{
  GString *out;

  g_return_val_if_fail (ack != NULL, NULL);
  g_return_val_if_fail (ack->batch_seq >= 1, NULL);
  g_return_val_if_fail (ack->status != NULL && g_strv_contains (ack_statuses, ack->status),
                        NULL);

  out = g_string_sized_new (128 + 64 * (ack->rejects->len + ack->clocks->len));
  g_string_append (out, "{\"batch_seq\":");
  isaf_wire_append_int64 (out, ack->batch_seq);
  g_string_append (out, ",\"status\":");
  isaf_wire_append_string (out, ack->status);
  g_string_append (out, ",\"server_time_ms\":");
  isaf_wire_append_int64 (out, ack->server_time_ms);

  g_string_append (out, ",\"rejects\":[");
  for (guint i = 0; i < ack->rejects->len; i++)
    {
      const IsafWireReject *reject = &g_array_index (ack->rejects, IsafWireReject, i);

      isaf_wire_append_separator (out);
      g_string_append (out, "{\"row\":");
      isaf_wire_append_int64 (out, reject->row);
      if (reject->field != NULL)
        {
          g_string_append (out, ",\"field\":");
          isaf_wire_append_string (out, reject->field);
        }
      g_string_append (out, ",\"code\":");
      isaf_wire_append_string (out, reject->code);
      g_string_append (out, ",\"message\":");
      isaf_wire_append_string (out, reject->message);
      g_string_append_c (out, '}');
    }

  g_string_append (out, "],\"clocks\":[");
  for (guint i = 0; i < ack->clocks->len; i++)
    {
      const IsafWireClock *clock = &g_array_index (ack->clocks, IsafWireClock, i);

      isaf_wire_append_separator (out);
      g_string_append (out, "{\"row\":");
      isaf_wire_append_int64 (out, clock->row);
      g_string_append (out, ",\"field\":");
      isaf_wire_append_string (out, clock->field);
      g_string_append (out, ",\"h\":");
      isaf_wire_append_clock (out, clock->hlc);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");

  return g_string_free_to_bytes (out);
}

static gboolean
read_row_index (JsonObject          *object,
                const IsafWirePath  *path,
                guint               *out,
                GError             **error)
{
  gint64 row;

  if (!isaf_wire_read_int64 (object, "row", path, 0, ISAF_WIRE_MAX_ROWS - 1, &row, error))
    return FALSE;

  *out = row;
  return TRUE;
}

static gboolean
read_rejects (IsafWireReader      *reader,
              JsonObject          *root,
              IsafWirePushAck     *ack,
              GError             **error)
{
  static const char * const required[] = { "row", "code", "message", NULL };
  static const char * const optional[] = { "field", NULL };
  IsafWirePath rejects_path = ISAF_WIRE_PATH_KEY (NULL, "rejects");
  JsonArray *rejects;

  rejects = isaf_wire_read_array (root, "rejects", NULL, ISAF_WIRE_MAX_ENTRIES, error);
  if (rejects == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (rejects); i++)
    {
      IsafWirePath path = ISAF_WIRE_PATH_INDEX (&rejects_path, i);
      IsafWireReject reject = { 0 };
      JsonObject *object;
      const char *field = NULL;
      const char *code, *message;

      object = isaf_wire_read_object (reader, json_array_get_element (rejects, i), &path,
                                      required, optional, error);
      if (object == NULL
          || !read_row_index (object, &path, &reject.row, error)
          || (json_object_has_member (object, "field")
              && (field = isaf_wire_read_string (object, "field", &path, error)) == NULL)
          || (code = isaf_wire_read_string (object, "code", &path, error)) == NULL
          || (message = isaf_wire_read_string (object, "message", &path, error)) == NULL)
        return FALSE;

      reject.field = g_strdup (field);
      reject.code = g_strdup (code);
      reject.message = g_strdup (message);
      g_array_append_val (ack->rejects, reject);
    }

  return TRUE;
}

static gboolean
read_clocks (IsafWireReader      *reader,
             JsonObject          *root,
             IsafWirePushAck     *ack,
             GError             **error)
{
  static const char * const required[] = { "row", "field", "h", NULL };
  IsafWirePath clocks_path = ISAF_WIRE_PATH_KEY (NULL, "clocks");
  JsonArray *clocks;

  clocks = isaf_wire_read_array (root, "clocks", NULL, ISAF_WIRE_MAX_ENTRIES, error);
  if (clocks == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (clocks); i++)
    {
      IsafWirePath path = ISAF_WIRE_PATH_INDEX (&clocks_path, i);
      IsafWireClock clock = { 0 };
      JsonObject *object;

      object = isaf_wire_read_object (reader, json_array_get_element (clocks, i), &path,
                                      required, NULL, error);
      if (object == NULL
          || !read_row_index (object, &path, &clock.row, error)
          || !isaf_wire_read_clock (object, "h", &path, &clock.hlc, error)
          || !isaf_wire_dup_string (object, "field", &path, &clock.field, error))
        return FALSE;

      g_array_append_val (ack->clocks, clock);
    }

  return TRUE;
}

IsafWirePushAck *
isaf_wire_push_ack_decode (const char  *data,
                           gsize        length,
                           GError     **error)
{
  static const char * const required[] = {
    "batch_seq", "status", "server_time_ms", "rejects", "clocks", NULL
  };
  g_auto(IsafWireReader) reader = { NULL };
  g_autoptr(IsafWirePushAck) ack = NULL;
  const char *status;
  JsonObject *root;

  root = isaf_wire_reader_parse (&reader, data, length, required, NULL, error);
  if (root == NULL)
    return NULL;

  ack = isaf_wire_push_ack_new ();
  if (!isaf_wire_read_int64 (root, "batch_seq", NULL, 1, G_MAXINT64, &ack->batch_seq, error)
      || (status = isaf_wire_read_choice (root, "status", NULL, ack_statuses, error)) == NULL
      || !isaf_wire_read_int64 (root, "server_time_ms", NULL, 0, G_MAXINT64,
                                &ack->server_time_ms, error)
      || !read_rejects (&reader, root, ack, error)
      || !read_clocks (&reader, root, ack, error))
    return NULL;

  ack->status = g_strdup (status);
  return g_steal_pointer (&ack);
}
