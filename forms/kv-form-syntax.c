/* kv-form-syntax.c — see kv-form-syntax.h. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "kv-form-syntax.h"

KvFormElement
kv_form_syntax_element_from_name (const char *name)
{
  static const struct { const char *name; KvFormElement element; } names[] = {
    { "form", KV_FORM_ELEMENT_FORM },
    { "title", KV_FORM_ELEMENT_TITLE },
    { "description", KV_FORM_ELEMENT_DESCRIPTION },
    { "scoring", KV_FORM_ELEMENT_SCORING },
    { "item", KV_FORM_ELEMENT_ITEM },
    { "prompt", KV_FORM_ELEMENT_PROMPT },
    { "help", KV_FORM_ELEMENT_HELP },
    { "show-if", KV_FORM_ELEMENT_SHOW_IF },
    { "level", KV_FORM_ELEMENT_LEVEL },
    { "label", KV_FORM_ELEMENT_LABEL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (names[i].name, name) == 0)
      return names[i].element;
  return KV_FORM_ELEMENT_NONE;
}

/* Which elements may appear directly inside which. */
gboolean
kv_form_syntax_element_allowed_in (KvFormElement child,
                                   KvFormElement parent)
{
  switch (parent)
    {
    case KV_FORM_ELEMENT_NONE:
      return child == KV_FORM_ELEMENT_FORM;
    case KV_FORM_ELEMENT_FORM:
      return child == KV_FORM_ELEMENT_TITLE || child == KV_FORM_ELEMENT_DESCRIPTION ||
             child == KV_FORM_ELEMENT_SCORING || child == KV_FORM_ELEMENT_ITEM;
    case KV_FORM_ELEMENT_ITEM:
      return child == KV_FORM_ELEMENT_PROMPT || child == KV_FORM_ELEMENT_HELP ||
             child == KV_FORM_ELEMENT_SHOW_IF || child == KV_FORM_ELEMENT_LEVEL;
    case KV_FORM_ELEMENT_LEVEL:
      return child == KV_FORM_ELEMENT_LABEL;
    case KV_FORM_ELEMENT_TITLE:
    case KV_FORM_ELEMENT_DESCRIPTION:
    case KV_FORM_ELEMENT_SCORING:
    case KV_FORM_ELEMENT_PROMPT:
    case KV_FORM_ELEMENT_HELP:
    case KV_FORM_ELEMENT_SHOW_IF:
    case KV_FORM_ELEMENT_LABEL:
    default:
      return FALSE;
    }
}

gboolean
kv_form_syntax_is_text_element (KvFormElement element)
{
  return element == KV_FORM_ELEMENT_TITLE || element == KV_FORM_ELEMENT_DESCRIPTION ||
         element == KV_FORM_ELEMENT_PROMPT || element == KV_FORM_ELEMENT_HELP ||
         element == KV_FORM_ELEMENT_LABEL;
}

/* Ids are what answers are keyed by and what URLs carry, so keep them to a
 * small safe alphabet. */
gboolean
kv_form_syntax_is_valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > KV_ID_MAX_LENGTH || !g_ascii_islower (id[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (id[i]) && !g_ascii_isdigit (id[i]) && id[i] != '-')
      return FALSE;
  return TRUE;
}

gboolean
kv_form_syntax_parse_yes_no (const char *value,
                             gboolean   *out)
{
  if (g_strcmp0 (value, "yes") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "no") == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

gboolean
kv_form_syntax_parse_int64 (const char *value,
                            gint64      min,
                            gint64      max,
                            gint64     *out)
{
  return g_ascii_string_to_signed (value, 10, min, max, out, NULL);
}

gboolean
kv_form_syntax_parse_double (const char *value,
                             double     *out)
{
  char *end = NULL;
  double d;

  if (value == NULL || *value == '\0' || g_ascii_isspace (*value))
    return FALSE;
  errno = 0;
  d = g_ascii_strtod (value, &end);
  if (errno != 0 || end == NULL || *end != '\0' || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

/* Collapses runs of white space and trims, as xgettext does for ITS
 * elements without xml:space="preserve", so that the string we look up at
 * run time is the msgid that was extracted. */
char *
kv_form_syntax_normalize_text (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* GMarkup's own messages start "Error on line N char M: "; our format puts
 * the place first, so take that prefix off. */
const char *
kv_form_syntax_strip_markup_prefix (const char *message)
{
  const char *colon;

  if (g_str_has_prefix (message, "Error on line ") &&
      (colon = strstr (message, ": ")) != NULL)
    return colon + 2;
  return message;
}

gboolean
kv_form_syntax_is_blank (const char *data,
                         gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/* GMarkup reports a position somewhere after the start tag it is handling;
 * a person fixing a form wants the place where the tag starts. */
void
kv_form_syntax_find_tag_start (const char *data,
                               gsize       length,
                               int         line,
                               int         col,
                               int        *line_out,
                               int        *col_out)
{
  const char *end = data + length;
  const char *p = data;
  const char *line_start;

  g_assert (length > 0);

  for (int l = 1; l < line && p < end; p++)
    if (*p == '\n')
      l++;
  for (int c = 1; c < col && p < end && *p != '\n'; c++)
    p = g_utf8_next_char (p);
  if (p >= end)
    p = end - 1;
  /* The reported place is just past the tag's closing '>', sometimes inside
   * the next tag already; so find that '>' first, then its '<'. */
  while (p > data && *p != '>')
    p--;
  while (p > data && *p != '<')
    p--;

  line = 1;
  line_start = data;
  for (const char *q = data; q < p; q++)
    if (*q == '\n')
      {
        line++;
        line_start = q + 1;
      }
  *line_out = line;
  *col_out = (int) g_utf8_strlen (line_start, p - line_start) + 1;
}

int
kv_form_syntax_find_bad_attribute (const char         **names,
                                   const char * const  *allowed,
                                   gboolean            *repeated)
{
  for (guint i = 0; names[i]; i++)
    {
      gboolean ok = FALSE;

      for (guint j = 0; allowed[j]; j++)
        if (strcmp (names[i], allowed[j]) == 0)
          ok = TRUE;
      if (!ok)
        {
          *repeated = FALSE;
          return (int) i;
        }
      for (guint k = 0; k < i; k++)
        if (strcmp (names[k], names[i]) == 0)
          {
            *repeated = TRUE;
            return (int) i;
          }
    }
  return -1;
}

const char *
kv_form_syntax_find_attribute (const char **names,
                               const char **values,
                               const char  *name)
{
  for (guint i = 0; names[i]; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}
