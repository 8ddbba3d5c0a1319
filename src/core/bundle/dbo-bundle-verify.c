/* dbo-bundle-verify.c — what a scanned bundle holds: the manifest and
 * project.xml checked (phase C), the documents proven to be project.xml's by
 * rendering them again (phase D), and the entry points. */
#define G_LOG_DOMAIN "dengbao-bundle"
#include "config.h"

#include "dbo-bundle-private.h"
#include "dbo-doc-set.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/c14n.h>
#include <libxml/tree.h>
#include <poppler.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbo-checks.h"
#include "dbo-core-resources.h"
#include "dbo-documents.h"
#include "dbo-layout.h"
#include "dbo-project-xml.h"
#include "dbo-xml.h"

/* poppler-glib 22.12 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* ================================================================ reading: phase C, the content */

static DboBundleError
xml_error_to_check (const GError *e)
{
  if (e->domain != DBO_XML_ERROR)
    return DBO_BUNDLE_ERROR_SCHEMA;
  switch (e->code)
    {
    case DBO_XML_ERROR_FORBIDDEN: return DBO_BUNDLE_ERROR_XML_FORBIDDEN;
    case DBO_XML_ERROR_MALFORMED: return DBO_BUNDLE_ERROR_XML_MALFORMED;
    case DBO_XML_ERROR_TOO_LARGE: return DBO_BUNDLE_ERROR_SIZE_LIMIT;
    case DBO_XML_ERROR_INVALID: return DBO_BUNDLE_ERROR_PROJECT_INVALID;
    case DBO_XML_ERROR_SCHEMA:
    default: return DBO_BUNDLE_ERROR_SCHEMA;
    }
}

/* The XML reader's message without its own "name: " prefix (_dbo_bundle_refuse() names the file). */
static const char *
inner_message (const GError *e, const char *name)
{
  gsize n = strlen (name);

  if (strncmp (e->message, name, n) == 0 && e->message[n] == ':' && e->message[n + 1] == ' ')
    return e->message + n + 2;
  return e->message;
}

char *
_dbo_bundle_get_attr (xmlNode *node, const char *name)
{
  xmlChar *v = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *out = g_strdup ((const char *) v);

  xmlFree (v);
  return out;
}

xmlNode *
_dbo_bundle_next_element (xmlNode *n)
{
  while (n != NULL && n->type != XML_ELEMENT_NODE)
    n = n->next;
  return n;
}

/* What a refused DOCTYPE tried to do, for the message (nothing of it was
 * loaded or expanded: the parser refuses any DOCTYPE before reading it). */
static const char *
doctype_hint (const char *data, gsize len)
{
  const char *doctype = g_strstr_len (data, (gssize) MIN (len, (gsize) G_MAXSSIZE), "<!DOCTYPE");
  gsize rest, span;
  gboolean entity, external;

  if (doctype == NULL)
    return "";
  rest = len - (gsize) (doctype - data);
  span = MIN (rest, 64 * 1024);
  entity = g_strstr_len (doctype, (gssize) span, "<!ENTITY") != NULL;
  external = g_strstr_len (doctype, (gssize) span, "SYSTEM") != NULL
    || g_strstr_len (doctype, (gssize) span, "PUBLIC") != NULL;
  if (entity && external)
    return "；其中声明了外部实体（XXE），未被读取（it declares an external entity, XXE; nothing was read）";
  if (entity)
    return "；其中声明了实体（可被用于“十亿笑声”式膨胀），未被展开（it declares entities, as in the "
           "billion-laughs entity expansion; nothing was expanded）";
  if (external)
    return "；其中引用了外部 DTD，未被加载（it refers to an external DTD; nothing was loaded）";
  return "";
}

/* Parses untrusted XML and checks its root is <@root_name> in @ns with
 * format-version "1" — before any schema, so the message says what is wrong. */
static xmlDoc *
parse_checked (GBytes *bytes, const char *name, const char *root_name, const char *ns, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *version = NULL;
  xmlNode *root;
  const char *found_ns;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  doc = dbo_xml_parse_untrusted (data != NULL ? data : "", len, name, &local);
  if (doc == NULL)
    {
      DboBundleError code = xml_error_to_check (local);

      _dbo_bundle_refuse (error, code, name, "%s%s", inner_message (local, name),
              code == DBO_BUNDLE_ERROR_XML_FORBIDDEN ? doctype_hint (data != NULL ? data : "", len) : "");
      return NULL;
    }
  root = xmlDocGetRootElement (doc);
  found_ns = root != NULL && root->ns != NULL ? (const char *) root->ns->href : NULL;
  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) root_name) || g_strcmp0 (found_ns, ns) != 0)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_NAMESPACE, name,
              "根元素是 {%s}%s，应为命名空间 %s 中的 <%s>（the root element is {%s}%s, not <%s> in the namespace %s）",
              found_ns ? found_ns : "", root ? (const char *) root->name : "", ns, root_name,
              found_ns ? found_ns : "", root ? (const char *) root->name : "", root_name, ns);
      return NULL;
    }
  version = _dbo_bundle_get_attr (root, "format-version");
  if (g_strcmp0 (version, "1") != 0)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FORMAT_VERSION, name,
              "格式版本为“%s”，本程序只读取版本 1；请用更新版本的等保备案助手打开"
              "（format-version “%s”: this application reads format-version 1; a newer Dengbao wrote it）",
              version ? version : "", version ? version : "");
      return NULL;
    }
  return g_steal_pointer (&doc);
}

