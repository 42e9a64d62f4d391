/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The device secret a laptop was enrolled with (sync-protocol.md 3.12): 32 random bytes in
 * standard padded base64, 44 characters. It is kept in the user's keyring (the Secret Service,
 * through libsecret) under the database's absolute path; where there is no keyring, or it is
 * locked or does not answer, in "<database path>.device-secret", mode 0600, next to the
 * database it belongs to.
 *
 * Storing, loading and removing may wait on the keyring, ten seconds at worst: call them from
 * a worker thread or a command-line tool, never from the GTK main thread. */

#define ISAF_SYNC_CREDENTIALS_ERROR (isaf_sync_credentials_error_quark ())

typedef enum {
  ISAF_SYNC_CREDENTIALS_ERROR_MISSING,  /* no secret stored for the database */
  ISAF_SYNC_CREDENTIALS_ERROR_INSECURE, /* the file may be read or written by other users */
  ISAF_SYNC_CREDENTIALS_ERROR_INVALID,  /* the content is not a secret */
  ISAF_SYNC_CREDENTIALS_ERROR_FAILED,   /* the file or the keyring cannot be read or written */
} IsafSyncCredentialsError;

GQuark   isaf_sync_credentials_error_quark (void);

/* "<database path>.device-secret" */
char    *isaf_sync_credentials_get_path    (const char  *database_path);
/* A new secret from getrandom(): 32 bytes, base64. */
char    *isaf_sync_credentials_new_secret  (void);
/* Replaces the stored secret atomically: a crash leaves the old one or the new one. */
gboolean isaf_sync_credentials_store       (const char  *database_path,
                                            const char  *secret,
                                            GError     **error);
/* Finds the secret in the file or in the keyring, whichever has it; a secret found in the file
 * moves into the keyring when there is one. */
char    *isaf_sync_credentials_load        (const char  *database_path,
                                            GError     **error);
/* Forgets the secret in both places. No secret stored is not an error. */
gboolean isaf_sync_credentials_remove      (const char  *database_path,
                                            GError     **error);

G_END_DECLS
