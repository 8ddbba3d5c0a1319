#!/usr/bin/env python3
"""Checks the Flatpak manifest (a meson test, suite 'data'): valid JSON, our app
id and command, minimal permissions, and every archive pinned by a sha256."""
import json
import re
import sys

APP_ID = "io.github.dengbao.Dengbao"


def main(path):
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    problems = []
    if manifest.get("id") != APP_ID:
        problems.append(f"id is {manifest.get('id')!r}, not {APP_ID!r}")
    if manifest.get("command") != "dengbao":
        problems.append("command is not dengbao")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        problems.append("not on the GNOME runtime")
    for arg in manifest.get("finish-args", []):
        if arg.startswith("--filesystem=") or arg in ("--socket=session-bus", "--socket=system-bus",
                                                       "--device=all", "--share=network"):
            problems.append(f"finish-args: {arg} is more than the application needs (portals do)")
    names = [m.get("name") for m in manifest.get("modules", []) if isinstance(m, dict)]
    if not names or names[-1] != "dengbao":
        problems.append("the last module must build dengbao itself")
    for module in manifest.get("modules", []):
        for source in module.get("sources", []):
            if source.get("type") in ("archive", "file"):
                if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                    problems.append(f"{module.get('name')}: {source.get('url')} has no valid sha256")
                if not source.get("url", "").startswith("https://"):
                    problems.append(f"{module.get('name')}: {source.get('url')} is not https")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"{path}: {APP_ID}, modules {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