/* The part key of "documents/annex3-<key>.pdf", or NULL when the path has
 * another shape (dbo_doc_annex3_key_is_valid). */
static char *
annex3_key_of_path (const char *path)
{
  const char *prefix = "documents/annex3-";
  g_autofree char *key = NULL;

  if (!g_str_has_prefix (path, prefix) || !g_str_has_suffix (path, ".pdf"))
    return NULL;
  key = g_strndup (path + strlen (prefix), strlen (path) - strlen (prefix) - strlen (".pdf"));
  return dbo_doc_annex3_key_is_valid (key) ? g_steal_pointer (&key) : NULL;
}

static const char *
doc_role_path (const char *role)
{
  if (strcmp (role, "annex2") == 0) return "documents/annex2.pdf";
  if (strcmp (role, "annex4") == 0) return "documents/annex4.pdf";
  return NULL;
}

static gboolean
is_sha256_hex (const char *s)
{
  if (strlen (s) != 64)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
check_role (const DboBundleFile *f, const Entry *e, const DboProject *project, GError **error)
{
  const char *expected = NULL;
  g_autofree char *owned = NULL;

  if (strcmp (f->role, "data") == 0)
    expected = PROJECT_NAME;
  else if ((expected = doc_role_path (f->role)) != NULL)
    ;
  else if (strcmp (f->role, "annex3") == 0)
    {
      /* documents/annex3-CC-N.pdf (a review round) or annex3-CC.pdf (an enterprise part). */
      g_autofree char *key = annex3_key_of_path (f->path);

      if (key == NULL)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
                  "定级审核意见书应为 documents/annex3-<审核部门编号>-<轮次>.pdf 或 documents/annex3-<审核部门编号>.pdf"
                  "（Annex 3 must be documents/annex3-CC-N.pdf or documents/annex3-CC.pdf）");
          return FALSE;
        }
      return TRUE;
    }
  else if (strcmp (f->role, "report") == 0)
    {
      const char *id = NULL;

      if (g_str_has_prefix (f->path, "documents/report-") && g_str_has_suffix (f->path, ".pdf"))
        {
          owned = g_strndup (f->path + strlen ("documents/report-"),
                             strlen (f->path) - strlen ("documents/report-") - strlen (".pdf"));
          id = owned;
        }
      if (id == NULL || dbo_project_find_object (project, id) == NULL)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
                  "定级报告应为 documents/report-<定级对象编号>.pdf，且该对象须在 project.xml 中"
                  "（a report must be documents/report-<object id>.pdf for an object of project.xml）");
          return FALSE;
        }
      return TRUE;
    }
  else if (strcmp (f->role, "attachment") == 0)
    {
      const char *hex = f->path + strlen ("attachments/");
      gboolean described = FALSE;

      if (!g_str_has_prefix (f->path, "attachments/") || !is_sha256_hex (hex) || strcmp (hex, e->sha256) != 0)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
                  "附件应存为 attachments/<内容的 SHA-256>（an attachment is stored as attachments/<SHA-256 of "
                  "its content>）");
          return FALSE;
        }
      for (guint i = 0; project->attachments != NULL && i < project->attachments->len; i++)
        {
          const DboAttachment *a = g_ptr_array_index (project->attachments, i);

          if (g_ascii_strcasecmp (a->sha256, hex) == 0)
            described = TRUE;
        }
      if (!described)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
                  "project.xml 的附件列表中没有这个附件（project.xml does not list this attachment）");
          return FALSE;
        }
      return TRUE;
    }
  if (expected == NULL || strcmp (expected, f->path) != 0)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
              "用途“%s”的文件应为 %s（a file of role “%s” is %s）", f->role, expected ? expected : "?",
              f->role, expected ? expected : "?");
      return FALSE;
    }
  return TRUE;
}

