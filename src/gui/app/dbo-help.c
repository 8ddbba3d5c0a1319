/* Help: the page of the current step, by the first route that works offline. */
#define G_LOG_DOMAIN "dengbao-help"
#include "config.h"

#include "dbo-help.h"

#include <glib/gi18n.h>
#include <string.h>
#include <libxml/tree.h>

#include "dbo-window.h"
#include "dbo-xml.h"

#define MALLARD_NS "http://projectmallard.org/1.0/"
#define HELP_ID "dengbao"
#define MAX_PAGE_BYTES (1024 * 1024)

/* ---- which page, which route ---- */

/* Each step's page is named after the step. */
const char *
dbo_help_page_for_step (const char *step)
{
  if (step != NULL)
    for (int i = 0; i < DBO_N_STEPS; i++)
      if (strcmp (step, dbo_wizard_step_get_name (i)) == 0)
        return dbo_wizard_step_get_name (i);
  return "index";
}

DboHelpRoute
dbo_help_choose_route (DboHelpRoute first,
                       gboolean     have_viewer,
                       gboolean     have_browser,
                       const char  *html_path,
                       const char  *page_path)
{
  if (first <= DBO_HELP_ROUTE_VIEWER && have_viewer)
    return DBO_HELP_ROUTE_VIEWER;
  if (first <= DBO_HELP_ROUTE_HTML && have_browser && html_path != NULL)
    return DBO_HELP_ROUTE_HTML;
  if (first <= DBO_HELP_ROUTE_INLINE && page_path != NULL)
    return DBO_HELP_ROUTE_INLINE;
  return DBO_HELP_ROUTE_NONE;
}

/* Language folder names to try, best first ("zh_CN", "zh", "C"), without codesets or modifiers. */
static GPtrArray *
help_languages (void)
{
  const char *const *names = g_get_language_names ();
  GPtrArray *langs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strchr (names[i], '.') != NULL || strchr (names[i], '@') != NULL)
        continue;
      if (!g_ptr_array_find_with_equal_func (langs, names[i], g_str_equal, NULL))
        g_ptr_array_add (langs, g_strdup (names[i]));
    }
  if (!g_ptr_array_find_with_equal_func (langs, "C", g_str_equal, NULL))
    g_ptr_array_add (langs, g_strdup ("C"));
  return langs;
}

