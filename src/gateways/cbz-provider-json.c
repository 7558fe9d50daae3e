/* cbz-provider-json.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the providers' answers without trusting their shape: every
 * reader returns NULL for a member that is missing or of another type, so
 * a surprising answer becomes "could not be read", never a crash.
 */

#include "config.h"

#include "cbz-provider-private.h"

#define MAX_EXCERPT 512

JsonNode *
_cbz_provider_parse_json (GBytes *body)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize size = 0;
  const char *data;
  JsonNode *root;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  if (size == 0)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || (!JSON_NODE_HOLDS_OBJECT (root) && !JSON_NODE_HOLDS_ARRAY (root)))
    return NULL;

  return json_node_copy (root);
}

JsonObject *
_cbz_json_object (JsonNode *root)
{
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  return json_object_get_member (object, member);
}

const char *
_cbz_json_get_string (JsonObject *object,
                      const char *member)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
_cbz_json_get_object (JsonObject *object,
                      const char *member)
{
  return _cbz_json_object (get_member (object, member));
}

JsonArray *
_cbz_json_get_array (JsonObject *object,
                     const char *member)
{
  JsonNode *node = get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

char *
_cbz_json_dup_code (JsonObject *object,
                    const char *member)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.0f", json_node_get_double (node));
  return NULL;
}

char *
_cbz_body_excerpt (GBytes *body)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (data == NULL || size == 0 || size >= MAX_EXCERPT || !g_utf8_validate (data, (gssize) size, NULL))
    return NULL;
  return g_strstrip (g_strndup (data, size));
}

void
_cbz_json_add_string (JsonBuilder *builder,
                      const char  *member,
                      const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}
