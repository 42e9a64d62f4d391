/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "isaf-vote-counts.h"

/* Votes from a list of scores, ended by 0. */
static IsafVoteCounts
votes_of (const int *scores)
{
  IsafVoteCounts votes;

  isaf_vote_counts_clear (&votes);
  for (guint i = 0; scores[i] != 0; i++)
    isaf_vote_counts_add (&votes, scores[i]);
  return votes;
}

static void
assert_median (const int *scores,
               double     expected)
{
  IsafVoteCounts votes = votes_of (scores);
  double median = -1;

  g_assert_true (isaf_vote_counts_get_median (&votes, &median));
  g_assert_cmpfloat (median, ==, expected);
}

static void
test_median_odd (void)
{
  assert_median ((const int []) { 5, 1, 3, 0 }, 3);
  assert_median ((const int []) { 2, 2, 5, 4, 1, 0 }, 2);
  assert_median ((const int []) { 1, 1, 1, 5, 5, 5, 5, 0 }, 5);
}

static void
test_median_even (void)
{
  /* The mean of the two middle votes: 2 and 4 give 3, 3 and 4 give 3.5. */
  assert_median ((const int []) { 4, 2, 0 }, 3);
  assert_median ((const int []) { 1, 3, 4, 5, 0 }, 3.5);
  assert_median ((const int []) { 5, 5, 1, 1, 0 }, 3);
}

static void
test_median_ties (void)
{
  /* Every vote the same, and many on the middle score. */
  assert_median ((const int []) { 4, 4, 4, 4, 0 }, 4);
  assert_median ((const int []) { 1, 3, 3, 3, 3, 5, 0 }, 3);
  assert_median ((const int []) { 2, 2, 2, 3, 3, 3, 0 }, 2.5);
}

static void
test_one_vote (void)
{
  IsafVoteCounts votes = votes_of ((const int []) { 2, 0 });
  double average = 0;

  assert_median ((const int []) { 2, 0 }, 2);
  g_assert_true (isaf_vote_counts_get_average (&votes, &average));
  g_assert_cmpfloat (average, ==, 2);
  g_assert_cmpint (isaf_vote_counts_get_total (&votes), ==, 1);
}

static void
test_no_vote (void)
{
  IsafVoteCounts votes;
  double median = 7, average = 7;

  isaf_vote_counts_clear (&votes);
  g_assert_cmpint (isaf_vote_counts_get_total (&votes), ==, 0);
  /* No result at all, and the caller's value untouched: never a zero. */
  g_assert_false (isaf_vote_counts_get_median (&votes, &median));
  g_assert_false (isaf_vote_counts_get_average (&votes, &average));
  g_assert_cmpfloat (median, ==, 7);
  g_assert_cmpfloat (average, ==, 7);
}

static void
test_average (void)
{
  IsafVoteCounts votes = votes_of ((const int []) { 1, 2, 2, 5, 0 });
  double average = 0;

  g_assert_true (isaf_vote_counts_get_average (&votes, &average));
  g_assert_cmpfloat_with_epsilon (average, 2.5, 1e-12);
}

/* Counts typed as a tally give what the same votes typed one by one give. */
static void
test_tally_equals_votes (void)
{
  IsafVoteCounts one_by_one = votes_of ((const int []) { 3, 5, 1, 3, 4, 3, 0 });
  IsafVoteCounts tally = { { 1, 0, 3, 1, 1 } };
  double a, b;

  g_assert_true (isaf_vote_counts_equal (&one_by_one, &tally));
  g_assert_true (isaf_vote_counts_get_median (&one_by_one, &a));
  g_assert_true (isaf_vote_counts_get_median (&tally, &b));
  g_assert_cmpfloat (a, ==, b);
}

static void
test_labels_and_faces (void)
{
  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    {
      g_assert_nonnull (isaf_score_get_label (score));
      g_assert_true (g_str_has_prefix (isaf_score_get_face_icon (score), "face-"));
    }
  g_assert_cmpstr (isaf_score_get_label (1), ==, "Very dissatisfied");
  g_assert_cmpstr (isaf_score_get_label (5), ==, "Very satisfied");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vote-counts/median/odd", test_median_odd);
  g_test_add_func ("/vote-counts/median/even", test_median_even);
  g_test_add_func ("/vote-counts/median/ties", test_median_ties);
  g_test_add_func ("/vote-counts/one-vote", test_one_vote);
  g_test_add_func ("/vote-counts/no-vote", test_no_vote);
  g_test_add_func ("/vote-counts/average", test_average);
  g_test_add_func ("/vote-counts/tally-equals-votes", test_tally_equals_votes);
  g_test_add_func ("/vote-counts/labels-and-faces", test_labels_and_faces);

  return g_test_run ();
}