gboolean
_dbo_bundle_same_text (const char *a, const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static DboBundleReport *
check_content (Scan *s, GError **error)
{
  g_autoptr(DboBundleReport) report = g_new0 (DboBundleReport, 1);
  g_autoptr(xmlDoc) mdoc = NULL;
  g_autoptr(xmlDoc) pdoc = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *kind = NULL;
  g_autofree char *pid = NULL, *pruleset = NULL, *psha = NULL;
  g_autofree char *ename = NULL, *ecredit = NULL, *ecity = NULL;
  Entry *manifest = g_hash_table_lookup (s->by_name, MANIFEST_NAME);
  Entry *project_entry;
  xmlNode *root, *n;
  xmlChar *c14n = NULL;
  int c14n_len;

  (void) dbo_core_get_resource ();    /* keeps the schemas linked in */
  if (manifest == NULL || manifest->is_dir || manifest->data == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_MANIFEST_MISSING, MANIFEST_NAME,
              "包中没有清单 manifest.xml，这不是等保备案报送包（there is no manifest.xml: not a Dengbao bundle）");
      return NULL;
    }
  mdoc = parse_checked (manifest->data, MANIFEST_NAME, "bundle", DBO_BUNDLE_NS, error);
  if (mdoc == NULL)
    return NULL;
  if (!dbo_xml_validate (mdoc, "manifest.xsd", MANIFEST_NAME, &local))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SCHEMA, MANIFEST_NAME, "%s", inner_message (local, MANIFEST_NAME));
      return NULL;
    }

  root = xmlDocGetRootElement (mdoc);
  kind = _dbo_bundle_get_attr (root, "kind");
  dbo_bundle_kind_from_token (kind, &report->kind);
  report->created = _dbo_bundle_get_attr (root, "created");
  report->generator = _dbo_bundle_get_attr (root, "generator");
  report->files = g_ptr_array_new_with_free_func ((GDestroyNotify) _dbo_bundle_file_free);
  report->fonts = g_ptr_array_new_with_free_func ((GDestroyNotify) _dbo_bundle_font_free);
  /* The schema fixed the order: project, fonts?, enterprise, file+. */
  n = _dbo_bundle_next_element (root->children);
  pid = _dbo_bundle_get_attr (n, "id");
  pruleset = _dbo_bundle_get_attr (n, "ruleset");
  psha = _dbo_bundle_get_attr (n, "data-sha256");
  n = _dbo_bundle_next_element (n->next);
  if (xmlStrcmp (n->name, (const xmlChar *) "fonts") == 0)
    {
      for (xmlNode *font = _dbo_bundle_next_element (n->children); font != NULL; font = _dbo_bundle_next_element (font->next))
        {
          DboBundleFont *f = g_new0 (DboBundleFont, 1);

          f->family = _dbo_bundle_get_attr (font, "family");
          f->file = _dbo_bundle_get_attr (font, "file");
          f->sha256 = _dbo_bundle_get_attr (font, "sha256");
          g_ptr_array_add (report->fonts, f);
        }
      n = _dbo_bundle_next_element (n->next);
    }
  ename = _dbo_bundle_get_attr (n, "name");
  ecredit = _dbo_bundle_get_attr (n, "credit-code");
  ecity = _dbo_bundle_get_attr (n, "city");
  for (n = _dbo_bundle_next_element (n->next); n != NULL; n = _dbo_bundle_next_element (n->next))
    {
      DboBundleFile *f = g_new0 (DboBundleFile, 1);
      g_autofree char *size = _dbo_bundle_get_attr (n, "size");
      Entry *e;

      f->path = _dbo_bundle_get_attr (n, "path");
      f->role = _dbo_bundle_get_attr (n, "role");
      f->title = _dbo_bundle_get_attr (n, "title");
      f->sha256 = _dbo_bundle_get_attr (n, "sha256");
      f->size = g_ascii_strtoull (size, NULL, 10);
      g_ptr_array_add (report->files, f);
      g_hash_table_add (listed, f->path);
      report->total_size += f->size;

      e = g_hash_table_lookup (s->by_name, f->path);
      if (e == NULL || e->is_dir)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, f->path,
                  "清单中列出的文件不在包中（it is listed in manifest.xml but not in the archive）");
          return NULL;
        }
      if (e->size != f->size)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_SIZE, f->path,
                  "大小为 %" G_GUINT64_FORMAT " 字节，清单中为 %" G_GUINT64_FORMAT " 字节（it is %" G_GUINT64_FORMAT
                  " bytes, manifest.xml says %" G_GUINT64_FORMAT "）", e->size, f->size, e->size, f->size);
          return NULL;
        }
      if (strcmp (e->sha256, f->sha256) != 0)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_CHECKSUM, f->path,
                  "SHA-256 与清单不符，文件在导出后被改动过（its SHA-256 differs from manifest.xml: the file was "
                  "changed after export）");
          return NULL;
        }
    }

  /* Nothing but what is listed (and folders on the way to it). */
  for (guint i = 0; i < s->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (s->entries, i);
      gboolean ok = strcmp (e->name, MANIFEST_NAME) == 0 || g_hash_table_contains (listed, e->name);

      if (!ok && e->is_dir)
        for (guint j = 0; j < report->files->len && !ok; j++)
          ok = g_str_has_prefix (((DboBundleFile *) g_ptr_array_index (report->files, j))->path, e->name);
      if (!ok)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_UNLISTED, e->name,
                  "包中有清单未列出的文件（the archive holds a file that manifest.xml does not list）");
          return NULL;
        }
    }

  /* project.xml: its own root checks, its canonical hash, then the full reader. */
  project_entry = g_hash_table_lookup (s->by_name, PROJECT_NAME);
  if (!g_hash_table_contains (listed, PROJECT_NAME) || project_entry == NULL || project_entry->data == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, PROJECT_NAME,
              "包中没有项目数据 project.xml（there is no project.xml）");
      return NULL;
    }
  pdoc = parse_checked (project_entry->data, PROJECT_NAME, "project", DBO_PROJECT_XML_NS, error);
  if (pdoc == NULL)
    return NULL;
  c14n_len = xmlC14NDocDumpMemory (pdoc, NULL, XML_C14N_1_0, NULL, 0, &c14n);
  if (c14n_len < 0 || c14n == NULL)
    {
      xmlFree (c14n);
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_XML_MALFORMED, PROJECT_NAME,
              "无法生成规范形式（the canonical form could not be made）");
      return NULL;
    }
  report->data_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, c14n, (gsize) c14n_len);
  xmlFree (c14n);
  g_clear_pointer (&pdoc, xmlFreeDoc);
  {
    gsize len = 0;
    const char *data = g_bytes_get_data (project_entry->data, &len);

    report->project = dbo_project_xml_read (data, len, PROJECT_NAME, &local);
  }
  if (report->project == NULL)
    {
      _dbo_bundle_refuse (error, xml_error_to_check (local), PROJECT_NAME, "%s", inner_message (local, PROJECT_NAME));
      return NULL;
    }

  /* The manifest describes this project.xml and no other. */
  {
    const DboProject *p = report->project;
    const char *what = NULL;

    if (!_dbo_bundle_same_text (pid, p->id))
      what = "project/@id";
    else if (!_dbo_bundle_same_text (pruleset, p->ruleset))
      what = "project/@ruleset";
    else if (!_dbo_bundle_same_text (psha, report->data_sha256))
      what = "project/@data-sha256";
    else if (!_dbo_bundle_same_text (ename, p->enterprise.name))
      what = "enterprise/@name";
    else if (!_dbo_bundle_same_text (ecredit, p->enterprise.credit_code))
      what = "enterprise/@credit-code";
    else if (!_dbo_bundle_same_text (ecity, p->enterprise.city))
      what = "enterprise/@city";
    if (what != NULL)
      {
        _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_PROJECT_MISMATCH, MANIFEST_NAME,
                "清单的 %s 与 project.xml 不符（manifest.xml's %s does not match project.xml）", what, what);
        return NULL;
      }
  }

  /* Roles fit paths; the documents a kind must carry are there. */
  {
    gboolean has_data = FALSE;
    gboolean has[5] = { FALSE };

    for (guint i = 0; i < report->files->len; i++)
      {
        const DboBundleFile *f = g_ptr_array_index (report->files, i);
        const Entry *e = g_hash_table_lookup (s->by_name, f->path);

        if (!check_role (f, e, report->project, error))
          return NULL;
        if (strcmp (f->role, "data") == 0)
          has_data = TRUE;
        else if (g_str_has_prefix (f->role, "annex"))
          has[f->role[5] - '0'] = TRUE;
      }
    if (!has_data)
      {
        _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, PROJECT_NAME,
                "清单未将 project.xml 列为项目数据（manifest.xml does not list project.xml as the data）");
        return NULL;
      }
    for (int k = 2; k <= 4; k++)
      {
        gboolean needed = report->kind == DBO_BUNDLE_SUBMISSION || (report->kind == DBO_BUNDLE_REVIEW && k == 3);

        if (needed && !has[k])
          {
            g_autofree char *file = k == 3 ? g_strdup ("documents/annex3-CC-N.pdf")
                                                    : g_strdup_printf ("documents/annex%d.pdf", k);

            _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, file,
                    "%s包必须包含此文书（a %s bundle must hold this document）",
                    report->kind == DBO_BUNDLE_SUBMISSION ? "报送" : "审核答复", kind);
            return NULL;
          }
      }
  }

  /* The attachments' bytes go with the project. */
  for (guint i = 0; report->project->attachments != NULL && i < report->project->attachments->len; i++)
    {
      DboAttachment *a = g_ptr_array_index (report->project->attachments, i);
      g_autofree char *name = g_strconcat ("attachments/", a->sha256, NULL);
      Entry *e = g_hash_table_lookup (s->by_name, name);

      if (e != NULL && e->data != NULL && g_hash_table_contains (listed, name))
        a->data = g_bytes_ref (e->data);
    }
  return g_steal_pointer (&report);
}