static gboolean
page_name_is_safe (const char *page)
{
  if (page == NULL || *page == '\0')
    return FALSE;
  for (const char *p = page; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
dbo_help_find_file (const char *page,
                    const char *suffix)
{
  g_autoptr(GPtrArray) langs = NULL;
  g_autofree char *datadir = g_path_get_dirname (DBO_DATADIR);
  const char *build_dir = g_getenv ("DENGBAO_HELP_DIR");
  gboolean is_page = g_strcmp0 (suffix, ".page") == 0;

  g_return_val_if_fail (suffix != NULL, NULL);
  if (!page_name_is_safe (page))
    return NULL;

  langs = help_languages ();
  for (guint i = 0; i < langs->len; i++)
    {
      const char *lang = g_ptr_array_index (langs, i);
      g_autofree char *name = g_strconcat (page, suffix, NULL);
      char *candidates[3] = { NULL, NULL, NULL };

      if (build_dir != NULL && *build_dir != '\0')
        candidates[0] = g_build_filename (build_dir, lang, name, NULL);
      candidates[1] = g_build_filename (DBO_DATADIR, "help", lang, name, NULL);
      if (is_page)
        candidates[2] = g_build_filename (datadir, "help", lang, HELP_ID, name, NULL);
      for (guint j = 0; j < G_N_ELEMENTS (candidates); j++)
        {
          if (candidates[j] != NULL && g_file_test (candidates[j], G_FILE_TEST_IS_REGULAR))
            {
              char *found = g_steal_pointer (&candidates[j]);

              for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
                g_free (candidates[k]);
              return found;
            }
        }
      for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
        g_free (candidates[k]);
    }
  return NULL;
}

static gboolean
in_sandbox (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* A help viewer is installed and the pages are where it looks for them. */
static gboolean
have_help_viewer (const char *page)
{
  g_autoptr(GAppInfo) viewer = g_app_info_get_default_for_uri_scheme ("help");
  g_autoptr(GPtrArray) langs = NULL;
  const char *const *dirs;
  g_autofree char *name = g_strconcat (page, ".page", NULL);

  if (viewer == NULL)
    return FALSE;
  langs = help_languages ();
  dirs = g_get_system_data_dirs ();
  for (guint i = 0; i < langs->len; i++)
    {
      g_autofree char *user = g_build_filename (g_get_user_data_dir (), "help",
                                                (char *) g_ptr_array_index (langs, i), HELP_ID, name, NULL);

      if (g_file_test (user, G_FILE_TEST_IS_REGULAR))
        return TRUE;
      for (guint j = 0; dirs[j] != NULL; j++)
        {
          g_autofree char *path = g_build_filename (dirs[j], "help", (char *) g_ptr_array_index (langs, i),
                                                    HELP_ID, name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return TRUE;
        }
    }
  return FALSE;
}

/* Something outside the sandbox opens HTML with its styles and links. In a
 * Flatpak the portal would hand the browser the single file without them. */
static gboolean
have_browser (void)
{
  g_autoptr(GAppInfo) browser = NULL;

  if (in_sandbox ())
    return FALSE;
  browser = g_app_info_get_default_for_type ("text/html", FALSE);
  return browser != NULL;
}

typedef struct {
  GtkWindow *parent;   /* owned, nullable */
  char *page;
  DboHelpRoute route;
} HelpRequest;

static void
help_request_free (HelpRequest *request)
{
  g_clear_object (&request->parent);
  g_free (request->page);
  g_free (request);
}

static void try_route (HelpRequest *request, DboHelpRoute first);

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  HelpRequest *request = user_data;
  g_autoptr(GError) error = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    {
      help_request_free (request);
      return;
    }
  g_debug ("help route %d failed: %s", request->route, error->message);
  try_route (request, request->route + 1);
}

static void
launch_uri (HelpRequest *request, const char *uri)
{
  g_autoptr(GAppLaunchContext) context = NULL;
  GdkDisplay *display = request->parent != NULL ? gtk_widget_get_display (GTK_WIDGET (request->parent))
                                                : gdk_display_get_default ();

  if (display != NULL)
    context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (display));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launched_cb, request);
}

static void
no_help (HelpRequest *request)
{
  g_message ("no help for “%s”: neither a help viewer, nor HTML and a browser, nor the page files", request->page);
  if (DBO_IS_WINDOW (request->parent))
    dbo_window_add_toast (DBO_WINDOW (request->parent), adw_toast_new (_("Help is not installed")));
}

static void
try_route (HelpRequest *request, DboHelpRoute first)
{
  g_autofree char *html = dbo_help_find_file (request->page, ".html");
  g_autofree char *page_path = dbo_help_find_file (request->page, ".page");
  gboolean viewer = first <= DBO_HELP_ROUTE_VIEWER && have_help_viewer (request->page);

  request->route = dbo_help_choose_route (first, viewer, have_browser (), html, page_path);
  switch (request->route)
    {
    case DBO_HELP_ROUTE_VIEWER:
      {
        g_autofree char *uri = g_strdup_printf ("help:%s/%s", HELP_ID, request->page);

        launch_uri (request, uri);
        return;
      }
    case DBO_HELP_ROUTE_HTML:
      {
        g_autofree char *uri = g_filename_to_uri (html, NULL, NULL);

        if (uri != NULL)
          {
            launch_uri (request, uri);
            return;
          }
        try_route (request, DBO_HELP_ROUTE_INLINE);
        return;
      }
    case DBO_HELP_ROUTE_INLINE:
      {
        g_autoptr(GError) error = NULL;
        GtkWidget *window = dbo_help_window_new (request->parent, page_path, &error);

        if (window != NULL)
          gtk_window_present (GTK_WINDOW (window));
        else
          {
            g_warning ("cannot show the help page: %s", error->message);
            no_help (request);
          }
        break;
      }
    case DBO_HELP_ROUTE_NONE:
    default:
      no_help (request);
      break;
    }
  help_request_free (request);
}

void
dbo_help_show (GtkWindow  *parent,
               const char *page)
{
  HelpRequest *request;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  request = g_new0 (HelpRequest, 1);
  request->parent = parent != NULL ? g_object_ref (parent) : NULL;
  request->page = g_strdup (page_name_is_safe (page) ? page : "index");
  try_route (request, DBO_HELP_ROUTE_VIEWER);
}

/* ---- the help window: a Mallard page's text ---- */

struct _DboHelpWindow
{
  AdwWindow parent_instance;

  AdwWindowTitle *title;
  GtkScrolledWindow *scroller;
  GtkBox *content;
  char *page_path;
  char *title_text;
  GString *text;            /* plain text of what is shown (tests) */
  GPtrArray *pages;         /* of PageEntry*: the folder's pages, in the wizard's order */
  gboolean on_index;
};

G_DEFINE_FINAL_TYPE (DboHelpWindow, dbo_help_window, ADW_TYPE_WINDOW)

static gboolean
is_mallard (xmlNode *node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_strcmp0 ((const char *) node->ns->href, MALLARD_NS) == 0 &&
         (name == NULL || g_strcmp0 ((const char *) node->name, name) == 0);
}

static xmlNode *
first_child (xmlNode *node, const char *name)
{
  for (xmlNode *c = node != NULL ? node->children : NULL; c != NULL; c = c->next)
    if (is_mallard (c, name))
      return c;
  return NULL;
}

/* Collapses runs of white space into one space (the pages are indented XML). */
static void
append_collapsed (GString *out, const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
}

static xmlDoc *
read_page (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  xmlDoc *doc;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  if (len > MAX_PAGE_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: the help page is too large", path);
      return NULL;
    }
  doc = dbo_xml_parse_untrusted (data, len, path, error);
  if (doc == NULL)
    return NULL;
  if (!is_mallard (xmlDocGetRootElement (doc), "page"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a Mallard page", path);
      xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

static char *
plain_text_of (xmlNode *node)
{
  g_autoptr(GString) out = g_string_new (NULL);
  xmlChar *content = xmlNodeGetContent (node);

  if (content != NULL)
    append_collapsed (out, (const char *) content);
  xmlFree (content);
  g_strstrip (out->str);
  return g_strdup (out->str);
}

/* The title of the page @xref names ("rules#minimums" → rules.page), beside @page_path. */
static char *
title_of_xref (const char *page_path, const char *xref)
{
  g_autofree char *name = g_strndup (xref, strcspn (xref, "#"));
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  if (!page_name_is_safe (name))
    return NULL;
  dir = g_path_get_dirname (page_path);
  file = g_strconcat (name, ".page", NULL);
  path = g_build_filename (dir, file, NULL);
  doc = read_page (path, NULL);
  if (doc == NULL)
    return NULL;
  return plain_text_of (first_child (xmlDocGetRootElement (doc), "title"));
}

/* Inline content as Pango markup (@markup) and plain text (@plain). */
static void
inline_text (DboHelpWindow *self, xmlNode *node, GString *markup, GString *plain)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        {
          g_autoptr(GString) piece = g_string_new (NULL);
          g_autofree char *escaped = NULL;

          append_collapsed (piece, (const char *) c->content);
          /* One space between pieces, none at the very start. */
          if (piece->len > 0 && piece->str[0] == ' ' &&
              (plain->len == 0 || plain->str[plain->len - 1] == ' '))
            g_string_erase (piece, 0, 1);
          escaped = g_markup_escape_text (piece->str, -1);
          g_string_append (markup, escaped);
          g_string_append (plain, piece->str);
        }
      else if (is_mallard (c, "link"))
        {
          char *xref = (char *) xmlGetProp (c, (const xmlChar *) "xref");
          g_autoptr(GString) inner_markup = g_string_new (NULL);
          g_autoptr(GString) inner_plain = g_string_new (NULL);

          inline_text (self, c, inner_markup, inner_plain);
          if (inner_plain->len == 0 && xref != NULL)
            {
              g_autofree char *title = title_of_xref (self->page_path, xref);
              g_autofree char *escaped = g_markup_escape_text (title != NULL ? title : xref, -1);

              g_string_append (inner_markup, escaped);
              g_string_append (inner_plain, title != NULL ? title : xref);
            }
          if (xref != NULL)
            {
              g_autofree char *href = g_markup_escape_text (xref, -1);

              g_string_append_printf (markup, "<a href=\"help-xref:%s\">%s</a>", href, inner_markup->str);
            }
          else
            g_string_append (markup, inner_markup->str);
          g_string_append (plain, inner_plain->str);
          xmlFree (xref);
        }
      else if (c->type == XML_ELEMENT_NODE)
        {
          const char *open = "", *close = "";

          if (is_mallard (c, "gui") || is_mallard (c, "em"))
            open = is_mallard (c, "gui") ? "<b>" : "<i>", close = is_mallard (c, "gui") ? "</b>" : "</i>";
          else if (is_mallard (c, "key") || is_mallard (c, "cmd") || is_mallard (c, "file") ||
                   is_mallard (c, "code") || is_mallard (c, "sys"))
            open = "<tt>", close = "</tt>";
          g_string_append (markup, open);
          if (is_mallard (c, "keyseq"))
            {
              gboolean first = TRUE;

              for (xmlNode *k = c->children; k != NULL; k = k->next)
                if (is_mallard (k, "key"))
                  {
                    g_autofree char *key = plain_text_of (k);
                    g_autofree char *escaped = g_markup_escape_text (key, -1);

                    g_string_append_printf (markup, "%s<tt>%s</tt>", first ? "" : "+", escaped);
                    g_string_append_printf (plain, "%s%s", first ? "" : "+", key);
                    first = FALSE;
                  }
            }
          else
            inline_text (self, c, markup, plain);
          g_string_append (markup, close);
        }
    }
}

static gboolean
link_activated_cb (GtkLabel      *label,
                   const char    *uri,
                   DboHelpWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_has_prefix (uri, "help-xref:"))
    return TRUE;      /* no outside links from help shown offline */
  name = g_strndup (uri + strlen ("help-xref:"), strcspn (uri + strlen ("help-xref:"), "#"));
  if (!page_name_is_safe (name))
    return TRUE;
  dir = g_path_get_dirname (self->page_path);
  file = g_strconcat (name, ".page", NULL);
  path = g_build_filename (dir, file, NULL);
  if (!dbo_help_window_load (self, path, &error))
    g_warning ("cannot show the help page: %s", error->message);
  return TRUE;
}

static GtkWidget *
add_label (DboHelpWindow *self, GtkBox *box, const char *markup, const char *plain, const char *style,
           int indent)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_margin_start (label, indent);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  g_signal_connect_object (label, "activate-link", G_CALLBACK (link_activated_cb), self, 0);
  gtk_box_append (box, label);
  if (self->text->len > 0)
    g_string_append (self->text, "\n\n");
  g_string_append (self->text, plain);
  return label;
}

