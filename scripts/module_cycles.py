#!/usr/bin/env python3
"""Fails when a module of a crate imports a module that imports it back (issue 18: "a house
without circles").

    scripts/module_cycles.py crates/logto-core/src crates/logto-axum/src crates/logto-fake/src src

Each `.rs` file under a source directory is a module (`a/b.rs` and `a/b/mod.rs` are `a::b`;
`lib.rs`, `main.rs` and `mod.rs` are their directory's module). An edge runs from a module to
each module named by its code through `crate::`, `super::` or `self::` paths (in `use` items,
braces expanded, and in expressions), resolved to the longest module prefix. Comments and doc
links do not count, nor do `#[cfg(test)] mod tests` blocks at the end of a file, nor a parent's
`mod child;` declarations and re-exports (`pub use child::Item` names no `crate::`/`super::`
path): a parent that declares a child and re-exports its items is how Rust lays out a module
tree, not a circle. What is left must have no cycle; each cycle found is printed with its edges.

Why a script and not a crate: cargo-modules needs rust-analyzer's full build of the workspace
(minutes on this machine, each CI run); this reads the files in well under a second, and the
layout rules above are the only ones this workspace uses.
"""

import os
import re
import sys


def module_of(root, path):
    parts = os.path.relpath(path, root)[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def code_only(text):
    text = text.split("#[cfg(test)]\nmod tests", 1)[0]
    return "\n".join(l for l in text.split("\n") if not l.lstrip().startswith("//"))


def expand(path):
    """`a::{b, c::{d, e}}` -> `a::b`, `a::c::d`, `a::c::e`."""
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
    return [prefix + leaf for part in parts if part for leaf in expand(part)]


def resolve(module, segments, modules):
    if segments[0] == "crate":
        base, segments = [], segments[1:]
    elif segments[0] == "self":
        base, segments = list(module), segments[1:]
    elif segments[0] == "super":
        base = list(module)
        while segments and segments[0] == "super":
            base, segments = base[:-1], segments[1:]
    else:
        return None
    path = base + segments
    for k in range(len(path), -1, -1):
        if tuple(path[:k]) in modules:
            return tuple(path[:k])
    return None


def edges_of(root):
    files = [
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".rs")
    ]
    modules = {module_of(root, f): f for f in files}
    edges = {}
    for module, path in modules.items():
        with open(path, encoding="utf-8") as file:
            code = code_only(file.read())
        paths = []
        for item in re.findall(r"\buse\s+([^;]+);", code, re.S):
            paths += expand(re.sub(r"\s+", "", item))
        paths += re.findall(r"\b(?:crate|super|self)(?:::\w+)+", code)
        targets = set()
        for p in paths:
            target = resolve(module, p.split("::"), modules)
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
        edges = edges_of(root)
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
