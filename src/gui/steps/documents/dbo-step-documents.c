/* DboStepDocuments: step 5, 文件 — the forms the user previews, prints and saves.
 *
 * One row per document: Annex 2, 3 and 4, and one 定级报告 per object that
 * goes to filing (effective level ≥ the rule set's filing minimum). The core
 * builds every document. Annex 4 of a 1,000-object project takes seconds to
 * lay out, so no build runs on the main thread:
 *  - a row's state (ready, or blocked with the core's reasons) is worked out
 *    when the row is first shown, by one background pass at a time;
 *  - the selected document is built on demand in a thread and handed to the
 *    preview, which draws its pages on the main thread with the core's renderer;
 *  - printing builds its own copy the same way; saving builds and writes the
 *    PDF in the thread.
 * Threads work on a copy of the project (dbo_project_copy), never the live one.
 * Pango font maps are per thread and not thread-safe: a document that leaves
 * its thread is built with a font map of its own, which goes with it.
 */
#define G_LOG_DOMAIN "dengbao-step-documents"
#include "config.h"

#include "dbo-step-documents.h"
#include "dbo-widget-util.h"

#include <string.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include "dbo-documents.h"
#include "dbo-grading.h"
#include "dbo-print-operation.h"

/* Wait this long after the last edit before the list and preview follow it. */
#define REFRESH_DELAY_MS 300

/* ------------------------------------------------------------ list items */

typedef enum {
  DOC_STATE_UNKNOWN,
  DOC_STATE_READY,
  DOC_STATE_BLOCKED,
  DOC_STATE_FAILED,
} DocState;

/* One row of the list. Private to this step: it only carries what the row shows. */
#define DBO_TYPE_DOC_ITEM (dbo_doc_item_get_type ())
G_DECLARE_FINAL_TYPE (DboDocItem, dbo_doc_item, DBO, DOC_ITEM, GObject)

struct _DboDocItem
{
  GObject parent_instance;
  DboDocKind kind;
  char *object_id;              /* reports: the object; Annex 3: the part key ("09-1", "09") */
  char *key;                    /* "annex2", "report-o3" */
  char *title;
  char *caption;
  DocState state;
  int n_pages;
  guint n_problems;
  char *problems;               /* the core's message when blocked or failed */
  guint generation;             /* of the project the state was worked out for; 0 = never */
  gboolean queued;
};

G_DEFINE_FINAL_TYPE (DboDocItem, dbo_doc_item, G_TYPE_OBJECT)

static guint item_changed_signal;

static void
dbo_doc_item_finalize (GObject *object)
{
  DboDocItem *item = DBO_DOC_ITEM (object);

  g_free (item->object_id);
  g_free (item->key);
  g_free (item->title);
  g_free (item->caption);
  g_free (item->problems);
  G_OBJECT_CLASS (dbo_doc_item_parent_class)->finalize (object);
}

static void
dbo_doc_item_class_init (DboDocItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dbo_doc_item_finalize;
  /* Anything the row shows changed. */
  item_changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dbo_doc_item_init (DboDocItem *item)
{
}

static char *
doc_key (DboDocKind kind, const char *object_id)
{
  g_autofree char *file = dbo_doc_file_name (kind, object_id);

  if (file == NULL)
    return g_strdup ("report-");
  /* The PDF's file name without ".pdf". */
  return g_strndup (file, strlen (file) - strlen (".pdf"));
}

static DboDocItem *
doc_item_new (DboDocKind kind, const char *object_id)
{
  DboDocItem *item = g_object_new (DBO_TYPE_DOC_ITEM, NULL);

  item->kind = kind;
  item->object_id = g_strdup (object_id);
  item->key = doc_key (kind, object_id);
  return item;
}

static int
annex_number (DboDocKind kind)
{
  switch (kind)
    {
    case DBO_DOC_ANNEX2: return 2;
    case DBO_DOC_ANNEX3: return 3;
    case DBO_DOC_ANNEX4: return 4;
    case DBO_DOC_REPORT:
    default: return 0;
    }
}

/* Sets the title and caption from the project; TRUE when they changed. */
static gboolean
doc_item_describe (DboDocItem *item, const DboProject *project, const DboRuleset *rules)
{
  g_autofree char *title = NULL;
  g_autofree char *caption = NULL;
  gboolean changed;

  if (item->kind == DBO_DOC_REPORT)
    {
      const DboObject *o = dbo_project_find_object (project, item->object_id);
      int level = o ? dbo_grading_effective_level (rules, project, o) : 0;

      title = g_strdup (o && !dbo_str_empty (o->name) ? o->name : _("Unnamed protected object"));
      caption = g_strdup_printf ("%s · %s", dbo_doc_kind_title (DBO_DOC_REPORT), dbo_level_zh (level));
    }
  else if (item->kind == DBO_DOC_ANNEX3 && item->object_id != NULL)
    {
      /* One form per bureau's answer: "定级审核意见书（晋城市能源局 第1轮）", or
       * the enterprise part for a bureau that has not answered yet. */
      g_autofree char *authority = NULL;
      const DboRegion *region;
      const char *bureau;
      int round = 0;

      dbo_doc_annex3_key_parse (item->object_id, &authority, &round);
      region = authority ? dbo_ruleset_find_region (rules, authority) : NULL;
      bureau = region && region->authority ? region->authority : authority ? authority : "";
      if (round > 0)
        /* TRANSLATORS: Annex 3 of one review round: the document's title, the bureau, the round */
        title = g_strdup_printf (_("%s (%s, round %d)"), dbo_doc_kind_title (item->kind), bureau, round);
      else
        /* TRANSLATORS: Annex 3 for objects a bureau has not reviewed yet: the title, the bureau */
        title = g_strdup_printf (_("%s (%s, not reviewed yet)"), dbo_doc_kind_title (item->kind), bureau);
      caption = g_strdup_printf (_("Annex %d"), annex_number (item->kind));
    }
  else
    {
      title = g_strdup (dbo_doc_kind_title (item->kind));
      caption = g_strdup_printf (_("Annex %d"), annex_number (item->kind));
    }

  changed = g_strcmp0 (title, item->title) != 0 || g_strcmp0 (caption, item->caption) != 0;
  g_free (item->title);
  item->title = g_steal_pointer (&title);
  g_free (item->caption);
  item->caption = g_steal_pointer (&caption);
  return changed;
}

static char *
doc_item_dup_status (DboDocItem *item)
{
  switch (item->state)
    {
    case DOC_STATE_READY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ready, %d page", "Ready, %d pages", item->n_pages),
                              item->n_pages);
    case DOC_STATE_BLOCKED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Blocked by %u error", "Blocked by %u errors",
                                           item->n_problems),
                              item->n_problems);
    case DOC_STATE_FAILED:
      return g_strdup (_("Could not be produced"));
    case DOC_STATE_UNKNOWN:
    default:
      return g_strdup (_("Checking…"));
    }
}

