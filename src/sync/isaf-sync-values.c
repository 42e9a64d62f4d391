/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-sync"

#include "config.h"

#include <string.h>

#include "isaf-sync-values.h"

void
isaf_sync_value_read (sqlite3_stmt     *stmt,
                      int               index,
                      const IsafColumn *column,
                      IsafValue        *value)
{
  memset (value, 0, sizeof *value);
  switch (sqlite3_column_type (stmt, index))
    {
    case SQLITE_NULL:
      break;
    case SQLITE_BLOB:
      if (sqlite3_column_bytes (stmt, index) == 16)
        {
          value->type = ISAF_VALUE_ID;
          memcpy (value->id.bytes, sqlite3_column_blob (stmt, index), 16);
        }
      break;
    case SQLITE_FLOAT:
      value->type = ISAF_VALUE_REAL;
      value->real = sqlite3_column_double (stmt, index);
      break;
    case SQLITE_INTEGER:
      /* A REAL column's whole number may come back as an integer. */
      if (column != NULL && column->kind == ISAF_COLUMN_REAL)
        {
          value->type = ISAF_VALUE_REAL;
          value->real = (double) sqlite3_column_int64 (stmt, index);
        }
      else
        {
          value->type = ISAF_VALUE_INTEGER;
          value->integer = sqlite3_column_int64 (stmt, index);
        }
      break;
    default:
      value->type = ISAF_VALUE_TEXT;
      value->text = g_strdup ((const char *) sqlite3_column_text (stmt, index));
      break;
    }
}

void
isaf_sync_value_bind (sqlite3_stmt    *stmt,
                      int              index,
                      const IsafValue *value)
{
  switch (value->type)
    {
    case ISAF_VALUE_INTEGER:
      sqlite3_bind_int64 (stmt, index, value->integer);
      break;
    case ISAF_VALUE_REAL:
      sqlite3_bind_double (stmt, index, value->real);
      break;
    case ISAF_VALUE_TEXT:
      sqlite3_bind_text (stmt, index, value->text, -1, SQLITE_TRANSIENT);
      break;
    case ISAF_VALUE_ID:
      sqlite3_bind_blob (stmt, index, value->id.bytes, 16, SQLITE_TRANSIENT);
      break;
    case ISAF_VALUE_NULL:
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}
