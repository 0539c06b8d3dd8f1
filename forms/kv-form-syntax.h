/* kv-form-syntax.h — the vocabulary of a form file (private to
 * libkvforms).
 *
 * kv-form-parser.c checks the rules of a form as it reads one; these are
 * the pieces below the rules: which elements exist and nest where, which
 * attributes an element was given, what an id, a yes/no, a number or a
 * piece of text looks like, and where in the file a tag starts.  None of
 * them knows what a form is, so each can be tested on its own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest form, item or level id, in bytes. */
#define KV_ID_MAX_LENGTH 64

/* The elements of a form file; NONE for a name that is not one. */
typedef enum
{
  KV_FORM_ELEMENT_NONE,
  KV_FORM_ELEMENT_FORM,
  KV_FORM_ELEMENT_TITLE,
  KV_FORM_ELEMENT_DESCRIPTION,
  KV_FORM_ELEMENT_SCORING,
  KV_FORM_ELEMENT_ITEM,
  KV_FORM_ELEMENT_PROMPT,
  KV_FORM_ELEMENT_HELP,
  KV_FORM_ELEMENT_SHOW_IF,
  KV_FORM_ELEMENT_LEVEL,
  KV_FORM_ELEMENT_LABEL,
} KvFormElement;

KvFormElement kv_form_syntax_element_from_name (const char  *name);
/* Whether @child may appear directly inside @parent (NONE: at the top). */
gboolean     kv_form_syntax_element_allowed_in  (KvFormElement child,
                                                 KvFormElement parent);
/* Whether @element holds text (a title, prompt, label…) rather than
 * other elements. */
gboolean     kv_form_syntax_is_text_element     (KvFormElement element);

/* Whether @id is 1…KV_ID_MAX_LENGTH lower-case letters, digits and '-',
 * starting with a letter. */
gboolean     kv_form_syntax_is_valid_id         (const char  *id);
/* "yes" or "no" into @out; FALSE, leaving @out alone, for anything else. */
gboolean     kv_form_syntax_parse_yes_no        (const char  *value,
                                                 gboolean    *out);
/* A decimal whole number from @min to @max, with nothing around it. */
gboolean     kv_form_syntax_parse_int64         (const char  *value,
                                                 gint64       min,
                                                 gint64       max,
                                                 gint64      *out);
/* A finite number in C-locale notation, with nothing around it. */
gboolean     kv_form_syntax_parse_double        (const char  *value,
                                                 double      *out);
/* @text trimmed, with every run of white space made one space. */
char        *kv_form_syntax_normalize_text      (const char  *text);
/* Where the tag starts that ends just before @line:@col of @data (GMarkup
 * counting, from 1), as a line and a column in characters, from 1. */
void         kv_form_syntax_find_tag_start      (const char  *data,
                                                 gsize        length,
                                                 int          line,
                                                 int          col,
                                                 int         *line_out,
                                                 int         *col_out);
/* @message without GMarkup's "Error on line N char M: " prefix. */
const char  *kv_form_syntax_strip_markup_prefix (const char  *message);
/* Whether @data holds nothing but white space. */
gboolean     kv_form_syntax_is_blank            (const char  *data,
                                                 gsize        length);
/* The first of the NULL-terminated @names that is not in @allowed, or that
 * repeats one before it, as an index with *@repeated saying which; -1 when
 * every name is allowed and given once. */
int          kv_form_syntax_find_bad_attribute  (const char         **names,
                                                 const char * const  *allowed,
                                                 gboolean            *repeated);
/* The value paired with @name in GMarkup's @names and @values, or NULL. */
const char  *kv_form_syntax_find_attribute      (const char         **names,
                                                 const char         **values,
                                                 const char          *name);

G_END_DECLS
