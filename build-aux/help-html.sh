#!/bin/sh
# Builds the help as HTML for systems without a help viewer, one folder per
# language: OUTDIR/<lang>/<page>.html, plus the (translated) Mallard pages
# themselves, which the application shows in a window of its own when no
# browser is available either. Offline: yelp-build, itstool, msgfmt.
#   help-html.sh OUTDIR HELP_SOURCE_DIR LANG...
set -eu

out=$1; src=$2; shift 2
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for lang in C "$@"; do
  mkdir -p "$out/$lang"
  if [ "$lang" = C ]; then
    cp "$src"/C/*.page "$out/$lang/"
  else
    msgfmt -o "$tmp/$lang.mo" "$src/$lang/$lang.po"
    itstool -m "$tmp/$lang.mo" --lang="$lang" -o "$out/$lang/" "$src"/C/*.page
  fi
  yelp-build html -o "$out/$lang/" "$out/$lang"/*.page
done