/* ================================================================ reading: phase D, the documents are project.xml's */

/* The manifest is written by the same party as the documents: its checksums
 * prove only that nothing changed after export. Here each document is
 * re-rendered from project.xml and compared, and a submission or review is
 * checked as of its date (dbo_bundle_verify() says which comparison counts). */

static gboolean
is_document_role (const char *role)
{
  DboDocKind kind;

  return dbo_doc_kind_from_token (role, &kind) && kind != DBO_DOC_SIGNATURES;
}

/* The documents the manifest lists, as render requests in manifest order;
 * @files_out gets each one's DboBundleFile at the same index. */
static GPtrArray *
listed_documents (const DboBundleReport *report, GPtrArray *files_out)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_rendered_doc_free);

  for (guint i = 0; i < report->files->len; i++)
    {
      const DboBundleFile *f = g_ptr_array_index (report->files, i);
      g_autofree char *object_id = NULL;
      DboDocKind kind;

      if (!dbo_doc_kind_from_token (f->role, &kind) || kind == DBO_DOC_SIGNATURES)
        continue;
      /* check_role() made sure of the shape and of the object. */
      if (kind == DBO_DOC_REPORT)
        object_id = g_strndup (f->path + strlen ("documents/report-"),
                               strlen (f->path) - strlen ("documents/report-") - strlen (".pdf"));
      else if (kind == DBO_DOC_ANNEX3)
        object_id = annex3_key_of_path (f->path);
      g_ptr_array_add (docs, dbo_rendered_doc_new (kind, object_id));
      g_ptr_array_add (files_out, (gpointer) f);
    }
  return docs;
}

