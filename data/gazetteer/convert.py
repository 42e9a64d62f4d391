#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Convert the pumi gazetteer YAML files into data/gazetteer/gazetteer.tsv.

Run by a developer when the source data changes, not at build time, so the build does
not need Python or PyYAML:

    python3 data/gazetteer/convert.py [SOURCE_DIR] [--output FILE]

SOURCE_DIR holds provinces.yml, districts.yml, communes.yml, villages.yml and SOURCE.txt
(default: ../shared/data/gazetteer next to the repository). The output has one line per
unit, sorted by code, with five tab-separated columns: code, name_km, name_latin,
unit_km, unit_en. src/core/isaf-gazetteer.c parses it and relies on the order.
"""

import argparse
import os
import pathlib
import re
import sys
import tempfile
import unicodedata

import yaml

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "gazetteer"
DEFAULT_OUTPUT = HERE / "gazetteer.tsv"

# (file, top-level key, code length); the code length is what the C side derives the level from.
LEVELS = (
    ("provinces.yml", "provinces", 2),
    ("districts.yml", "districts", 4),
    ("communes.yml", "communes", 6),
    ("villages.yml", "villages", 8),
)

# pumi translates ខណ្ឌ as "Section" and សង្កាត់ as "Quarter"; Cambodian administration and
# the rest of ISAF Commune keep the Khmer terms in English, so the clerk sees familiar words.
UNIT_EN_BY_KM = {
    "ខណ្ឌ": "Khan",
    "សង្កាត់": "Sangkat",
}

_SPACES = re.compile(r"\s+")


def clean(text):
    """NFC, no invisible format characters, single spaces, no outer spaces.

    The source has zero-width spaces, doubled spaces and a leading space inside some
    names; they are invisible on screen but would defeat prefix search and exact matches.
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return _SPACES.sub(" ", text).strip()


def fail(message):
    sys.exit(f"convert.py: {message}")


def load_level(source, filename, key, code_length):
    path = source / filename
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with open(path, encoding="utf-8") as f:
            document = yaml.load(f, Loader=loader)
    except (OSError, yaml.YAMLError) as e:
        fail(f"{path}: {e}")
    try:
        units = document[key]
    except (TypeError, KeyError):
        fail(f"{path}: no top-level '{key}' mapping")

    rows = []
    for code, unit in units.items():
        # Codes must stay strings: an unquoted 01 in YAML would be the integer 1.
        if not isinstance(code, str) or len(code) != code_length or not code.isdigit():
            fail(f"{path}: code {code!r} is not a {code_length}-digit string")
        try:
            name_km = clean(unit["name"]["km"])
            name_latin = clean(unit["name"]["latin"])
            unit_km = clean(unit["administrative_unit"]["km"])
            unit_en = clean(unit["administrative_unit"]["en"])
        except (TypeError, KeyError) as e:
            fail(f"{path}: {code}: missing field {e}")
        unit_en = UNIT_EN_BY_KM.get(unit_km, unit_en)
        # The Latin name may be empty (one village has only a space there); the rest may not.
        if not name_km or not unit_km or not unit_en:
            fail(f"{path}: {code}: empty Khmer name or administrative unit")
        rows.append((code, name_km, name_latin, unit_km, unit_en))
    return rows


def source_commit(source):
    try:
        text = (source / "SOURCE.txt").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"\bcommit ([0-9a-f]{40})\b", text)
    return match.group(1) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=pathlib.Path, default=DEFAULT_SOURCE,
                        help=f"directory with the YAML files (default: {DEFAULT_SOURCE})")
    parser.add_argument("--output", "-o", type=pathlib.Path, default=DEFAULT_OUTPUT,
                        help=f"TSV file to write (default: {DEFAULT_OUTPUT})")
    args = parser.parse_args()

    rows = []
    counts = {}
    for filename, key, code_length in LEVELS:
        level_rows = load_level(args.source, filename, key, code_length)
        counts[key] = len(level_rows)
        rows.extend(level_rows)
    rows.sort(key=lambda row: row[0])

    codes = set()
    for code, *fields in rows:
        if code in codes:
            fail(f"code {code} appears twice")
        # Sorted order puts every parent before its children, so this sees all parents.
        if len(code) > 2 and code[:-2] not in codes:
            fail(f"code {code} has no parent {code[:-2]}")
        codes.add(code)
        if any(c in field for field in fields for c in "\t\n\r"):
            fail(f"code {code}: a name contains a tab or a line break")

    commit = source_commit(args.source)
    header = ("# Cambodian gazetteer (NCDD codes) from the pumi project, github.com/dwilkie/pumi"
              + (f" at commit {commit}" if commit else "")
              + "; MIT licence, Copyright (c) 2019 David Wilkie (see LICENSE.txt, SOURCE.txt)."
              + " Columns: code, name_km, name_latin, unit_km, unit_en.")

    # Write beside the target and rename, so a failed run never leaves half a file behind.
    output = args.output.resolve()
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=".gazetteer-", suffix=".tsv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(header + "\n")
            for row in rows:
                f.write("\t".join(row) + "\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except BaseException:
        os.unlink(tmp)
        raise

    summary = ", ".join(f"{n} {key}" for key, n in counts.items())
    print(f"wrote {output} ({output.stat().st_size} bytes): {summary}")


if __name__ == "__main__":
    main()
