/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "isaf-wire.h"

G_BEGIN_DECLS

/* What the message files of the wire share: the raw-bytes scan, the two strict readers (over
 * json-glib's tree for the small messages, over the text itself for pushes and pulled pages),
 * the checks of single values both use, the compact writer, and the field values by column
 * kind. */

/* Rejects, adopted clocks and conflicts: at most one for each field a message can carry. */
#define ISAF_WIRE_MAX_ENTRIES (ISAF_WIRE_MAX_ROWS * ISAF_WIRE_MAX_FIELDS_PER_ROW)

/* Where a decoder is in a message: frames on the C stack, turned into text ("rows[3].f.v")
 * only when there is an error to report, so a valid message costs nothing here. */
typedef struct _IsafWirePath IsafWirePath;

struct _IsafWirePath {
  const IsafWirePath *parent;
  /* A member's name, or NULL for an array element. */
  const char *key;
  guint index;
};

#define ISAF_WIRE_PATH_KEY(parent, key) { (parent), (key), 0 }
#define ISAF_WIRE_PATH_INDEX(parent, index) { (parent), NULL, (index) }

void      isaf_wire_set_error        (GError             **error,
                                      IsafWireError        code,
                                      const IsafWirePath  *path,
                                      const char          *format,
                                      ...) G_GNUC_PRINTF (4, 5);
/* Text from a message, made safe to put in an error: quoted, shortened, control characters
 * replaced. */
char     *isaf_wire_quote            (const char          *text);

/* isaf-wire-scan.c: the whole input checked as strict JSON (RFC 8259, no extensions) with
 * its nesting bounded, before any recursive parser sees it. When @objects is not NULL, each
 * object is appended to it as an IsafWireScanObject, in the order the objects close. */
typedef struct {
  /* The object's text: from its '{' to just after its '}'. */
  gsize start;
  gsize end;
  /* Its keys, repeated ones included. */
  guint members;
} IsafWireScanObject;

gboolean  isaf_wire_scan             (const char          *data,
                                      gsize                length,
                                      GArray              *objects,
                                      GError             **error);

/* The whole of a message's text accepted before anything reads it: its length, its UTF-8
 * and isaf_wire_scan(). */
gboolean  isaf_wire_check_text       (const char          *data,
                                      gsize                length,
                                      GArray              *objects,
                                      GError             **error);

/* isaf-wire-scalar.c: one JSON value, as either reader sees it, checked against what its
 * place in a message expects. */
typedef enum {
  ISAF_WIRE_KIND_OBJECT,
  ISAF_WIRE_KIND_ARRAY,
  ISAF_WIRE_KIND_STRING,
  ISAF_WIRE_KIND_INTEGER,
  ISAF_WIRE_KIND_REAL,
  ISAF_WIRE_KIND_BOOLEAN,
  ISAF_WIRE_KIND_NULL,
} IsafWireKind;

typedef struct {
  IsafWireKind kind;
  /* A string's text (no NUL inside: the scan refuses \u0000), borrowed from the reader */
  const char *text;
  gsize length;
  gint64 integer;
  double real;
  gboolean boolean;
} IsafWireScalar;

gboolean    isaf_wire_scalar_int64   (const IsafWireScalar  *scalar,
                                      const IsafWirePath    *path,
                                      gint64                 min,
                                      gint64                 max,
                                      gint64                *out,
                                      GError               **error);
gboolean    isaf_wire_scalar_boolean (const IsafWireScalar  *scalar,
                                      const IsafWirePath    *path,
                                      gboolean              *out,
                                      GError               **error);
/* At most ISAF_WIRE_MAX_TEXT_BYTES; the result is the scalar's text. */
const char *isaf_wire_scalar_string  (const IsafWireScalar  *scalar,
                                      const IsafWirePath    *path,
                                      GError               **error);
/* One of @choices (NULL-terminated); the result is the static choice. */
const char *isaf_wire_scalar_choice  (const IsafWireScalar  *scalar,
                                      const IsafWirePath    *path,
                                      const char * const    *choices,
                                      GError               **error);
