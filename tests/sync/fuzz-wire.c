/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-wire"

#include "config.h"

#include "fuzz-wire.h"
#include "isaf-wire.h"

/* Feeds one input to every decoder of the wire. Each must either refuse it with an
 * ISAF_WIRE_ERROR or accept it; what it accepts must encode to bytes that decode again and
 * encode to the same bytes (the canonical form is a fixed point). Any other outcome, and any
 * crash or sanitizer report, is a bug. */

unsigned int fuzz_wire_accepted;

static gboolean
check_refusal (const char *decoder,
               gboolean    accepted,
               GError     *error)
{
  if (accepted)
    {
      if (error != NULL)
        g_error ("%s accepted the input but set an error: %s", decoder, error->message);
      return TRUE;
    }

  if (error == NULL)
    g_error ("%s refused the input without an error", decoder);
  if (error->domain != ISAF_WIRE_ERROR || error->message[0] == '\0')
    g_error ("%s refused the input with a foreign or empty error: %s", decoder, error->message);
  return FALSE;
}

static void
check_same (const char *decoder,
            GBytes     *first,
            GBytes     *second)
{
  if (first == NULL || second == NULL)
    g_error ("%s: a decoded message could not be encoded", decoder);
  if (!g_bytes_equal (first, second))
    g_error ("%s: encoding is not stable:\n%.*s\n%.*s", decoder,
             (int) g_bytes_get_size (first), (const char *) g_bytes_get_data (first, NULL),
             (int) g_bytes_get_size (second), (const char *) g_bytes_get_data (second, NULL));
}

/* For the decoders that return a new struct. */
#define CHECK_NEW(Type, name)                                                              \
  G_STMT_START {                                                                           \
    g_autoptr(GError) error = NULL;                                                        \
    g_autoptr(GError) again_error = NULL;                                                  \
    g_autoptr(Type) first = isaf_wire_##name##_decode (text, size, &error);                \
    g_autoptr(Type) again = NULL;                                                          \
    g_autoptr(GBytes) first_bytes = NULL;                                                  \
    g_autoptr(GBytes) again_bytes = NULL;                                                  \
                                                                                           \
    if (check_refusal (#name, first != NULL, error))                                       \
      {                                                                                    \
        accepted = TRUE;                                                                   \
        first_bytes = isaf_wire_##name##_encode (first);                                   \
        again = isaf_wire_##name##_decode (g_bytes_get_data (first_bytes, NULL),           \
                                           g_bytes_get_size (first_bytes), &again_error);  \
        if (again == NULL)                                                                 \
          g_error (#name ": its own encoding was refused: %s", again_error->message);      \
        again_bytes = isaf_wire_##name##_encode (again);                                   \
        check_same (#name, first_bytes, again_bytes);                                      \
      }                                                                                    \
  } G_STMT_END

/* For the decoders that fill a struct. */
#define CHECK_FILL(Type, name)                                                             \
  G_STMT_START {                                                                           \
    g_autoptr(GError) error = NULL;                                                        \
    g_autoptr(GError) again_error = NULL;                                                  \
    Type first = { 0 };                                                                    \
    Type again = { 0 };                                                                    \
    gboolean ok = isaf_wire_##name##_decode (text, size, &first, &error);                  \
                                                                                           \
    if (check_refusal (#name, ok, error))                                                  \
      {                                                                                    \
        g_autoptr(GBytes) first_bytes = isaf_wire_##name##_encode (&first);                \
        g_autoptr(GBytes) again_bytes = NULL;                                              \
                                                                                           \
        accepted = TRUE;                                                                   \
        if (!isaf_wire_##name##_decode (g_bytes_get_data (first_bytes, NULL),              \
                                        g_bytes_get_size (first_bytes), &again,            \
                                        &again_error))                                     \
          g_error (#name ": its own encoding was refused: %s", again_error->message);      \
        again_bytes = isaf_wire_##name##_encode (&again);                                  \
        check_same (#name, first_bytes, again_bytes);                                      \
        isaf_wire_##name##_clear (&first);                                                 \
        isaf_wire_##name##_clear (&again);                                                 \
      }                                                                                    \
  } G_STMT_END

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  gboolean accepted = FALSE;

  CHECK_NEW (IsafWirePush, push);
  CHECK_NEW (IsafWirePushAck, push_ack);
  CHECK_NEW (IsafWirePullPage, pull_page);
  CHECK_NEW (IsafWireRefPage, ref_page);
  CHECK_FILL (IsafWireEnrollRequest, enroll_request);
  CHECK_FILL (IsafWireEnrollReply, enroll_reply);
  CHECK_FILL (IsafWireTokenRequest, token_request);
  CHECK_FILL (IsafWireTokenReply, token_reply);
  CHECK_FILL (IsafWireHelloRequest, hello_request);
  CHECK_FILL (IsafWireHelloReply, hello_reply);
  CHECK_FILL (IsafWireErrorReply, error_reply);

  if (accepted)
    fuzz_wire_accepted++;
  return 0;
}