static void
add_inline (DboHelpWindow *self, GtkBox *box, xmlNode *node, const char *prefix, const char *style, int indent)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);

  if (prefix != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (prefix, -1);

      g_string_append (markup, escaped);
      g_string_append (plain, prefix);
    }
  inline_text (self, node, markup, plain);
  g_strchomp (plain->str);
  if (plain->len > 0)
    add_label (self, box, markup->str, plain->str, style, indent);
}

static void add_blocks (DboHelpWindow *self, GtkBox *box, xmlNode *parent, int indent);

static void
add_table (DboHelpWindow *self, GtkBox *box, xmlNode *table, int indent)
{
  GtkWidget *grid = gtk_grid_new ();
  int row = 0;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_start (grid, indent);
  gtk_widget_add_css_class (grid, "dbo-help-table");
  for (xmlNode *part = table->children; part != NULL; part = part->next)
    {
      gboolean head = is_mallard (part, "thead");
      xmlNode *rows = is_mallard (part, "tr") ? NULL : part;

      if (!is_mallard (part, "thead") && !is_mallard (part, "tbody") && !is_mallard (part, "tfoot") &&
          !is_mallard (part, "tr"))
        continue;
      for (xmlNode *tr = rows != NULL ? rows->children : part; tr != NULL; tr = rows != NULL ? tr->next : NULL)
        {
          int col = 0;

          if (!is_mallard (tr, "tr"))
            continue;
          if (self->text->len > 0)
            g_string_append (self->text, "\n");
          for (xmlNode *td = tr->children; td != NULL; td = td->next)
            {
              g_autofree char *cell = NULL;
              GtkWidget *label;

              if (!is_mallard (td, "td") && !is_mallard (td, "th"))
                continue;
              cell = plain_text_of (td);
              label = gtk_label_new (cell);
              gtk_label_set_wrap (GTK_LABEL (label), TRUE);
              gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
              gtk_label_set_xalign (GTK_LABEL (label), 0.0);
              gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
              if (head)
                gtk_widget_add_css_class (label, "heading");
              gtk_grid_attach (GTK_GRID (grid), label, col++, row, 1, 1);
              g_string_append_printf (self->text, "%s%s", col > 1 ? " | " : "", cell);
            }
          row++;
          if (rows == NULL)
            break;
        }
    }
  gtk_box_append (box, grid);
}

