"""Copies definitions of netspec/runtime.py into an emitted script, so a script and `netspec run`
share one source for the training code no spec decides.

runtime.py is read as text and parsed, never imported (importing it would load TensorFlow): a
definition is copied with every runtime definition it uses, in the module's order, and the script
gets only the runtime imports that what it copied needs.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from netspec.errors import UsageError

RUNTIME = "netspec.runtime"


@dataclass(frozen=True)
class Definition:
    """A top-level def, class or constant of runtime.py: its text and the runtime names it uses."""

    name: str
    text: str
    uses: frozenset[str]
    constant: bool


@dataclass
class Imports:
    """Import statements merged and ordered as isort (ruff's I rules) orders them."""

    plain: dict[str, str | None] = field(default_factory=dict)  # module -> alias
    members: dict[str, set[str]] = field(default_factory=dict)  # module -> names

    def add(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.plain[alias.name] = alias.asname
        elif node.module and node.module != "__future__":
            self.members.setdefault(node.module, set()).update(a.name for a in node.names)

    def add_text(self, text: str) -> None:
        for node in ast.parse(text).body:
            assert isinstance(node, ast.Import | ast.ImportFrom)
            self.add(node)

    def lines(self, stdlib: bool) -> list[str]:
        def wanted(module: str) -> bool:
            return (module.split(".")[0] in sys.stdlib_module_names) == stdlib

        def member_key(name: str) -> tuple[int, str]:
            kind = 0 if name.isupper() and len(name) > 1 else 1 if name[0].isupper() else 2
            return kind, name.lower()

        out = []
        for module in sorted(filter(wanted, self.plain), key=str.lower):
            alias = self.plain[module]
            out.append(f"import {module}" + (f" as {alias}" if alias else ""))
        for module in sorted(filter(wanted, self.members), key=str.lower):
            names = ", ".join(sorted(self.members[module], key=member_key))
            out.append(f"from {module} import {names}")
        return out


def runtime_text() -> str:
    spec = importlib.util.find_spec(RUNTIME)
    if spec is None or spec.origin is None:
        raise UsageError("cannot find netspec/runtime.py, which emitted scripts copy from")
    return Path(spec.origin).read_text(encoding="utf-8")


@functools.cache
def parsed() -> tuple[dict[str, Definition], tuple[ast.Import | ast.ImportFrom, ...]]:
    """runtime.py's definitions by name, in file order, and its imports."""
    text = runtime_text()
    lines = text.splitlines(keepends=True)
    tree = ast.parse(text)
    names = {
        target.id for node in tree.body for target in _bound(node) if isinstance(target, ast.Name)
    } | {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    definitions: dict[str, Definition] = {}
    imports: list[ast.Import | ast.ImportFrom] = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.append(node)
            continue
        name = _name(node)
        if name is None:
            continue
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        uses = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} & names
        body = "".join(lines[first - 1 : node.end_lineno])
        constant = not isinstance(node, ast.FunctionDef | ast.ClassDef)
        definitions[name] = Definition(name, body, frozenset(uses - {name}), constant)
    return definitions, tuple(imports)


def _bound(node: ast.stmt) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, ast.AnnAssign):
        return [node.target]
    return []


def _name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.FunctionDef | ast.ClassDef):
        return node.name
    targets = [t for t in _bound(node) if isinstance(t, ast.Name)]
    return targets[0].id if targets else None


def closure(names: Iterable[str]) -> list[Definition]:
    """The named definitions and all they use, in runtime.py's order."""
    definitions, _ = parsed()
    wanted: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(definitions[name].uses)
    return [d for d in definitions.values() if d.name in wanted]


def constants(names: Iterable[str]) -> str:
    """The constants the named definitions need, one per line (for the script's constants)."""
    return "".join(d.text for d in closure(names) if d.constant).rstrip("\n")


def definitions_text(names: Iterable[str]) -> str:
    """The named functions and classes (and those they use), two blank lines apart."""
    return "\n\n".join(d.text for d in closure(names) if not d.constant).rstrip("\n")


def imports_for(names: Iterable[str], imports: Imports) -> None:
    """Add to `imports` the runtime imports the named definitions need."""
    used: set[str] = set()
    for definition in closure(names):
        used |= {n.id for n in ast.walk(ast.parse(definition.text)) if isinstance(n, ast.Name)}
    for node in parsed()[1]:
        bound = {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        if bound & used:
            imports.add(node)
