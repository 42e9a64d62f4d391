#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the translations: every source file with translatable strings is listed in
POTFILES.in, and every string of those files has a Khmer translation in km.po that is
neither missing nor fuzzy. Usage: check-translations.py SOURCE_ROOT"""

import os
import re
import subprocess
import sys
import tempfile

MARKERS = re.compile(r'(^|[^A-Za-z_])(_|N_|C_|NC_|g_dngettext|ngettext)\(|translatable="yes"')
SOURCE_DIRS = ("src", "ui")
SOURCE_SUFFIXES = (".c", ".ui")


def sources_with_strings(root):
    for top in SOURCE_DIRS:
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if name.endswith(SOURCE_SUFFIXES):
                    path = os.path.join(folder, name)
                    with open(path, encoding="utf-8") as handle:
                        if MARKERS.search(handle.read()):
                            yield os.path.relpath(path, root)


def listed(root):
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as handle:
        return {line.strip() for line in handle if line.strip() and not line.startswith("#")}


def main():
    root = sys.argv[1]
    problems = []
    files = listed(root)

    for path in sources_with_strings(root):
        if path not in files:
            problems.append(f"po/POTFILES.in does not list {path}, which has translatable strings")
    for path in sorted(files):
        if not os.path.exists(os.path.join(root, path)):
            problems.append(f"po/POTFILES.in lists {path}, which does not exist")

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "isaf-commune.pot")
        merged = os.path.join(tmp, "km.po")
        subprocess.run(["xgettext", "--from-code=UTF-8", "--add-comments", "--keyword=_",
                        "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                        "--keyword=g_dngettext:2,3", "--keyword=ngettext:1,2",
                        "--directory", root, "--files-from",
                        os.path.join(root, "po", "POTFILES.in"), "--output", pot],
                       check=True)
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--output-file", merged,
                        os.path.join(root, "po", "km.po"), pot], check=True)
        stats = subprocess.run(["msgfmt", "--check", "--statistics", "--output-file",
                                os.devnull, merged],
                               capture_output=True, text=True)
        if stats.returncode != 0:
            problems.append("km.po does not compile: " + stats.stderr.strip())
        elif "untranslated" in stats.stderr or "fuzzy" in stats.stderr:
            problems.append("km.po: " + stats.stderr.strip())
            for option in ("--untranslated", "--only-fuzzy"):
                listing = subprocess.run(["msgattrib", option, merged],
                                         capture_output=True, text=True).stdout
                problems.extend(f"  {option[2:]}: {m}"
                                for m in re.findall(r'^msgid "(.+)"$', listing, re.M)[:40])

    for problem in problems:
        print(problem)
    print("translations: " + ("ok" if not problems else f"{len(problems)} problems"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
