/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "isaf-schema.h"

G_BEGIN_DECLS

/* The version of the national schema this build creates. */
#define ISAF_SERVER_SCHEMA_VERSION 1

gboolean    isaf_server_schema_migrate     (PGconn          *owner,
                                            const char      *api_role,
                                            int             *version_out,
                                            GError         **error);
/* The PostgreSQL type of a column of the schema description. */
const char *isaf_server_schema_column_type (const IsafColumn *column);

G_END_DECLS
