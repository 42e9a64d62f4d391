/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-server"

#include "config.h"

#include "isaf-server-config.h"
#include "isaf-server-error.h"

#define MIN_TOKEN_SECRET_BYTES 32

IsafServerConfig *
isaf_server_config_new (void)
{
  IsafServerConfig *config = g_new0 (IsafServerConfig, 1);

  config->listen = g_strdup ("127.0.0.1:8470");
  config->pg = g_strdup ("");
  config->owner_pg = g_strdup ("");
  config->api_role = g_strdup ("isaf_api");
  config->token_secret_file = g_strdup ("/etc/isaf-server/token-secret");
  config->max_body_bytes = 2 * 1024 * 1024;
  config->max_decompressed_bytes = 8 * 1024 * 1024;
  config->request_timeout_seconds = 30;
  config->max_concurrent_requests = 64;
  config->retry_after_seconds = 30;
  config->token_lifetime_seconds = 3600;
  config->clock_skew_clamp_seconds = 600;
  return config;
}

void
isaf_server_config_free (IsafServerConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->listen);
  g_free (config->pg);
  g_free (config->owner_pg);
  g_free (config->api_role);
  g_free (config->token_secret_file);
  g_free (config);
}

static gboolean
read_string (GKeyFile    *file,
             const char  *group,
             const char  *key,
             char       **value,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *read = g_key_file_get_string (file, group, key, &local_error);

  if (read == NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND)
          || g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_free (*value);
  *value = g_strstrip (read);
  return TRUE;
}

static gboolean
read_number (GKeyFile    *file,
             const char  *group,
             const char  *key,
             gint64       min,
             gint64       max,
             gint64      *value,
             GError     **error)
{
  g_autofree char *text = NULL;
  gint64 number;

  if (!read_string (file, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, &number, NULL))
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_CONFIG,
                   "[%s] %s must be a whole number from %" G_GINT64_FORMAT " to %"
                   G_GINT64_FORMAT ", not “%s”", group, key, min, max, text);
      return FALSE;
    }
  *value = number;
  return TRUE;
}

static gboolean
read_int (GKeyFile    *file,
          const char  *group,
          const char  *key,
          int          min,
          int          max,
          int         *value,
          GError     **error)
{
  gint64 number = *value;

  if (!read_number (file, group, key, min, max, &number, error))
    return FALSE;
  *value = (int) number;
  return TRUE;
}

/**
 * isaf_server_config_load:
 * @config: the settings so far (defaults)
 * @path: a configuration file
 * @error: return location for a #GKeyFileError, a #GFileError or an %ISAF_SERVER_ERROR
 *
 * Reads @path over @config; keys it does not set keep their values.
 */
gboolean
isaf_server_config_load (IsafServerConfig *config,
                         const char       *path,
                         GError          **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    return FALSE;

  return read_string (file, "server", "listen", &config->listen, error)
         && read_string (file, "server", "pg", &config->pg, error)
         && read_string (file, "server", "owner_pg", &config->owner_pg, error)
         && read_string (file, "server", "api_role", &config->api_role, error)
         && read_string (file, "server", "token_secret_file", &config->token_secret_file, error)
         && read_number (file, "limits", "max_body_bytes", 1024, G_MAXINT32,
                         &config->max_body_bytes, error)
         && read_number (file, "limits", "max_decompressed_bytes", 1024, G_MAXINT32,
                         &config->max_decompressed_bytes, error)
         && read_int (file, "limits", "request_timeout_seconds", 1, 3600,
                      &config->request_timeout_seconds, error)
         && read_int (file, "limits", "max_concurrent_requests", 1, 4096,
                      &config->max_concurrent_requests, error)
         && read_int (file, "limits", "retry_after_seconds", 1, 86400,
                      &config->retry_after_seconds, error)
         && read_int (file, "limits", "token_lifetime_seconds", 60, 86400,
                      &config->token_lifetime_seconds, error)
         && read_int (file, "limits", "clock_skew_clamp_seconds", 1, 86400,
                      &config->clock_skew_clamp_seconds, error);
}

GBytes *
isaf_server_config_read_token_secret (const IsafServerConfig *config,
                                      GError                **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (config->token_secret_file, &contents, &length, error))
    return NULL;
  if (length < MIN_TOKEN_SECRET_BYTES)
    {
      g_set_error (error, ISAF_SERVER_ERROR, ISAF_SERVER_ERROR_CONFIG,
                   "the token secret %s holds %" G_GSIZE_FORMAT " bytes; it needs at least %d "
                   "random bytes (head -c 32 /dev/urandom > %s; chmod 600 %s)",
                   config->token_secret_file, length, MIN_TOKEN_SECRET_BYTES,
                   config->token_secret_file, config->token_secret_file);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}
