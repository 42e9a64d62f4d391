/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-wire"

#include "config.h"

#include "isaf-wire-private.h"

/* Objects of the large messages whose keys are known (a push's header, a row, a field's value
 * and clocks): their keys checked first, each value's place noted, and then the values read
 * by key, through the checks of isaf-wire-scalar.c, in whatever order the decoder needs them
 * and the sender wrote them. */

gboolean
isaf_wire_members_read (IsafWireMembers     *members,
                        IsafWireText        *text,
                        gsize                at,
                        const IsafWirePath  *path,
                        const char * const  *required,
                        const char * const  *optional,
                        GError             **error)
{
  IsafWireIter iter;
  const char *key;
  gsize value_at;
  guint n_keys = 0;

  members->text = text;
  members->path = path;
  for (guint i = 0; required[i] != NULL; i++)
    members->keys[n_keys++] = required[i];
  for (guint i = 0; optional != NULL && optional[i] != NULL; i++)
    members->keys[n_keys++] = optional[i];
  g_return_val_if_fail (n_keys <= ISAF_WIRE_MAX_KEYS, FALSE);
  members->n_keys = n_keys;
  for (guint i = 0; i < n_keys; i++)
    members->offsets[i] = ISAF_WIRE_ABSENT;

  if (!isaf_wire_text_enter_object (text, at, path, &iter, error))
    return FALSE;

  while (isaf_wire_text_next_member (text, &iter, &key, &value_at))
    {
      guint i;

      for (i = 0; i < n_keys && !g_str_equal (key, members->keys[i]); i++)
        ;
      if (i == n_keys || members->offsets[i] != ISAF_WIRE_ABSENT)
        {
          g_autofree char *quoted = isaf_wire_quote (key);

          if (i == n_keys)
            isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "unknown key %s",
                                 quoted);
          else
            isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path,
                                 "key %s appears twice", quoted);
          return FALSE;
        }
      members->offsets[i] = value_at;
    }

  for (guint i = 0; required[i] != NULL; i++)
    if (members->offsets[i] == ISAF_WIRE_ABSENT)
      {
        isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "missing key \"%s\"",
                             required[i]);
        return FALSE;
      }

  return TRUE;
}

gsize
isaf_wire_members_at (const IsafWireMembers *members,
                      const char            *key)
{
  for (guint i = 0; i < members->n_keys; i++)
    if (g_str_equal (members->keys[i], key))
      return members->offsets[i];

  g_return_val_if_reached (ISAF_WIRE_ABSENT);
}

gboolean
isaf_wire_members_has (const IsafWireMembers *members,
                       const char            *key)
{
  return isaf_wire_members_at (members, key) != ISAF_WIRE_ABSENT;
}

/* The member's value as a scalar, read with its path; a member the key lists require is
 * there unless they are wrong, and an optional one is asked for only when present. */
static gboolean
member_scalar (const IsafWireMembers  *members,
               const IsafWirePath     *path,
               IsafWireScalar         *scalar,
               GError                **error)
{
  gsize at = isaf_wire_members_at (members, path->key);

  if (at == ISAF_WIRE_ABSENT)
    {
      isaf_wire_set_error (error, ISAF_WIRE_ERROR_MALFORMED, path, "missing");
      return FALSE;
    }
  isaf_wire_text_scalar (members->text, at, scalar);
  return TRUE;
}

#define MEMBER_PATH(members, key) ISAF_WIRE_PATH_KEY ((members)->path, (key))

gboolean
isaf_wire_members_int64 (const IsafWireMembers  *members,
                         const char             *key,
                         gint64                  min,
                         gint64                  max,
                         gint64                 *out,
                         GError                **error)
{
  IsafWirePath path = MEMBER_PATH (members, key);
  IsafWireScalar scalar;

  return member_scalar (members, &path, &scalar, error)
         && isaf_wire_scalar_int64 (&scalar, &path, min, max, out, error);
}

gboolean
isaf_wire_members_int (const IsafWireMembers  *members,
                       const char             *key,
                       int                     min,
                       int                     max,
                       int                    *out,
                       GError                **error)
{
  gint64 value;

  if (!isaf_wire_members_int64 (members, key, min, max, &value, error))
    return FALSE;

  *out = value;
  return TRUE;
}

gboolean
isaf_wire_members_boolean (const IsafWireMembers  *members,
                           const char             *key,
                           gboolean               *out,
                           GError                **error)
{
  IsafWirePath path = MEMBER_PATH (members, key);
  IsafWireScalar scalar;

  return member_scalar (members, &path, &scalar, error)
         && isaf_wire_scalar_boolean (&scalar, &path, out, error);
}

const char *
isaf_wire_members_string (const IsafWireMembers  *members,
                          const char             *key,
                          GError                **error)
{
  IsafWirePath path = MEMBER_PATH (members, key);
  IsafWireScalar scalar;

  if (!member_scalar (members, &path, &scalar, error))
    return NULL;
  return isaf_wire_scalar_string (&scalar, &path, error);
}

gboolean
isaf_wire_members_dup_string (const IsafWireMembers  *members,
                              const char             *key,
                              char                  **out,
                              GError                **error)
{
  const char *text = isaf_wire_members_string (members, key, error);

  if (text == NULL)
    return FALSE;

  *out = g_strdup (text);
  return TRUE;
}

const char *
isaf_wire_members_choice (const IsafWireMembers  *members,
                          const char             *key,
                          const char * const     *choices,
                          GError                **error)
{
  IsafWirePath path = MEMBER_PATH (members, key);
  IsafWireScalar scalar;

  if (!member_scalar (members, &path, &scalar, error))
    return NULL;
  return isaf_wire_scalar_choice (&scalar, &path, choices, error);
}

gboolean
isaf_wire_members_uuid (const IsafWireMembers  *members,
                        const char             *key,
                        IsafUuid               *out,
                        GError                **error)
{
  IsafWirePath path = MEMBER_PATH (members, key);
  IsafWireScalar scalar;

  return member_scalar (members, &path, &scalar, error)
         && isaf_wire_scalar_uuid (&scalar, &path, out, error);
}

gboolean
isaf_wire_members_clock (const IsafWireMembers  *members,
                         const char             *key,
                         gint64                 *out,
                         GError                **error)
{
  IsafWirePath path = MEMBER_PATH (members, key);
  IsafWireScalar scalar;

  return member_scalar (members, &path, &scalar, error)
         && isaf_wire_scalar_clock (&scalar, &path, out, error);
}

gboolean
isaf_wire_members_value (const IsafWireMembers  *members,
                         const char             *key,
                         const IsafColumn       *column,
                         IsafValue              *out,
                         GError                **error)
{
  IsafWirePath path = MEMBER_PATH (members, key);
  IsafWireScalar scalar;

  return member_scalar (members, &path, &scalar, error)
         && isaf_wire_scalar_value (&scalar, column, &path, out, error);
}
