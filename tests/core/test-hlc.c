/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hlc"

#include "config.h"

#include "isaf-error.h"
#include "isaf-hlc.h"
#include "isaf-test-helpers.h"

#define HOUR_MS (G_GINT64_CONSTANT (3600) * 1000)
#define DAY_MS (24 * HOUR_MS)
/* 2026-03-15T08:00:00Z: a plausible wall clock. */
#define START_MS G_GINT64_CONSTANT (1773561600000)

/* A wall clock the test sets by hand. */
typedef struct {
  gint64 ms;
  guint reads;
} FakeClock;

static gint64
fake_clock_read (gpointer user_data)
{
  FakeClock *clock = user_data;

  clock->reads++;
  return clock->ms;
}

static void
test_monotonic (void)
{
  FakeClock clock = { START_MS, 0 };
  g_autoptr(IsafHlc) hlc = isaf_hlc_new (fake_clock_read, &clock);
  gint64 previous, value;

  previous = isaf_hlc_now (hlc);
  g_assert_cmpint (ISAF_HLC_MS (previous), ==, START_MS);
  g_assert_cmpuint (ISAF_HLC_COUNTER (previous), ==, 0);
  g_assert_cmpint (isaf_hlc_last (hlc), ==, previous);

  /* Many events in one millisecond: the counter orders them. */
  for (guint i = 1; i <= 1000; i++)
    {
      value = isaf_hlc_now (hlc);
      g_assert_cmpint (value, >, previous);
      g_assert_cmpint (ISAF_HLC_MS (value), ==, START_MS);
      g_assert_cmpuint (ISAF_HLC_COUNTER (value), ==, i);
      g_assert_cmpint (isaf_hlc_last (hlc), ==, value);
      previous = value;
    }

  /* The wall clock moves on: the physical part follows and the counter starts again. */
  clock.ms += 250;
  value = isaf_hlc_now (hlc);
  g_assert_cmpint (value, >, previous);
  g_assert_cmpint (value, ==, ISAF_HLC_MAKE (START_MS + 250, 0));
  g_assert_cmpuint (clock.reads, ==, 1002);
}

static void
test_clock_backwards (void)
{
  FakeClock clock = { START_MS, 0 };
  g_autoptr(IsafHlc) hlc = isaf_hlc_new (fake_clock_read, &clock);
  gint64 before, previous;

  for (guint i = 0; i < 10; i++)
    {
      clock.ms += 7;
      previous = isaf_hlc_now (hlc);
    }
  before = previous;

  /* Someone sets the laptop's clock back by an hour. */
  clock.ms -= HOUR_MS;
  for (guint i = 0; i < 100; i++)
    {
      gint64 value = isaf_hlc_now (hlc);

      g_assert_cmpint (value, >, previous);
      /* It keeps the physical part it had reached rather than follow the clock back. */
      g_assert_cmpint (ISAF_HLC_MS (value), ==, ISAF_HLC_MS (before));
      previous = value;
      clock.ms += 1;
    }

  /* Once the wall clock has caught up again it drives the clock as before. */
  clock.ms = START_MS + HOUR_MS;
  g_assert_cmpint (isaf_hlc_now (hlc), ==, ISAF_HLC_MAKE (START_MS + HOUR_MS, 0));
}

static void
test_counter_overflow (void)
{
  FakeClock clock = { START_MS, 0 };
  g_autoptr(IsafHlc) hlc = isaf_hlc_new (fake_clock_read, &clock);
  gint64 previous = isaf_hlc_now (hlc);
  gint64 value = previous;

  /* 65,536 events fill the 16-bit counter of one millisecond; the next ones must still
   * increase, borrowing the following millisecond. */
  for (guint i = 1; i < 65536 + 100; i++)
    {
      value = isaf_hlc_now (hlc);
      g_assert_cmpint (value, >, previous);
      previous = value;
    }

  g_assert_cmpint (ISAF_HLC_MS (value), ==, START_MS + 1);
  g_assert_cmpuint (ISAF_HLC_COUNTER (value), ==, 99);

  /* The wall clock has not moved: the clock still stays ahead of it, in order. */
  value = isaf_hlc_now (hlc);
  g_assert_cmpint (value, ==, ISAF_HLC_MAKE (START_MS + 1, 100));
}

static void
test_receive (void)
{
  FakeClock clock = { START_MS, 0 };
  g_autoptr(IsafHlc) hlc = isaf_hlc_new (fake_clock_read, &clock);
  gint64 remote = ISAF_HLC_MAKE (START_MS + DAY_MS, 41);
  gint64 received, local;

  isaf_hlc_now (hlc);

  /* A pulled change made on a laptop whose clock is a day ahead. */
  received = isaf_hlc_receive (hlc, remote);
  g_assert_cmpint (received, >, remote);
  local = isaf_hlc_now (hlc);
  g_assert_cmpint (local, >, remote);
  g_assert_cmpint (local, >, received);
  g_assert_cmpint (ISAF_HLC_MS (local), ==, START_MS + DAY_MS);

  /* A remote clock from the past changes nothing but still yields a later local value. */
  received = isaf_hlc_receive (hlc, ISAF_HLC_MAKE (START_MS - DAY_MS, 0));
  g_assert_cmpint (received, >, local);
}

