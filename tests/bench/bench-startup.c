/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Start-up of ISAF Commune on a 10-year demo database, against GNOME Text Editor started the
 * same way in the same run: from spawning the process to its first top-level window being
 * mapped, and the resident memory one second later. Both run on a private Xvfb display and
 * session bus with the same environment and a home of their own, alternating which goes first
 * so that neither has the warmer cache. Targets: no slower and no larger than GNOME Text Editor.
 *
 * Usage: bench-startup ISAFCTL ISAF_COMMUNE (GSETTINGS_SCHEMA_DIR names the build's schema).
 * Exits 77 when Xvfb or gnome-text-editor is not installed. */

#define ROUNDS 7
#define TARGET_RATIO 1.0
#define SETTLE_US (1 * G_USEC_PER_SEC)
#define MAP_TIMEOUT_US (60 * G_USEC_PER_SEC)
#define EXIT_TIMEOUT_US (3 * G_USEC_PER_SEC)
/* GNOME Text Editor sometimes takes 20 s to quit after its first start. */
#define FIRST_EXIT_TIMEOUT_US (60 * G_USEC_PER_SEC)
#define EXIT_SKIP 77

typedef struct {
  const char *name;
  char      **argv;
  double      startup_ms[ROUNDS];
  double      rss_mb[ROUNDS];
} Program;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

/* A window can be destroyed between its MapNotify and the look at its properties. */
static int
ignore_x_errors (Display     *display,
                 XErrorEvent *event)
{
  return 0;
}

/* Children go with the benchmark when it dies on an error, not stay behind holding a display. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocessLauncher *
launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Reads the first line a child writes on the pipe it was handed, like Xvfb's -displayfd
 * and dbus-daemon's --print-address: the sign that it is ready. */
static char *
read_ready_line (int fd)
{
  GString *line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  char c;

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };

      if (poll (&pfd, 1, 100) <= 0)
        continue;
      if (read (fd, &c, 1) != 1)
        break;
      if (c == '\n')
        return g_string_free (line, FALSE);
      g_string_append_c (line, c);
    }
  g_string_free (line, TRUE);
  return NULL;
}

/* Spawns argv with one end of a pipe as file descriptor 3 and returns the line it writes
 * there, or NULL when it never does. */
static GSubprocess *
spawn_until_ready (const char * const *argv,
                   char              **ready_line)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  int fds[2];

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, &error))
    g_error ("pipe: %s", error->message);
  launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    g_error ("%s: %s", argv[0], error->message);
  /* The launcher holds the write end: drop it so that a child dying shows as end of file. */
  g_clear_object (&launcher);
  *ready_line = read_ready_line (fds[0]);
  close (fds[0]);
  return process;
}

static gboolean
wait_for_exit (GSubprocess *process,
               gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  /* GSubprocess reaps the child on GLib's worker thread; the identifier goes when it has. */
  while (g_subprocess_get_identifier (process) != NULL && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  return g_subprocess_get_identifier (process) == NULL;
}

static void
stop_process (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  if (!wait_for_exit (process, EXIT_TIMEOUT_US))
    g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

/* Closes the window as a window manager would, so that the program quits the way it does for
 * a user and saves what it saves then: a start without that saved state is not the usual one
 * (GNOME Text Editor 43 then fails to build its Open popover). Returns whether it quit within
 * timeout_us; if not, it is stopped. */
static gboolean
close_window (Display     *display,
              Window       window,
              GSubprocess *process,
              gint64       timeout_us)
{
  XEvent event = { 0 };

  event.xclient.type = ClientMessage;
  event.xclient.window = window;
  event.xclient.message_type = XInternAtom (display, "WM_PROTOCOLS", False);
  event.xclient.format = 32;
  event.xclient.data.l[0] = XInternAtom (display, "WM_DELETE_WINDOW", False);
  event.xclient.data.l[1] = CurrentTime;
  XSendEvent (display, window, False, NoEventMask, &event);
  XFlush (display);
  if (wait_for_exit (process, timeout_us))
    return TRUE;
  stop_process (process);
  return FALSE;
}

static void
make_demo_database (const char *isafctl,
                    const char *path)
{
  const char *argv[] = { isafctl, "--db", path, "demo", "--commune", "010201", "--years", "10",
                         NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                                      &error);

  if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
    g_error ("%s demo: %s", isafctl, error->message);
}

static gulong
window_pid (Display *display,
            Window   window,
            Atom     net_wm_pid)
{
  Atom type = None;
  int format = 0;
  unsigned long n_items = 0, remaining = 0;
  unsigned char *data = NULL;
  gulong pid = 0;

  if (XGetWindowProperty (display, window, net_wm_pid, 0, 1, False, XA_CARDINAL, &type, &format,
                          &n_items, &remaining, &data) == Success
      && type == XA_CARDINAL && format == 32 && n_items == 1)
    pid = *(unsigned long *) data;
  if (data != NULL)
    XFree (data);
  return pid;
}

/* Waits for a MapNotify on the root window (the display runs no window manager, so top-level
 * windows are its children) from a window of process pid; returns when it came, or 0. */
static gint64
wait_for_map (Display     *display,
              GSubprocess *process,
              gulong       pid,
              gint64       deadline,
              Window      *window)
{
  Atom net_wm_pid = XInternAtom (display, "_NET_WM_PID", False);

  while (g_get_monotonic_time () < deadline && g_subprocess_get_identifier (process) != NULL)
    {
      struct pollfd pfd = { .fd = ConnectionNumber (display), .events = POLLIN };

      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && !event.xmap.override_redirect
              && window_pid (display, event.xmap.window, net_wm_pid) == pid)
            {
              *window = event.xmap.window;
              return g_get_monotonic_time ();
            }
        }
      poll (&pfd, 1, 50);
    }
  return 0;
}

