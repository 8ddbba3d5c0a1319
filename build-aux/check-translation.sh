#!/bin/sh
# Fails when a translation is incomplete: every message of a freshly
# extracted template must be in the .po, translated, and not fuzzy.
#   check-translation.sh ui   SOURCE_ROOT po/zh_CN.po        (xgettext over po/POTFILES.in)
#   check-translation.sh help SOURCE_ROOT help/zh_CN/zh_CN.po (itstool over help/C/*.page)
set -eu

kind=$1; top=$2; po=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$top"
case "$kind" in
  ui)
    # The keywords of meson's i18n 'glib' preset.
    grep -v '^#' po/POTFILES.in | sed '/^[[:space:]]*$/d' > "$tmp/files"
    # data/its: the rules for the form data, as po/meson.build gives them.
    GETTEXTDATADIRS="$top/data"
    export GETTEXTDATADIRS
    xgettext --package-name=dengbao --from-code=UTF-8 --add-comments \
      --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
      --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
      -f "$tmp/files" -o "$tmp/fresh.pot" 2>"$tmp/xgettext.log" || { cat "$tmp/xgettext.log"; exit 1; }
    ;;
  help)
    itstool -o "$tmp/fresh.pot" help/C/*.page
    ;;
  *)
    echo "usage: $0 ui|help SOURCE_ROOT PO" >&2
    exit 2
    ;;
esac

msgfmt --check -o /dev/null "$po"
# Only the template's messages, matched exactly (no fuzzy guesses from msgmerge).
msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/fresh.pot"
msgattrib --untranslated --no-obsolete -o "$tmp/untranslated.po" "$tmp/merged.po"
msgattrib --only-fuzzy --no-obsolete -o "$tmp/fuzzy.po" "$tmp/merged.po"

# "N translated messages, M fuzzy translations, K untranslated messages."
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/merged.po" 2>&1)
fuzzy=$(printf '%s' "$stats" | sed -n 's/.* \([0-9][0-9]*\) fuzzy translation.*/\1/p')
untranslated=$(printf '%s' "$stats" | sed -n 's/.* \([0-9][0-9]*\) untranslated message.*/\1/p')
if [ -n "$fuzzy$untranslated" ]; then
  echo "$po: $stats"
  echo "--- missing or untranslated:"
  msgcat --no-wrap "$tmp/untranslated.po" 2>/dev/null | grep '^msgid ' | grep -v '^msgid ""$' | head -80
  echo "--- fuzzy:"
  msgcat --no-wrap "$tmp/fuzzy.po" 2>/dev/null | grep '^msgid ' | grep -v '^msgid ""$' | head -80
  exit 1
fi
echo "$po: $stats"