/* Whether this build would draw the bundle's documents with the same bytes:
 * the same generator, and font files of the same names and SHA-256. The
 * fonts are hashed only when everything else matches (once per process). */
static gboolean
same_renderer (const DboBundleReport *report)
{
  const GPtrArray *mine;

  if (!_dbo_bundle_same_text (report->generator, GENERATOR) || report->fonts == NULL || report->fonts->len == 0)
    return FALSE;
  mine = dbo_layout_font_files ();
  if (mine->len != report->fonts->len)
    return FALSE;
  for (guint i = 0; i < mine->len; i++)
    {
      const DboFontFile *a = g_ptr_array_index (mine, i);
      const DboBundleFont *b = g_ptr_array_index (report->fonts, i);

      if (!_dbo_bundle_same_text (a->family, b->family) || !_dbo_bundle_same_text (a->file, b->file))
        return FALSE;
    }
  if (!dbo_layout_font_files_hash (NULL))
    return FALSE;
  for (guint i = 0; i < mine->len; i++)
    if (!_dbo_bundle_same_text (((const DboFontFile *) g_ptr_array_index (mine, i))->sha256,
                    ((const DboBundleFont *) g_ptr_array_index (report->fonts, i))->sha256))
      return FALSE;
  return TRUE;
}

/* The documents' bytes, read again (the first pass keeps only the XML and
 * the attachments), each checked against the manifest once more. */
static GHashTable *
read_documents (const Source *src, const DboBundleReport *report, GError **error)
{
  Scan s = { 0 };
  GHashTable *out = NULL;

  s.src = *src;
  s.documents_only = TRUE;
  s.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) _dbo_zip_entry_free);
  s.by_name = g_hash_table_new (g_str_hash, g_str_equal);
  if (_dbo_zip_scan_directory (&s, error) && _dbo_zip_scan_data (&s, error))
    {
      out = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_bytes_unref);
      for (guint i = 0; i < report->files->len; i++)
        {
          const DboBundleFile *f = g_ptr_array_index (report->files, i);
          Entry *e;

          if (!is_document_role (f->role))
            continue;
          e = g_hash_table_lookup (s.by_name, f->path);
          if (e == NULL || e->data == NULL || e->size != f->size || strcmp (e->sha256, f->sha256) != 0)
            {
              _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_CHECKSUM, f->path,
                      "与验证时的内容不同，包在验证过程中被改动过（it differs from when the bundle was "
                      "verified: the bundle changed while it was read）");
              g_clear_pointer (&out, g_hash_table_unref);
              break;
            }
          g_hash_table_insert (out, f->path, g_bytes_ref (e->data));
        }
    }
  _dbo_zip_scan_clear (&s);
  return out;
}

