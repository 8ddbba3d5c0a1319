#!/bin/sh
# Every file with translatable strings must be listed in po/POTFILES.in, and
# every file listed must exist (after libadwaita's check-potfiles.sh).
#   check-potfiles.sh SOURCE_ROOT        check (a meson test, suite 'data')
#   check-potfiles.sh SOURCE_ROOT --list print the list POTFILES.in should hold
set -eu

cd "$1"
potfiles=po/POTFILES.in

wanted() {
  {
    # C: _( N_( C_( NC_( and the ngettext family.
    find src -name '*.c' -print0 | xargs -0 grep -lE '(^|[^A-Za-z0-9_])(N?C?_|g?d?ngettext)[[:space:]]*\(' || true
    # GtkBuilder files with translatable properties or menu attributes.
    find ui -name '*.ui' -print0 | xargs -0 grep -l 'translatable="yes"' || true
    # Data files merged with translations at build time.
    ls data/*.desktop.in data/*.metainfo.xml.in data/*.mime.xml.in data/*.gschema.xml 2>/dev/null || true
    # Template packs' form data: the labels of their codes (data/its).
    ls data/forms/*.xml 2>/dev/null || true
  } | LC_ALL=C sort -u
}

if [ "${2:-}" = --list ]; then
  wanted
  exit 0
fi

status=0
listed=$(grep -v '^#' "$potfiles" | sed '/^[[:space:]]*$/d')

for f in $(wanted); do
  if ! printf '%s\n' "$listed" | grep -qxF "$f"; then
    echo "not in $potfiles: $f"
    status=1
  fi
done
for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "listed in $potfiles but missing: $f"
    status=1
  fi
done
if [ "$(printf '%s\n' "$listed" | LC_ALL=C sort)" != "$listed" ]; then
  echo "$potfiles is not sorted (LC_ALL=C sort)"
  status=1
fi
[ $status -eq 0 ] && echo "$potfiles lists all $(printf '%s\n' "$listed" | wc -l) files with strings"
exit $status
