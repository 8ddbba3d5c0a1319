/* dbo-doc-set.c — many documents rendered at once, handed back in order */
#include "config.h"

#include "dbo-doc-set.h"
#include "dbo-grading.h"

DboRenderedDoc *
dbo_rendered_doc_new (DboDocKind kind, const char *object_id)
{
  DboRenderedDoc *doc = g_new0 (DboRenderedDoc, 1);

  doc->kind = kind;
  doc->object_id = g_strdup (object_id);
  return doc;
}

void
dbo_rendered_doc_free (DboRenderedDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->object_id);
  g_clear_pointer (&doc->pdf, g_bytes_unref);
  g_free (doc->title);
  g_clear_error (&doc->error);
  g_free (doc);
}

void
dbo_doc_set_add_kind (GPtrArray *docs, const DboProject *project, const DboRuleset *rules, DboDocKind kind)
{
  if (kind == DBO_DOC_REPORT)
    {
      int min_level = dbo_ruleset_filing_min_level (rules);

      for (guint i = 0; i < project->objects->len; i++)
        {
          const DboObject *o = g_ptr_array_index (project->objects, i);

          if (dbo_grading_effective_level (rules, project, o) >= min_level)
            g_ptr_array_add (docs, dbo_rendered_doc_new (DBO_DOC_REPORT, o->id));
        }
    }
  else if (kind == DBO_DOC_ANNEX3)
    {
      g_autoptr(GPtrArray) keys = dbo_doc_annex3_keys (project, rules);

      for (guint i = 0; i < keys->len; i++)
        g_ptr_array_add (docs, dbo_rendered_doc_new (DBO_DOC_ANNEX3, g_ptr_array_index (keys, i)));
    }
  else
    g_ptr_array_add (docs, dbo_rendered_doc_new (kind, NULL));
}

GPtrArray *
dbo_doc_set_submission (const DboProject *project, const DboRuleset *rules)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_rendered_doc_free);

  dbo_doc_set_add_kind (docs, project, rules, DBO_DOC_ANNEX2);
  dbo_doc_set_add_kind (docs, project, rules, DBO_DOC_ANNEX3);
  dbo_doc_set_add_kind (docs, project, rules, DBO_DOC_REPORT);
  dbo_doc_set_add_kind (docs, project, rules, DBO_DOC_ANNEX4);
  return docs;
}

typedef struct {
  const DboProject *project;
  const DboRuleset *rules;
  GMutex lock;
  GCond cond;
  GHashTable *done;        /* DboRenderedDoc * that are finished */
  gint cancelled;
} Shared;

static void
render_doc (DboRenderedDoc *doc, Shared *shared)
{
  GError *error = NULL;
  GBytes *pdf = NULL;
  char *title = NULL;
  int n_pages = 0;
  guint n_problems = 0;

  if (!g_atomic_int_get (&shared->cancelled))
    {
      g_autoptr(DboDocument) built = dbo_document_build_full (shared->project, shared->rules, doc->kind,
                                                              doc->object_id, doc->flags, &error);

      if (built != NULL)
        {
          pdf = dbo_document_to_pdf_bytes (built, &error);
          title = g_strdup (dbo_document_get_title (built));
          n_pages = dbo_document_get_n_pages (built);
          n_problems = dbo_document_get_problems (built)->len;
        }
    }
  g_mutex_lock (&shared->lock);
  doc->pdf = pdf;
  doc->title = title;
  doc->n_pages = n_pages;
  doc->n_problems = n_problems;
  doc->error = error;
  g_hash_table_add (shared->done, doc);
  g_cond_broadcast (&shared->cond);
  g_mutex_unlock (&shared->lock);
}

static void
render_in_pool (gpointer data, gpointer user_data)
{
  render_doc (data, user_data);
}

static guint
render_threads (void)
{
  const char *env = g_getenv ("DENGBAO_RENDER_THREADS");
  guint64 n = 0;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, 64, &n, NULL))
    return (guint) n;
  return CLAMP (g_get_num_processors (), 1, 8);
}

/* Annex 4 holds a table per object and takes longest by far: it is started
 * first, so one thread renders it while the others go through the rest. */
static int
longest (GPtrArray *docs)
{
  for (guint i = 0; i < docs->len; i++)
    if (((DboRenderedDoc *) g_ptr_array_index (docs, i))->kind == DBO_DOC_ANNEX4)
      return (int) i;
  return -1;
}

gboolean
dbo_doc_set_render (const DboProject *project, const DboRuleset *rules, GPtrArray *docs,
                    DboRenderedFunc func, gpointer user_data, GError **error)
{
  Shared shared = { project, rules };
  guint n_threads = MIN (render_threads (), MAX (docs->len, 1));
  GThreadPool *pool = NULL;
  guint window = 4 * n_threads, pushed = 0;
  int first = longest (docs);
  gboolean ok = TRUE;

  g_mutex_init (&shared.lock);
  g_cond_init (&shared.cond);
  shared.done = g_hash_table_new (NULL, NULL);
  if (n_threads > 1)
    {
      pool = g_thread_pool_new (render_in_pool, &shared, (int) n_threads, FALSE, NULL);
      if (first >= 0)
        g_thread_pool_push (pool, g_ptr_array_index (docs, first), NULL);
    }

  for (guint i = 0; i < docs->len && ok; i++)
    {
      DboRenderedDoc *doc = g_ptr_array_index (docs, i);

      if (pool == NULL)
        render_doc (doc, &shared);
      else
        {
          /* A bounded window ahead of the writer: memory stays flat on a
           * project of a thousand objects. */
          for (; pushed < docs->len && pushed < i + window; pushed++)
            if ((int) pushed != first)
              g_thread_pool_push (pool, g_ptr_array_index (docs, pushed), NULL);
          g_mutex_lock (&shared.lock);
          while (!g_hash_table_contains (shared.done, doc))
            g_cond_wait (&shared.cond, &shared.lock);
          g_mutex_unlock (&shared.lock);
        }
      ok = func (doc, user_data, error);
      g_clear_pointer (&doc->pdf, g_bytes_unref);
    }
  if (!ok)
    g_atomic_int_set (&shared.cancelled, 1);
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);   /* the queued ones return at once when cancelled */
  g_hash_table_unref (shared.done);
  g_mutex_clear (&shared.lock);
  g_cond_clear (&shared.cond);
  return ok;
}