/* ------------------------------------------------------------ jobs in threads */

typedef struct {
  DboDocKind kind;
  char *object_id;
  char *key;
  DocState state;
  int n_pages;
  guint n_problems;
  char *problems;
  char *file;                   /* save all: the file's name in the folder */
  DboDocument *document;        /* kept only when the job hands it over */
} DocResult;

static void
free_document_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  dbo_document_free (task_data);
  g_task_return_boolean (task, TRUE);
}

/* Frees a document that left its thread (it has a font map of its own) in
 * another thread: a long one takes most of a second to free. */
static void
discard_document (DboDocument *doc)
{
  g_autoptr(GTask) task = NULL;

  if (doc == NULL)
    return;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, doc, NULL);
  g_task_run_in_thread (task, free_document_thread);
}

static void
doc_result_free (DocResult *r)
{
  if (r == NULL)
    return;
  g_free (r->object_id);
  g_free (r->key);
  g_free (r->problems);
  g_free (r->file);
  /* Only handed-over documents are still here: the others are freed in their thread. */
  discard_document (g_steal_pointer (&r->document));
  g_free (r);
}

typedef struct {
  GWeakRef self;                /* the step: builds never keep it alive */
  DboProject *project;          /* a copy: threads never touch the live model */
  DboRuleset *rules;
  guint generation;
  GPtrArray *results;           /* of DocResult* */
  gboolean hand_over;           /* keep the document for the main thread */
  gboolean post_each;           /* report each state as it is known */
  DboDocumentFlags flags;       /* DBO_DOCUMENT_DRAFT: print as a draft */
  char *path;                   /* save one: the PDF to write */
  char *folder;                 /* save all: the folder to write into */
  guint n_written;
  guint n_skipped;
} DocJob;

static void
doc_job_free (DocJob *job)
{
  g_weak_ref_clear (&job->self);
  g_clear_pointer (&job->project, dbo_project_free);
  g_clear_pointer (&job->rules, dbo_ruleset_unref);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_free (job->path);
  g_free (job->folder);
  g_free (job);
}

static void
doc_job_add (DocJob *job, DboDocKind kind, const char *object_id, const char *key)
{
  DocResult *r = g_new0 (DocResult, 1);

  r->kind = kind;
  r->object_id = g_strdup (object_id);
  r->key = g_strdup (key);
  g_ptr_array_add (job->results, r);
}

