/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isaf-sync-credentials.h"
#include "isaf-sync-credentials-private.h"

/* The device secret in a file of its own, mode 0600, next to the database: where there is no
 * keyring (sync-protocol.md 3.12 allows it). It is not in the database itself, so that a backup
 * copy of the database, which travels on USB sticks, does not carry the laptop's credential. */

/* Longer content cannot be a secret: read no further. */
#define SECRET_FILE_MAX 256

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      length -= (gsize) written;
    }
  return TRUE;
}

/* Makes the rename durable: without it a power cut could bring back the old name. Some file
 * systems cannot sync a directory (EINVAL); there is nothing more to do on those. */
static gboolean
sync_directory (const char *path)
{
  g_autofree char *directory = g_path_get_dirname (path);
  int fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean synced;

  if (fd < 0)
    return FALSE;
  synced = fsync (fd) == 0 || errno == EINVAL;
  close (fd);
  return synced;
}

/* A new file beside @final_path, created here and nowhere else (O_EXCL), mode 0600 whatever
 * the umask. */
static int
create_temporary (const char  *final_path,
                  char       **temporary_path)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%08x", final_path, g_random_int ());
      int fd = open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

      if (fd < 0 && errno == EEXIST)
        continue;
      if (fd >= 0 && fchmod (fd, 0600) != 0)
        {
          int saved = errno;

          close (fd);
          g_unlink (path);
          errno = saved;
          return -1;
        }
      if (fd >= 0)
        *temporary_path = g_steal_pointer (&path);
      return fd;
    }
  errno = EEXIST;
  return -1;
}

/* Atomic: a crash leaves the old file or the new one. */
gboolean
isaf_sync_secret_file_write (const char  *database_path,
                             const char  *secret,
                             GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *temporary = NULL;
  g_autofree char *content = NULL;
  int fd;
  int saved;

  path = isaf_sync_credentials_get_path (database_path);
  content = g_strconcat (secret, "\n", NULL);

  fd = create_temporary (path, &temporary);
  if (fd < 0)
    goto failed;

  if (!write_all (fd, content, strlen (content)) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (temporary);
      errno = saved;
      goto failed;
    }
  if (close (fd) != 0 || rename (temporary, path) != 0)
    {
      saved = errno;
      g_unlink (temporary);
      errno = saved;
      goto failed;
    }
  explicit_bzero (content, strlen (content));
  if (!sync_directory (path))
    goto failed;
  return TRUE;

failed:
  saved = errno;
  explicit_bzero (content, strlen (content));
  g_debug ("Storing the device secret in %s: %s", path, g_strerror (saved));
  g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_FAILED,
               _("The sync secret cannot be saved in “%s”: %s. Check that the disk is not full "
                 "and that you may write to the database’s folder."),
               path, g_strerror (saved));
  return FALSE;
}

char *
isaf_sync_secret_file_read (const char  *database_path,
                            GError     **error)
{
  g_autofree char *path = NULL;
  char content[SECRET_FILE_MAX + 1];
  gsize length = 0;
  struct stat info;
  char *secret;
  int fd;

  path = isaf_sync_credentials_get_path (database_path);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    {
      g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_MISSING,
                   _("This laptop’s sync secret for the database “%s” is missing (the file “%s” "
                     "does not exist). Enrol the laptop again with a new code from the "
                     "administrator."),
                   database_path, path);
      return NULL;
    }
  if (fd < 0 || fstat (fd, &info) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_FAILED,
                   _("The sync secret file “%s” cannot be read: %s."), path, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (info.st_mode) || (info.st_mode & 077) != 0)
    {
      close (fd);
      g_debug ("%s has mode %04o", path, (guint) (info.st_mode & 07777));
      g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_INSECURE,
                   _("The sync secret file “%s” is open to other users of this computer, so it "
                     "is not used: someone may have copied it. Ask the administrator to remove "
                     "this laptop from sync, then enrol it again with a new code."),
                   path);
      return NULL;
    }

  while (length < sizeof content)
    {
      gssize got = read (fd, content + length, sizeof content - length);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;

          close (fd);
          explicit_bzero (content, length);
          g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_FAILED,
                       _("The sync secret file “%s” cannot be read: %s."), path,
                       g_strerror (saved));
          return NULL;
        }
      if (got == 0)
        break;
      length += (gsize) got;
    }
  close (fd);

  /* One line; anything longer than SECRET_FILE_MAX is refused below with the rest. */
  if (length > SECRET_FILE_MAX)
    length = 0;
  content[length] = '\0';
  g_strstrip (content);
  if (!isaf_sync_credentials_is_valid (content))
    {
      explicit_bzero (content, sizeof content);
      g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_INVALID,
                   _("The sync secret file “%s” is damaged. Enrol the laptop again with a new "
                     "code from the administrator."),
                   path);
      return NULL;
    }

  secret = g_strdup (content);
  explicit_bzero (content, sizeof content);
  return secret;
}

/* The removal is made durable like a replacement: a power cut must not bring back a file that
 * reading would prefer to the keyring. */
gboolean
isaf_sync_secret_file_remove (const char  *database_path,
                              GError     **error)
{
  g_autofree char *path = isaf_sync_credentials_get_path (database_path);
  gboolean unlinked = g_unlink (path) == 0;
  int saved;

  if (!unlinked && errno == ENOENT)
    return TRUE;
  if (unlinked && sync_directory (path))
    return TRUE;

  saved = errno;
  g_set_error (error, ISAF_SYNC_CREDENTIALS_ERROR, ISAF_SYNC_CREDENTIALS_ERROR_FAILED,
               _("The sync secret file “%s” cannot be removed: %s."), path, g_strerror (saved));
  return FALSE;
}
