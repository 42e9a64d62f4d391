#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest of ISAF Commune against the project's rules.

Usage: check-flatpak-manifest.py MANIFEST.json

Fails (exit 1) when:
  - finish-args holds anything but the permissions listed in ALLOWED_FINISH_ARGS;
  - a remote source (one with a url) of type archive or file has no sha256 of
    64 hex digits, or a remote git source has no full commit id (a tag or a
    branch alone is not a pin);
  - runtime-version is not a fixed release such as "45" or "23.08".
Modules and source lists given as file names are loaded relative to the
manifest, as flatpak-builder does. Sources with a local path are part of the
repository and need no checksum.
"""

import json
import os
import re
import sys

ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    # The device secret in the user's keyring (the Secret Service), where the secret portal
    # does not take it.
    "--talk-name=org.freedesktop.secrets",
}

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
# A full git object id: SHA-1 (40) or SHA-256 (64) hex digits.
COMMIT_RE = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
# A stable runtime branch: digits with optional dotted parts ("45", "23.08").
RUNTIME_VERSION_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)*$")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_source(source, where, errors):
    if not isinstance(source, dict):
        errors.append(f"{where}: a source is not an object")
        return
    kind = source.get("type")
    remote = "url" in source
    if kind in ("archive", "file"):
        if remote and not SHA256_RE.match(str(source.get("sha256", ""))):
            errors.append(f"{where}: {kind} source {source['url']} has no pinned sha256")
        if not remote and "path" not in source:
            errors.append(f"{where}: {kind} source has neither url nor path")
    elif kind == "git":
        if remote and not COMMIT_RE.match(str(source.get("commit", ""))):
            errors.append(f"{where}: git source {source['url']} has no pinned commit")
        if not remote and "path" not in source:
            errors.append(f"{where}: git source has neither url nor path")


def check_sources(sources, base_dir, where, errors):
    for source in sources:
        if isinstance(source, str):
            # A file holding one source object or a list of them.
            path = os.path.join(base_dir, source)
            try:
                loaded = load_json(path)
            except (OSError, ValueError) as e:
                errors.append(f"{where}: cannot read sources file {source}: {e}")
                continue
            items = loaded if isinstance(loaded, list) else [loaded]
            check_sources(items, os.path.dirname(path), f"{where} ({source})", errors)
        else:
            check_source(source, where, errors)


def check_modules(modules, base_dir, errors):
    for module in modules:
        module_dir = base_dir
        if isinstance(module, str):
            path = os.path.join(base_dir, module)
            try:
                module = load_json(path)
            except (OSError, ValueError) as e:
                errors.append(f"cannot read module file {path}: {e}")
                continue
            module_dir = os.path.dirname(path)
        if not isinstance(module, dict):
            errors.append("a module is not an object")
            continue
        name = module.get("name", "<unnamed module>")
        check_sources(module.get("sources", []), module_dir, f"module {name}", errors)
        check_modules(module.get("modules", []), module_dir, errors)


def check_manifest(path):
    errors = []
    try:
        manifest = load_json(path)
    except (OSError, ValueError) as e:
        return [f"cannot read {path}: {e}"]
    if not isinstance(manifest, dict):
        return [f"{path}: the manifest is not a JSON object"]

    finish_args = manifest.get("finish-args", [])
    if not isinstance(finish_args, list):
        errors.append("finish-args is not a list")
        finish_args = []
    for arg in finish_args:
        if arg not in ALLOWED_FINISH_ARGS:
            errors.append(f"finish-args: {arg!r} is not allowed")

    version = manifest.get("runtime-version")
    if not isinstance(version, str) or not RUNTIME_VERSION_RE.match(version):
        errors.append(f"runtime-version {version!r} is not a fixed stable version")

    check_modules(manifest.get("modules", []), os.path.dirname(os.path.abspath(path)), errors)
    return errors


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} MANIFEST.json", file=sys.stderr)
        return 2
    errors = check_manifest(argv[1])
    for error in errors:
        print(f"FAIL: {error}", file=sys.stderr)
    if errors:
        return 1
    print(f"{argv[1]}: finish-args, source pins and runtime-version are OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