static guint
count_problems (const char *message)
{
  guint n = 0;

  /* The core lists one problem per indented line after its first line. */
  for (const char *p = strchr (message, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    if (g_str_has_prefix (p + 1, "  "))
      n++;
  return MAX (n, 1);
}

/* Runs in a thread. */
static void
build_one (DocJob *job, DocResult *r)
{
  g_autoptr(GError) error = NULL;
  DboDocument *doc;

  /* A document that leaves this thread takes a font map of its own along. */
  if (job->hand_over)
    pango_cairo_font_map_set_default (NULL);
  doc = dbo_document_build_full (job->project, job->rules, r->kind, r->object_id, job->flags, &error);
  if (job->hand_over)
    pango_cairo_font_map_set_default (NULL);

  if (doc != NULL)
    {
      r->state = DOC_STATE_READY;
      r->n_pages = dbo_document_get_n_pages (doc);
      r->document = doc;
    }
  else if (g_error_matches (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED))
    {
      r->state = DOC_STATE_BLOCKED;
      r->problems = g_strdup (error->message);
      r->n_problems = count_problems (error->message);
    }
  else
    {
      r->state = DOC_STATE_FAILED;
      r->problems = g_strdup (error->message);
      r->n_problems = 1;
    }
}

static DocJob *
doc_job_new (DboStepDocuments *self, gboolean hand_over);

/* ------------------------------------------------------------ the step */

struct _DboStepDocuments
{
  DboStep parent_instance;


  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *list_pane;
  GtkWidget *preview_pane;
  GtkListView *list_view;
  GtkRevealer *progress_revealer;
  GtkProgressBar *progress_bar;
  GtkLabel *title_label;
  GtkSpinner *spinner;
  GtkStack *preview_stack;
  GtkLabel *blocked_label;
  DboPdfPreview *preview;
  GtkLabel *page_label;
  GtkWidget *save_button;
  GtkWidget *print_button;
  GtkWidget *print_draft_button;

  GListStore *store;            /* of DboDocItem */
  GtkSingleSelection *selection;
  GHashTable *items;            /* key → DboDocItem, borrowed from the store */
  GHashTable *bound;            /* DboDocItem → rows showing it (GPOINTER_TO_UINT) */
  GQueue wanted;                /* DboDocItem references whose state to work out */
  guint generation;             /* bumped whenever the project changes */
  guint refresh_source;
  gboolean updating;            /* the selection is being changed by code */
  gboolean needs_open;          /* the preview is out of date (not mapped meanwhile) */

  GCancellable *cancellable;    /* cancelled in dispose: stops everything */
  GCancellable *states_cancellable;
  gboolean states_running;
  GCancellable *open_cancellable;
  char *shown_key;              /* the document in the preview */
  gboolean loading;
  GCancellable *save_all_cancellable;
  GtkPrintOperation *print_operation;
  gboolean printing;            /* from Ctrl+P until the print dialog is over */
};

G_DEFINE_FINAL_TYPE (DboStepDocuments, dbo_step_documents, DBO_TYPE_STEP)

enum { PROP_0, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void open_selected (DboStepDocuments *self);
static void update_actions (DboStepDocuments *self);

static gboolean
is_disposed (DboStepDocuments *self)
{
  return self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable);
}

static DocJob *
doc_job_new (DboStepDocuments *self, gboolean hand_over)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DocJob *job = g_new0 (DocJob, 1);

  g_weak_ref_init (&job->self, self);
  job->project = dbo_project_copy (dbo_session_get_project (session));
  job->rules = dbo_ruleset_ref ((DboRuleset *) dbo_session_get_rules (session));
  job->generation = self->generation;
  job->results = g_ptr_array_new_with_free_func ((GDestroyNotify) doc_result_free);
  job->hand_over = hand_over;
  return job;
}

static void
toast_literal (DboStepDocuments *self, const char *text)
{
  /* Titles are markup; messages from files and the core are not. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  dbo_step_add_toast (DBO_STEP (self), adw_toast_new (escaped));
}

static DboDocItem *
selected_item (DboStepDocuments *self)
{
  return self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

static void
set_loading (DboStepDocuments *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* ---- states ---- */

static void
apply_result (DboStepDocuments *self, DocResult *r, guint generation)
{
  DboDocItem *item = g_hash_table_lookup (self->items, r->key);

  if (item == NULL || generation < item->generation)
    return;
  item->state = r->state;
  item->n_pages = r->n_pages;
  item->n_problems = r->n_problems;
  g_free (item->problems);
  item->problems = g_strdup (r->problems);
  item->generation = generation;
  g_signal_emit (item, item_changed_signal, 0);
  if (item == selected_item (self))
    update_actions (self);
}

typedef struct {
  DboStepDocuments *self;
  DocResult *result;
  guint generation;
  guint done;
  guint total;
} Post;

static void
post_free (Post *post)
{
  g_clear_object (&post->self);
  g_clear_pointer (&post->result, doc_result_free);
  g_free (post);
}

static gboolean
post_state_cb (gpointer data)
{
  Post *post = data;

  if (!is_disposed (post->self))
    apply_result (post->self, post->result, post->generation);
  return G_SOURCE_REMOVE;
}

static void
post_to_main (DocJob *job, Post *post, GSourceFunc func)
{
  /* Released on the main thread, with the post. */
  post->self = g_weak_ref_get (&job->self);
  if (post->self == NULL)
    {
      post_free (post);
      return;
    }
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT_IDLE, func, post, (GDestroyNotify) post_free);
}

static void
build_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  DocJob *job = task_data;

  for (guint i = 0; i < job->results->len; i++)
    {
      DocResult *r = g_ptr_array_index (job->results, i);

      if (g_task_return_error_if_cancelled (task))
        return;
      build_one (job, r);
      if (job->post_each)
        {
          Post *post = g_new0 (Post, 1);

          /* States only: the document itself never leaves this thread. */
          g_clear_pointer (&r->document, dbo_document_free);
          post->result = g_steal_pointer (&job->results->pdata[i]);
          post->generation = job->generation;
          post_to_main (job, post, post_state_cb);
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void pump_states (DboStepDocuments *self);

static void
states_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(DboStepDocuments) self = g_weak_ref_get (&job->self);

  if (self == NULL)
    return;
  self->states_running = FALSE;
  g_clear_object (&self->states_cancellable);
  if (!is_disposed (self))
    pump_states (self);
}

/* Works out the states the list is waiting for, one pass at a time, only
 * while the step is on screen. */
static void
pump_states (DboStepDocuments *self)
{
  g_autoptr(GTask) task = NULL;
  DocJob *job;
  DboDocItem *item;

  if (self->states_running || dbo_step_get_session (DBO_STEP (self)) == NULL || g_queue_is_empty (&self->wanted)
      || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  job = doc_job_new (self, FALSE);
  job->post_each = TRUE;
  while ((item = g_queue_pop_head (&self->wanted)) != NULL)
    {
      item->queued = FALSE;
      if (item->generation != self->generation && g_hash_table_lookup (self->items, item->key) == item)
        doc_job_add (job, item->kind, item->object_id, item->key);
      g_object_unref (item);
    }
  if (job->results->len == 0)
    {
      doc_job_free (job);
      return;
    }

  self->states_cancellable = g_cancellable_new ();
  self->states_running = TRUE;
  task = g_task_new (NULL, self->states_cancellable, states_done_cb, NULL);
  g_task_set_source_tag (task, pump_states);
  g_task_set_task_data (task, job, (GDestroyNotify) doc_job_free);
  g_task_run_in_thread (task, build_thread);
}

static void
want_state (DboStepDocuments *self, DboDocItem *item)
{
  if (item->generation == self->generation || item->queued)
    return;
  item->queued = TRUE;
  /* The rows shown last come first. */
  g_queue_push_head (&self->wanted, g_object_ref (item));
  pump_states (self);
}

static void
want_bound_states (DboStepDocuments *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    want_state (self, item);
}

/* ---- the list ---- */

static void
update_row (GtkListItem *list_item)
{
  DboDocItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *labels = gtk_widget_get_next_sibling (icon);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *caption = gtk_widget_get_next_sibling (title);
  GtkWidget *state = gtk_widget_get_next_sibling (labels);
  g_autofree char *status = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  if (item == NULL)
    return;
  status = doc_item_dup_status (item);
  text = g_strdup_printf ("%s · %s", item->caption, status);
  gtk_label_set_text (GTK_LABEL (title), item->title);
  gtk_label_set_text (GTK_LABEL (caption), text);

  gtk_widget_remove_css_class (state, "success");
  gtk_widget_remove_css_class (state, "error");
  gtk_widget_remove_css_class (state, "dim-label");
  switch (item->state)
    {
    case DOC_STATE_READY:
      gtk_image_set_from_icon_name (GTK_IMAGE (state), "emblem-ok-symbolic");
      gtk_widget_add_css_class (state, "success");
      break;
    case DOC_STATE_BLOCKED:
    case DOC_STATE_FAILED:
      gtk_image_set_from_icon_name (GTK_IMAGE (state), "dialog-error-symbolic");
      gtk_widget_add_css_class (state, "error");
      break;
    case DOC_STATE_UNKNOWN:
    default:
      gtk_image_set_from_icon_name (GTK_IMAGE (state), "content-loading-symbolic");
      gtk_widget_add_css_class (state, "dim-label");
      break;
    }
  dbo_widget_set_tooltip (box, item->problems);
  accessible = g_strdup_printf ("%s, %s", item->title, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
row_released_cb (GtkGestureClick *gesture, int n_press, double x, double y, DboStepDocuments *self)
{
  /* Narrow window: a tap on a document opens its preview. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->preview_pane);
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, DboStepDocuments *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("x-office-document-symbolic");
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *caption = gtk_label_new (NULL);
  GtkWidget *state = gtk_image_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), caption);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), state);
  g_signal_connect_object (click, "released", G_CALLBACK (row_released_cb), self, 0);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (list_item, box);
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, DboStepDocuments *self)
{
  DboDocItem *item = gtk_list_item_get_item (list_item);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->bound, item));

  g_signal_connect_swapped (item, "changed", G_CALLBACK (update_row), list_item);
  g_hash_table_insert (self->bound, item, GUINT_TO_POINTER (n + 1));
  update_row (list_item);
  want_state (self, item);
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, DboStepDocuments *self)
{
  DboDocItem *item = gtk_list_item_get_item (list_item);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->bound, item));

  g_signal_handlers_disconnect_by_func (item, update_row, list_item);
  if (n <= 1)
    g_hash_table_remove (self->bound, item);
  else
    g_hash_table_insert (self->bound, item, GUINT_TO_POINTER (n - 1));
}

static guint
find_position (DboStepDocuments *self, const char *key)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; key != NULL && i < n; i++)
    {
      g_autoptr(DboDocItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      if (g_str_equal (item->key, key))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static DboDocItem *
take_item (DboStepDocuments *self, GHashTable *old, DboDocKind kind, const char *object_id)
{
  g_autofree char *key = doc_key (kind, object_id);
  DboDocItem *item = g_hash_table_lookup (old, key);

  return item ? g_object_ref (item) : doc_item_new (kind, object_id);
}

/* Makes the list follow the project: which documents exist and what their
 * rows say. One splice when the set changed, so the view rebinds once. */
static void
rebuild_items (DboStepDocuments *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) old = g_steal_pointer (&self->items);
  g_autofree char *selected_key = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  gboolean same;

  self->items = g_hash_table_new (g_str_hash, g_str_equal);
  if (session != NULL)
    {
      const DboProject *project = dbo_session_get_project (session);
      const DboRuleset *rules = dbo_session_get_rules (session);
      int min = dbo_ruleset_filing_min_level (rules);

      g_ptr_array_add (items, take_item (self, old, DBO_DOC_ANNEX2, NULL));
      {
        g_autoptr(GPtrArray) keys = dbo_doc_annex3_keys (project, rules);

        for (guint i = 0; i < keys->len; i++)
          g_ptr_array_add (items, take_item (self, old, DBO_DOC_ANNEX3, g_ptr_array_index (keys, i)));
      }
      g_ptr_array_add (items, take_item (self, old, DBO_DOC_ANNEX4, NULL));
      for (guint i = 0; i < project->objects->len; i++)
        {
          const DboObject *o = g_ptr_array_index (project->objects, i);

          if (dbo_grading_effective_level (rules, project, o) >= min)
            g_ptr_array_add (items, take_item (self, old, DBO_DOC_REPORT, o->id));
        }
      for (guint i = 0; i < items->len; i++)
        {
          DboDocItem *item = g_ptr_array_index (items, i);

          g_hash_table_insert (self->items, item->key, item);
          if (doc_item_describe (item, project, rules))
            g_signal_emit (item, item_changed_signal, 0);
        }
    }

  same = n_old == items->len;
  for (guint i = 0; same && i < n_old; i++)
    {
      g_autoptr(DboDocItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      same = item == g_ptr_array_index (items, i);
    }
  if (same)
    return;

  selected_key = selected_item (self) ? g_strdup (selected_item (self)->key) : NULL;
  self->updating = TRUE;
  g_list_store_splice (self->store, 0, n_old, items->pdata, items->len);
  gtk_single_selection_set_selected (self->selection, find_position (self, selected_key));
  self->updating = FALSE;
  if (g_strcmp0 (selected_key, selected_item (self) ? selected_item (self)->key : NULL) != 0)
    open_selected (self);
}

/* ---- the preview ---- */

static void
update_page_bar (DboStepDocuments *self)
{
  g_autofree char *label = dbo_pdf_preview_dup_page_label (self->preview);

  gtk_label_set_text (self->page_label, label);
  update_actions (self);
}

static void
update_actions (DboStepDocuments *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboDocItem *item = selected_item (self);
  gboolean has_doc = dbo_pdf_preview_get_document (self->preview) != NULL;
  int page = dbo_pdf_preview_get_page (self->preview);
  int n = dbo_pdf_preview_get_n_pages (self->preview);
  gboolean can_output = session != NULL && item != NULL && item->state != DOC_STATE_BLOCKED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.print", can_output && !self->printing);
  /* A draft is there for a document its errors block (it has 草稿 on every page). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.print-draft",
                                 session != NULL && item != NULL && item->state == DOC_STATE_BLOCKED &&
                                 !self->printing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.save-pdf", can_output);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.save-all",
                                 session != NULL && self->save_all_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.cancel-save-all", self->save_all_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.next-page", has_doc && page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.previous-page", has_doc && page > 0);
}

static void
show_result (DboStepDocuments *self, DocResult *r)
{
  if (r->state == DOC_STATE_READY)
    {
      /* The same document rebuilt after an edit keeps its page. */
      int page = g_strcmp0 (self->shown_key, r->key) == 0 ? dbo_pdf_preview_get_page (self->preview) : 0;

      discard_document (dbo_pdf_preview_replace_document (self->preview, g_steal_pointer (&r->document)));
      dbo_pdf_preview_set_page (self->preview, page);
      gtk_stack_set_visible_child_name (self->preview_stack, "preview");
    }
  else
    {
      discard_document (dbo_pdf_preview_replace_document (self->preview, NULL));
      gtk_label_set_text (self->blocked_label, r->problems);
      gtk_stack_set_visible_child_name (self->preview_stack, "blocked");
    }
  g_free (self->shown_key);
  self->shown_key = g_strdup (r->key);
  update_page_bar (self);
}

static void
open_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  DocJob *job = g_task_get_task_data (task);
  g_autoptr(DboStepDocuments) self = g_weak_ref_get (&job->self);
  DocResult *r;

  /* Superseded by another selection, or the step is gone. */
  if (self == NULL || g_task_get_cancellable (task) != self->open_cancellable || is_disposed (self))
    return;
  g_clear_object (&self->open_cancellable);
  set_loading (self, FALSE);
  if (!g_task_propagate_boolean (task, NULL))
    return;

  r = g_ptr_array_index (job->results, 0);
  apply_result (self, r, job->generation);
  show_result (self, r);
}

/* Builds the selected document in a thread for the preview. */
static void
open_selected (DboStepDocuments *self)
{
  DboDocItem *item = selected_item (self);
  g_autoptr(GTask) task = NULL;
  DocJob *job;

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);

  if (item == NULL || dbo_step_get_session (DBO_STEP (self)) == NULL)
    {
      set_loading (self, FALSE);
      discard_document (dbo_pdf_preview_replace_document (self->preview, NULL));
      g_clear_pointer (&self->shown_key, g_free);
      gtk_label_set_text (self->title_label, "");
      gtk_stack_set_visible_child_name (self->preview_stack, "empty");
      update_page_bar (self);
      return;
    }

  gtk_label_set_text (self->title_label, item->title);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->needs_open = TRUE;
      return;
    }
  self->needs_open = FALSE;
  if (g_strcmp0 (self->shown_key, item->key) != 0)
    {
      /* Another document: do not leave the previous one on screen meanwhile. */
      discard_document (dbo_pdf_preview_replace_document (self->preview, NULL));
      g_clear_pointer (&self->shown_key, g_free);
      gtk_stack_set_visible_child_name (self->preview_stack, "preview");
      update_page_bar (self);
    }

  job = doc_job_new (self, TRUE);
  doc_job_add (job, item->kind, item->object_id, item->key);
  self->open_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->open_cancellable, open_done_cb, NULL);
  g_task_set_source_tag (task, open_selected);
  g_task_set_task_data (task, job, (GDestroyNotify) doc_job_free);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, build_thread);
}

