/* kiosk-language.c — the language of one session.
 *
 * gettext picks its catalogue from the LANGUAGE environment variable
 * before the locale, so switching languages for one session is a matter
 * of setting LANGUAGE and telling gettext that its cached lookups are out
 * of date.  Changing the locale instead would need every language's
 * locale to be generated on the tablet, and would change number and date
 * formats under the forms' feet.
 */
#include "config.h"

#include <string.h>

#include "kiosk-language.h"

/* glibc's counter of loaded catalogues: bumping it makes every later
 * gettext() call look its catalogue up again (the GNU gettext manual's
 * advice after changing LANGUAGE). */
extern int _nl_msg_cat_cntr;

static char *original_language;
static gboolean original_saved;
static char *current_language;

/* Languages whose script runs right to left. */
static const char * const rtl_languages[] = { "ar", "fa", "he", "ps", "ur", "yi" };

/* Autonyms: every language named in itself, so nobody has to read
 * English to find their own. */
static const struct
{
  const char *code;
  const char *name;
} autonyms[] = {
  { "ar", "العربية" },
  { "bn", "বাংলা" },
  { "cy", "Cymraeg" },
  { "en", "English" },
  { "es", "Español" },
  { "fa", "فارسی" },
  { "fr", "Français" },
  { "gu", "ગુજરાતી" },
  { "it", "Italiano" },
  { "lt", "Lietuvių" },
  { "pa", "ਪੰਜਾਬੀ" },
  { "pl", "Polski" },
  { "ps", "پښتو" },
  { "pt", "Português" },
  { "ro", "Română" },
  { "so", "Soomaali" },
  { "ta", "தமிழ்" },
  { "tr", "Türkçe" },
  { "uk", "Українська" },
  { "ur", "اردو" },
  { "zh", "中文" },
};

/* "pl_PL.UTF-8" → "pl". */
static char *
base_language (const char *language)
{
  return g_strndup (language, strcspn (language, "_.@"));
}

static gboolean
is_rtl (const char *language)
{
  g_autofree char *base = base_language (language);

  for (guint i = 0; i < G_N_ELEMENTS (rtl_languages); i++)
    if (strcmp (base, rtl_languages[i]) == 0)
      return TRUE;
  return FALSE;
}

void
kiosk_language_apply (const char *language)
{
  if (!original_saved)
    {
      original_language = g_strdup (g_getenv ("LANGUAGE"));
      original_saved = TRUE;
    }

  g_clear_pointer (&current_language, g_free);
  current_language = g_strdup (language);

  /* The variable is replaced, never removed: other threads (the
   * uploader's libcurl reads proxy variables) may be reading the
   * environment, and glibc only keeps that safe while no variable is
   * added or removed.  An empty LANGUAGE is the same as none to gettext. */
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_setenv ("LANGUAGE", original_language != NULL ? original_language : "", TRUE);

  ++_nl_msg_cat_cntr;

  if (language != NULL)
    gtk_widget_set_default_direction (is_rtl (language) ? GTK_TEXT_DIR_RTL
                                                        : GTK_TEXT_DIR_LTR);
  else
    gtk_widget_set_default_direction (gtk_get_locale_direction ());
}

const char *
kiosk_language_get_current (void)
{
  return current_language;
}

const char *
kiosk_language_get_name (const char *language)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (language != NULL, NULL);

  base = base_language (language);
  for (guint i = 0; i < G_N_ELEMENTS (autonyms); i++)
    if (strcmp (base, autonyms[i].code) == 0)
      return autonyms[i].name;
  return language;
}
