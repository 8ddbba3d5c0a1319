/* DboMaterialsGroup: 表四 of one object, item by item.
 *
 * Each item is a row: whether the material is provided (not stated,
 * provided, not provided) and the scan attached as its 附件. Items 06 and 07
 * are the project's own documents once it has them (its panel's opinion,
 * the approving bureau's 定级审核意见书): the row says so and cannot be
 * changed (dbo_project_known_material, the same rule the form prints by).
 */
#define G_LOG_DOMAIN "dengbao-materials"
#include "config.h"

#include "dbo-materials-group.h"

#include <glib/gi18n.h>

#include "dbo-findings-box.h"
#include "dbo-widget-util.h"

#define N_ITEMS 7

/* The items of 表四, as the form words them (translated for the English UI). */
static const char *const item_labels[N_ITEMS] = {
  N_("01 Topology of the system and its description"),            /* 01系统拓扑结构及说明 */
  N_("02 Security organisation and rules of the system"),          /* 02系统安全组织机构及管理制度 */
  N_("03 Design or rebuilding plan of the security measures"),     /* 03系统安全保护设施设计实施方案或改建实施方案 */
  N_("04 Security products used, with certificates and licences"), /* 04系统使用的安全产品清单及认证、销售许可证明 */
  N_("05 Level assessment report"),                                /* 05系统等级测评报告 */
  N_("06 Expert review"),                                          /* 06专家评审情况 */
  N_("07 Opinion of the supervising department"),                  /* 07上级主管部门审批意见 */
};

enum { STATE_NOT_STATED, STATE_PROVIDED, STATE_NOT_PROVIDED };

typedef struct {
  GtkWidget *row;               /* AdwActionRow */
  GtkWidget *state;             /* GtkDropDown */
  GtkWidget *attach;            /* GtkButton */
  GtkWidget *detach;            /* GtkButton */
} ItemRow;

struct _DboMaterialsGroup
{
  AdwPreferencesGroup parent_instance;

  DboSession *session;
  char *object_id;
  gulong changed_handler;
  ItemRow items[N_ITEMS];
  int loading;
  int scroll_item;              /* the row to bring into view after the next frame */
  guint scroll_source;
};

G_DEFINE_FINAL_TYPE (DboMaterialsGroup, dbo_materials_group, ADW_TYPE_PREFERENCES_GROUP)

static DboObject *
get_object (DboMaterialsGroup *self)
{
  if (self->session == NULL || self->object_id == NULL)
    return NULL;
  return dbo_project_find_object (dbo_session_get_project (self->session), self->object_id);
}

/* The material of @item, added (not provided, no attachment) when missing. */
static DboMaterial *
ensure_material (DboObject *o, int item)
{
  DboMaterial *m = dbo_object_find_material (o, item);

  if (m == NULL)
    {
      guint at = 0;

      m = dbo_material_new (item, FALSE, NULL);
      /* Kept in item order, as the file lists them. */
      while (at < o->materials->len && ((DboMaterial *) g_ptr_array_index (o->materials, at))->item < item)
        at++;
      g_ptr_array_insert (o->materials, at, m);
    }
  return m;
}