static void
selection_changed_cb (DboStepDocuments *self)
{
  if (self->updating || is_disposed (self))
    return;
  open_selected (self);
  update_actions (self);
}

/* ---- following the project ---- */

static gboolean
refresh_cb (gpointer user_data)
{
  DboStepDocuments *self = user_data;

  self->refresh_source = 0;
  self->generation++;
  if (self->states_cancellable != NULL)
    g_cancellable_cancel (self->states_cancellable);
  rebuild_items (self);
  want_bound_states (self);
  open_selected (self);
  update_actions (self);
  return G_SOURCE_REMOVE;
}

static void
session_changed_cb (DboSession *session, int part, const char *id, DboStepDocuments *self)
{
  /* Any part can show on a form; follow edits once typing pauses. */
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
dbo_step_documents_map (GtkWidget *widget)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (widget);

  GTK_WIDGET_CLASS (dbo_step_documents_parent_class)->map (widget);
  want_bound_states (self);
  pump_states (self);
  if (self->needs_open)
    open_selected (self);
}

/* ---- printing and saving ---- */

static void
print_done_cb (GtkPrintOperation *operation, GtkPrintOperationResult result, DboStepDocuments *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not print: %s"), error->message);
          toast_literal (self, text);
        }
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      /* Say what went to the printer: a draft is easy to mistake. */
      DboDocument *doc = dbo_print_operation_get_document (DBO_PRINT_OPERATION (operation));
      int pages = dbo_document_get_n_pages (doc);
      /* Translators: a toast once a document is sent: "“专家评审意见书” sent to the printer (6 pages)" */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” sent to the printer (%d page)",
                                                            "“%s” sent to the printer (%d pages)", pages),
                                               dbo_document_get_title (doc), pages);

      toast_literal (self, text);
    }
  g_clear_object (&self->print_operation);
  self->printing = FALSE;
  update_actions (self);
}