/* The text of @page as poppler extracts it, without any whitespace: line
 * and column breaks are where the fonts put them, the words are the project's. */
static char *
page_text (PopplerPage *page)
{
  g_autofree char *raw = poppler_page_get_text (page);
  g_autofree char *text = g_utf8_make_valid (raw != NULL ? raw : "", -1);
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x200B && c != 0xFEFF)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
refuse_document (GError **error, const DboBundleFile *f, const char *zh, const char *en)
{
  _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DOCUMENT_MISMATCH, f->path,
          "不是 project.xml 生成的文书：%s（%s is not the document project.xml produces: %s）",
          zh, f->path, en);
  return FALSE;
}

/* Another generator or other fonts: @theirs must be a PDF of @mine's page
 * count whose pages read as @mine's do. */
static gboolean
compare_text (const DboBundleFile *f, GBytes *theirs, const DboRenderedDoc *mine, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(PopplerDocument) their_doc = NULL;
  g_autoptr(PopplerDocument) my_doc = NULL;
  gsize len = 0;
  const char *data = theirs != NULL ? g_bytes_get_data (theirs, &len) : NULL;
  int n_theirs, n_mine;

  if (data == NULL || len < 5 || memcmp (data, "%PDF-", 5) != 0)
    return refuse_document (error, f, "不是 PDF 文件", "it is not a PDF file");
  their_doc = poppler_document_new_from_bytes (theirs, NULL, &local);
  if (their_doc == NULL)
    {
      g_autofree char *zh = g_strdup_printf ("PDF 无法读取：%s", local->message);
      g_autofree char *en = g_strdup_printf ("the PDF cannot be read: %s", local->message);

      return refuse_document (error, f, zh, en);
    }
  my_doc = poppler_document_new_from_bytes (mine->pdf, NULL, &local);
  if (my_doc == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, f->path, "重新生成的文书无法读取（the re-rendered document cannot be "
              "read: %s）", local->message);
      return FALSE;
    }
  n_theirs = poppler_document_get_n_pages (their_doc);
  n_mine = poppler_document_get_n_pages (my_doc);
  if (n_theirs != n_mine)
    {
      g_autofree char *zh = g_strdup_printf ("它有 %d 页，应为 %d 页", n_theirs, n_mine);
      g_autofree char *en = g_strdup_printf ("it has %d page%s, the document has %d", n_theirs,
                                             n_theirs == 1 ? "" : "s", n_mine);

      return refuse_document (error, f, zh, en);
    }
  for (int i = 0; i < n_mine; i++)
    {
      g_autoptr(PopplerPage) their_page = poppler_document_get_page (their_doc, i);
      g_autoptr(PopplerPage) my_page = poppler_document_get_page (my_doc, i);
      g_autofree char *a = their_page != NULL ? page_text (their_page) : NULL;
      g_autofree char *b = my_page != NULL ? page_text (my_page) : NULL;

      if (a == NULL || b == NULL || strcmp (a, b) != 0)
        {
          g_autofree char *zh = g_strdup_printf ("第 %d 页的文字不同", i + 1);
          g_autofree char *en = g_strdup_printf ("the text of page %d differs", i + 1);

          return refuse_document (error, f, zh, en);
        }
    }
  return TRUE;
}

typedef struct {
  const Source *src;
  const DboBundleReport *report;
  GPtrArray *files;             /* DboBundleFile* of each document, in render order */
  guint next;
  int same_renderer;            /* -1 until needed */
  GHashTable *pdfs;             /* path → GBytes: the bundle's documents, read when a text is compared */
  guint by_text;                /* documents proved by their text */
} Proof;

/* Bytes identical to the re-render prove a document whatever the manifest
 * claims. Other bytes refuse it where this build and these fonts made it
 * (the comparison is exact); otherwise its text must be the project's. */
