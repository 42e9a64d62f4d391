/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-schema"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "isaf-error.h"
#include "isaf-schema.h"
#include "isaf-types.h"

/* The description of every synced table: the store validates against it, the capture
 * triggers are generated from it, and the dump walks it. A link row (a facilitator of a
 * meeting, a unit covered by one) belongs to both its ends, and what a service unit recorded
 * (its I4C sets, its scorecards) belongs to it: deleting either deletes them too. It must match the migrations in
 * data/schema/ (a test compares it with the live columns). The sync columns id, commune_id
 * and deleted are common to every table and not listed. Tables come parents first. */

#define NAME_MAX_CHARS 120
#define SHORT_MAX_CHARS 250
#define LONG_MAX_CHARS 2000
#define PHONE_MAX_CHARS 32

#define TEXT(n, max, f, l)    { n, ISAF_COLUMN_TEXT, f, 0, max, NULL, NULL, l }
#define PHONE(n, l)           { n, ISAF_COLUMN_PHONE, 0, 0, PHONE_MAX_CHARS, NULL, NULL, l }
#define DATE(n, f, l)         { n, ISAF_COLUMN_DATE, f, 0, 0, NULL, NULL, l }
#define INT(n, lo, hi, f, l)  { n, ISAF_COLUMN_INTEGER, f, lo, hi, NULL, NULL, l }
#define REAL(n, f, l)         { n, ISAF_COLUMN_REAL, f, 0, 0, NULL, NULL, l }
#define BOOL(n, l)            { n, ISAF_COLUMN_BOOLEAN, ISAF_COLUMN_ZERO_WHEN_EMPTY, 0, 1, NULL, NULL, l }
#define CHOICE(n, c, f, l)    { n, ISAF_COLUMN_CHOICE, f, 0, 0, c, NULL, l }
#define REF(n, t, f, l)       { n, ISAF_COLUMN_REFERENCE, f, 0, 0, NULL, t, l }
#define RIEL(n, f, l)         { n, ISAF_COLUMN_RIEL, f, 0, G_MAXINT64, NULL, NULL, l }
#define COUNT(n, f, l)        { n, ISAF_COLUMN_COUNT, f, 0, G_MAXINT32, NULL, NULL, l }
#define SCORE(n, l)           { n, ISAF_COLUMN_SCORE, ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, 1, 5, NULL, NULL, l }

static const char * const sexes[] = { "f", "m", NULL };
static const char * const service_kinds[] = {
  "commune_office", "health_centre", "health_post", "primary_school", NULL
};
static const char * const training_modules[] = { "M1", "M2", "M3", "M4", NULL };
static const char * const jaapc_roles[] = { "chair", "deputy", "secretary", "member", NULL };
static const char * const stages[] = {
  "planning", "i4c", "dissemination", "scorecard", "self_assessment", "interface", "jaap",
  "monitoring", NULL
};
static const char * const attachment_types[] = { "image/jpeg", "image/png", "application/pdf", NULL };
static const char * const stage_statuses[] = { "not_started", "in_progress", "done", NULL };
static const char * const awpb_categories[] = {
  "jaapc_meetings", "i4c_printing", "caf_support", "cip_activities", "other", NULL
};
static const char * const fund_sources[] = {
  "commune_fund", "provider_budget", "line_department", "development_partner", "community", NULL
};
static const char * const attendance_categories[] = {
  "women", "men", "youth", "disability", "ethnic_minority", "id_poor", NULL
};
static const char * const scorecard_kinds[] = { "csc", "ssa", NULL };
static const char * const scorecard_statuses[] = { "draft", "done", NULL };
static const char * const note_kinds[] = { "strength", "weakness", "suggestion", NULL };
static const char * const interface_categories[] = {
  "citizen_women", "citizen_men", "provider", "council", "caf", "other", NULL
};
static const char * const action_groups[] = { "ka", "kha", NULL };
static const char * const action_statuses[] = {
  "not_started", "ongoing", "completed", "cancelled", NULL
};

static const IsafColumn commune_columns[] = {
  TEXT ("chief_name", NAME_MAX_CHARS, 0, N_("Commune chief")),
  PHONE ("chief_phone", N_("Chief’s phone")),
  TEXT ("clerk_name", NAME_MAX_CHARS, 0, N_("Commune clerk")),
  PHONE ("clerk_phone", N_("Clerk’s phone")),
  TEXT ("email", SHORT_MAX_CHARS, 0, N_("Email")),
  TEXT ("address", SHORT_MAX_CHARS, 0, N_("Address")),
};