static void
print_built_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  DocJob *job = g_task_get_task_data (task);
  g_autoptr(DboStepDocuments) self = g_weak_ref_get (&job->self);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult res;
  GtkRoot *root;
  DocResult *r;

  if (self == NULL || is_disposed (self))
    return;
  self->printing = FALSE;
  if (!g_task_propagate_boolean (task, NULL))
    {
      update_actions (self);
      return;
    }
  r = g_ptr_array_index (job->results, 0);
  apply_result (self, r, job->generation);
  if (r->state != DOC_STATE_READY)
    {
      toast_literal (self, r->problems);
      update_actions (self);
      return;
    }

  self->print_operation = GTK_PRINT_OPERATION (dbo_print_operation_new (g_steal_pointer (&r->document)));
  gtk_print_operation_set_allow_async (self->print_operation, TRUE);
  g_signal_connect_object (self->print_operation, "done", G_CALLBACK (print_done_cb), self, 0);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  res = gtk_print_operation_run (self->print_operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                 GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (res == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text = g_strdup_printf (_("Could not print: %s"), error ? error->message : "");
      toast_literal (self, text);
    }
  /* Asynchronous runs report through "done"; the others are over already. */
  if (res == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    self->printing = TRUE;
  else
    g_clear_object (&self->print_operation);
  update_actions (self);
}

static void
start_print (DboStepDocuments *self, DboDocumentFlags flags)
{
  DboDocItem *item = selected_item (self);
  g_autoptr(GTask) task = NULL;
  DocJob *job;

  if (item == NULL || dbo_step_get_session (DBO_STEP (self)) == NULL || self->printing)
    return;
  /* The print job gets its own document: printing re-paginates it. */
  job = doc_job_new (self, TRUE);
  job->flags = flags;
  doc_job_add (job, item->kind, item->object_id, item->key);
  task = g_task_new (NULL, self->cancellable, print_built_cb, NULL);
  g_task_set_source_tag (task, start_print);
  g_task_set_task_data (task, job, (GDestroyNotify) doc_job_free);
  /* Ctrl+P twice must not print twice. */
  self->printing = TRUE;
  update_actions (self);
  g_task_run_in_thread (task, build_thread);
}

static void
print_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  start_print (DBO_STEP_DOCUMENTS (widget), DBO_DOCUMENT_DEFAULT);
}