static gboolean
prove_document (DboRenderedDoc *doc, gpointer user_data, GError **error)
{
  Proof *p = user_data;
  const DboBundleFile *f = g_ptr_array_index (p->files, p->next++);
  g_autofree char *sha256 = NULL;

  if (doc->pdf == NULL)
    {
      const char *why = doc->error != NULL ? doc->error->message : "";
      g_autofree char *zh = g_strdup_printf ("project.xml 不能生成它：%s", why);
      g_autofree char *en = g_strdup_printf ("project.xml cannot produce it: %s", why);

      return refuse_document (error, f, zh, en);
    }
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, doc->pdf);
  if (strcmp (sha256, f->sha256) == 0)
    return TRUE;
  if (p->same_renderer < 0)
    p->same_renderer = same_renderer (p->report);
  if (p->same_renderer)
    return refuse_document (error, f, "与按 project.xml 重新生成的文书不同（同一版本、同一字体）",
                            "its bytes differ from the re-rendered document (same version, same fonts)");
  if (p->pdfs == NULL)
    {
      p->pdfs = read_documents (p->src, p->report, error);
      if (p->pdfs == NULL)
        return FALSE;
    }
  p->by_text++;
  return compare_text (f, g_hash_table_lookup (p->pdfs, f->path), doc, error);
}

/* The date a bundle speaks for: `created`, in Beijing time. */
static gboolean
created_date (const DboBundleReport *report, GDate *date, GError **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (report->created, tz);
  g_autoptr(GDateTime) bj = NULL;

  if (t == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SCHEMA, MANIFEST_NAME, "created 不是有效的时间“%s”（created is not a valid "
              "time: “%s”）", report->created, report->created);
      return FALSE;
    }
  bj = g_date_time_to_timezone (t, tz);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (bj), (GDateMonth) g_date_time_get_month (bj),
                  (GDateYear) g_date_time_get_year (bj));
  return TRUE;
}

/* A submission or review is what a project without errors sends: the
 * checks run as of the manifest's date, as `dengbao-cli check` runs them. */
static gboolean
check_project (const DboBundleReport *report, const DboRuleset *rules, GError **error)
{
  g_autoptr(DboCalendar) calendar = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GString) codes = NULL;
  const char *kind = dbo_bundle_kind_token (report->kind);
  GDate date;
  guint n, listed = 0;

  if (report->kind == DBO_BUNDLE_BACKUP)
    return TRUE;
  if (!created_date (report, &date, error))
    return FALSE;
  calendar = dbo_calendar_load_default (&local);
  if (calendar == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, NULL, "无法载入工作日历（the working-day calendar cannot be loaded: %s）",
              local->message);
      return FALSE;
    }
  findings = dbo_checks_run (report->project, rules, calendar, &date);
  n = dbo_checks_count (findings, DBO_SEVERITY_ERROR);
  if (n == 0)
    return TRUE;
  codes = g_string_new (NULL);
  for (guint i = 0; i < findings->len && listed < 3; i++)
    {
      const DboFinding *fi = g_ptr_array_index (findings, i);

      if (fi->severity != DBO_SEVERITY_ERROR)
        continue;
      g_string_append_printf (codes, "%s%s %s", listed > 0 ? ", " : "", fi->code, fi->path);
      listed++;
    }
  if (n > listed)
    g_string_append (codes, ", …");
  {
    char day[16];

    g_date_strftime (day, sizeof day, "%Y-%m-%d", &date);
    _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_PROJECT_ERRORS, PROJECT_NAME,
            "%s包的项目截至 %s 有 %u 处错误，不能接受：%s（a %s bundle, but as of %s its project has %u error%s: %s）",
            report->kind == DBO_BUNDLE_SUBMISSION ? "报送" : "审核答复", day, n, codes->str,
            kind, day, n, n == 1 ? "" : "s", codes->str);
  }
  return FALSE;
}

/* A submission holds the whole set its project gives: Annex 2, 3 and 4 (as
 * check_content() made sure) and a grading report per object of the filing
 * level or above — none left out. */
static gboolean
check_complete (const DboBundleReport *report, const DboRuleset *rules, GError **error)
{
  g_autoptr(GPtrArray) expected = NULL;

  if (report->kind != DBO_BUNDLE_SUBMISSION)
    return TRUE;
  expected = dbo_doc_set_submission (report->project, rules);
  for (guint i = 0; i < expected->len; i++)
    {
      const DboRenderedDoc *doc = g_ptr_array_index (expected, i);
      g_autofree char *file = dbo_doc_file_name (doc->kind, doc->object_id);
      g_autofree char *name = g_strconcat ("documents/", file, NULL);

      if (dbo_bundle_report_find (report, name) == NULL)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, name,
                  "报送包必须包含此文书（a submission bundle must hold this document）");
          return FALSE;
        }
    }
  return TRUE;
}

/* Phase D: the checks (submission, review), then every document re-rendered
 * and compared, by bytes or by text. */