static GtkWidget *page_list (DboHelpWindow *self, const char *section);

static void
add_blocks (DboHelpWindow *self, GtkBox *box, xmlNode *parent, int indent)
{
  /* Titles are drawn by the block that owns them (page, section, list). */
  for (xmlNode *c = parent->children; c != NULL; c = c->next)
    {
      if (!is_mallard (c, NULL) || is_mallard (c, "info") || is_mallard (c, "title"))
        continue;
      if (is_mallard (c, "p"))
        add_inline (self, box, c, NULL, NULL, indent);
      else if (is_mallard (c, "section"))
        {
          xmlNode *title = first_child (c, "title");
          g_autofree char *id = (char *) xmlGetProp (c, (const xmlChar *) "id");
          GtkWidget *list;

          if (title != NULL)
            add_inline (self, box, title, NULL, "title-4", indent);
          add_blocks (self, box, c, indent);
          /* The index's sections list the pages that say they belong there
           * (Mallard's guide links), the steps in the wizard's order. */
          if (self->on_index && id != NULL && (list = page_list (self, id)) != NULL)
            gtk_box_append (box, list);
        }
      else if (is_mallard (c, "steps") || is_mallard (c, "list"))
        {
          gboolean numbered = is_mallard (c, "steps");
          int n = 0;

          for (xmlNode *item = c->children; item != NULL; item = item->next)
            {
              if (is_mallard (item, "title"))
                add_inline (self, box, item, NULL, "heading", indent);
              else if (is_mallard (item, "item"))
                {
                  g_autofree char *prefix = numbered ? g_strdup_printf ("%d. ", ++n) : g_strdup ("• ");
                  gboolean first = TRUE;

                  for (xmlNode *b = item->children; b != NULL; b = b->next)
                    if (is_mallard (b, "p"))
                      {
                        add_inline (self, box, b, first ? prefix : NULL, NULL, indent + 12);
                        first = FALSE;
                      }
                }
            }
        }
      else if (is_mallard (c, "terms"))
        {
          for (xmlNode *item = c->children; item != NULL; item = item->next)
            {
              if (is_mallard (item, "title"))
                add_inline (self, box, item, NULL, "heading", indent);
              else if (is_mallard (item, "item"))
                for (xmlNode *b = item->children; b != NULL; b = b->next)
                  {
                    if (is_mallard (b, "title"))
                      add_inline (self, box, b, NULL, "heading", indent + 12);
                    else if (is_mallard (b, "p"))
                      add_inline (self, box, b, NULL, NULL, indent + 24);
                  }
            }
        }
      else if (is_mallard (c, "note"))
        {
          GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

          gtk_widget_add_css_class (frame, "card");
          gtk_widget_set_margin_start (frame, indent);
          gtk_box_append (box, frame);
          for (xmlNode *b = c->children; b != NULL; b = b->next)
            if (is_mallard (b, "p"))
              {
                GtkWidget *last;

                add_inline (self, GTK_BOX (frame), b, NULL, NULL, 12);
                last = gtk_widget_get_last_child (frame);
                if (last != NULL)
                  {
                    gtk_widget_set_margin_top (last, 12);
                    gtk_widget_set_margin_bottom (last, 12);
                    gtk_widget_set_margin_end (last, 12);
                  }
              }
        }
      else if (is_mallard (c, "table"))
        add_table (self, box, c, indent);
      else
        add_blocks (self, box, c, indent);
    }
}