static void
print_draft_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  start_print (DBO_STEP_DOCUMENTS (widget), DBO_DOCUMENT_DRAFT);
}

static void
save_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  DocJob *job = task_data;
  DocResult *r = g_ptr_array_index (job->results, 0);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  build_one (job, r);
  if (r->state != DOC_STATE_READY)
    {
      g_task_return_new_error (task, DBO_DOCUMENT_ERROR,
                               r->state == DOC_STATE_BLOCKED ? DBO_DOCUMENT_ERROR_BLOCKED : DBO_DOCUMENT_ERROR_FAILED,
                               "%s", r->problems);
      return;
    }
  ok = dbo_document_write_pdf (r->document, job->path, &error);
  /* Built with this thread's font map: freed here, not elsewhere. */
  g_clear_pointer (&r->document, dbo_document_free);
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
dbo_step_documents_save_pdf_async (DboStepDocuments *self, const char *path, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  DboDocItem *item;
  DocJob *job;

  g_return_if_fail (DBO_IS_STEP_DOCUMENTS (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dbo_step_documents_save_pdf_async);
  item = selected_item (self);
  if (item == NULL || dbo_step_get_session (DBO_STEP (self)) == NULL)
    {
      g_task_return_new_error (task, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_NOT_FOUND, _("No document is selected"));
      return;
    }
  job = doc_job_new (self, FALSE);
  doc_job_add (job, item->kind, item->object_id, item->key);
  job->path = g_strdup (path);
  g_task_set_task_data (task, job, (GDestroyNotify) doc_job_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
dbo_step_documents_save_pdf_finish (DboStepDocuments *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_pdf_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (source);
  g_autofree char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = g_path_get_basename (path);

  if (is_disposed (self))
    return;
  if (dbo_step_documents_save_pdf_finish (self, result, &error))
    text = g_strdup_printf (_("Saved “%s”"), name);
  else
    text = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
  toast_literal (self, text);
}

/* Files saved from here are named after what they hold ("定级报告 - 煤矿安全
 *监控系统.pdf"), not by the command line's ids. */
static char *
suggested_file_name (DboDocItem *item)
{
  g_autofree char *name = g_strdup_printf ("%s%s%s", item->kind == DBO_DOC_REPORT ? dbo_doc_kind_title (item->kind) : "",
                                           item->kind == DBO_DOC_REPORT ? " - " : "", item->title);
  g_autofree char *clean = dbo_file_name_from (name);

  return g_strconcat (clean, ".pdf", NULL);
}

static void
save_pdf_response_cb (GtkNativeDialog *chooser, int response, DboStepDocuments *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_autofree char *dir = g_path_get_dirname (path);

          dbo_session_remember_output_folder (dbo_step_get_session (DBO_STEP (self)), dir);
          dbo_step_documents_save_pdf_async (self, path, NULL, save_pdf_done_cb, path);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static GtkFileChooserNative *
new_chooser (DboStepDocuments *self, const char *title, GtkFileChooserAction action, const char *accept)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                               action, accept, _("_Cancel"));

  dbo_chooser_start_in_output_folder (GTK_FILE_CHOOSER (chooser), dbo_step_get_session (DBO_STEP (self)));
  return chooser;
}

static void
save_pdf_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (widget);
  DboDocItem *item = selected_item (self);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (item == NULL)
    return;
  chooser = new_chooser (self, _("Save as PDF"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  name = suggested_file_name (item);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_pdf_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
post_progress_cb (gpointer data)
{
  Post *post = data;
  DboStepDocuments *self = post->self;
  g_autofree char *text = NULL;

  if (is_disposed (self))
    return G_SOURCE_REMOVE;
  text = g_strdup_printf (_("Saving %u of %u…"), MIN (post->done + 1, post->total), post->total);
  gtk_progress_bar_set_fraction (self->progress_bar, post->total ? (double) post->done / post->total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_REMOVE;
}

static void
save_all_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  DocJob *job = task_data;

  for (guint i = 0; i < job->results->len; i++)
    {
      DocResult *r = g_ptr_array_index (job->results, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      gboolean ok;
      Post *post;

      if (g_task_return_error_if_cancelled (task))
        return;
      post = g_new0 (Post, 1);
      post->done = i;
      post->total = job->results->len;
      post_to_main (job, post, post_progress_cb);

      build_one (job, r);
      if (r->state != DOC_STATE_READY)
        {
          job->n_skipped++;
          continue;
        }
      path = g_build_filename (job->folder, r->file, NULL);
      ok = dbo_document_write_pdf (r->document, path, &error);
      g_clear_pointer (&r->document, dbo_document_free);
      if (!ok)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      job->n_written++;
    }
  g_task_return_boolean (task, TRUE);
}

static void
save_all_completed_cb (GTask *task, GParamSpec *pspec, DboStepDocuments *self)
{
  g_clear_object (&self->save_all_cancellable);
  if (is_disposed (self))
    return;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);
}

/* Each document's file for "Save All": named after what it holds, made
 * unique among the set (two objects may share a name: "… (2).pdf"). */
char **
dbo_step_documents_dup_file_names (DboStepDocuments *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  guint n;

  g_return_val_if_fail (DBO_IS_STEP_DOCUMENTS (self), NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DboDocItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      g_autofree char *base = suggested_file_name (item);
      g_autofree char *stem = g_strndup (base, strlen (base) - strlen (".pdf"));
      char *name = NULL;

      for (guint k = 1; name == NULL; k++)
        {
          char *candidate = k == 1 ? g_strdup (base) : g_strdup_printf ("%s (%u).pdf", stem, k);

          if (g_ptr_array_find_with_equal_func (seen, candidate, g_str_equal, NULL))
            g_free (candidate);
          else
            name = candidate;
        }
      g_ptr_array_add (seen, name);
      g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}

void
dbo_step_documents_save_all_async (DboStepDocuments *self, const char *folder, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) names = NULL;
  DocJob *job;
  guint n;

  g_return_if_fail (DBO_IS_STEP_DOCUMENTS (self));
  g_return_if_fail (folder != NULL);

  if (session == NULL || self->save_all_cancellable != NULL)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, dbo_step_documents_save_all_async);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, session == NULL ? _("No project is open")
                                                                  : _("The documents are being saved already"));
      return;
    }
  /* "Stop Saving" cancels the caller's cancellable, or one of our own. */
  self->save_all_cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  task = g_task_new (self, self->save_all_cancellable, callback, user_data);
  g_task_set_source_tag (task, dbo_step_documents_save_all_async);

  job = doc_job_new (self, FALSE);
  job->folder = g_strdup (folder);
  names = dbo_step_documents_dup_file_names (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DboDocItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      doc_job_add (job, item->kind, item->object_id, item->key);
      ((DocResult *) g_ptr_array_index (job->results, i))->file = g_strdup (names[i]);
    }
  g_task_set_task_data (task, job, (GDestroyNotify) doc_job_free);

  g_signal_connect_object (task, "notify::completed", G_CALLBACK (save_all_completed_cb), self, 0);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Preparing…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);
  g_task_run_in_thread (task, save_all_thread);
}

