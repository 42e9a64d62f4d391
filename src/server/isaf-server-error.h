/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ISAF_SERVER_ERROR (isaf_server_error_quark ())

/* Each code maps to one HTTP answer (isaf-server-http.c). */
typedef enum {
  ISAF_SERVER_ERROR_DATABASE,         /* 503: PostgreSQL failed or is unreachable */
  ISAF_SERVER_ERROR_CONFIG,           /* the configuration file or command line is wrong */
  ISAF_SERVER_ERROR_MALFORMED,        /* 400 */
  ISAF_SERVER_ERROR_UNAUTHORIZED,     /* 401: no token, a forged or expired one */
  ISAF_SERVER_ERROR_REVOKED,          /* 403: the device was revoked */
  ISAF_SERVER_ERROR_FORBIDDEN,        /* 403: another commune's data */
  ISAF_SERVER_ERROR_INVALID_CODE,     /* 403: enrolment code unknown, expired or used */
  ISAF_SERVER_ERROR_BATCH_GAP,        /* 409 */
  ISAF_SERVER_ERROR_BATCH_REUSED,     /* 409 */
  ISAF_SERVER_ERROR_TOO_LARGE,        /* 413 */
  ISAF_SERVER_ERROR_UPGRADE_REQUIRED, /* 426 */
  ISAF_SERVER_ERROR_NOT_FOUND,        /* 404 */
  ISAF_SERVER_ERROR_OVERLOADED,       /* 503 with Retry-After: too many requests at once */
  ISAF_SERVER_ERROR_RANGE,            /* 416: a range outside the file */
} IsafServerError;

GQuark isaf_server_error_quark (void);

G_END_DECLS
