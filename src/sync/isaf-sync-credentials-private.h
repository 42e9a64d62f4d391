/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The two places a device secret may be kept, used by isaf-sync-credentials.c, which decides
 * between them. */

/* The one canonical spelling of 32 bytes in padded base64 (as the wire requires). */
gboolean isaf_sync_credentials_is_valid      (const char  *secret);

/* The 0600 file "<database path>.device-secret" (isaf-sync-credentials-file.c). Reading a
 * missing file fails with ISAF_SYNC_CREDENTIALS_ERROR_MISSING; removing one does not. */
gboolean isaf_sync_secret_file_write         (const char  *database_path,
                                              const char  *secret,
                                              GError     **error);
char    *isaf_sync_secret_file_read          (const char  *database_path,
                                              GError     **error);
gboolean isaf_sync_secret_file_remove        (const char  *database_path,
                                              GError     **error);

/* The Secret Service through libsecret (isaf-sync-credentials-keyring.c). Every call blocks
 * for at most a few seconds: never call them from the GTK main thread. */
#define ISAF_SYNC_KEYRING_ERROR (isaf_sync_keyring_error_quark ())

typedef enum {
  /* No session bus, no Secret Service on it, or a build without libsecret: as if there were
   * no keyring at all. */
  ISAF_SYNC_KEYRING_ERROR_ABSENT,
  /* The service is there but refused, stayed locked or did not answer in time: it may hold
   * a secret that cannot be read now. */
  ISAF_SYNC_KEYRING_ERROR_FAILED,
} IsafSyncKeyringError;

GQuark   isaf_sync_keyring_error_quark       (void);

gboolean isaf_sync_keyring_store             (const char  *database_path,
                                              const char  *secret,
                                              GError     **error);
/* NULL without an error when the keyring answered that it holds no secret for the database. */
char    *isaf_sync_keyring_lookup            (const char  *database_path,
                                              GError     **error);
/* Removing a secret that is not there succeeds. */
gboolean isaf_sync_keyring_remove            (const char  *database_path,
                                              GError     **error);

G_END_DECLS