gboolean    isaf_wire_scalar_uuid    (const IsafWireScalar  *scalar,
                                      const IsafWirePath    *path,
                                      IsafUuid              *out,
                                      GError               **error);
gboolean    isaf_wire_scalar_clock   (const IsafWireScalar  *scalar,
                                      const IsafWirePath    *path,
                                      gint64                *out,
                                      GError               **error);
/* A field's value of the kind its column takes (a NULL column is the tombstone). */
gboolean    isaf_wire_scalar_value   (const IsafWireScalar  *scalar,
                                      const IsafColumn      *column,
                                      const IsafWirePath    *path,
                                      IsafValue             *out,
                                      GError               **error);

/* isaf-wire-text.c: the large messages read where their values stand in the text. */
typedef struct {
  const char *data;
  gsize length;
  /* Where the top-level value starts */
  gsize root;
  /* The last key and the last string value read, unescaped; apart, because a key is still
   * needed while its value is read. */
  GString *key;
  GString *value;
} IsafWireText;

/* Where an object's or an array's next entry is. */
typedef struct {
  gsize pos;
  gboolean first;
  gboolean object;
} IsafWireIter;

gboolean isaf_wire_text_open          (IsafWireText        *text,
                                       const char          *data,
                                       gsize                length,
                                       GError             **error);
void     isaf_wire_text_clear         (IsafWireText        *text);
/* The value at @at; a string stays valid until the next string value is read. */
void     isaf_wire_text_scalar        (IsafWireText        *text,
                                       gsize                at,
                                       IsafWireScalar      *scalar);
/* An object of any keys, for next_member(). */
gboolean isaf_wire_text_enter_object  (IsafWireText        *text,
                                       gsize                at,
                                       const IsafWirePath  *path,
                                       IsafWireIter        *iter,
                                       GError             **error);
/* The next member's key (valid until the next key is read) and where its value is; FALSE
 * after the last. */
gboolean isaf_wire_text_next_member   (IsafWireText        *text,
                                       IsafWireIter        *iter,
                                       const char         **key,
                                       gsize               *value_at);
gboolean isaf_wire_text_enter_array   (IsafWireText        *text,
                                       gsize                at,
                                       const IsafWirePath  *path,
                                       IsafWireIter        *iter,
                                       GError             **error);
gboolean isaf_wire_text_next_element  (IsafWireText        *text,
                                       IsafWireIter        *iter,
                                       gsize               *at);
/* How many entries there are from @start on: walked only for the error of a message over
 * a limit, which names the number. */
guint    isaf_wire_text_count         (IsafWireText        *text,
                                       const IsafWireIter  *start);
/* The error of an array from @start on with more than @max_length elements; FALSE. */
gboolean isaf_wire_text_too_many      (IsafWireText        *text,
                                       const IsafWireIter  *start,
                                       const IsafWirePath  *path,
                                       guint                max_length,
                                       GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireText, isaf_wire_text_clear)

/* isaf-wire-members.c: an object whose keys are known: each of @required once, each of
 * @optional at most once, nothing else. Its values are then read by key, in any order. */
#define ISAF_WIRE_MAX_KEYS 12
#define ISAF_WIRE_ABSENT G_MAXSIZE

typedef struct {
  IsafWireText *text;
  const IsafWirePath *path;
  const char *keys[ISAF_WIRE_MAX_KEYS];
  gsize offsets[ISAF_WIRE_MAX_KEYS];
  guint n_keys;
} IsafWireMembers;

gboolean    isaf_wire_members_read       (IsafWireMembers        *members,
                                          IsafWireText           *text,
                                          gsize                   at,
                                          const IsafWirePath     *path,
                                          const char * const     *required,
                                          const char * const     *optional,
                                          GError                **error);
/* Where a key's value is, or ISAF_WIRE_ABSENT. */
gsize       isaf_wire_members_at         (const IsafWireMembers  *members,
                                          const char             *key);