gboolean
dbo_step_documents_save_all_finish (DboStepDocuments *self, GAsyncResult *result, guint *n_written,
                                    guint *n_skipped, GError **error)
{
  DocJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  job = g_task_get_task_data (G_TASK (result));
  if (n_written != NULL)
    *n_written = job ? job->n_written : 0;
  if (n_skipped != NULL)
    *n_skipped = job ? job->n_skipped : 0;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_all_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (source);
  g_autofree char *folder = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint written = 0, skipped = 0;
  gboolean ok = dbo_step_documents_save_all_finish (self, result, &written, &skipped, &error);

  if (is_disposed (self))
    return;
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped after saving %u document",
                                         "Stopped after saving %u documents", written), written);
  else if (!ok)
    text = g_strdup_printf (_("Could not save the documents: %s"), error->message);
  else if (skipped > 0)
    /* Translators: "Saved 5 documents to /path; 2 cannot be produced yet" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u document to %s; %u cannot be produced yet",
                                         "Saved %u documents to %s; %u cannot be produced yet", written),
                            written, folder, skipped);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u document to %s",
                                         "Saved %u documents to %s", written), written, folder);
  toast_literal (self, text);
}

static void
replace_response_cb (AdwMessageDialog *dialog, const char *response, DboStepDocuments *self)
{
  char *folder = g_object_steal_data (G_OBJECT (dialog), "dbo-folder");

  if (g_strcmp0 (response, "replace") == 0 && dbo_step_get_session (DBO_STEP (self)) != NULL)
    dbo_step_documents_save_all_async (self, folder, NULL, save_all_done_cb, folder);
  else
    g_free (folder);
}

/* Saves every document into @folder (taken), asking first when that would
 * replace files already there. */