/* ---- the other pages of the folder ---- */

typedef struct {
  char *path;
  char *title;
  char *desc;
  gboolean is_index;
  char *section;            /* the index's section that lists it ("steps"), or NULL */
  int group;                /* its place there (the wizard's step), 100 when none */
} PageEntry;

static void
page_entry_free (gpointer data)
{
  PageEntry *entry = data;

  g_free (entry->path);
  g_free (entry->title);
  g_free (entry->desc);
  g_free (entry->section);
  g_free (entry);
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const PageEntry *ea = *(PageEntry **) a, *eb = *(PageEntry **) b;

  /* The index, then the steps in the wizard's order, then the rest by title. */
  if (ea->is_index != eb->is_index)
    return ea->is_index ? -1 : 1;
  if (ea->group != eb->group)
    return ea->group < eb->group ? -1 : 1;
  return g_utf8_collate (ea->title, eb->title);
}

static GPtrArray *
list_pages (const char *dir_path)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (page_entry_free);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL && count++ < 200)
    {
      g_autofree char *path = NULL;
      g_autoptr(xmlDoc) doc = NULL;
      xmlNode *root;
      PageEntry *entry;

      if (!g_str_has_suffix (name, ".page"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      doc = read_page (path, NULL);
      if (doc == NULL)
        continue;
      root = xmlDocGetRootElement (doc);
      entry = g_new0 (PageEntry, 1);
      entry->path = g_steal_pointer (&path);
      entry->title = plain_text_of (first_child (root, "title"));
      entry->desc = plain_text_of (first_child (first_child (root, "info"), "desc"));
      entry->is_index = g_strcmp0 (name, "index.page") == 0;
      entry->group = 100;
      for (xmlNode *l = first_child (root, "info") ? first_child (root, "info")->children : NULL; l; l = l->next)
        {
          g_autofree char *type = NULL, *xref = NULL, *group = NULL;

          if (!is_mallard (l, "link"))
            continue;
          type = (char *) xmlGetProp (l, (const xmlChar *) "type");
          xref = (char *) xmlGetProp (l, (const xmlChar *) "xref");
          group = (char *) xmlGetProp (l, (const xmlChar *) "group");
          if (g_strcmp0 (type, "guide") != 0 || xref == NULL || !g_str_has_prefix (xref, "index#"))
            continue;
          entry->section = g_strdup (xref + strlen ("index#"));
          if (group != NULL)
            entry->group = (int) g_ascii_strtoll (group, NULL, 10);
        }
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_entries);
  return entries;
}

static void
page_row_activated_cb (AdwActionRow  *row,
                       DboHelpWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "dbo-help-path");
  g_autoptr(GError) error = NULL;

  if (path != NULL && !dbo_help_window_load (self, path, &error))
    g_warning ("cannot show the help page: %s", error->message);
}

