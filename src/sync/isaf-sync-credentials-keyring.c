/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "isaf-sync-credentials-private.h"

/* The device secret in the user's keyring, through the Secret Service (GNOME Keyring, KWallet,
 * KeePassXC; the secret portal inside Flatpak). The keyring keeps it encrypted with the user's
 * login, where the file is plain text to anything that reads the user's files, a backup of the
 * home folder included. */

/* A keyring answers in milliseconds. One that hangs, or an unlock prompt left unanswered, is
 * given up after this long: storing then falls back to the file, and loading says why it
 * cannot read the secret rather than holding up sync. */
#define KEYRING_TIMEOUT_SECONDS 10

G_DEFINE_QUARK (isaf-sync-keyring-error-quark, isaf_sync_keyring_error)

#ifdef HAVE_LIBSECRET

/* One item per database, found by the database's absolute path. Secrets already in keyrings
 * are found by this name and attribute: never change them. */
static const SecretSchema device_secret_schema = {
  APP_ID ".DeviceSecret", SECRET_SCHEMA_NONE,
  {
    { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* A call made synchronous the way libsecret's own _sync functions make it, by iterating a main
 * context of its own until the answer comes, but with a timeout on that context. A _sync
 * function's context is out of reach: cancelling it in time would take another thread. */
typedef struct {
  GMainContext *context;
  GCancellable *cancellable;
  GSource *timeout;
  GAsyncResult *result;
  gboolean timed_out;
} KeyringCall;

static gboolean
on_call_timeout (gpointer data)
{
  KeyringCall *call = data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  KeyringCall *call = data;

  call->result = g_object_ref (result);
}

static void
keyring_call_begin (KeyringCall *call)
{
  /* On the GTK main thread the window would freeze for as long as the keyring takes. */
  g_warn_if_fail (!g_main_context_is_owner (g_main_context_default ()));

  call->context = g_main_context_new ();
  call->cancellable = g_cancellable_new ();
  call->timeout = g_timeout_source_new (KEYRING_TIMEOUT_SECONDS * 1000);
  g_source_set_callback (call->timeout, on_call_timeout, call, NULL);
  g_source_attach (call->timeout, call->context);
  g_main_context_push_thread_default (call->context);
}

/* libsecret gives up as soon as it is cancelled, closing any prompt it opened. */
static void
keyring_call_wait (KeyringCall *call)
{
  while (call->result == NULL)
    g_main_context_iteration (call->context, TRUE);
}

static void
keyring_call_end (KeyringCall *call)
{
  g_main_context_pop_thread_default (call->context);
  g_source_destroy (call->timeout);
  g_source_unref (call->timeout);
  g_clear_object (&call->result);
  g_object_unref (call->cancellable);
  g_main_context_unref (call->context);
}

/* Whether @error says there is no keyring to ask, rather than a keyring that failed. */
static gboolean
error_means_absent (const GError *error)
{
  /* GIO's errors come from connecting to the session bus. */
  if (error->domain == G_IO_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (error->domain != G_DBUS_ERROR)
    return FALSE;
  /* No service on the bus, and none that the bus could start. */
  return error->code == G_DBUS_ERROR_SERVICE_UNKNOWN
         || error->code == G_DBUS_ERROR_NAME_HAS_NO_OWNER
         || (error->code >= G_DBUS_ERROR_SPAWN_EXEC_FAILED
             && error->code <= G_DBUS_ERROR_SPAWN_NO_MEMORY);
}

static void
set_keyring_error (GError            **error,
                   const KeyringCall  *call,
                   GError             *cause)
{
  g_autoptr(GError) stripped = NULL;

  if (call->timed_out)
    {
      /* Translators: completes “… cannot be read from (removed from) the keyring: %s.” */
      g_set_error (error, ISAF_SYNC_KEYRING_ERROR, ISAF_SYNC_KEYRING_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The keyring did not answer within %d second",
                                "The keyring did not answer within %d seconds",
                                KEYRING_TIMEOUT_SECONDS),
                   KEYRING_TIMEOUT_SECONDS);
      return;
    }

  /* Without the D-Bus error's name in front ("GDBus.Error:org.freedesktop…"). */
  stripped = g_error_copy (cause);
  g_dbus_error_strip_remote_error (stripped);
  g_set_error_literal (error, ISAF_SYNC_KEYRING_ERROR,
                       error_means_absent (cause) ? ISAF_SYNC_KEYRING_ERROR_ABSENT
                                                  : ISAF_SYNC_KEYRING_ERROR_FAILED,
                       stripped->message);
}

static GHashTable *
new_attributes (const char *database_path)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "database",
                       g_canonicalize_filename (database_path, NULL));
  return attributes;
}

gboolean
isaf_sync_keyring_store (const char  *database_path,
                         const char  *secret,
                         GError     **error)
{
  g_autoptr(GHashTable) attributes = new_attributes (database_path);
  g_autofree char *shown_path = g_filename_display_name (g_hash_table_lookup (attributes,
                                                                              "database"));
  /* Translators: the name of the sync secret's item in the keyring, as the keyring's window
   * (Passwords and Keys, KWalletManager) lists it, with the database's path. */
  g_autofree char *label = g_strdup_printf (_("ISAF Commune sync secret for the database “%s”"),
                                            shown_path);
  g_autoptr(GError) local_error = NULL;
  KeyringCall call = { 0 };
  gboolean stored;

  keyring_call_begin (&call);
  secret_password_storev (&device_secret_schema, attributes, SECRET_COLLECTION_DEFAULT, label,
                          secret, call.cancellable, on_call_done, &call);
  keyring_call_wait (&call);
  stored = secret_password_store_finish (call.result, &local_error);
  if (!stored)
    set_keyring_error (error, &call, local_error);
  keyring_call_end (&call);
  return stored;
}

static gboolean
item_is_locked (SecretRetrievable *item)
{
  /* Items of the Secret Service; those of the portal's file (Flatpak) are never locked. */
  return SECRET_IS_ITEM (item) && secret_item_get_locked (SECRET_ITEM (item));
}

/* Searched for rather than looked up: a lookup answers "nothing" for a secret it found but could
 * not unlock, and that would send the user to enrol again, for a new code, when unlocking the
 * keyring is all it takes. */
char *
isaf_sync_keyring_lookup (const char  *database_path,
                          GError     **error)
{
  g_autoptr(GHashTable) attributes = new_attributes (database_path);
  g_autoptr(GError) local_error = NULL;
  KeyringCall call = { 0 };
  GList *items;
  SecretRetrievable *item;
  SecretValue *value = NULL;
  char *secret = NULL;

  keyring_call_begin (&call);
  /* A locked keyring asks the user to unlock it, when there is a screen to ask on. */
  secret_password_searchv (&device_secret_schema, attributes, SECRET_SEARCH_UNLOCK,
                           call.cancellable, on_call_done, &call);
  keyring_call_wait (&call);
  items = secret_password_search_finish (call.result, &local_error);
  item = items != NULL ? items->data : NULL;
  if (item != NULL && item_is_locked (item))
    {
      /* Translators: completes “… cannot be read from the keyring: %s.” */
      g_set_error_literal (error, ISAF_SYNC_KEYRING_ERROR, ISAF_SYNC_KEYRING_ERROR_FAILED,
                           _("The keyring is locked"));
    }
  else if (item != NULL)
    {
      g_clear_object (&call.result);
      secret_retrievable_retrieve_secret (item, call.cancellable, on_call_done, &call);
      keyring_call_wait (&call);
      value = secret_retrievable_retrieve_secret_finish (item, call.result, &local_error);
    }
  if (local_error != NULL)
    set_keyring_error (error, &call, local_error);
  keyring_call_end (&call);

  if (value != NULL)
    {
      gsize length = 0;
      const char *text = secret_value_get (value, &length);

      /* Checked by the caller, like the file's content. */
      secret = g_strndup (text, length);
      secret_value_unref (value);
    }
  g_list_free_full (items, g_object_unref);
  return secret;
}

gboolean
isaf_sync_keyring_remove (const char  *database_path,
                          GError     **error)
{
  g_autoptr(GHashTable) attributes = new_attributes (database_path);
  g_autoptr(GError) local_error = NULL;
  KeyringCall call = { 0 };

  keyring_call_begin (&call);
  secret_password_clearv (&device_secret_schema, attributes, call.cancellable, on_call_done,
                          &call);
  keyring_call_wait (&call);
  /* FALSE without an error: there was nothing to remove. */
  secret_password_clear_finish (call.result, &local_error);
  if (local_error != NULL)
    set_keyring_error (error, &call, local_error);
  keyring_call_end (&call);
  return local_error == NULL;
}

#else /* !HAVE_LIBSECRET */

/* Never shown: an absent keyring only sends the secret to the file. */
static void
set_absent_error (GError **error)
{
  g_set_error_literal (error, ISAF_SYNC_KEYRING_ERROR, ISAF_SYNC_KEYRING_ERROR_ABSENT,
                       "built without libsecret");
}

gboolean
isaf_sync_keyring_store (const char  *database_path,
                         const char  *secret,
                         GError     **error)
{
  set_absent_error (error);
  return FALSE;
}

char *
isaf_sync_keyring_lookup (const char  *database_path,
                          GError     **error)
{
  set_absent_error (error);
  return NULL;
}

gboolean
isaf_sync_keyring_remove (const char  *database_path,
                          GError     **error)
{
  set_absent_error (error);
  return FALSE;
}

#endif /* HAVE_LIBSECRET */
