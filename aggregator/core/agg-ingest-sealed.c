/* agg-ingest-sealed.c — opening the sealed items of an upload
 * (agg-ingest-sealed.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-error.h"
#include "agg-ingest-sealed.h"
#include "agg-json.h"

/* Batches smaller than this are opened on the calling thread. */
#define MIN_BOXES_PER_THREAD 8
#define MAX_THREADS 8

typedef struct
{
  GBytes *bytes;
  GError *error;
} Opened;

struct _AggSealedBoxes
{
  AggKeys    *keys;
  GPtrArray  *texts;      /* of const char *, owned by the batch's JSON */
  Opened     *opened;     /* one per text */
  GHashTable *index;      /* text → its place + 1 */
  gint        next;       /* the next text a thread takes */
};

AggSealedBoxes *
agg_sealed_boxes_new (AggKeys *keys)
{
  AggSealedBoxes *self = g_new0 (AggSealedBoxes, 1);

  self->keys = g_object_ref (keys);
  self->texts = g_ptr_array_new ();
  self->index = g_hash_table_new (g_direct_hash, g_direct_equal);
  return self;
}

void
agg_sealed_boxes_free (AggSealedBoxes *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; self->opened != NULL && i < self->texts->len; i++)
    {
      g_clear_pointer (&self->opened[i].bytes, g_bytes_unref);
      g_clear_error (&self->opened[i].error);
    }
  g_free (self->opened);
  g_ptr_array_unref (self->texts);
  g_hash_table_unref (self->index);
  g_object_unref (self->keys);
  g_free (self);
}

/* The text of @sealed when it is one agg_ingest_open_sealed() would open,
 * else NULL with @error set. */
static const char *
sealed_text (JsonNode  *sealed,
             GError   **error)
{
  const char *text;

  if (sealed == NULL || !JSON_NODE_HOLDS_VALUE (sealed) ||
      json_node_get_value_type (sealed) != G_TYPE_STRING)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("“sealed” must be a base64 string"));
      return NULL;
    }
  text = json_node_get_string (sealed);
  if (strlen (text) > AGG_INGEST_MAX_SEALED_LENGTH)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“sealed” is longer than %d characters"), AGG_INGEST_MAX_SEALED_LENGTH);
      return NULL;
    }
  return text;
}

static void
collect (AggSealedBoxes *self,
         JsonArray      *list)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      const char *text;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      text = sealed_text (json_object_get_member (json_node_get_object (item), "sealed"), NULL);
      if (text != NULL && !g_hash_table_contains (self->index, text))
        {
          g_ptr_array_add (self->texts, (gpointer) text);
          g_hash_table_insert (self->index, (gpointer) text,
                               GUINT_TO_POINTER (self->texts->len));
        }
    }
}

/* A thread's work: the next box not yet taken, until none is left.  It
 * only reads the texts and the key pair, and writes its own results. */
static gpointer
open_some (gpointer data)
{
  AggSealedBoxes *self = data;
  gint i;

  while ((i = g_atomic_int_add (&self->next, 1)) < (gint) self->texts->len)
    self->opened[i].bytes = agg_keys_open_sealed (self->keys, g_ptr_array_index (self->texts, i),
                                                  &self->opened[i].error);
  return NULL;
}

void
agg_sealed_boxes_open_all (AggSealedBoxes *self,
                           JsonArray      *submissions,
                           JsonArray      *offers)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint n_threads;

  g_return_if_fail (self != NULL && self->opened == NULL);

  collect (self, submissions);
  collect (self, offers);
  self->opened = g_new0 (Opened, self->texts->len);
  n_threads = MIN (MIN (g_get_num_processors (), MAX_THREADS),
                   self->texts->len / MIN_BOXES_PER_THREAD);
  /* The calling thread is one of them. */
  for (guint t = 1; t < n_threads; t++)
    {
      GThread *thread = g_thread_try_new ("agg-open-sealed", open_some, self, NULL);

      if (thread != NULL)
        g_ptr_array_add (threads, thread);
    }
  open_some (self);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
}

GBytes *
agg_ingest_open_sealed (AggSealedBoxes  *boxes,
                        JsonNode        *sealed,
                        GError         **error)
{
  const char *text = sealed_text (sealed, error);
  guint place;

  if (text == NULL)
    return NULL;
  place = GPOINTER_TO_UINT (g_hash_table_lookup (boxes->index, text));
  if (place > 0 && boxes->opened != NULL)
    {
      Opened *opened = &boxes->opened[place - 1];

      if (opened->bytes != NULL)
        return g_bytes_ref (opened->bytes);
      g_propagate_error (error, g_error_copy (opened->error));
      return NULL;
    }
  return agg_keys_open_sealed (boxes->keys, text, error);
}

JsonObject *
agg_ingest_open_sealed_item (AggSealedBoxes      *boxes,
                             JsonObject          *object,
                             const char * const  *clear_members,
                             const char          *what,
                             const char * const  *box_members,
                             GError             **error)
{
  JsonNode *version = json_object_get_member (object, "sealed_version");
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(JsonNode) inside = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) != 2)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("“sealed_version” must be 2 (or left out for an item in clear, "
                             "or one whose answers alone are sealed)"));
      return NULL;
    }
  if (!agg_json_check_members (object, clear_members, what, error))
    return NULL;
  opened = agg_ingest_open_sealed (boxes, json_object_get_member (object, "sealed"), error);
  if (opened == NULL)
    return NULL;
  /* The box is parsed where it was opened, through the same strict gate
   * as a request body, and never copied again. */
  data = g_bytes_get_data (opened, &length);
  inside = agg_json_parse (data, length, &local_error);
  if (inside == NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("the sealed box is not valid JSON (%s)"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (inside))
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("the sealed box must hold an object"));
      return NULL;
    }
  if (!agg_json_check_members (json_node_get_object (inside), box_members,
                               _("the sealed box"), error))
    return NULL;
  return json_object_ref (json_node_get_object (inside));
}