/* A boxed list of the folder's pages @section lists (NULL: every page not
 * in a section … on the index; every other page elsewhere), or NULL when none. */
static GtkWidget *
page_list (DboHelpWindow *self, const char *section)
{
  GtkWidget *list = gtk_list_box_new ();
  guint shown = 0;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; self->pages != NULL && i < self->pages->len; i++)
    {
      PageEntry *entry = g_ptr_array_index (self->pages, i);
      GtkWidget *row;

      if (g_strcmp0 (entry->path, self->page_path) == 0 || entry->is_index)
        continue;
      if (section != NULL ? g_strcmp0 (entry->section, section) != 0 : (self->on_index && entry->section != NULL))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->desc);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "dbo-help-path", g_strdup (entry->path), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (page_row_activated_cb), self, 0);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_string_append_printf (self->text, "\n%s", entry->title);
      shown++;
    }
  if (shown == 0)
    {
      g_object_ref_sink (list);
      g_object_unref (list);
      return NULL;
    }
  return list;
}

static void
add_page_links (DboHelpWindow *self)
{
  GtkWidget *list = page_list (self, NULL);
  GtkWidget *heading;

  if (list == NULL)
    return;
  heading = gtk_label_new (self->on_index ? _("More Help Pages") : _("Other Help Pages"));
  gtk_widget_add_css_class (heading, "title-4");
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_widget_set_margin_top (heading, 12);
  gtk_box_append (self->content, heading);
  gtk_box_append (self->content, list);
}