static void
load (DboMaterialsGroup *self)
{
  DboObject *o = get_object (self);
  const DboProject *p = self->session ? dbo_session_get_project (self->session) : NULL;

  if (o == NULL)
    return;
  self->loading++;
  for (int item = 1; item <= N_ITEMS; item++)
    {
      ItemRow *ir = &self->items[item - 1];
      const DboMaterial *m = dbo_object_find_material (o, item);
      const DboAttachment *att = m && m->attachment ? dbo_project_find_attachment (p, m->attachment) : NULL;
      g_autofree char *known = NULL;
      g_autofree char *subtitle = NULL;
      gboolean is_known = dbo_project_known_material (p, o, item, &known);

      if (is_known)
        /* Translators: 表四 06/07 filled in from the project; %s is the document, e.g. 专家评审意见书 */
        subtitle = g_strdup_printf (_("From the project: %s"), known);
      else if (att != NULL)
        /* Translators: the name printed as the item's 附件名称 */
        subtitle = g_strdup_printf (_("Attachment: %s"), att->name ? att->name : "");
      else if (m != NULL && m->present)
        subtitle = g_strdup (_("No attachment yet: attach the scan"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (ir->row), subtitle ? subtitle : "");
      gtk_drop_down_set_selected (GTK_DROP_DOWN (ir->state),
                                  is_known ? STATE_PROVIDED
                                  : m == NULL ? STATE_NOT_STATED
                                  : m->present ? STATE_PROVIDED : STATE_NOT_PROVIDED);
      gtk_widget_set_sensitive (ir->state, !is_known);
      gtk_widget_set_visible (ir->attach, !is_known);
      gtk_widget_set_visible (ir->detach, !is_known && att != NULL);
    }
  self->loading--;
}

void
dbo_materials_group_update_marks (DboMaterialsGroup *self)
{
  g_return_if_fail (DBO_IS_MATERIALS_GROUP (self));

  for (int item = 1; item <= N_ITEMS && self->session != NULL && self->object_id != NULL; item++)
    {
      GtkWidget *row = self->items[item - 1].row;
      g_autofree char *path = g_strdup_printf ("objects/%s/materials/%d", self->object_id, item);
      const DboFinding *f = dbo_findings_box_find_for_path (self->session, path);

      gtk_widget_remove_css_class (row, "error");
      gtk_widget_remove_css_class (row, "warning");
      if (f != NULL)
        gtk_widget_add_css_class (row, f->severity == DBO_SEVERITY_ERROR ? "error" : "warning");
      dbo_widget_set_tooltip (row, f != NULL ? dbo_finding_describe (f) : NULL);
    }
}

static void
announce (DboMaterialsGroup *self)
{
  self->loading++;
  dbo_session_changed (self->session, DBO_PART_OBJECT, self->object_id);
  self->loading--;
  load (self);
}

static int
item_of (DboMaterialsGroup *self, GtkWidget *widget)
{
  for (int i = 0; i < N_ITEMS; i++)
    if (self->items[i].state == widget || self->items[i].attach == widget || self->items[i].detach == widget)
      return i + 1;
  return 0;
}

static void
state_changed_cb (GtkDropDown *drop, GParamSpec *pspec, DboMaterialsGroup *self)
{
  DboObject *o = get_object (self);
  int item = item_of (self, GTK_WIDGET (drop));
  guint state = gtk_drop_down_get_selected (drop);
  DboMaterial *m;

  if (self->loading > 0 || o == NULL || item == 0)
    return;
  if (state == STATE_NOT_STATED)
    {
      m = dbo_object_find_material (o, item);
      if (m == NULL)
        return;
      g_ptr_array_remove (o->materials, m);
    }
  else
    {
      m = ensure_material (o, item);
      m->present = state == STATE_PROVIDED;
      /* Not provided: nothing is attached. */
      if (!m->present)
        g_clear_pointer (&m->attachment, g_free);
    }
  announce (self);
}

gboolean
dbo_materials_group_attach (DboMaterialsGroup *self, int item, GFile *file, GError **error)
{
  DboObject *o;
  DboProject *p;
  DboAttachment *att;
  DboMaterial *m;
  gboolean known = FALSE;

  g_return_val_if_fail (DBO_IS_MATERIALS_GROUP (self), FALSE);
  g_return_val_if_fail (item >= 1 && item <= N_ITEMS, FALSE);
  o = get_object (self);
  g_return_val_if_fail (o != NULL, FALSE);

  att = dbo_attachment_load_scan (file, NULL, TRUE, error);
  if (att == NULL)
    return FALSE;
  p = dbo_session_get_project (self->session);
  /* The same bytes are kept once, under the name they were first given. */
  for (guint i = 0; i < p->attachments->len && !known; i++)
    known = g_strcmp0 (((DboAttachment *) g_ptr_array_index (p->attachments, i))->sha256, att->sha256) == 0;
  m = ensure_material (o, item);
  m->present = TRUE;
  g_free (m->attachment);
  m->attachment = g_strdup (att->sha256);
  if (known)
    dbo_attachment_free (att);
  else
    {
      g_ptr_array_add (p->attachments, att);
      dbo_session_changed (self->session, DBO_PART_ATTACHMENTS, NULL);
    }
  announce (self);
  return TRUE;
}

static void
attach_response_cb (GtkNativeDialog *chooser, int response, DboMaterialsGroup *self)
{
  int item = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "dbo-item"));

  if (response == GTK_RESPONSE_ACCEPT && get_object (self) != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !dbo_materials_group_attach (self, item, file, &error))
        {
          g_autofree char *text = g_strdup_printf (_("Could not attach the material: %s"), error->message);

          dbo_widget_add_toast (GTK_WIDGET (self), adw_toast_new (text));
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
attach_clicked_cb (GtkButton *button, DboMaterialsGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach the Material"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Scans, photos and PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "dbo-item", GINT_TO_POINTER (item_of (self, GTK_WIDGET (button))));
  g_signal_connect_object (chooser, "response", G_CALLBACK (attach_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
detach_clicked_cb (GtkButton *button, DboMaterialsGroup *self)
{
  DboObject *o = get_object (self);
  DboMaterial *m = o ? dbo_object_find_material (o, item_of (self, GTK_WIDGET (button))) : NULL;

  /* The attachment itself stays in the project (another item, or an undo, may want it). */
  if (m == NULL || m->attachment == NULL)
    return;
  g_clear_pointer (&m->attachment, g_free);
  announce (self);
}

static void
session_changed_cb (DboSession *session, int part, const char *id, DboMaterialsGroup *self)
{
  /* 06/07 follow the panel and the reviews; the rest the object itself. */
  if (self->loading > 0)
    return;
  if ((part == DBO_PART_OBJECT && g_strcmp0 (id, self->object_id) == 0) || part == DBO_PART_PANEL ||
      part == DBO_PART_REVIEWS || part == DBO_PART_ATTACHMENTS)
    load (self);
}

void
dbo_materials_group_set_object (DboMaterialsGroup *self, DboSession *session, const char *object_id)
{
  g_return_if_fail (DBO_IS_MATERIALS_GROUP (self));

  if (self->session != session)
    {
      if (self->session != NULL)
        g_clear_signal_handler (&self->changed_handler, self->session);
      g_set_object (&self->session, session);
      if (session != NULL)
        self->changed_handler = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
    }
  g_free (self->object_id);
  self->object_id = g_strdup (object_id);
  load (self);
}

/* Shown just now, the group has no place on the page yet when it is
 * focused: the page is scrolled to the row once it has been laid out. */
static gboolean
scroll_to_item_cb (gpointer data)
{
  DboMaterialsGroup *self = data;
  GtkWidget *row = self->items[self->scroll_item - 1].row;
  GtkWidget *scroller = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = scroller ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)) : NULL;
  GtkAdjustment *adj;
  double x = 0, y = 0, height = gtk_widget_get_height (row);

  self->scroll_source = 0;
  if (content == NULL || !gtk_widget_translate_coordinates (row, content, 0, 0, &x, &y))
    return G_SOURCE_REMOVE;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  if (y < gtk_adjustment_get_value (adj) ||
      y + height > gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj))
    gtk_adjustment_set_value (adj, y - height);
  return G_SOURCE_REMOVE;
}

gboolean
dbo_materials_group_focus_item (DboMaterialsGroup *self, int item)
{
  GtkWidget *target;

  g_return_val_if_fail (DBO_IS_MATERIALS_GROUP (self), FALSE);

  if (item < 1 || item > N_ITEMS || !gtk_widget_get_visible (GTK_WIDGET (self)))
    return FALSE;
  target = gtk_widget_get_sensitive (self->items[item - 1].state) ? self->items[item - 1].state
                                                                  : self->items[item - 1].row;
  self->scroll_item = item;
  dbo_widget_idle_after_frame (GTK_WIDGET (self), scroll_to_item_cb, &self->scroll_source);
  /* A drop-down passes the focus on to its button. */
  return gtk_widget_grab_focus (target) || gtk_widget_child_focus (target, GTK_DIR_TAB_FORWARD);
}

GtkWidget *
dbo_materials_group_get_row (DboMaterialsGroup *self, int item)
{
  g_return_val_if_fail (DBO_IS_MATERIALS_GROUP (self), NULL);
  g_return_val_if_fail (item >= 1 && item <= N_ITEMS, NULL);
  return self->items[item - 1].row;
}

static void
dbo_materials_group_dispose (GObject *object)
{
  DboMaterialsGroup *self = DBO_MATERIALS_GROUP (object);

  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_handler, self->session);
  g_clear_object (&self->session);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  G_OBJECT_CLASS (dbo_materials_group_parent_class)->dispose (object);
}

