#!/bin/sh
# Installs the build into a temporary DESTDIR and checks that every file a
# user's system needs is there (a meson test, suite 'data'; nothing is
# written outside the temporary folder).
#   check-install.sh BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR LINGUAS...
set -eu

build=$1; prefix=$2; bindir=$3; datadir=$4; localedir=$5; shift 5
app=io.github.dengbao.Dengbao
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

# Absolute or prefix-relative option values alike.
abs() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$prefix" "$1" ;; esac; }
bin=$dest$(abs "$bindir")
share=$dest$(abs "$datadir")
locale=$dest$(abs "$localedir")

meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$dest.log" 2>&1 || {
  cat "$dest.log"; rm -f "$dest.log"; exit 1; }
rm -f "$dest.log"

missing=0
need() {
  if [ ! -e "$1" ]; then
    echo "not installed: ${1#"$dest"}"
    missing=$((missing + 1))
  fi
}

need "$bin/dengbao"
need "$bin/dengbao-cli"
need "$share/applications/$app.desktop"
need "$share/metainfo/$app.metainfo.xml"
need "$share/glib-2.0/schemas/$app.gschema.xml"
need "$share/mime/packages/$app.xml"
need "$share/icons/hicolor/scalable/apps/$app.svg"
need "$share/icons/hicolor/symbolic/apps/$app-symbolic.svg"
need "$share/dengbao/rulesets/shanxi-coal-2021.xml"
need "$share/dengbao/calendar/cn-workdays.xml"
need "$share/dengbao/schema/project.xsd"
need "$share/dengbao/schema/manifest.xsd"
need "$share/dengbao/samples/jincheng-sample.xml"
for page in index enterprise objects grading panel documents submit progress rules bundles printing; do
  need "$share/help/C/dengbao/$page.page"
  need "$share/dengbao/help/C/$page.html"
  need "$share/dengbao/help/C/$page.page"
done
for lang in "$@"; do
  need "$locale/$lang/LC_MESSAGES/dengbao.mo"
  for page in index enterprise objects grading panel documents submit progress rules bundles printing; do
    need "$share/help/$lang/dengbao/$page.page"
    need "$share/dengbao/help/$lang/$page.html"
  done
done

# The installed translations are the real ones, and the desktop file has them merged.
for lang in "$@"; do
  grep -q "^Name\[$lang\]=" "$share/applications/$app.desktop" || {
    echo "$app.desktop has no Name[$lang]"; missing=$((missing + 1)); }
  grep -q "xml:lang=\"$lang\"" "$share/metainfo/$app.metainfo.xml" || {
    echo "$app.metainfo.xml has no $lang text"; missing=$((missing + 1)); }
done
# The MIME database accepts our type (update-mime-database ran in DESTDIR, or run it here).
if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database "$share/mime" >/dev/null 2>&1 || true
  grep -q 'application/x-dengbao-project:\*\.dengbao' "$share/mime/globs2" 2>/dev/null || {
    echo "update-mime-database did not register *.dengbao"; missing=$((missing + 1)); }
fi

if [ $missing -gt 0 ]; then
  echo "$missing expected installed files missing"
  exit 1
fi
echo "all expected files installed under $prefix"