static gboolean
prove_content (const Source *src, DboBundleReport *report, GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GPtrArray) docs = listed_documents (report, files);
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(GError) local = NULL;
  const char *ruleset = dbo_str_empty (report->project->ruleset) ? DBO_DEFAULT_RULESET : report->project->ruleset;
  Proof p = { src, report, files, 0, -1, NULL, 0 };
  gboolean ok;

  report->proof = DBO_BUNDLE_PROOF_NONE;
  if (docs->len == 0 && report->kind == DBO_BUNDLE_BACKUP)
    return TRUE;
  rules = dbo_ruleset_load_named (ruleset, &local);
  if (rules == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_PROJECT_INVALID, PROJECT_NAME,
              "无法载入规则集“%s”（the rule set “%s” cannot be loaded: %s）", ruleset, ruleset, local->message);
      return FALSE;
    }
  if (!check_project (report, rules, error) || !check_complete (report, rules, error))
    return FALSE;
  if (docs->len == 0)
    return TRUE;
  ok = dbo_doc_set_render (report->project, rules, docs, prove_document, &p, error);
  g_clear_pointer (&p.pdfs, g_hash_table_unref);
  if (ok)
    report->proof = p.by_text > 0 ? DBO_BUNDLE_PROOF_TEXT : DBO_BUNDLE_PROOF_BYTES;
  return ok;
}

/* ================================================================ reading: entry points */

static DboBundleReport *
verify_source (const Source *src, gboolean prove, GError **error)
{
  Scan s = { 0 };
  DboBundleReport *report = NULL;

  s.src = *src;
  s.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) _dbo_zip_entry_free);
  s.by_name = g_hash_table_new (g_str_hash, g_str_equal);
  if (_dbo_zip_scan_directory (&s, error) && _dbo_zip_scan_data (&s, error))
    report = check_content (&s, error);
  _dbo_zip_scan_clear (&s);
  if (report != NULL && prove && !prove_content (src, report, error))
    g_clear_pointer (&report, dbo_bundle_report_free);
  return report;
}

/* Opens @path for reading without blocking on a FIFO or device; a regular file only. */
static int
open_bundle (const char *path, gint64 *size, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  struct stat st;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

  if (fd < 0)
    {
      int saved = errno;

      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, display, "无法打开（cannot be opened: %s）", g_strerror (saved));
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, display, "不是普通文件（it is not a regular file）");
      return -1;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  *size = st.st_size;
  return fd;
}

static DboBundleReport *
verify_path (const char *path, gboolean prove_documents, GError **error)
{
  Source src = { -1, NULL, 0 };
  DboBundleReport *report;

  src.fd = open_bundle (path, &src.size, error);
  if (src.fd < 0)
    return NULL;
  report = verify_source (&src, prove_documents, error);
  close (src.fd);
  return report;
}

DboBundleReport *
dbo_bundle_verify (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return verify_path (path, TRUE, error);
}

DboBundleReport *
dbo_bundle_verify_exported (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return verify_path (path, FALSE, error);
}

DboBundleReport *
dbo_bundle_verify_bytes (GBytes *bytes, const char *name_for_errors, GError **error)
{
  Source src = { -1, NULL, 0 };
  gsize len = 0;
  static const guint8 empty[1] = { 0 };
  DboBundleReport *report;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  src.mem = g_bytes_get_data (bytes, &len);
  if (src.mem == NULL)
    src.mem = empty;
  src.size = (gint64) len;
  report = verify_source (&src, TRUE, error);
  if (report == NULL && error != NULL && *error != NULL && name_for_errors != NULL)
    g_prefix_error (error, "%s: ", name_for_errors);
  return report;
}

GBytes *
dbo_bundle_read_file (const char *path, const DboBundleReport *report, const char *file, GError **error)
{
  const DboBundleFile *f;
  Scan s = { 0 };
  Entry *e;
  GBytes *out = NULL;

  g_return_val_if_fail (path != NULL && report != NULL && file != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  f = dbo_bundle_report_find (report, file);
  if (f == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, file, "清单中没有这个文件（manifest.xml does not list it）");
      return NULL;
    }
  s.src.fd = open_bundle (path, &s.src.size, error);
  if (s.src.fd < 0)
    return NULL;
  s.only = file;
  s.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) _dbo_zip_entry_free);
  s.by_name = g_hash_table_new (g_str_hash, g_str_equal);
  if (_dbo_zip_scan_directory (&s, error) && _dbo_zip_scan_data (&s, error))
    {
      e = g_hash_table_lookup (s.by_name, file);
      if (e == NULL || e->data == NULL)
        _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, file, "包中没有这个文件（it is not in the archive）");
      else if (e->size != f->size || strcmp (e->sha256, f->sha256) != 0)
        _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_FILE_CHECKSUM, file,
                "与验证时的内容不同，包在验证后被改动过（it differs from when the bundle was verified）");
      else
        out = g_bytes_ref (e->data);
    }
  close (s.src.fd);
  _dbo_zip_scan_clear (&s);
  return out;
}