static void
dbo_materials_group_finalize (GObject *object)
{
  g_free (DBO_MATERIALS_GROUP (object)->object_id);
  G_OBJECT_CLASS (dbo_materials_group_parent_class)->finalize (object);
}

static void
dbo_materials_group_class_init (DboMaterialsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dbo_materials_group_dispose;
  object_class->finalize = dbo_materials_group_finalize;
}

static void
dbo_materials_group_init (DboMaterialsGroup *self)
{
  const char *states[] = { _("Not stated"), _("Provided"), _("Not provided"), NULL };

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Materials Filed (表四)"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
    _("An object of level 3 or above files these with the police: attach each one's scan, whose name the form "
      "prints. Items 06 and 07 come from the project once it has them."));
  for (int i = 0; i < N_ITEMS; i++)
    {
      ItemRow *ir = &self->items[i];

      ir->row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ir->row), _(item_labels[i]));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (ir->row), FALSE);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (ir->row), 2);
      ir->state = gtk_drop_down_new_from_strings (states);
      gtk_widget_set_valign (ir->state, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (ir->state), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(item_labels[i]), -1);
      ir->attach = gtk_button_new_from_icon_name ("mail-attachment-symbolic");
      gtk_widget_set_valign (ir->attach, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (ir->attach, "flat");
      gtk_widget_set_tooltip_text (ir->attach, _("Attach the scan…"));
      ir->detach = gtk_button_new_from_icon_name ("edit-clear-symbolic");
      gtk_widget_set_valign (ir->detach, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (ir->detach, "flat");
      gtk_widget_set_tooltip_text (ir->detach, _("Remove the attachment from this item"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (ir->row), ir->state);
      adw_action_row_add_suffix (ADW_ACTION_ROW (ir->row), ir->attach);
      adw_action_row_add_suffix (ADW_ACTION_ROW (ir->row), ir->detach);
      g_signal_connect (ir->state, "notify::selected", G_CALLBACK (state_changed_cb), self);
      g_signal_connect (ir->attach, "clicked", G_CALLBACK (attach_clicked_cb), self);
      g_signal_connect (ir->detach, "clicked", G_CALLBACK (detach_clicked_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), ir->row);
    }
}

GtkWidget *
dbo_materials_group_new (void)
{
  return g_object_new (DBO_TYPE_MATERIALS_GROUP, NULL);
}