static void
test_observe_restart (void)
{
  FakeClock clock = { START_MS, 0 };
  g_autoptr(IsafHlc) first = isaf_hlc_new (fake_clock_read, &clock);
  g_autoptr(IsafHlc) restarted = NULL;
  gint64 persisted = 0;
  gint64 value;

  for (guint i = 0; i < 20; i++)
    persisted = isaf_hlc_now (first);

  /* The laptop restarts with its clock an hour back (a flat CMOS battery): the persisted
   * hlc_max raises the floor of the new clock. */
  clock.ms -= HOUR_MS;
  restarted = isaf_hlc_new (fake_clock_read, &clock);
  isaf_hlc_observe (restarted, persisted);
  g_assert_cmpint (isaf_hlc_last (restarted), ==, persisted);

  /* Observing is not an event and a smaller value never lowers the floor. */
  isaf_hlc_observe (restarted, ISAF_HLC_MAKE (START_MS - DAY_MS, 0));
  g_assert_cmpint (isaf_hlc_last (restarted), ==, persisted);

  value = isaf_hlc_now (restarted);
  g_assert_cmpint (value, >, persisted);
  g_assert_cmpint (isaf_hlc_now (restarted), >, value);
}

static void
test_offset (void)
{
  FakeClock clock = { START_MS, 0 };
  g_autoptr(IsafHlc) hlc = isaf_hlc_new (fake_clock_read, &clock);

  /* The offset estimated against the server's time corrects the wall clock. */
  isaf_hlc_set_offset (hlc, 90 * 1000);
  g_assert_cmpint (isaf_hlc_now (hlc), ==, ISAF_HLC_MAKE (START_MS + 90 * 1000, 0));

  /* A negative correction still never makes the clock go back. */
  isaf_hlc_set_offset (hlc, -HOUR_MS);
  g_assert_cmpint (isaf_hlc_now (hlc), ==, ISAF_HLC_MAKE (START_MS + 90 * 1000, 1));
}

static void
test_macros (void)
{
  static const struct {
    gint64 ms;
    guint counter;
  } cases[] = {
    { 0, 0 },
    { 1, 1 },
    { START_MS, 0 },
    { START_MS, 0xffff },
    { START_MS + 1, 12345 },
    { (G_GINT64_CONSTANT (1) << 47) - 1, 0x8000 },
    { (G_GINT64_CONSTANT (1) << 48) - 1, 0xffff },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 hlc = ISAF_HLC_MAKE (cases[i].ms, cases[i].counter);

      g_assert_cmpint (ISAF_HLC_MS (hlc), ==, cases[i].ms);
      g_assert_cmpuint (ISAF_HLC_COUNTER (hlc), ==, cases[i].counter);
    }

  /* Clocks compare as integers: the physical part first, then the counter. */
  g_assert_cmpint (ISAF_HLC_MAKE (START_MS, 0xffff), <, ISAF_HLC_MAKE (START_MS + 1, 0));
  g_assert_cmpint (ISAF_HLC_MAKE (START_MS, 1), <, ISAF_HLC_MAKE (START_MS, 2));
  g_assert_cmpint (ISAF_HLC_MAKE (START_MS, 0), ==, START_MS << 16);
}

/* A wall clock set absurdly far ahead (year 9999) must not produce clocks that are negative
 * as signed 64-bit integers, which would sort before every other clock in SQLite. */
static void
test_far_future_clock (void)
{
  FakeClock clock = { G_GINT64_CONSTANT (253402300799000), 0 }; /* 9999-12-31T23:59:59Z */
  g_autoptr(IsafHlc) hlc = isaf_hlc_new (fake_clock_read, &clock);
  gint64 previous = ISAF_HLC_MAKE (START_MS, 0);

  isaf_hlc_observe (hlc, previous);
  for (guint i = 0; i < 1000; i++)
    {
      gint64 value = isaf_hlc_now (hlc);

      g_assert_cmpint (value, >, 0);
      g_assert_cmpint (value, >, previous);
      previous = value;
    }

  /* Back to a sane clock: the values still increase. */
  clock.ms = START_MS;
  g_assert_cmpint (isaf_hlc_now (hlc), >, previous);
}

/* The database level ------------------------------------------------------------------- */

static IsafRecord *
new_caf (const char *name)
{
  IsafRecord *caf = isaf_record_new ("caf");

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", "f");
  return caf;
}

static gint64
state_hlc_max (sqlite3 *conn)
{
  return isaf_test_sqlite_int (conn, "SELECT value FROM sync_state WHERE key = 'hlc_max'");
}

/* Every transaction stamps clocks after those of the transactions before it. */
static void
assert_outbox_ordered (sqlite3 *conn)
{
  sqlite3_stmt *stmt = NULL;
  gint64 previous_txid = -1, previous_hlc = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT txid, hlc FROM sync_outbox ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 txid = sqlite3_column_int64 (stmt, 0);
      gint64 hlc = sqlite3_column_int64 (stmt, 1);

      if (txid != previous_txid)
        {
          g_assert_cmpint (txid, >, previous_txid);
          g_assert_cmpint (hlc, >, previous_hlc);
        }
      else
        g_assert_cmpint (hlc, >=, previous_hlc);
      previous_txid = txid;
      previous_hlc = hlc;
    }
  sqlite3_finalize (stmt);
}