gboolean    isaf_wire_members_has        (const IsafWireMembers  *members,
                                          const char             *key);
gboolean    isaf_wire_members_int64      (const IsafWireMembers  *members,
                                          const char             *key,
                                          gint64                  min,
                                          gint64                  max,
                                          gint64                 *out,
                                          GError                **error);
gboolean    isaf_wire_members_int        (const IsafWireMembers  *members,
                                          const char             *key,
                                          int                     min,
                                          int                     max,
                                          int                    *out,
                                          GError                **error);
gboolean    isaf_wire_members_boolean    (const IsafWireMembers  *members,
                                          const char             *key,
                                          gboolean               *out,
                                          GError                **error);
/* Valid until the next string value is read. */
const char *isaf_wire_members_string     (const IsafWireMembers  *members,
                                          const char             *key,
                                          GError                **error);
gboolean    isaf_wire_members_dup_string (const IsafWireMembers  *members,
                                          const char             *key,
                                          char                  **out,
                                          GError                **error);
const char *isaf_wire_members_choice     (const IsafWireMembers  *members,
                                          const char             *key,
                                          const char * const     *choices,
                                          GError                **error);
gboolean    isaf_wire_members_uuid       (const IsafWireMembers  *members,
                                          const char             *key,
                                          IsafUuid               *out,
                                          GError                **error);
gboolean    isaf_wire_members_clock      (const IsafWireMembers  *members,
                                          const char             *key,
                                          gint64                 *out,
                                          GError                **error);
gboolean    isaf_wire_members_value      (const IsafWireMembers  *members,
                                          const char             *key,
                                          const IsafColumn       *column,
                                          IsafValue              *out,
                                          GError                **error);

/* isaf-wire-read.c: the small messages, through json-glib's tree */
typedef struct {
  JsonParser *parser;
  const char *data;
  /* IsafWireScanObject, and how many of them json-glib has finished (in the same order). */
  GArray *objects;
  guint n_ended;
  /* JsonObject (a reference) → the key it had twice (json-glib keeps only the last). */
  GHashTable *duplicates;
} IsafWireReader;

void        isaf_wire_reader_clear    (IsafWireReader      *reader);
/* Validates and parses @data and returns its top-level object, checked like
 * isaf_wire_read_object(). */
JsonObject *isaf_wire_reader_parse    (IsafWireReader      *reader,
                                       const char          *data,
                                       gsize                length,
                                       const char * const  *required,
                                       const char * const  *optional,
                                       GError             **error);
/* @node as an object with no repeated key, and when @required is not NULL, with all of
 * @required and no key outside @required and @optional (which may be NULL). */
JsonObject *isaf_wire_read_object     (IsafWireReader      *reader,
                                       JsonNode            *node,
                                       const IsafWirePath  *path,
                                       const char * const  *required,
                                       const char * const  *optional,
                                       GError             **error);
/* A member that must be an array of at most @max_length elements. */
JsonArray  *isaf_wire_read_array      (JsonObject          *object,
                                       const char          *key,
                                       const IsafWirePath  *parent,
                                       guint                max_length,
                                       GError             **error);
gboolean    isaf_wire_read_int64      (JsonObject          *object,
                                       const char          *key,
                                       const IsafWirePath  *parent,
                                       gint64               min,
                                       gint64               max,
                                       gint64              *out,
                                       GError             **error);
gboolean    isaf_wire_read_int        (JsonObject          *object,
                                       const char          *key,
                                       const IsafWirePath  *parent,
                                       int                  min,
                                       int                  max,
                                       int                 *out,
                                       GError             **error);
gboolean    isaf_wire_read_boolean    (JsonObject          *object,
                                       const char          *key,
                                       const IsafWirePath  *parent,
                                       gboolean            *out,
                                       GError             **error);
