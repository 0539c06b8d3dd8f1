/* kiosk-staff-page.c — what a keyworker may do behind the PIN.
 *
 * The outbox is shown as counts, times and the last error only: the store
 * gives this page nothing that could show a family's answers or a child's
 * code (kiosk-outbox-status.h, kiosk-outbox-item.h), so staff mode cannot
 * leak them however it is used.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kiosk-error.h"
#include "kiosk-number-entry.h"
#include "kiosk-staff-page.h"

struct _KioskStaffPage
{
  AdwBin         parent_instance;

  GtkWidget     *queued_row;
  GtkWidget     *offers_row;
  GtkWidget     *attention_row;
  GtkWidget     *sent_row;
  GtkWidget     *success_row;
  GtkWidget     *attempt_row;
  GtkWidget     *error_row;
  GtkWidget     *attention_group;
  GtkWidget     *enrolment_row;
  GtkWidget     *idle_row;
  GtkWidget     *countdown_row;
  GtkWidget     *idle_entry;
  GtkWidget     *countdown_entry;
  GtkWidget     *easy_read_switch;
  GtkWidget     *contrast_switch;

  GPtrArray     *attention_rows;
  KioskStore    *store;
  KioskUploader *uploader;
  GSettings     *settings;
  gboolean       syncing;
};

G_DEFINE_FINAL_TYPE (KioskStaffPage, kiosk_staff_page, ADW_TYPE_BIN)

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (_("Never"));

  local = g_date_time_to_local (time);
  /* TRANSLATORS: a date and time on the staff screen, see
   * g_date_time_format(): "%-d" is the day without a leading space or
   * zero ("%e" would give " 4 March") */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

/* When an entry was made, as far as the tablet still knows: the time of
 * Send, or only its month for the feedback ledger and sealed feedback,
 * which keep no closer date. */
static char *
format_when (const KioskOutboxItem *item)
{
  guint year, month;

  if (item->completed_at != NULL || item->month == NULL ||
      sscanf (item->month, "%4u-%2u", &year, &month) != 2 || month < 1 || month > 12)
    return format_time (item->completed_at);
  {
    g_autoptr(GDateTime) first = g_date_time_new_local (year, month, 1, 0, 0, 0);

    /* TRANSLATORS: a month on the staff screen, see strftime(3) */
    return first != NULL ? g_date_time_format (first, _("%B %Y")) : format_time (NULL);
  }
}

static void
set_count (GtkWidget *row,
           guint      n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
}

static void
update_actions (KioskStaffPage *self)
{
  gboolean enrolled = kiosk_store_is_enrolled (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.sync-now",
                                 self->uploader != NULL && enrolled && !self->syncing);
}

static void
refresh_attention (KioskStaffPage *self)
{
  g_autoptr(GPtrArray) items = kiosk_store_list_outbox (self->store, NULL);
  guint shown = 0;

  for (guint i = 0; i < self->attention_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->attention_group),
                                  g_ptr_array_index (self->attention_rows, i));
  g_ptr_array_set_size (self->attention_rows, 0);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      KioskOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *when = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row, *retry, *discard;

      if (item->state != KIOSK_ITEM_NEEDS_ATTENTION)
        continue;

      when = format_when (item);
      if (item->kind == KIOSK_ITEM_OFFER)
        /* TRANSLATORS: %s is a date and time, or a month */
        title = g_strdup_printf (_("Feedback record of %s"), when);
      else
        /* TRANSLATORS: the first %s is a form's id, the second a date and time, or a month */
        title = g_strdup_printf (_("Form “%s” of %s"), item->form, when);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item->reason != NULL ? item->reason : "");
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      retry = gtk_button_new_with_label (_("Try again"));
      gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "kiosk.retry-item");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (retry), "s", item->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), retry);

      discard = gtk_button_new_with_label (_("Give up"));
      gtk_widget_set_valign (discard, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (discard, "destructive-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (discard), "kiosk.discard-item");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (discard), "s", item->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), discard);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->attention_group), row);
      g_ptr_array_add (self->attention_rows, row);
      shown++;
    }

  gtk_widget_set_visible (self->attention_group, shown > 0);
}

void
kiosk_staff_page_refresh (KioskStaffPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(KioskEnrolment) enrolment = NULL;

  g_return_if_fail (KIOSK_IS_STAFF_PAGE (self));

  status = kiosk_store_get_outbox_status (self->store, &error);
  if (status != NULL)
    {
      g_autofree char *success = format_time (status->last_success);
      g_autofree char *attempt = format_time (status->last_attempt);

      set_count (self->queued_row, status->queued);
      set_count (self->offers_row, status->offers_queued);
      set_count (self->attention_row, status->needs_attention);
      set_count (self->sent_row, status->sent);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->success_row), success);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->attempt_row), attempt);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->error_row),
                                   status->last_error != NULL ? status->last_error : _("None"));
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->error_row), error->message);

  if (self->syncing)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->attempt_row), _("Sending now…"));

  refresh_attention (self);

  enrolment = kiosk_store_get_enrolment (self->store, NULL);
  if (enrolment != NULL)
    {
      g_autofree char *when = format_time (kiosk_enrolment_get_enrolled_at (enrolment));
      /* TRANSLATORS: "Enrolled to <service name> at <address> on <date>" */
      g_autofree char *text = g_strdup_printf (_("Enrolled to %s at %s on %s"),
                                               kiosk_enrolment_get_service_name (enrolment),
                                               kiosk_enrolment_get_aggregator_url (enrolment),
                                               when);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->enrolment_row), text);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->enrolment_row),
                                 _("Not enrolled: answers are kept on this tablet until it is."));

  update_actions (self);
}

