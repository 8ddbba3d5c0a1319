/* test-i18n.c — the window follows the locale: run with LANGUAGE=zh_CN it
 * speaks Chinese, with LANGUAGE=en English, from the build's compiled
 * catalogue (DENGBAO_LOCALEDIR). The documents stay Chinese either way.
 * With DBO_SCREENSHOT_DIR set it also saves window-<lang>.png. */
#include "dbo-test-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "dbo-help.h"
#include "dbo-project-xml.h"
#include "dbo-session.h"
#include "dbo-store.h"
#include "dbo-window.h"

static char *system_data_dirs;

static gboolean
chinese (void)
{
  return g_str_has_prefix (g_getenv ("LANGUAGE"), "zh");
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static DboSession *
open_sample (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "Documents", NULL);
  g_autofree char *path = g_build_filename (dir, "山西泽州金鼎煤业有限公司.dengbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) project = dbo_project_xml_read_file (sample, &error);
  g_autoptr(DboStore) store = NULL;
  DboSession *session;
  GDate today;

  g_assert_no_error (error);
  g_mkdir_with_parents (dir, 0700);
  store = dbo_store_create (path, project, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, dbo_store_close);
  session = dbo_session_open (path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_NOVEMBER, 2026);
  dbo_session_set_today (session, &today);
  return session;
}

/* Every label's text in @widget's tree, and every window title, one per line. */
static void
collect_texts (GtkWidget *widget, GString *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_texts (c, out);
}

static gboolean
has_line (const char *texts, const char *line)
{
  g_autofree char *needle = g_strconcat ("\n", line, "\n", NULL);
  g_autofree char *haystack = g_strconcat ("\n", texts, NULL);

  return strstr (haystack, needle) != NULL;
}

static DboWindow *
show_window (DboSession *session, const char *step)
{
  DboWindow *window = DBO_WINDOW (dbo_window_new (NULL));

  /* Without a window manager the window comes out 10 px smaller than its default size: 1280 × 800
   * (on a virtual screen larger than that). */
  gtk_window_set_default_size (GTK_WINDOW (window), 1290, 810);
  dbo_window_set_session (window, session);
  gtk_window_present (GTK_WINDOW (window));
  dbo_window_show_step (window, step);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  spin (500);
  return window;
}

static void
test_locale_is_usable (void)
{
  /* gettext ignores LANGUAGE in the C locale: the test's locale must be a real one. */
  const char *messages = setlocale (LC_MESSAGES, NULL);

  g_test_message ("LC_MESSAGES=%s LANGUAGE=%s", messages, g_getenv ("LANGUAGE"));
  if (chinese ())
    g_assert_true (g_str_has_prefix (messages, "zh_CN"));
  g_assert_cmpstr (messages, !=, "C");
}

static void
test_sidebar_and_steps (void)
{
  g_autoptr(DboSession) session = open_sample ();
  DboWindow *window = show_window (session, "grading");
  g_autoptr(GString) texts = g_string_new (NULL);

  collect_texts (GTK_WIDGET (window), texts);
  if (chinese ())
    {
      /* The sidebar (C strings) and a step built from a .ui template. */
      g_assert_true (has_line (texts->str, "企业信息"));
      g_assert_true (has_line (texts->str, "定级对象"));
      g_assert_true (has_line (texts->str, "拟定等级"));
      g_assert_true (has_line (texts->str, "专家评审"));
      g_assert_false (has_line (texts->str, "Enterprise"));
      g_assert_cmpstr (_("Enterprise"), ==, "企业信息");
    }
  else
    {
      g_assert_true (has_line (texts->str, "Enterprise"));
      g_assert_true (has_line (texts->str, "Protected objects"));
      g_assert_false (has_line (texts->str, "企业信息"));
    }
  /* The project's own words stay as written: the enterprise's name. */
  g_assert_nonnull (strstr (texts->str, "金鼎"));
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* Levels and object types are named in the window's language; the
 * documents keep the Chinese of the forms. */
static void
test_labels (void)
{
  g_autoptr(DboSession) session = open_sample ();
  DboWindow *window = show_window (session, "objects");
  g_autoptr(GString) texts = g_string_new (NULL);

  collect_texts (GTK_WIDGET (window), texts);
  g_assert_cmpstr (dbo_level_label (2), ==, chinese () ? "第二级" : "Level 2");
  g_assert_cmpstr (dbo_level_label (0), ==, "");
  g_assert_cmpstr (dbo_level_zh (2), ==, "第二级");
  g_assert_cmpstr (dbo_token_label (dbo_object_type_tokens, DBO_OBJ_ICS), ==,
                   chinese () ? "工业控制系统" : "Industrial control system");
  g_assert_cmpstr (dbo_token_zh (dbo_object_type_tokens, DBO_OBJ_ICS), ==, "工业控制系统");
  /* The named systems are named by the rule set, as the notice does. */
  g_assert_cmpstr (dbo_ruleset_preset_name (dbo_session_get_rules (session), DBO_PRESET_VIDEO), ==, "煤矿图像监视系统");
  /* The objects' list names each object's type. */
  g_assert_nonnull (strstr (texts->str, chinese () ? "通讯网络设施" : "Communication network facility"));
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* F1's page is found in the window's language. */
static void
test_help_language (void)
{
  g_autofree char *page = dbo_help_find_file (dbo_help_page_for_step ("grading"), ".page");

  g_assert_nonnull (page);
  g_assert_true (g_str_has_suffix (page, chinese () ? "/zh_CN/grading.page" : "/C/grading.page"));
}

static void
save_png (GtkWidget *widget, const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s (%d×%d)", path, w, h);
}

static void
test_screenshot (void)
{
  const char *dir = g_getenv ("DBO_SCREENSHOT_DIR");
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(DboSession) session = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) dirs = NULL;
  const char *step;
  DboWindow *window;

  if (dir == NULL)
    {
      g_test_skip ("DBO_SCREENSHOT_DIR not set");
      return;
    }
  gtk_css_provider_load_from_resource (css, "/io/github/dengbao/Dengbao/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/dengbao/Dengbao/icons");
  dirs = g_strsplit (system_data_dirs, ":", -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *icons = g_build_filename (dirs[i], "icons", NULL);

      gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), icons);
    }
  /* DBO_SCREENSHOT_STEP picks another step than the grading one (to review a translation). */
  step = g_getenv ("DBO_SCREENSHOT_STEP") != NULL ? g_getenv ("DBO_SCREENSHOT_STEP") : "grading";
  session = open_sample ();
  window = show_window (session, step);
  spin (600);
  name = g_strcmp0 (step, "grading") == 0 ? g_strdup_printf ("window-%s.png", chinese () ? "zh_CN" : "en")
                                           : g_strdup_printf ("window-%s-%s.png", chinese () ? "zh_CN" : "en", step);
  path = g_build_filename (dir, name, NULL);
  save_png (GTK_WIDGET (window), path);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

int
main (int argc, char *argv[])
{
  const char *localedir = g_getenv ("DENGBAO_LOCALEDIR");

  /* The isolation hides /usr/share/mime, which gdk-pixbuf needs for the SVG icons. */
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS") != NULL ? g_getenv ("XDG_DATA_DIRS")
                                                                 : "/usr/local/share:/usr/share");
  g_setenv ("PANGO_LANGUAGE", "zh-cn", FALSE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("the locale %s is not installed (build-aux/dev generates zh_CN.UTF-8)", g_getenv ("LC_ALL"));
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/i18n/locale", test_locale_is_usable);
  g_test_add_func ("/i18n/sidebar-and-steps", test_sidebar_and_steps);
  g_test_add_func ("/i18n/labels", test_labels);
  g_test_add_func ("/i18n/help-language", test_help_language);
  g_test_add_func ("/i18n/screenshot", test_screenshot);
  return g_test_run ();
}
