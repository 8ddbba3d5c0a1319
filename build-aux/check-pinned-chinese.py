#!/usr/bin/env python3
# The findings' Chinese is pinned in the C sources beside each msgid
# (DboText: `check --json` prints it under every locale); the zh_CN catalogue
# must translate each of those msgids to the same words, or the Chinese
# interface and the JSON would say different things.
#   check-pinned-chinese.py SOURCE_ROOT     (a meson test, suite 'data')
import pathlib
import re
import sys

LIT = r'(?:"(?:[^"\\]|\\.)*"\s*)+'


def c_string(group):
    text = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', group))
    return text.replace('\\"', '"').replace('\\\\', '\\')


def pinned(path):
    """(context, msgid) -> Chinese, from NC_ (…) next to a literal."""
    source = re.sub(r'/\*.*?\*/', ' ', path.read_text(encoding='utf-8'), flags=re.S)
    found, seen = {}, set()
    # A table row: "中文", NC_("context", "English").
    for m in re.finditer(r'(' + LIT + r'),\s*NC_\s*\(\s*("[^"]*")\s*,\s*(' + LIT + r')\)', source):
        found.setdefault((c_string(m.group(2)), c_string(m.group(3))), set()).add(c_string(m.group(1)))
        seen.add(m.start(2))
    # A call: dbo_text_new (NC_("context", "English"), "中文", …).
    for m in re.finditer(r'NC_\s*\(\s*("[^"]*")\s*,\s*(' + LIT + r')\)\s*,\s*(' + LIT + r')', source):
        if m.start(1) not in seen:
            found.setdefault((c_string(m.group(1)), c_string(m.group(2))), set()).add(c_string(m.group(3)))
    return found


def catalogue(path):
    entries, current, field = {}, {}, None
    for line in path.read_text(encoding='utf-8').splitlines() + ['']:
        m = re.match(r'^(msgctxt|msgid|msgstr) (".*")$', line)
        if m:
            field = m.group(1)
            current[field] = c_string(m.group(2))
        elif line.startswith('"') and field:
            current[field] += c_string(line)
        elif not line.strip():
            if 'msgid' in current:
                entries[(current.get('msgctxt'), current['msgid'])] = current.get('msgstr', '')
            current, field = {}, None
    return entries


def main():
    root = pathlib.Path(sys.argv[1])
    translations = catalogue(root / 'po' / 'zh_CN.po')
    status = 0
    count = 0
    for source in sorted((root / 'src' / 'core').glob('**/*.c')):
        for (context, msgid), chinese in pinned(source).items():
            count += 1
            rel = source.relative_to(root)
            if len(chinese) > 1:
                print(f'{rel}: "{msgid}" is pinned to {len(chinese)} different Chinese texts')
                status = 1
            elif translations.get((context, msgid)) != next(iter(chinese)):
                print(f'{rel}: zh_CN.po says "{translations.get((context, msgid))}" for "{msgid}", '
                      f'the source pins "{next(iter(chinese))}"')
                status = 1
    print(f'{count} pinned Chinese texts checked')
    return status


sys.exit(main())
