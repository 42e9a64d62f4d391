/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"

G_BEGIN_DECLS

/* What an I4C poster shows, as plain data: loaded from a database by
 * isaf_poster_data_load(), or made up by a test. Text may be NULL where nothing was recorded;
 * a value is only shown when its has_ flag is set (a missing value is a dash, never 0). */

typedef struct {
  char *code;
  char *name_km;
  char *name_en;
  /* As in the reference data: "%", "days", "pupils", … */
  char *unit;
  /* A name from the reference data's pictogram column; unknown names get a generic shape. */
  char *pictogram;
  double value;
  gboolean has_value;
  double last_year_value;
  gboolean has_last_year_value;
  double standard;
  gboolean has_standard;
  gboolean higher_is_better;
} IsafPosterIndicator;

typedef struct {
  char *service_km;
  char *service_en;
  gint64 amount_riel;
} IsafPosterFee;

typedef struct {
  char *category;
  gint64 women;
  gint64 men;
} IsafPosterStaff;

/* A place of the gazetteer with its kind of unit: ឃុំ/Commune, ស្រុក/District, … */
typedef struct {
  char *name_km;
  char *name_en;
  char *unit_km;
  char *unit_en;
} IsafPosterPlace;

typedef struct {
  char *unit_code;
  /* service_unit.kind: commune_office, health_centre, health_post, primary_school */
  char *kind;
  char *name_km;
  char *name_en;
  char *head_name;
  char *phone;
  IsafPosterPlace commune;
  IsafPosterPlace district;
  IsafPosterPlace province;
  int year;
  char *opening_hours;
  /* One service a line. */
  char *services_offered;
  gint64 budget_received_riel;
  gboolean has_budget_received;
  gint64 budget_spent_riel;
  gboolean has_budget_spent;
  char *chief_name;
  char *chief_phone;
  char *clerk_name;
  char *clerk_phone;
  GPtrArray *indicators;
  GPtrArray *fees;
  GPtrArray *staff;
} IsafPosterData;

IsafPosterData      *isaf_poster_data_new          (void);
void                 isaf_poster_data_free         (IsafPosterData      *data);
IsafPosterIndicator *isaf_poster_indicator_new     (void);
void                 isaf_poster_indicator_free    (IsafPosterIndicator *indicator);
IsafPosterFee       *isaf_poster_fee_new           (const char          *service_km,
                                                    const char          *service_en,
                                                    gint64               amount_riel);
void                 isaf_poster_fee_free          (IsafPosterFee       *fee);
IsafPosterStaff     *isaf_poster_staff_new         (const char          *category,
                                                    gint64               women,
                                                    gint64               men);
void                 isaf_poster_staff_free        (IsafPosterStaff     *staff);

GPtrArray           *isaf_poster_data_load         (IsafDatabase        *database,
                                                    const char          *unit_code,
                                                    int                  year,
                                                    GError             **error);
void                 isaf_poster_data_load_async   (IsafDatabase        *database,
                                                    const char          *unit_code,
                                                    int                  year,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray           *isaf_poster_data_load_finish  (IsafDatabase        *database,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafPosterData, isaf_poster_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafPosterIndicator, isaf_poster_indicator_free)

G_END_DECLS