static const IsafColumn village_columns[] = {
  { "code", ISAF_COLUMN_VILLAGE_CODE, ISAF_COLUMN_REQUIRED, 0, 0, NULL, NULL, N_("Village code") },
  COUNT ("households", 0, N_("Households")),
  COUNT ("population", 0, N_("Population")),
};

static const IsafColumn service_unit_columns[] = {
  CHOICE ("kind", service_kinds, ISAF_COLUMN_REQUIRED, N_("Type of service")),
  TEXT ("code", 32, ISAF_COLUMN_REQUIRED, N_("Unit code")),
  TEXT ("name_km", NAME_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Name in Khmer")),
  TEXT ("name_en", NAME_MAX_CHARS, 0, N_("Name in English")),
  REF ("village_id", "village", 0, N_("Village")),
  TEXT ("head_name", NAME_MAX_CHARS, 0, N_("Head of the unit")),
  PHONE ("phone", N_("Phone")),
};

static const IsafColumn caf_columns[] = {
  TEXT ("name_km", NAME_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Name in Khmer")),
  TEXT ("name_latin", NAME_MAX_CHARS, 0, N_("Name in Latin script")),
  CHOICE ("sex", sexes, ISAF_COLUMN_REQUIRED, N_("Sex")),
  INT ("birth_year", 1900, 2100, ISAF_COLUMN_NOT_FUTURE, N_("Year of birth")),
  { "phone", ISAF_COLUMN_PHONE, ISAF_COLUMN_REVIEW, 0, PHONE_MAX_CHARS, NULL, NULL, N_("Phone") },
  REF ("village_id", "village", 0, N_("Village")),
  DATE ("selected_on", 0, N_("Date selected")),
  DATE ("left_on", 0, N_("Date left")),
  BOOL ("is_village_official", N_("Village official or commune assistant")),
};

static const IsafColumn caf_training_columns[] = {
  REF ("caf_id", "caf", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Facilitator")),
  CHOICE ("module", training_modules, ISAF_COLUMN_REQUIRED, N_("Training module")),
  DATE ("trained_on", 0, N_("Date trained")),
};

static const IsafColumn jaapc_member_columns[] = {
  TEXT ("name_km", NAME_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Name in Khmer")),
  TEXT ("name_latin", NAME_MAX_CHARS, 0, N_("Name in Latin script")),
  CHOICE ("sex", sexes, ISAF_COLUMN_REQUIRED, N_("Sex")),
  CHOICE ("role", jaapc_roles, ISAF_COLUMN_REQUIRED, N_("Role")),
  TEXT ("organisation", NAME_MAX_CHARS, 0, N_("Organisation")),
  PHONE ("phone", N_("Phone")),
  DATE ("joined_on", 0, N_("Date joined")),
  DATE ("left_on", 0, N_("Date left")),
};

static const IsafColumn cycle_columns[] = {
  INT ("year", ISAF_CYCLE_MIN_YEAR, ISAF_CYCLE_MAX_YEAR, ISAF_COLUMN_REQUIRED, N_("Year")),
  TEXT ("notes", LONG_MAX_CHARS, 0, N_("Notes")),
};

static const IsafColumn cycle_stage_columns[] = {
  REF ("cycle_id", "cycle", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Cycle")),
  CHOICE ("stage", stages, ISAF_COLUMN_REQUIRED, N_("Stage")),
  { "status", ISAF_COLUMN_CHOICE, ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, 0, 0, stage_statuses, NULL, N_("Status") },
  DATE ("planned_start", 0, N_("Planned start")),
  DATE ("planned_end", 0, N_("Planned end")),
  DATE ("done_on", 0, N_("Date done")),
};

/* A file kept with a stage of the cycle: a photo of a signed attendance sheet, a scanned
 * plan. The row names the file by its hash; the bytes live in the device-local blob store
 * and travel on their own (isaf-attachment.h). */
static const IsafColumn attachment_columns[] = {
  REF ("cycle_stage_id", "cycle_stage", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Stage")),
  TEXT ("file_name", NAME_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("File name")),
  CHOICE ("media_type", attachment_types, ISAF_COLUMN_REQUIRED, N_("Type of file")),
  { "size", ISAF_COLUMN_COUNT, ISAF_COLUMN_REQUIRED, 1, ISAF_SCHEMA_MAX_FILE_BYTES, NULL, NULL, N_("File size") },
  { "sha256", ISAF_COLUMN_FILE_HASH, ISAF_COLUMN_REQUIRED, 0, 0, NULL, NULL, N_("File") },
  TEXT ("caption", SHORT_MAX_CHARS, 0, N_("Caption")),
};

static const IsafColumn awpb_line_columns[] = {
  REF ("cycle_id", "cycle", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Cycle")),
  CHOICE ("category", awpb_categories, ISAF_COLUMN_REQUIRED, N_("Category")),
  TEXT ("description", SHORT_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Description")),
  INT ("quarter", 1, 4, 0, N_("Quarter")),
  RIEL ("amount_riel", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, N_("Amount")),
  RIEL ("spent_riel", ISAF_COLUMN_REVIEW, N_("Amount spent")),
  CHOICE ("fund_source", fund_sources, ISAF_COLUMN_REQUIRED, N_("Source of funds")),
};

static const IsafColumn i4c_set_columns[] = {
  REF ("cycle_id", "cycle", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Cycle")),
  REF ("service_unit_id", "service_unit", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Service unit")),
  TEXT ("ref_dataset", 64, 0, N_("Indicator set")),
  INT ("ref_version", 1, G_MAXINT32, 0, N_("Indicator set version")),
  TEXT ("opening_hours", SHORT_MAX_CHARS, 0, N_("Opening hours")),
  TEXT ("services_offered", LONG_MAX_CHARS, 0, N_("Services offered")),
  RIEL ("budget_received_riel", ISAF_COLUMN_REVIEW, N_("Budget received")),
  RIEL ("budget_spent_riel", ISAF_COLUMN_REVIEW, N_("Budget spent")),
  DATE ("published_on", 0, N_("Date published")),
};

static const IsafColumn i4c_value_columns[] = {
  REF ("i4c_set_id", "i4c_set", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Information for citizens")),
  TEXT ("indicator_code", 64, ISAF_COLUMN_REQUIRED, N_("Indicator")),
  { "value", ISAF_COLUMN_REAL, ISAF_COLUMN_REVIEW, 0, 0, NULL, NULL, N_("Value") },
};

static const IsafColumn i4c_fee_columns[] = {
  REF ("i4c_set_id", "i4c_set", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Information for citizens")),
  INT ("position", 0, 10000, ISAF_COLUMN_ZERO_WHEN_EMPTY, N_("Position")),
  TEXT ("service_km", SHORT_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Service in Khmer")),
  TEXT ("service_en", SHORT_MAX_CHARS, 0, N_("Service in English")),
  RIEL ("amount_riel", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, N_("Fee")),
};

static const IsafColumn i4c_staff_columns[] = {
  REF ("i4c_set_id", "i4c_set", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Information for citizens")),
  TEXT ("category", NAME_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Staff category")),
  COUNT ("women", ISAF_COLUMN_REQUIRED, N_("Women")),
  COUNT ("men", ISAF_COLUMN_REQUIRED, N_("Men")),
};

static const IsafColumn dissemination_meeting_columns[] = {
  REF ("cycle_id", "cycle", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Cycle")),
  REF ("village_id", "village", ISAF_COLUMN_REQUIRED, N_("Village")),
  DATE ("held_on", ISAF_COLUMN_REQUIRED, N_("Date")),
  TEXT ("place", SHORT_MAX_CHARS, 0, N_("Place")),
  TEXT ("notes", LONG_MAX_CHARS, 0, N_("Notes")),
};

static const IsafColumn dissemination_facilitator_columns[] = {
  REF ("meeting_id", "dissemination_meeting", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Meeting")),
  REF ("caf_id", "caf", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Facilitator")),
};

static const IsafColumn dissemination_unit_columns[] = {
  REF ("meeting_id", "dissemination_meeting", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Meeting")),
  REF ("service_unit_id", "service_unit", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Service unit")),
};

static const IsafColumn dissemination_attendance_columns[] = {
  REF ("meeting_id", "dissemination_meeting", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Meeting")),
  CHOICE ("category", attendance_categories, ISAF_COLUMN_REQUIRED, N_("Category")),
  { "count", ISAF_COLUMN_COUNT, ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, 0, G_MAXINT32, NULL, NULL, N_("Number of people") },
};

static const IsafColumn scorecard_columns[] = {
  REF ("cycle_id", "cycle", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Cycle")),
  CHOICE ("kind", scorecard_kinds, ISAF_COLUMN_REQUIRED, N_("Kind of scorecard")),
  REF ("service_unit_id", "service_unit", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Service unit")),
  REF ("village_id", "village", 0, N_("Village")),
  DATE ("held_on", ISAF_COLUMN_REQUIRED, N_("Date")),
  TEXT ("place", SHORT_MAX_CHARS, 0, N_("Place")),
  REF ("lead_caf_id", "caf", 0, N_("Lead facilitator")),
  { "status", ISAF_COLUMN_CHOICE, ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, 0, 0, scorecard_statuses, NULL, N_("Status") },
  TEXT ("notes", LONG_MAX_CHARS, 0, N_("Notes")),
};

static const IsafColumn scorecard_facilitator_columns[] = {
  REF ("scorecard_id", "scorecard", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Scorecard")),
  REF ("caf_id", "caf", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Facilitator")),
};

static const IsafColumn scorecard_participant_columns[] = {
  REF ("scorecard_id", "scorecard", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Scorecard")),
  INT ("position", 0, 100000, ISAF_COLUMN_REQUIRED, N_("Number")),
  CHOICE ("sex", sexes, 0, N_("Sex")),
  INT ("age", 0, 130, 0, N_("Age")),
  BOOL ("is_youth", N_("Youth")),
  BOOL ("has_disability", N_("Person with a disability")),
  BOOL ("is_ethnic_minority", N_("Ethnic minority")),
  BOOL ("is_id_poor", N_("ID-Poor")),
  BOOL ("is_anonymous", N_("Anonymous")),
};

static const IsafColumn scorecard_participant_tally_columns[] = {
  REF ("scorecard_id", "scorecard", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Scorecard")),
  CHOICE ("category", attendance_categories, ISAF_COLUMN_REQUIRED, N_("Category")),
  { "count", ISAF_COLUMN_COUNT, ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, 0, G_MAXINT32, NULL, NULL, N_("Number of people") },
};

static const IsafColumn scorecard_indicator_columns[] = {
  REF ("scorecard_id", "scorecard", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Scorecard")),
  INT ("position", 0, 10000, ISAF_COLUMN_REQUIRED, N_("Position")),
  TEXT ("indicator_code", 64, 0, N_("Standard indicator")),
  TEXT ("name_km", SHORT_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Indicator in Khmer")),
  TEXT ("name_en", SHORT_MAX_CHARS, 0, N_("Indicator in English")),
  COUNT ("times_raised", ISAF_COLUMN_ZERO_WHEN_EMPTY, N_("Times raised")),
  BOOL ("is_selected", N_("Selected for scoring")),
};

static const IsafColumn scorecard_vote_columns[] = {
  REF ("scorecard_indicator_id", "scorecard_indicator", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Indicator")),
  REF ("participant_id", "scorecard_participant", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Participant")),
  SCORE ("score", N_("Score")),
};

static const IsafColumn scorecard_vote_tally_columns[] = {
  REF ("scorecard_indicator_id", "scorecard_indicator", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Indicator")),
  SCORE ("score", N_("Score")),
  { "count", ISAF_COLUMN_COUNT, ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, 0, G_MAXINT32, NULL, NULL, N_("Number of votes") },
};

static const IsafColumn scorecard_note_columns[] = {
  REF ("scorecard_indicator_id", "scorecard_indicator", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Indicator")),
  CHOICE ("kind", note_kinds, ISAF_COLUMN_REQUIRED, N_("Kind of note")),
  INT ("position", 0, 10000, ISAF_COLUMN_ZERO_WHEN_EMPTY, N_("Position")),
  TEXT ("text", LONG_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Text")),
};

static const IsafColumn interface_meeting_columns[] = {
  REF ("cycle_id", "cycle", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Cycle")),
  DATE ("held_on", ISAF_COLUMN_REQUIRED, N_("Date")),
  TEXT ("place", SHORT_MAX_CHARS, 0, N_("Place")),
  TEXT ("notes", LONG_MAX_CHARS, 0, N_("Notes")),
};

static const IsafColumn interface_meeting_unit_columns[] = {
  REF ("meeting_id", "interface_meeting", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Meeting")),
  REF ("service_unit_id", "service_unit", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Service unit")),
};

static const IsafColumn interface_attendance_columns[] = {
  REF ("meeting_id", "interface_meeting", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Meeting")),
  CHOICE ("category", interface_categories, ISAF_COLUMN_REQUIRED, N_("Category")),
  { "count", ISAF_COLUMN_COUNT, ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, 0, G_MAXINT32, NULL, NULL, N_("Number of people") },
};

static const IsafColumn interface_priority_columns[] = {
  REF ("meeting_id", "interface_meeting", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Meeting")),
  REF ("service_unit_id", "service_unit", 0, N_("Service unit")),
  REF ("scorecard_indicator_id", "scorecard_indicator", 0, N_("Indicator")),
  TEXT ("text", LONG_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Priority")),
  { "votes", ISAF_COLUMN_COUNT, ISAF_COLUMN_REVIEW | ISAF_COLUMN_ZERO_WHEN_EMPTY, 0, G_MAXINT32, NULL, NULL, N_("Votes") },
  { "is_selected", ISAF_COLUMN_BOOLEAN, ISAF_COLUMN_REVIEW | ISAF_COLUMN_ZERO_WHEN_EMPTY, 0, 1, NULL, NULL, N_("Selected") },
};

static const IsafColumn jaap_action_columns[] = {
  REF ("cycle_id", "cycle", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Cycle")),
  REF ("parent_id", "jaap_action", ISAF_COLUMN_PARENT, N_("Parent action")),
  CHOICE ("action_group", action_groups, ISAF_COLUMN_REQUIRED, N_("Group")),
  INT ("position", 0, 10000, ISAF_COLUMN_ZERO_WHEN_EMPTY, N_("Position")),
  TEXT ("activity", LONG_MAX_CHARS, ISAF_COLUMN_REQUIRED, N_("Agreed priority activity")),
  TEXT ("proposer", NAME_MAX_CHARS, 0, N_("Proposer")),
  TEXT ("target_issue", LONG_MAX_CHARS, 0, N_("Target or issue")),
  TEXT ("location", SHORT_MAX_CHARS, 0, N_("Location")),
  { "quantity", ISAF_COLUMN_REAL, 0, 0, 0, NULL, NULL, N_("Quantity") },
  TEXT ("quantity_unit", 64, 0, N_("Unit")),
  DATE ("start_on", 0, N_("Start")),
  DATE ("end_on", 0, N_("End")),
  COUNT ("beneficiaries_total", 0, N_("Beneficiaries")),
  COUNT ("beneficiaries_female", 0, N_("Female beneficiaries")),
  RIEL ("estimated_cost_riel", ISAF_COLUMN_REVIEW, N_("Estimated cost")),
  TEXT ("implementer", SHORT_MAX_CHARS, 0, N_("Implementer and collaborators")),
  REF ("service_unit_id", "service_unit", 0, N_("Service unit")),
  REF ("scorecard_indicator_id", "scorecard_indicator", 0, N_("Indicator")),
  REF ("priority_id", "interface_priority", 0, N_("Priority")),
  CHOICE ("fund_source", fund_sources, 0, N_("Source of funds")),
  RIEL ("actual_cost_riel", ISAF_COLUMN_REVIEW, N_("Actual cost")),
  { "status", ISAF_COLUMN_CHOICE, ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, 0, 0, action_statuses, NULL, N_("Status") },
};

static const IsafColumn jaap_status_change_columns[] = {
  REF ("action_id", "jaap_action", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Action")),
  CHOICE ("status", action_statuses, ISAF_COLUMN_REQUIRED, N_("Status")),
  DATE ("changed_on", ISAF_COLUMN_REQUIRED, N_("Date of change")),
  TEXT ("note", LONG_MAX_CHARS, 0, N_("Note")),
};

static const IsafColumn jaapc_meeting_columns[] = {
  REF ("cycle_id", "cycle", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Cycle")),
  DATE ("held_on", ISAF_COLUMN_REQUIRED, N_("Date")),
  TEXT ("place", SHORT_MAX_CHARS, 0, N_("Place")),
  { "decisions", ISAF_COLUMN_TEXT, ISAF_COLUMN_REVIEW, 0, LONG_MAX_CHARS, NULL, NULL, N_("Decisions") },
  TEXT ("notes", LONG_MAX_CHARS, 0, N_("Notes")),
};

static const IsafColumn jaapc_attendance_columns[] = {
  REF ("meeting_id", "jaapc_meeting", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Meeting")),
  REF ("member_id", "jaapc_member", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Committee member")),
};

static const IsafColumn jaap_progress_columns[] = {
  REF ("meeting_id", "jaapc_meeting", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Meeting")),
  REF ("action_id", "jaap_action", ISAF_COLUMN_REQUIRED | ISAF_COLUMN_PARENT, N_("Action")),
  { "status", ISAF_COLUMN_CHOICE, ISAF_COLUMN_REQUIRED | ISAF_COLUMN_REVIEW, 0, 0, action_statuses, NULL, N_("Status") },
  TEXT ("note", LONG_MAX_CHARS, 0, N_("Note")),
  RIEL ("cost_spent_riel", ISAF_COLUMN_REVIEW, N_("Cost spent so far")),
};

#define TABLE(name) #name, name##_columns, G_N_ELEMENTS (name##_columns)

static const IsafTable tables[] = {
  { TABLE (commune) },
  { TABLE (village) },
  { TABLE (service_unit) },
  { TABLE (caf), "selected_on", "left_on" },
  { TABLE (caf_training) },
  { TABLE (jaapc_member), "joined_on", "left_on" },
  { TABLE (cycle) },
  { TABLE (cycle_stage), "planned_start", "planned_end" },
  { TABLE (attachment) },
  { TABLE (awpb_line), NULL, NULL, "spent_riel", "amount_riel" },
  { TABLE (i4c_set), NULL, NULL, "budget_spent_riel", "budget_received_riel" },
  { TABLE (i4c_value) },
  { TABLE (i4c_fee) },
  { TABLE (i4c_staff) },
  { TABLE (dissemination_meeting) },
  { TABLE (dissemination_facilitator) },
  { TABLE (dissemination_unit) },
  { TABLE (dissemination_attendance) },
  { TABLE (scorecard) },
  { TABLE (scorecard_facilitator) },
  { TABLE (scorecard_participant) },
  { TABLE (scorecard_participant_tally) },
  { TABLE (scorecard_indicator) },
  { TABLE (scorecard_vote) },
  { TABLE (scorecard_vote_tally) },
  { TABLE (scorecard_note) },
  { TABLE (interface_meeting) },
  { TABLE (interface_meeting_unit) },
  { TABLE (interface_attendance) },
  { TABLE (interface_priority) },
  { TABLE (jaap_action), "start_on", "end_on", "beneficiaries_female", "beneficiaries_total" },
  { TABLE (jaap_status_change) },
  { TABLE (jaapc_meeting) },
  { TABLE (jaapc_attendance) },
  { TABLE (jaap_progress) },
};

guint
isaf_schema_n_tables (void)
{
  return G_N_ELEMENTS (tables);
}

const IsafTable *
isaf_schema_table_at (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (tables), NULL);

  return &tables[index];
}

const IsafTable *
isaf_schema_find_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].name, name))
      return &tables[i];

  return NULL;
}

int
isaf_schema_column_index (const IsafTable *table,
                          const char      *name)
{
  for (guint i = 0; i < table->n_columns; i++)
    if (g_str_equal (table->columns[i].name, name))
      return i;

  return -1;
}

const IsafColumn *
isaf_schema_find_column (const IsafTable *table,
                         const char      *name)
{
  int index = isaf_schema_column_index (table, name);

  return index < 0 ? NULL : &table->columns[index];
}

/* The SQL that brings a database from version - 1 to @version, from the resources. */
GBytes *
isaf_schema_migration_sql (guint    version,
                           GError **error)
{
  static const char * const migrations[] = {
    NULL,
    "/kh/gov/ncdd/IsafCommune/schema/0001-initial.sql",
    "/kh/gov/ncdd/IsafCommune/schema/0002-sync-state.sql",
    "/kh/gov/ncdd/IsafCommune/schema/0003-attachments.sql",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == ISAF_SCHEMA_VERSION + 1);
  g_return_val_if_fail (version >= 1 && version <= ISAF_SCHEMA_VERSION, NULL);

  return g_resources_lookup_data (migrations[version], G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}