/* A field of /proc/PID/status, such as VmRSS, in MB. */
static double
status_mb (const char *status,
           const char *field)
{
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  const char *line = strstr (status, key);

  return line != NULL ? g_ascii_strtod (line + strlen (key), NULL) / 1024.0 : 0.0;
}

/* Starts the program, waits for its window, reads its memory and closes it; the first run
 * of each program is not recorded (round is then -1). */
static void
measure (Program  *program,
         int       round,
         Display  *display,
         char    **envp)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status_path = NULL, *status = NULL;
  gint64 start, mapped;
  Window window = None;
  gulong pid;

  g_subprocess_launcher_set_environ (launcher, envp);
  g_subprocess_launcher_set_cwd (launcher, g_environ_getenv (envp, "HOME"));
  /* Events left from the previous program must not be taken for this one's. */
  XSync (display, True);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) program->argv, &error);
  if (process == NULL)
    g_error ("%s: %s", program->name, error->message);
  if (g_subprocess_get_identifier (process) == NULL)
    g_error ("%s exited at once", program->name);
  pid = strtoul (g_subprocess_get_identifier (process), NULL, 10);
  status_path = g_strdup_printf ("/proc/%lu/status", pid);
  mapped = wait_for_map (display, process, pid, start + MAP_TIMEOUT_US, &window);
  if (mapped == 0)
    g_error ("%s mapped no window within %d s (or exited)", program->name,
             (int) (MAP_TIMEOUT_US / G_USEC_PER_SEC));

  g_usleep (SETTLE_US);
  if (!g_file_get_contents (status_path, &status, NULL, &error))
    g_error ("%s: %s", program->name, error->message);
  if (round < 0)
    {
      if (!close_window (display, window, process, FIRST_EXIT_TIMEOUT_US))
        g_printerr ("%s did not quit within %d s of its window being closed\n", program->name,
                    (int) (FIRST_EXIT_TIMEOUT_US / G_USEC_PER_SEC));
      return;
    }
  program->startup_ms[round] = (mapped - start) / 1000.0;
  program->rss_mb[round] = status_mb (status, "VmRSS");
  g_printerr ("round %d: %-17s %4.0f ms, %.1f MB (anonymous %.1f, files %.1f, shared %.1f)\n",
              round + 1, program->name, program->startup_ms[round], program->rss_mb[round],
              status_mb (status, "RssAnon"), status_mb (status, "RssFile"),
              status_mb (status, "RssShmem"));
  close_window (display, window, process, EXIT_TIMEOUT_US);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xvfb_path = g_find_program_in_path ("Xvfb");
  g_autofree char *editor_path = g_find_program_in_path ("gnome-text-editor");
  g_autofree char *bus_path = g_find_program_in_path ("dbus-daemon");
  g_autofree char *dir = NULL, *db = NULL, *home = NULL, *display_number = NULL;
  g_autofree char *display_name = NULL, *bus_address = NULL, *app_path = NULL;
  g_autoptr(GSubprocess) xvfb = NULL;
  g_autoptr(GSubprocess) bus = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *xdg_dirs[] = { "XDG_CONFIG_HOME", ".config", "XDG_DATA_HOME", ".local/share",
                             "XDG_CACHE_HOME", ".cache", "XDG_STATE_HOME", ".local/state",
                             "XDG_RUNTIME_DIR", "runtime" };
  char *isaf_argv[] = { NULL, "--db", NULL, NULL };
  char *editor_argv[] = { NULL, "--standalone", NULL };
  Program isaf = { "isaf-commune", isaf_argv }, editor = { "gnome-text-editor", editor_argv };
  double isaf_ms, editor_ms, isaf_mb, editor_mb, time_ratio, memory_ratio;
  Display *display;

  if (argc != 3)
    {
      g_printerr ("usage: %s ISAFCTL ISAF_COMMUNE\n", argv[0]);
      return 2;
    }
  if (xvfb_path == NULL || editor_path == NULL)
    {
      g_print ("skipped: %s is not installed\n", xvfb_path == NULL ? "Xvfb" : "gnome-text-editor");
      return EXIT_SKIP;
    }

  dir = g_dir_make_tmp ("isaf-bench-startup-XXXXXX", NULL);
  db = g_build_filename (dir, "demo.sqlite", NULL);
  home = g_build_filename (dir, "home", NULL);
  make_demo_database (argv[1], db);
  /* The programs run in the empty home: a path relative to here would not resolve there. */
  app_path = g_canonicalize_filename (argv[2], NULL);
  isaf_argv[0] = app_path;
  isaf_argv[2] = db;
  editor_argv[0] = editor_path;

  {
    const char *xvfb_argv[] = { xvfb_path, "-displayfd", "3", "-screen", "0", "1366x768x24",
                                "-nolisten", "tcp", "-noreset", NULL };

    xvfb = spawn_until_ready (xvfb_argv, &display_number);
    if (display_number == NULL)
      g_error ("Xvfb did not start");
    display_name = g_strconcat (":", display_number, NULL);
  }
  display = XOpenDisplay (display_name);
  if (display == NULL)
    g_error ("cannot open the Xvfb display %s", display_name);
  XSetErrorHandler (ignore_x_errors);
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);

  /* A home of their own, so that neither program finds the settings, caches, recent files or
   * session of the user running the benchmark. */
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (xdg_dirs); i += 2)
    {
      g_autofree char *path = g_build_filename (home, xdg_dirs[i + 1], NULL);

      g_mkdir_with_parents (path, 0700);
      envp = g_environ_setenv (envp, xdg_dirs[i], path, TRUE);
    }
  envp = g_environ_setenv (envp, "DISPLAY", display_name, TRUE);
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", TRUE);
  envp = g_environ_setenv (envp, "GTK_A11Y", "none", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  /* Xvfb has no GPU: GL would render on the CPU and weigh on both the same way. */
  envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", FALSE);
  /* The tests' debugging aids are not how a user starts either program. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  envp = g_environ_unsetenv (envp, "MALLOC_CHECK_");
  /* GSETTINGS_SCHEMA_DIR adds to the system's schemas, so the editor still finds its own and
   * both run with one environment. */

  /* A desktop has a session bus; a private one keeps both away from the user's. */
  if (bus_path != NULL)
    {
      const char *bus_argv[] = { bus_path, "--session", "--nofork", "--nopidfile",
                                 "--print-address=3", NULL };

      bus = spawn_until_ready (bus_argv, &bus_address);
    }
  if (bus_address != NULL)
    envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  else
    envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);

  /* One round unmeasured: the first start of each loads its libraries from disk and makes
   * the state that a user's later starts find. */
  measure (&isaf, -1, display, envp);
  measure (&editor, -1, display, envp);
  for (int round = 0; round < ROUNDS; round++)
    {
      Program *first = round % 2 == 0 ? &isaf : &editor;
      Program *second = round % 2 == 0 ? &editor : &isaf;

      measure (first, round, display, envp);
      measure (second, round, display, envp);
    }

  XCloseDisplay (display);
  if (bus != NULL)
    stop_process (bus);
  stop_process (xvfb);
  remove_tree (dir);

  isaf_ms = median (isaf.startup_ms, ROUNDS);
  editor_ms = median (editor.startup_ms, ROUNDS);
  isaf_mb = median (isaf.rss_mb, ROUNDS);
  editor_mb = median (editor.rss_mb, ROUNDS);
  time_ratio = isaf_ms / editor_ms;
  memory_ratio = isaf_mb / editor_mb;

  g_print ("start-up to mapped window: isaf-commune %.0f ms, gnome-text-editor %.0f ms "
           "(median of %d); ratio %.2fx (target <= %.1fx)\n",
           isaf_ms, editor_ms, ROUNDS, time_ratio, TARGET_RATIO);
  g_print ("resident memory after start-up: isaf-commune %.1f MB, gnome-text-editor %.1f MB; "
           "ratio %.2fx (target <= %.1fx)\n",
           isaf_mb, editor_mb, memory_ratio, TARGET_RATIO);

  return time_ratio <= TARGET_RATIO && memory_ratio <= TARGET_RATIO ? 0 : 1;
}
