#!/usr/bin/env python3
# Copyright 2026 The Cobranza authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeps the Flatpak manifests honest, offline.

  check-flatpak-manifest.py SOURCE_ROOT [FLATPAK_BUILDER]

For each manifest in flatpak/ (io.github.cobranza.Cobranza*.json):
  - `flatpak-builder --show-manifest` parses it (and inlines modules/*.json);
  - it targets the runtime whose contents flatpak/<runtime>-<version>.txt lists;
  - its finish-args are exactly the narrow set the app needs (no filesystem,
    no keyring bus name: the portals do that work);
  - every module but the app's own has pinned archive sources with a sha256,
    and says which pkg-config modules it builds (x-provides-pkg-config);
  - every dependency() of every meson.build is in the runtime or built by a
    module, at a version that meets the constraint;
  - every required find_program() is an Sdk tool or a file of the tree.
Prints TAP; each failure names the dependency, module or argument at fault.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

APP_ID = "io.github.cobranza.Cobranza"
APP_MODULE = "cobranza"
FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}
SKIP_DIRS = {".git", ".flatpak-builder", "build", "repo", "subprojects"}

results = []


def check(ok, what, *details):
    results.append((bool(ok), what, [d for d in details if d]))
    return ok


def parse_version(text):
    return tuple(int(p) for p in re.findall(r"\d+", text))


def satisfies(version, constraint):
    m = re.fullmatch(r"\s*(>=|<=|==|!=|>|<)?\s*([\d.]+)\s*", constraint)
    if m is None:
        return False
    op, want = m.group(1) or "==", parse_version(m.group(2))
    have = parse_version(version)
    width = max(len(have), len(want))
    have += (0,) * (width - len(have))
    want += (0,) * (width - len(want))
    return {
        ">=": have >= want, "<=": have <= want, "==": have == want,
        "!=": have != want, ">": have > want, "<": have < want,
    }[op]


def read_runtime_list(path):
    """Returns ({pkg-config name: (version, element)}, {program: element})."""
    packages, programs, section = {}, {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
                continue
            fields = line.split(None, 2)
            if section == "pkg-config" and len(fields) >= 2:
                packages[fields[0]] = (fields[1], fields[2] if len(fields) > 2 else "")
            elif section == "programs" and fields:
                programs[fields[0]] = " ".join(fields[1:])
    return packages, programs


def meson_files(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs
                         if d not in SKIP_DIRS and not d.startswith("_build")
                         and not os.path.exists(os.path.join(folder, d, "meson-private")))
        if "meson.build" in files:
            yield os.path.join(folder, "meson.build")


def calls(text, function):
    """Yields (line number, argument text) of each call of FUNCTION."""
    for m in re.finditer(r"(?<![\w.])" + function + r"\(", text):
        depth, i = 1, m.end()
        while i < len(text) and depth > 0:
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        yield text.count("\n", 0, m.start()) + 1, text[m.end():i - 1]


def meson_dependencies(root):
    """Yields (file:line, name, [constraints]) for each dependency() call."""
    for path in meson_files(root):
        text = re.sub(r"#[^\n]*", "", open(path, encoding="utf-8").read())
        rel = os.path.relpath(path, root)
        for line, args in calls(text, "dependency"):
            name = re.match(r"\s*'([^']+)'", args)
            if name is None:
                continue
            version = re.search(r"version\s*:\s*(\[[^\]]*\]|'[^']*')", args)
            constraints = re.findall(r"'([^']*)'", version.group(1)) if version else []
            yield f"{rel}:{line}", name.group(1), constraints


def meson_programs(root):
    """Yields (file:line, name) for each required find_program() of a tool."""
    for path in meson_files(root):
        text = re.sub(r"#[^\n]*", "", open(path, encoding="utf-8").read())
        rel = os.path.relpath(path, root)
        for line, args in calls(text, "find_program"):
            name = re.match(r"\s*'([^']+)'", args)
            if name is None or re.search(r"required\s*:\s*false", args):
                continue
            if os.path.exists(os.path.join(os.path.dirname(path), name.group(1))):
                continue
            yield f"{rel}:{line}", name.group(1)


def archive_version(url):
    m = re.search(r"-v?(\d+(?:\.\d+)+)\.(?:tar|zip|tgz)", os.path.basename(url))
    return m.group(1) if m else None


def show_manifest(flatpak_builder, root, manifest):
    if not flatpak_builder:
        check(False, f"flatpak-builder --show-manifest {manifest}",
              "flatpak-builder is not installed; `bash .ci/deps.sh` installs it")
        return None
    # flatpak-builder leaves its state folder in the working directory.
    with tempfile.TemporaryDirectory() as scratch:
        proc = subprocess.run([flatpak_builder, "--show-manifest", os.path.join(root, manifest)],
                              capture_output=True, text=True, cwd=scratch)
    if not check(proc.returncode == 0, f"flatpak-builder --show-manifest {manifest} parses it",
                 proc.stderr.strip()[:2000]):
        return None
    try:
        return json.loads(proc.stdout)
    except ValueError as e:
        check(False, f"{manifest}: flatpak-builder printed JSON", str(e))
        return None


def check_sources(manifest, module):
    name = module.get("name", "?")
    sources = module.get("sources", [])
    check(sources, f"{manifest}: module “{name}” has sources")
    for source in sources:
        kind = source.get("type", "?")
        where = source.get("url", source.get("path", "?"))
        check(kind in ("archive", "file"),
              f"{manifest}: module “{name}” builds a release archive ({where})",
              f"its source is of type “{kind}”: pin a release tarball with its sha256 instead")
        check(str(source.get("url", "")).startswith("https://"),
              f"{manifest}: module “{name}” downloads over https ({where})")
        check(re.fullmatch(r"[0-9a-f]{64}", str(source.get("sha256", ""))),
              f"{manifest}: module “{name}” pins {os.path.basename(where)} with a sha256")


def check_manifest(root, flatpak_builder, manifest_name):
    manifest = os.path.join("flatpak", manifest_name)
    data = show_manifest(flatpak_builder, root, manifest)
    if data is None:
        return

    devel = manifest_name.endswith(".Devel.json")
    want_id = APP_ID + (".Devel" if devel else "")
    check(data.get("id") == want_id, f"{manifest}: app ID is {want_id}",
          f"it says “{data.get('id')}”")
    check(data.get("command") == "cobranza", f"{manifest}: runs cobranza")

    runtime = data.get("runtime", "")
    runtime_version = str(data.get("runtime-version", ""))
    check(runtime == "org.gnome.Platform" and data.get("sdk") == "org.gnome.Sdk",
          f"{manifest}: builds on org.gnome.Platform with org.gnome.Sdk")
    check(runtime_version.isdigit() and int(runtime_version) >= 47,
          f"{manifest}: runtime-version is 47 or newer", f"it says “{runtime_version}”")
    runtime_list = os.path.join(root, "flatpak", f"{runtime}-{runtime_version}.txt")
    if not check(os.path.exists(runtime_list),
                 f"{manifest}: flatpak/{os.path.basename(runtime_list)} lists what the runtime ships",
                 "write that list from the runtime's element files before moving to it"):
        return
    packages, programs = read_runtime_list(runtime_list)

    finish_args = data.get("finish-args", [])
    for arg in finish_args:
        check(arg in FINISH_ARGS, f"{manifest}: finish-arg {arg} is one the app needs",
              "files come through the FileChooser portal, links through OpenURI, "
              "secrets through the Secret portal, scheduled runs through Background")
    for arg in sorted(FINISH_ARGS - set(finish_args)):
        check(False, f"{manifest}: finish-args include {arg}")

    modules = data.get("modules", [])
    app_modules = [m for m in modules if m.get("name") == APP_MODULE]
    if not check(len(app_modules) == 1 and modules[-1].get("name") == APP_MODULE,
                 f"{manifest}: the “{APP_MODULE}” module is built once, last"):
        return
    app_opts = app_modules[0].get("config-opts", [])
    check(app_modules[0].get("buildsystem") == "meson", f"{manifest}: the app is built with meson")
    check(("-Dprofile=development" in app_opts) == devel,
          f"{manifest}: {'uses' if devel else 'does not use'} -Dprofile=development")

    provided = {}
    for module in modules[:-1]:
        name = module.get("name", "?")
        check_sources(manifest, module)
        provides = module.get("x-provides-pkg-config", [])
        check(provides, f"{manifest}: module “{name}” says what it builds (x-provides-pkg-config)")
        versions = [archive_version(s.get("url", "")) for s in module.get("sources", [])]
        version = next((v for v in versions if v), None)
        for pc in provides:
            check(pc not in packages,
                  f"{manifest}: module “{name}” does not rebuild {pc}",
                  f"{runtime} {runtime_version} already ships it ({packages.get(pc, ('', ''))[1]})")
            provided[pc] = (name, version)

    for where, dep, constraints in meson_dependencies(root):
        if dep in packages:
            version, element = packages[dep]
            bad = [c for c in constraints if not satisfies(version, c)]
            check(not bad, f"{manifest}: {dep} ({where}) comes with {runtime} {runtime_version}",
                  f"it ships {version} ({element}), meson.build wants {' '.join(bad)}")
        elif dep in provided:
            module, version = provided[dep]
            bad = [c for c in constraints if version is None or not satisfies(version, c)]
            check(not bad, f"{manifest}: {dep} ({where}) is built by module “{module}”",
                  f"the module builds {version}, meson.build wants {' '.join(bad)}")
        else:
            check(False, f"{manifest}: {dep} ({where}) is in the runtime or built by a module",
                  f"meson.build asks for dependency('{dep}'), which {runtime} {runtime_version} "
                  f"does not ship (flatpak/{os.path.basename(runtime_list)}) and no module of "
                  f"{manifest} builds (x-provides-pkg-config): add a module for it")

    for where, program in meson_programs(root):
        check(program in programs, f"{manifest}: program {program} ({where}) is in org.gnome.Sdk",
              f"find_program('{program}') is required but the Sdk list "
              f"(flatpak/{os.path.basename(runtime_list)}, [programs]) does not have it: "
              "make it required: false or build it in a module")


def main():
    root = os.path.abspath(sys.argv[1])
    flatpak_builder = sys.argv[2] if len(sys.argv) > 2 else ""
    manifests = sorted(f for f in os.listdir(os.path.join(root, "flatpak"))
                       if f.startswith(APP_ID) and f.endswith(".json"))
    check(APP_ID + ".json" in manifests and APP_ID + ".Devel.json" in manifests,
          "flatpak/ has the stable and the Devel manifest", ", ".join(manifests))
    for manifest in manifests:
        check_manifest(root, flatpak_builder, manifest)

    print(f"1..{len(results)}")
    for n, (ok, what, details) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {what}")
        if not ok:
            for d in details:
                for line in d.splitlines():
                    print(f"# {line}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