static void
save_all_into (DboStepDocuments *self, char *folder)
{
  g_auto(GStrv) names = dbo_step_documents_dup_file_names (self);
  guint taken = 0;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (folder, names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        taken++;
    }
  if (taken == 0)
    {
      dbo_step_documents_save_all_async (self, folder, NULL, save_all_done_cb, folder);
      return;
    }
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Replace %u File?", "Replace %u Files?", taken), taken);
  dialog = dbo_confirm_dialog_new (GTK_WIDGET (self), heading,
                                   _("The folder already holds documents of the same names; saving replaces them."),
                                   "replace", _("_Replace"));
  g_object_set_data_full (G_OBJECT (dialog), "dbo-folder", folder, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_all_response_cb (GtkNativeDialog *chooser, int response, DboStepDocuments *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      char *folder = file ? g_file_get_path (file) : NULL;

      if (folder != NULL)
        {
          dbo_session_remember_output_folder (dbo_step_get_session (DBO_STEP (self)), folder);
          save_all_into (self, folder);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_all_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (widget);
  GtkFileChooserNative *chooser;

  if (dbo_step_get_session (DBO_STEP (self)) == NULL || self->save_all_cancellable != NULL)
    return;
  chooser = new_chooser (self, _("Save All Documents into a Folder"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                         _("_Save"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_all_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
page_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (widget);

  if (g_str_equal (action_name, "documents.next-page"))
    dbo_pdf_preview_next_page (self->preview);
  else if (g_str_equal (action_name, "documents.previous-page"))
    dbo_pdf_preview_previous_page (self->preview);
  else if (g_str_equal (action_name, "documents.cancel-save-all") && self->save_all_cancellable != NULL)
    g_cancellable_cancel (self->save_all_cancellable);
  else if (g_str_equal (action_name, "documents.back"))
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  else if (g_str_equal (action_name, "documents.zoom-in") || g_str_equal (action_name, "documents.zoom-out"))
    dbo_pdf_preview_zoom_step (self->preview, g_str_equal (action_name, "documents.zoom-in"));
  else if (g_str_equal (action_name, "documents.fit-width"))
    dbo_pdf_preview_set_zoom (self->preview, 0);
}

static void
list_activate_cb (GtkListView *view, guint position, DboStepDocuments *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->preview_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->preview));
}

static void dbo_step_documents_session_set (DboStep *step, DboSession *session);
static void dbo_step_documents_focus_path (DboStep *step, const char *path);

/* ------------------------------------------------------------ GObject */

static void
dbo_step_documents_dispose (GObject *object)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (object);
  DboDocItem *item;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  if (self->states_cancellable != NULL)
    g_cancellable_cancel (self->states_cancellable);
  if (self->save_all_cancellable != NULL)
    g_cancellable_cancel (self->save_all_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  while ((item = g_queue_pop_head (&self->wanted)) != NULL)
    g_object_unref (item);
  g_clear_object (&self->print_operation);
  if (self->preview != NULL)
    discard_document (dbo_pdf_preview_replace_document (self->preview, NULL));
  /* AdwBin unparents the template's root itself: no gtk_widget_dispose_template(). */
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (dbo_step_documents_parent_class)->dispose (object);
}

static void
dbo_step_documents_finalize (GObject *object)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (object);

  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->states_cancellable);
  g_clear_object (&self->save_all_cancellable);
  g_free (self->shown_key);
  G_OBJECT_CLASS (dbo_step_documents_parent_class)->finalize (object);
}

static void
dbo_step_documents_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_step_documents_class_init (DboStepDocumentsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DboStepClass *step_class = DBO_STEP_CLASS (klass);

  object_class->dispose = dbo_step_documents_dispose;
  object_class->finalize = dbo_step_documents_finalize;
  object_class->get_property = dbo_step_documents_get_property;
  widget_class->map = dbo_step_documents_map;
  step_class->session_set = dbo_step_documents_session_set;
  step_class->focus_path = dbo_step_documents_focus_path;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-step-documents.ui");
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, list_pane);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, preview_pane);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, list_view);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, title_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, spinner);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, blocked_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, preview);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, page_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, save_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, print_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepDocuments, print_draft_button);

  gtk_widget_class_install_action (widget_class, "documents.print", NULL, print_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.print-draft", NULL, print_draft_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.save-pdf", NULL, save_pdf_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.save-all", NULL, save_all_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.cancel-save-all", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.next-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.previous-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.back", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.zoom-in", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.zoom-out", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "documents.fit-width", NULL, page_action_cb);
  /* Wherever the focus is in the step (the list, the bar), not only on the page. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "documents.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "documents.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "documents.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "documents.fit-width", NULL);
}

static void
dbo_step_documents_init (DboStepDocuments *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *shortcuts;

  g_type_ensure (DBO_TYPE_PDF_PREVIEW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->items = g_hash_table_new (g_str_hash, g_str_equal);
  self->bound = g_hash_table_new (NULL, NULL);
  self->generation = 1;
  g_queue_init (&self->wanted);

  self->store = g_list_store_new (DBO_TYPE_DOC_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->list_view, "activate", G_CALLBACK (list_activate_cb), self);

  g_signal_connect_swapped (self->preview, "notify::page", G_CALLBACK (update_page_bar), self);
  g_signal_connect_swapped (self->preview, "notify::n-pages", G_CALLBACK (update_page_bar), self);

  /* Ctrl+P prints the selected document while this step is shown. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>p"),
                                                          gtk_named_action_new ("documents.print")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_page_bar (self);
}

GtkWidget *
dbo_step_documents_new (void)
{
  return g_object_new (DBO_TYPE_STEP_DOCUMENTS, NULL);
}

static void
dbo_step_documents_session_set (DboStep *step, DboSession *session)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (step);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->states_cancellable != NULL)
    g_cancellable_cancel (self->states_cancellable);
  if (session != NULL)
    g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, 0);

  /* A new project: nothing known carries over. */
  self->generation++;
  self->updating = TRUE;
  g_list_store_remove_all (self->store);
  g_hash_table_remove_all (self->items);
  self->updating = FALSE;
  g_clear_pointer (&self->shown_key, g_free);
  rebuild_items (self);
  self->updating = TRUE;
  gtk_single_selection_set_selected (self->selection, g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0
                                                        ? 0 : GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;
  open_selected (self);
  update_actions (self);
}

static void
dbo_step_documents_focus_path (DboStep *step, const char *path)
{
  DboStepDocuments *self = DBO_STEP_DOCUMENTS (step);
  g_autofree char *key = NULL;

  /* "documents/<key>" names a document; an object's path, its 定级报告. */
  if (g_str_has_prefix (path, "documents/"))
    key = g_strdup (path + strlen ("documents/"));
  else if (g_str_has_prefix (path, "objects/"))
    {
      g_auto(GStrv) parts = g_strsplit (path, "/", 3);
      if (parts[1] != NULL)
        key = doc_key (DBO_DOC_REPORT, parts[1]);
    }
  if (key != NULL && dbo_step_documents_select (self, key))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

guint
dbo_step_documents_get_n_documents (DboStepDocuments *self)
{
  g_return_val_if_fail (DBO_IS_STEP_DOCUMENTS (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

char *
dbo_step_documents_dup_key (DboStepDocuments *self, guint position)
{
  g_autoptr(DboDocItem) item = NULL;

  g_return_val_if_fail (DBO_IS_STEP_DOCUMENTS (self), NULL);
  item = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  return item ? g_strdup (item->key) : NULL;
}

gboolean
dbo_step_documents_select (DboStepDocuments *self, const char *key)
{
  guint position;

  g_return_val_if_fail (DBO_IS_STEP_DOCUMENTS (self), FALSE);
  position = find_position (self, key);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

const char *
dbo_step_documents_get_selected_key (DboStepDocuments *self)
{
  DboDocItem *item;

  g_return_val_if_fail (DBO_IS_STEP_DOCUMENTS (self), NULL);
  item = selected_item (self);
  return item ? item->key : NULL;
}

gboolean
dbo_step_documents_get_loading (DboStepDocuments *self)
{
  g_return_val_if_fail (DBO_IS_STEP_DOCUMENTS (self), FALSE);
  return self->loading;
}

DboPdfPreview *
dbo_step_documents_get_preview (DboStepDocuments *self)
{
  g_return_val_if_fail (DBO_IS_STEP_DOCUMENTS (self), NULL);
  return self->preview;
}
