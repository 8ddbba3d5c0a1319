/* dbo-project-diff.c — what an incoming project would change in the current
 * one, part by part, compared through their project.xml. */
#define G_LOG_DOMAIN "dengbao-bundle"
#include "config.h"

#include "dbo-bundle-private.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "dbo-project-xml.h"
#include "dbo-xml.h"

/* ================================================================ diff */

void
dbo_bundle_change_free (DboBundleChange *change)
{
  if (change == NULL)
    return;
  g_free (change->part);
  g_free (change->label);
  g_free (change);
}

typedef struct {
  char *key;
  char *label;                  /* what it is: 定级对象“…” */
  char *text;                   /* its serialised form */
} Part;

static void
part_free (Part *p)
{
  g_free (p->key);
  g_free (p->label);
  g_free (p->text);
  g_free (p);
}

static char *
node_text (xmlNode *node)
{
  xmlBuffer *buf = xmlBufferCreate ();
  char *out;

  xmlNodeDump (buf, node->doc, node, 0, 0);
  out = g_strdup ((const char *) xmlBufferContent (buf));
  xmlBufferFree (buf);
  return out;
}

static char *
child_text (xmlNode *node, const char *child)
{
  for (xmlNode *c = _dbo_bundle_next_element (node->children); c != NULL; c = _dbo_bundle_next_element (c->next))
    if (xmlStrEqual (c->name, (const xmlChar *) child))
      {
        xmlChar *v = xmlNodeGetContent (c);
        char *out = g_strdup ((const char *) v);

        xmlFree (v);
        return out;
      }
  return NULL;
}

static void
add_part (GPtrArray *parts, char *key, char *label, char *text)
{
  Part *p = g_new0 (Part, 1);

  p->key = key;
  p->label = label;
  p->text = text;
  g_ptr_array_add (parts, p);
}

/* The project cut into the parts a person recognises, each serialised. */
static GPtrArray *
project_parts (const DboProject *project)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  gsize len = 0;
  g_autofree char *xml = dbo_project_xml_write (project, &len);
  g_autoptr(xmlDoc) doc = xmlReadMemory (xml, (int) len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

  if (root == NULL)
    return parts;
  add_part (parts, g_strdup ("ruleset"), g_strdup ("规则集"), _dbo_bundle_get_attr (root, "ruleset"));
  for (xmlNode *c = _dbo_bundle_next_element (root->children); c != NULL; c = _dbo_bundle_next_element (c->next))
    {
      const char *name = (const char *) c->name;

      if (strcmp (name, "objects") == 0)
        {
          for (xmlNode *o = _dbo_bundle_next_element (c->children); o != NULL; o = _dbo_bundle_next_element (o->next))
            {
              g_autofree char *id = _dbo_bundle_get_attr (o, "id");
              g_autofree char *oname = child_text (o, "name");

              add_part (parts, g_strdup_printf ("objects/%s", id), g_strdup_printf ("定级对象“%s”", oname ? oname : id),
                        node_text (o));
            }
        }
      else if (strcmp (name, "panel") == 0)
        {
          GString *rest = g_string_new (NULL);

          for (xmlAttr *a = c->properties; a != NULL; a = a->next)
            {
              xmlChar *v = xmlNodeGetContent ((xmlNode *) a);

              g_string_append_printf (rest, "%s=%s;", a->name, v);
              xmlFree (v);
            }
          for (xmlNode *m = _dbo_bundle_next_element (c->children); m != NULL; m = _dbo_bundle_next_element (m->next))
            {
              if (xmlStrEqual (m->name, (const xmlChar *) "member"))
                {
                  g_autofree char *id = _dbo_bundle_get_attr (m, "id");
                  g_autofree char *mname = child_text (m, "name");

                  add_part (parts, g_strdup_printf ("panel/members/%s", id),
                            g_strdup_printf ("评审专家“%s”", mname ? mname : id), node_text (m));
                }
              else
                {
                  g_autofree char *t = node_text (m);

                  g_string_append (rest, t);
                }
            }
          add_part (parts, g_strdup ("panel"), g_strdup ("专家评审（日期、建议级别、结论）"), g_string_free (rest, FALSE));
        }
      else if (strcmp (name, "reviews") == 0)
        {
          for (xmlNode *r = _dbo_bundle_next_element (c->children); r != NULL; r = _dbo_bundle_next_element (r->next))
            {
              g_autofree char *round = _dbo_bundle_get_attr (r, "round");

              add_part (parts, g_strdup_printf ("reviews/%s", round), g_strdup_printf ("第 %s 轮审核", round),
                        node_text (r));
            }
        }
      else if (strcmp (name, "attachments") == 0)
        {
          for (xmlNode *a = _dbo_bundle_next_element (c->children); a != NULL; a = _dbo_bundle_next_element (a->next))
            {
              g_autofree char *sha = _dbo_bundle_get_attr (a, "sha256");
              g_autofree char *aname = _dbo_bundle_get_attr (a, "name");

              add_part (parts, g_strdup_printf ("attachments/%s", sha),
                        g_strdup_printf ("附件“%s”", aname ? aname : sha), node_text (a));
            }
        }
      else
        {
          const char *label = strcmp (name, "title") == 0 ? "项目标题"
            : strcmp (name, "enterprise") == 0 ? "单位信息"
            : strcmp (name, "filing") == 0 ? "公安备案"
            : strcmp (name, "assessments") == 0 ? "等级测评" : name;

          add_part (parts, g_strdup (name), g_strdup (label), node_text (c));
        }
    }
  return parts;
}

GPtrArray *
dbo_bundle_diff (const DboProject *current, const DboProject *incoming)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) before_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) after_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_bundle_change_free);

  g_return_val_if_fail (current != NULL && incoming != NULL, changes);

  before = project_parts (current);
  after = project_parts (incoming);
  for (guint i = 0; i < before->len; i++)
    {
      Part *p = g_ptr_array_index (before, i);

      g_hash_table_insert (before_by_key, p->key, p);
    }
  for (guint i = 0; i < after->len; i++)
    {
      Part *p = g_ptr_array_index (after, i);

      g_hash_table_insert (after_by_key, p->key, p);
    }

  for (guint i = 0; i < after->len; i++)
    {
      Part *a = g_ptr_array_index (after, i);
      Part *b = g_hash_table_lookup (before_by_key, a->key);
      DboBundleChange *c;

      if (b != NULL && g_strcmp0 (a->text, b->text) == 0)
        continue;
      c = g_new0 (DboBundleChange, 1);
      c->kind = b == NULL ? DBO_BUNDLE_CHANGE_ADDED : DBO_BUNDLE_CHANGE_CHANGED;
      c->part = g_strdup (a->key);
      c->label = g_strdup_printf ("%s：%s", a->label, b == NULL ? "新增" : "已修改");
      g_ptr_array_add (changes, c);
    }
  for (guint i = 0; i < before->len; i++)
    {
      Part *b = g_ptr_array_index (before, i);
      DboBundleChange *c;

      if (g_hash_table_contains (after_by_key, b->key))
        continue;
      c = g_new0 (DboBundleChange, 1);
      c->kind = DBO_BUNDLE_CHANGE_REMOVED;
      c->part = g_strdup (b->key);
      c->label = g_strdup_printf ("%s：将被删除", b->label);
      g_ptr_array_add (changes, c);
    }
  return changes;
}
