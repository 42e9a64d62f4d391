/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "isaf-sync-credentials.h"
#include "isaf-sync-credentials-private.h"

/* Where the device secret is kept: in the keyring when there is one, else in the 0600 file
 * next to the database (sync-protocol.md 3.12).
 *
 * The file is written only when the keyring cannot take the secret, and removed as soon as the
 * keyring holds it. So a file, when there is one, holds the newest secret, even if the keyring
 * still has an older one (a laptop enrolled again while its keyring was locked): reading looks
 * at the file first. A file from before the keyring was used moves into the keyring the first
 * time it is read with a keyring at hand, so that the secret no longer lies in plain text in
 * the database's folder. */

#define SECRET_BYTES 32
#define SECRET_LENGTH 44

G_DEFINE_QUARK (isaf-sync-credentials-error-quark, isaf_sync_credentials_error)

/* The databases whose file this process has tried to move into the keyring: a locked keyring
 * would otherwise ask to be unlocked at every sync. */
G_LOCK_DEFINE_STATIC (move_attempts);
static GHashTable *move_attempts;

gboolean
isaf_sync_credentials_is_valid (const char *secret)
{
  g_autofree guchar *bytes = NULL;
  g_autofree char *again = NULL;
  gsize length = 0;

  if (secret == NULL || strlen (secret) != SECRET_LENGTH)
    return FALSE;
  bytes = g_base64_decode (secret, &length);
  if (length != SECRET_BYTES)
    return FALSE;
  again = g_base64_encode (bytes, length);
  explicit_bzero (bytes, length);
  return g_str_equal (again, secret);
}

static void
forget_secret (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

char *
isaf_sync_credentials_get_path (const char *database_path)
{
  g_return_val_if_fail (database_path != NULL, NULL);

  return g_strconcat (database_path, ".device-secret", NULL);
}

char *
isaf_sync_credentials_new_secret (void)
{
  guchar bytes[SECRET_BYTES];
  gsize filled = 0;
  char *secret;

  while (filled < sizeof bytes)
    {
      gssize got = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (got < 0 && errno == EINTR)
        continue;
      /* Without the kernel's generator there is no secret worth having: no weaker fallback. */
      if (got < 0)
        g_error ("getrandom() failed: %s", g_strerror (errno));
      filled += (gsize) got;
    }

  secret = g_base64_encode (bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);
  return secret;
}

gboolean
isaf_sync_credentials_store (const char  *database_path,
                             const char  *secret,
                             GError     **error)
{
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(GError) file_error = NULL;

  g_return_val_if_fail (database_path != NULL, FALSE);
  g_return_val_if_fail (isaf_sync_credentials_is_valid (secret), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (isaf_sync_keyring_store (database_path, secret, &keyring_error))
    {
      /* A file left from an earlier enrolment would be read instead of the keyring. */
      if (isaf_sync_secret_file_remove (database_path, &file_error))
        return TRUE;
      g_debug ("%s The new secret goes there too.", file_error->message);
    }
  else
    {
      g_debug ("The keyring cannot keep the device secret, so its file does: %s",
               keyring_error->message);
    }

  return isaf_sync_secret_file_write (database_path, secret, error);
}

static gboolean
first_move_attempt (const char *database_path)
{
  gboolean first;

  G_LOCK (move_attempts);
  if (move_attempts == NULL)
    move_attempts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  first = g_hash_table_add (move_attempts, g_strdup (database_path));
  G_UNLOCK (move_attempts);
  return first;
}

/* The file goes only once the keyring has given the secret back: until then the file is the
 * one sure copy, and losing it means enrolling again. Nothing locks out another process that
 * enrols the laptop again at the same moment (its secret could be overwritten by this older
 * one): that would take two enrolments of one database at once, on the first read after an
 * upgrade. */
static void
move_into_keyring (const char *database_path,
                   const char *secret)
{
  g_autoptr(GError) error = NULL;
  char *kept = NULL;
  gboolean kept_same;

  if (!first_move_attempt (database_path))
    return;

  if (!isaf_sync_keyring_store (database_path, secret, &error))
    {
      g_debug ("The device secret stays in its file: %s", error->message);
      return;
    }
  kept = isaf_sync_keyring_lookup (database_path, &error);
  kept_same = kept != NULL && g_str_equal (kept, secret);
  forget_secret (kept);
  if (!kept_same)
    {
      g_debug ("The keyring did not give the device secret back, so it stays in its file%s%s",
               error != NULL ? ": " : "", error != NULL ? error->message : "");
      return;
    }

  if (!isaf_sync_secret_file_remove (database_path, &error))
    g_debug ("%s It holds the same secret as the keyring.", error->message);
}

char *
isaf_sync_credentials_load (const char  *database_path,
                            GError     **error)
{
  g_autoptr(GError) file_error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  char *secret;

  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  secret = isaf_sync_secret_file_read (database_path, &file_error);
  if (secret != NULL)
    {
      move_into_keyring (database_path, secret);
      return secret;
    }
  /* An exposed or damaged file is refused, whatever the keyring holds: it is the newest. */
  if (!g_error_matches (file_error, ISAF_SYNC_CREDENTIALS_ERROR,
                        ISAF_SYNC_CREDENTIALS_ERROR_MISSING))
    {
      g_propagate_error (error, g_steal_pointer (&file_error));
      return NULL;
    }

  secret = isaf_sync_keyring_lookup (database_path, &keyring_error);
  if (secret != NULL && isaf_sync_credentials_is_valid (secret))
    return secret;
  if (secret != NULL)
    {
      forget_secret (secret);
      g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_INVALID,
                   _("This laptop’s sync secret for the database “%s” is damaged in the "
                     "keyring. Enrol the laptop again with a new code from the administrator."),
                   database_path);
      return NULL;
    }
  /* The secret may well be in there: enrolling again would be the wrong advice. */
  if (g_error_matches (keyring_error, ISAF_SYNC_KEYRING_ERROR, ISAF_SYNC_KEYRING_ERROR_FAILED))
    {
      g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_FAILED,
                   _("This laptop’s sync secret for the database “%s” cannot be read from the "
                     "keyring: %s. Unlock the keyring, then sync again."),
                   database_path, keyring_error->message);
      return NULL;
    }
  if (keyring_error != NULL)
    g_debug ("No keyring to look in: %s", keyring_error->message);

  /* In neither place: the file's message, as before there was a keyring. */
  g_propagate_error (error, g_steal_pointer (&file_error));
  return NULL;
}

gboolean
isaf_sync_credentials_remove (const char  *database_path,
                              GError     **error)
{
  g_autoptr(GError) keyring_error = NULL;

  g_return_val_if_fail (database_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isaf_sync_secret_file_remove (database_path, error))
    return FALSE;
  if (isaf_sync_keyring_remove (database_path, &keyring_error)
      || g_error_matches (keyring_error, ISAF_SYNC_KEYRING_ERROR, ISAF_SYNC_KEYRING_ERROR_ABSENT))
    return TRUE;

  g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_FAILED,
               _("This laptop’s sync secret for the database “%s” cannot be removed from the "
                 "keyring: %s."),
               database_path, keyring_error->message);
  return FALSE;
}