static void
save_new_caf (IsafTestFixture *fixture,
              const char      *name)
{
  g_autoptr(IsafRecord) caf = new_caf (name);

  isaf_test_save (fixture->store, caf, NULL);
}

static void
test_database_persisted_max (IsafTestFixture *fixture,
                             gconstpointer    data)
{
  g_autoptr(IsafRecord) first = new_caf ("សុខា");
  g_autoptr(IsafRecord) second = new_caf ("ចន្ធូ");
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(GError) error = NULL;
  gint64 hlc_max, old_max, old_seq, future, now_ms;
  sqlite3 *conn;

  isaf_record_set_integer (cycle, "year", 2026);
  isaf_test_save (fixture->store, first, second, cycle, NULL);
  isaf_record_set_text (first, "name_latin", "Sokha");
  isaf_test_save (fixture->store, first, NULL);
  isaf_store_delete (fixture->store, "caf", isaf_record_get_id (second), NULL, &error);
  g_assert_no_error (error);
  isaf_test_fixture_close (fixture);

  /* Persisted inside every writing transaction: at least every clock it stamped. */
  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READWRITE);
  hlc_max = state_hlc_max (conn);
  old_seq = isaf_test_sqlite_int (conn, "SELECT max (seq) FROM sync_outbox");
  g_assert_cmpint (hlc_max, >=, isaf_test_sqlite_int (conn, "SELECT max (hlc) FROM sync_outbox"));
  g_assert_cmpint (isaf_test_sqlite_int (conn,
                                         "SELECT count (*) FROM sync_outbox WHERE hlc > "
                                         "(SELECT value FROM sync_state WHERE key = 'hlc_max')"),
                   ==, 0);
  now_ms = g_get_real_time () / 1000;
  g_assert_cmpint (ISAF_HLC_MS (hlc_max), >, now_ms - 60 * 1000);
  g_assert_cmpint (ISAF_HLC_MS (hlc_max), <=, now_ms + 1000);
  assert_outbox_ordered (conn);
  sqlite3_close (conn);

  /* Reopened with the system clock: new clocks come after the old maximum. */
  isaf_test_fixture_reopen (fixture);
  save_new_caf (fixture, "ដារ៉ា");
  isaf_test_fixture_close (fixture);

  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count (*) FROM sync_outbox"), >, old_seq);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT min (hlc) FROM sync_outbox WHERE seq > %"
                                            G_GINT64_FORMAT, old_seq);

    g_assert_cmpint (isaf_test_sqlite_int (conn, sql), >, hlc_max);
  }
  old_max = state_hlc_max (conn);
  g_assert_cmpint (old_max, >, hlc_max);
  old_seq = isaf_test_sqlite_int (conn, "SELECT max (seq) FROM sync_outbox");

  /* A previous session stamped clocks a day ahead (a remote clock, or a clock set wrong and
   * then corrected): the reopened database must still stamp after them, although the
   * system clock is a day behind. */
  future = ISAF_HLC_MAKE (now_ms + DAY_MS, 7);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE sync_state SET value = %" G_GINT64_FORMAT
                                            " WHERE key = 'hlc_max'", future);

    isaf_test_sqlite_exec (conn, sql);
  }
  sqlite3_close (conn);

  isaf_test_fixture_reopen (fixture);
  save_new_caf (fixture, "វណ្ណា");
  isaf_test_fixture_close (fixture);

  conn = isaf_test_sqlite_open (fixture->path, SQLITE_OPEN_READWRITE);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT min (hlc) FROM sync_outbox WHERE seq > %"
                                            G_GINT64_FORMAT, old_seq);

    g_assert_cmpint (isaf_test_sqlite_int (conn, sql), >, future);
  }
  g_assert_cmpint (state_hlc_max (conn), >=,
                   isaf_test_sqlite_int (conn, "SELECT max (hlc) FROM sync_outbox"));
  g_assert_cmpint (ISAF_HLC_MS (state_hlc_max (conn)), ==, now_ms + DAY_MS);
  assert_outbox_ordered (conn);
  sqlite3_close (conn);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hlc/monotonic", test_monotonic);
  g_test_add_func ("/hlc/clock-backwards", test_clock_backwards);
  g_test_add_func ("/hlc/counter-overflow", test_counter_overflow);
  g_test_add_func ("/hlc/receive", test_receive);
  g_test_add_func ("/hlc/observe-restart", test_observe_restart);
  g_test_add_func ("/hlc/offset", test_offset);
  g_test_add_func ("/hlc/macros", test_macros);
  g_test_add_func ("/hlc/far-future-clock", test_far_future_clock);
  g_test_add ("/hlc/database/persisted-max", IsafTestFixture, NULL,
              isaf_test_fixture_setup_store, test_database_persisted_max,
              isaf_test_fixture_teardown);

  return g_test_run ();
}
