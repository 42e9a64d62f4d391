/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A 16-byte UUID as stored in SQLite (BLOB) and on the wire (text, RFC 9562). */
typedef struct {
  guint8 bytes[16];
} IsafUuid;

#define ISAF_UUID_STRING_LENGTH 36

void      isaf_uuid_v7           (IsafUuid       *out);
void      isaf_uuid_v7_at        (IsafUuid       *out,
                                  gint64          unix_ms,
                                  GRand          *rand);
void      isaf_uuid_v5           (IsafUuid       *out,
                                  const IsafUuid *namespace_id,
                                  const void     *name,
                                  gsize           name_length);
void      isaf_uuid_v5_for_table (IsafUuid       *out,
                                  const char     *table,
                                  const char     *natural_key);
gint64    isaf_uuid_v7_time      (const IsafUuid *uuid);
guint     isaf_uuid_version      (const IsafUuid *uuid);
char     *isaf_uuid_to_string    (const IsafUuid *uuid);
void      isaf_uuid_to_buffer    (const IsafUuid *uuid,
                                  char            buffer[ISAF_UUID_STRING_LENGTH + 1]);
gboolean  isaf_uuid_parse        (const char     *text,
                                  IsafUuid       *out);
gboolean  isaf_uuid_equal        (const IsafUuid *a,
                                  const IsafUuid *b);
int       isaf_uuid_compare      (const IsafUuid *a,
                                  const IsafUuid *b);

G_END_DECLS