gboolean
dbo_help_window_load (DboHelpWindow *self,
                      const char    *page_path,
                      GError       **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;
  GtkWidget *child;
  GtkWidget *heading;

  g_return_val_if_fail (DBO_IS_HELP_WINDOW (self), FALSE);
  g_return_val_if_fail (page_path != NULL, FALSE);

  doc = read_page (page_path, error);
  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);

  g_free (self->page_path);
  self->page_path = g_strdup (page_path);
  {
    g_autofree char *dir = g_path_get_dirname (page_path);
    g_autofree char *base = g_path_get_basename (page_path);

    g_clear_pointer (&self->pages, g_ptr_array_unref);
    self->pages = list_pages (dir);
    self->on_index = g_strcmp0 (base, "index.page") == 0;
  }
  g_free (self->title_text);
  self->title_text = plain_text_of (first_child (root, "title"));
  g_string_truncate (self->text, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);

  adw_window_title_set_title (self->title, self->title_text);
  gtk_window_set_title (GTK_WINDOW (self), self->title_text);
  heading = gtk_label_new (self->title_text);
  gtk_widget_add_css_class (heading, "title-1");
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_box_append (self->content, heading);
  g_string_append (self->text, self->title_text);

  add_blocks (self, self->content, root, 0);
  add_page_links (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0.0);
  return TRUE;
}

const char *
dbo_help_window_get_title_text (DboHelpWindow *self)
{
  g_return_val_if_fail (DBO_IS_HELP_WINDOW (self), NULL);
  return self->title_text;
}

char *
dbo_help_window_get_text (DboHelpWindow *self)
{
  g_return_val_if_fail (DBO_IS_HELP_WINDOW (self), NULL);
  return g_strdup (self->text->str);
}

static void
dbo_help_window_finalize (GObject *object)
{
  DboHelpWindow *self = DBO_HELP_WINDOW (object);

  g_free (self->page_path);
  g_free (self->title_text);
  g_string_free (self->text, TRUE);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  G_OBJECT_CLASS (dbo_help_window_parent_class)->finalize (object);
}

static void
dbo_help_window_class_init (DboHelpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dbo_help_window_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dbo_help_window_init (DboHelpWindow *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->text = g_string_new (NULL);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Help"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (toolbar), header);

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);
  self->content = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_widget_set_margin_top (GTK_WIDGET (self->content), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->content), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->content), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->content), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->content));
  gtk_scrolled_window_set_child (self->scroller, clamp);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->scroller));

  adw_window_set_content (ADW_WINDOW (self), toolbar);
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 640);
  gtk_window_set_title (GTK_WINDOW (self), _("Help"));
}

GtkWidget *
dbo_help_window_new (GtkWindow   *parent,
                     const char  *page_path,
                     GError     **error)
{
  DboHelpWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (page_path != NULL, NULL);

  self = g_object_new (DBO_TYPE_HELP_WINDOW, NULL);
  if (!dbo_help_window_load (self, page_path, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  /* Not modal and not transient: help stays open beside the project. */
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  return GTK_WIDGET (self);
}