/* A string of at most ISAF_WIRE_MAX_TEXT_BYTES; the result is borrowed from the tree. */
const char *isaf_wire_read_string     (JsonObject          *object,
                                       const char          *key,
                                       const IsafWirePath  *parent,
                                       GError             **error);
/* The same, copied into *@out (untouched on failure). */
gboolean    isaf_wire_dup_string      (JsonObject          *object,
                                       const char          *key,
                                       const IsafWirePath  *parent,
                                       char               **out,
                                       GError             **error);
/* One of @choices (NULL-terminated); the result is the static choice. */
const char *isaf_wire_read_choice     (JsonObject          *object,
                                       const char          *key,
                                       const IsafWirePath  *parent,
                                       const char * const  *choices,
                                       GError             **error);
gboolean    isaf_wire_read_uuid       (JsonObject          *object,
                                       const char          *key,
                                       const IsafWirePath  *parent,
                                       IsafUuid            *out,
                                       GError             **error);
gboolean    isaf_wire_read_clock      (JsonObject          *object,
                                       const char          *key,
                                       const IsafWirePath  *parent,
                                       gint64              *out,
                                       GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafWireReader, isaf_wire_reader_clear)

/* isaf-wire-write.c: compact JSON, keys in a fixed order, raw UTF-8. A member or element
 * writer adds the comma itself unless it opens its object or array. */
void     isaf_wire_append_string      (GString             *out,
                                       const char          *text);
void     isaf_wire_append_key         (GString             *out,
                                       const char          *key);
void     isaf_wire_append_separator   (GString             *out);
void     isaf_wire_append_int64       (GString             *out,
                                       gint64               value);
void     isaf_wire_append_real        (GString             *out,
                                       double               value);
void     isaf_wire_append_clock       (GString             *out,
                                       gint64               clock);
void     isaf_wire_append_uuid        (GString             *out,
                                       const IsafUuid      *uuid);

/* isaf-wire-values.c: field values by column kind (a NULL column is the tombstone). */
gboolean      isaf_wire_is_lower_uuid   (const char          *text,
                                         IsafUuid            *out);
gboolean      isaf_wire_parse_clock     (const char          *text,
                                         gint64              *out);
/* "2026-11-27T01:02:03Z" and nothing else: one spelling, so that logs sort as text. */
gboolean      isaf_wire_is_utc_second   (const char          *text);
/* The static name under which @name travels in @table and its column, or NULL when @name
 * is neither a column of @table nor ISAF_WIRE_DELETED_FIELD. */
const char   *isaf_wire_resolve_field   (const IsafTable     *table,
                                         const char          *name,
                                         const IsafColumn   **column);
IsafValueType isaf_wire_value_type      (const IsafColumn    *column);
gboolean      isaf_wire_value_fits      (const IsafColumn    *column,
                                         const IsafValue     *value);
void          isaf_wire_append_value    (GString             *out,
                                         const IsafValue     *value);

/* isaf-wire-row.c: rows as a push sends them and as a pull returns them. */
typedef enum {
  ISAF_WIRE_ROW_PUSH,
  ISAF_WIRE_ROW_PULL,
} IsafWireRowShape;

void          isaf_wire_append_row      (GString             *out,
                                         const IsafWireRow   *row,
                                         IsafWireRowShape     shape);
IsafWireRow  *isaf_wire_read_row        (IsafWireText        *text,
                                         gsize                at,
                                         const IsafWirePath  *path,
                                         IsafWireRowShape     shape,
                                         GError             **error);
/* {"v","h","n"}: a pulled field, and each side of a conflict. */
void          isaf_wire_append_clocked  (GString             *out,
                                         const IsafValue     *value,
                                         gint64               hlc,
                                         gint64               node);
gboolean      isaf_wire_read_clocked    (IsafWireText        *text,
                                         gsize                at,
                                         const IsafWirePath  *path,
                                         const IsafColumn    *column,
                                         IsafValue           *value,
                                         gint64              *hlc,
                                         gint64              *node,
                                         GError             **error);

G_END_DECLS