static void
sync_finished_cb (KioskStaffPage *self)
{
  self->syncing = FALSE;
  kiosk_staff_page_refresh (self);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KioskStaffPage *self = KIOSK_STAFF_PAGE (widget);

  if (self->uploader == NULL)
    return;

  self->syncing = TRUE;
  kiosk_uploader_sync_now (self->uploader);
  kiosk_staff_page_refresh (self);
}

static void
retry_item_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskStaffPage *self = KIOSK_STAFF_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gboolean retried;

  retried = kiosk_store_retry_item (self->store, g_variant_get_string (parameter, NULL), &error);
  if (retried && self->uploader != NULL)
    kiosk_uploader_sync_now (self->uploader);
  /* Refreshed first, so that the store's reason why not is what the error
   * row is left showing (refreshing sets the row from the outbox). */
  kiosk_staff_page_refresh (self);
  if (!retried)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->error_row), error->message);
}

static void
discard_item_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KioskStaffPage *self = KIOSK_STAFF_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gboolean discarded;

  discarded = kiosk_store_discard_item (self->store, g_variant_get_string (parameter, NULL), &error);
  kiosk_staff_page_refresh (self);
  if (!discarded)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->error_row), error->message);
}

static void
kiosk_staff_page_dispose (GObject *object)
{
  KioskStaffPage *self = KIOSK_STAFF_PAGE (object);

  if (self->uploader != NULL)
    g_signal_handlers_disconnect_by_data (self->uploader, self);
  g_clear_object (&self->uploader);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->attention_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kiosk_staff_page_parent_class)->dispose (object);
}

static void
kiosk_staff_page_class_init (KioskStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_staff_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-staff-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, queued_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, offers_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, attention_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, sent_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, success_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, attempt_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, error_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, attention_group);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, enrolment_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, idle_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, countdown_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, easy_read_switch);
  gtk_widget_class_bind_template_child (widget_class, KioskStaffPage, contrast_switch);

  gtk_widget_class_install_action (widget_class, "kiosk.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "kiosk.retry-item", "s", retry_item_action);
  gtk_widget_class_install_action (widget_class, "kiosk.discard-item", "s", discard_item_action);
}

static void
kiosk_staff_page_init (KioskStaffPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->attention_rows = g_ptr_array_new ();
}

static void
seconds_changed_cb (GtkWidget      *entry,
                    KioskStaffPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (entry), "kiosk-settings-key");
  gint64 value;

  /* Half-typed numbers are left alone; the setting changes once the
   * number is whole and allowed. */
  if (kiosk_number_entry_get_value (KIOSK_NUMBER_ENTRY (entry), &value))
    g_settings_set_uint (self->settings, key, (guint) value);
}

static GtkWidget *
seconds_entry (KioskStaffPage *self,
               GtkWidget      *row,
               const char     *key,
               gint64          step)
{
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  guint32 min = 1, max = 3600;
  GtkWidget *entry;
  const char *type;

  /* The limits are the schema's, so staff cannot type a value the
   * settings would refuse. */
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &type, &limits);
  if (g_str_equal (type, "range"))
    g_variant_get (limits, "(uu)", &min, &max);

  entry = kiosk_number_entry_new (min, max, step);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  kiosk_number_entry_set_labelled_by (KIOSK_NUMBER_ENTRY (entry), row);
  kiosk_number_entry_set_value (KIOSK_NUMBER_ENTRY (entry), g_settings_get_uint (self->settings, key));
  g_object_set_data_full (G_OBJECT (entry), "kiosk-settings-key", g_strdup (key), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (seconds_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);

  return entry;
}

GtkWidget *
kiosk_staff_page_new (KioskStore    *store,
                      KioskUploader *uploader,
                      GSettings     *settings)
{
  KioskStaffPage *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (uploader == NULL || KIOSK_IS_UPLOADER (uploader), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KIOSK_TYPE_STAFF_PAGE, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  if (uploader != NULL)
    {
      self->uploader = g_object_ref (uploader);
      g_signal_connect_swapped (uploader, "sync-finished", G_CALLBACK (sync_finished_cb), self);
    }

  self->idle_entry = seconds_entry (self, self->idle_row, "idle-timeout", 10);
  self->countdown_entry = seconds_entry (self, self->countdown_row, "still-there-countdown", 5);
  g_settings_bind (settings, "easy-read-default", self->easy_read_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "high-contrast", self->contrast_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  kiosk_staff_page_refresh (self);
  return GTK_WIDGET (self);
}
