#!/usr/bin/env python3
"""Fails when a module of a crate imports a module that imports it back (issue 18: "a house
without circles"), parents and children included.

    scripts/module_cycles.py crates/logto-core/src crates/logto-axum/src crates/logto-fake/src src

Each `.rs` file under a source directory is a module (`a/b.rs` and `a/b/mod.rs` are `a::b`;
`lib.rs`, `main.rs` and `mod.rs` are their directory's module). A module depends on the module
that *defines* each item it names: through `use` items (braces expanded, `as` followed) and
through paths in its code that start with `crate::`, `super::`, `self::`, a child module's name
or a name it imported. Re-exports are followed to where the item is defined, so a child that
takes `super::Thing` depends on its parent only when the parent defines `Thing` itself, not when
the parent re-exports it from a sibling. Items from other crates are not edges. Comments, doc
links and `#[cfg(test)] mod tests` blocks at the end of a file do not count.

What is left must have no cycle; each cycle found is printed with its edges, and the exit status
is 1. Why a script and not a crate: cargo-modules needs rust-analyzer's full build of the
workspace (minutes on this machine, each CI run); this reads the files in well under a second,
and the layout rules above are the only ones this workspace uses (no `#[path]`, no macros that
declare modules).
"""

import os
import re
import sys

ITEM = re.compile(
    r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+|const\s+|unsafe\s+)*"
    r"(?:struct|enum|fn|const|static|trait|type|union|macro_rules!)\s+(\w+)",
    re.M,
)
USE = re.compile(r"\buse\s+([^;]+);", re.S)


def module_of(root, path):
    parts = os.path.relpath(path, root)[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def code_only(text):
    text = text.split("#[cfg(test)]\nmod tests", 1)[0]
    lines = (l.split("//")[0] if "//" in l and '"' not in l else l for l in text.split("\n"))
    return "\n".join(lines)


def expand(path):
    """`a::{b, c::{d, e as f}}` -> `a::b`, `a::c::d`, `a::c::e as f`."""
    match = re.match(r"^(.*?)\{(.*)\}$", path)
    if not match:
        return [path]
    prefix, body = match.groups()
    parts, depth, current = [], 0, ""
    for ch in body:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    if current:
        parts.append(current)
    return [prefix + leaf for part in parts if part.strip() for leaf in expand(part.strip())]


class Crate:
    def __init__(self, root):
        files = [
            os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".rs")
        ]
        self.modules = {module_of(root, f): f for f in files}
        self.code, self.imports, self.defined = {}, {}, {}
        for module, path in self.modules.items():
            with open(path, encoding="utf-8") as file:
                code = code_only(file.read())
            self.code[module] = code
            self.defined[module] = set(ITEM.findall(code))
            imports = {}
            for item in USE.findall(code):
                tight = re.sub(r"\s*(::|\{|\}|,)\s*", r"\1", re.sub(r"\s+", " ", item).strip())
                for used in expand(tight):
                    used = used.strip()
                    name_path, _, alias = used.partition(" as ")
                    segments = [s for s in name_path.split("::") if s]
                    if not segments or segments[-1] == "*":
                        continue
                    if segments[-1] == "self":
                        segments = segments[:-1]
                    imports[alias or segments[-1]] = segments
            self.imports[module] = imports

    def is_module(self, path):
        return tuple(path) in self.modules

    def absolute(self, module, segments):
        """The path made absolute (from the crate root), or None when it leaves the crate."""
        first = segments[0]
        if first == "crate":
            return segments[1:]
        if first == "self":
            return list(module) + segments[1:]
        if first == "super":
            base = list(module)
            while segments and segments[0] == "super":
                base, segments = base[:-1], segments[1:]
            return base + segments
        if self.is_module(list(module) + [first]):
            return list(module) + segments
        if first in self.imports[module] and self.imports[module][first] != segments:
            inner = self.absolute(module, self.imports[module][first])
            return None if inner is None else inner + segments[1:]
        return None

    def defining(self, module, segments, depth=0):
        """The module that defines what `segments` (as written in `module`) names."""
        path = self.absolute(module, segments)
        if path is None or depth > 16:
            return None
        current = []
        for i, segment in enumerate(path):
            if self.is_module(current + [segment]):
                current.append(segment)
                continue
            owner = tuple(current)
            if segment in self.defined[owner] or segment not in self.imports[owner]:
                return owner
            # Re-exported (or imported) here: where it comes from.
            source = self.imports[owner][segment] + path[i + 1:]
            return self.defining(owner, source, depth + 1)
        return tuple(current)

    def edges(self):
        edges = {}
        for module, code in self.code.items():
            paths = [segments for segments in self.imports[module].values()]
            for found in re.findall(r"(?<![:\w])((?:\w+::)+\w+)", USE.sub("", code)):
                paths.append(found.split("::"))
            targets = set()
            for segments in paths:
                target = self.defining(module, segments)
                if target is not None and target != module:
                    targets.add(target)
            edges[module] = targets
        return edges


def cycles(edges):
    """Tarjan's strongly connected components of more than one module."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10_000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in edges:
        if v not in index:
            visit(v)
    return found


def name(module):
    return "::".join(module) or "(crate root)"


def main(roots):
    failed = False
    for root in roots:
        edges = Crate(root).edges()
        found = cycles(edges)
        for component in found:
            failed = True
            members = set(component)
            print(f"{root}: a circle of {len(component)} modules:")
            for module in sorted(component):
                inside = sorted(name(t) for t in edges[module] if t in members)
                print(f"  {name(module)} -> {', '.join(inside)}")
        if not found:
            print(f"{root}: {len(edges)} modules, no circle")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["src"]))
