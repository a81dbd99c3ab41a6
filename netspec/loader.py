"""Safe YAML loading that keeps every node's position and refuses hostile documents.

Only the YAML core is read: no tags, a bounded nesting depth (checked on the token stream, before
any recursive composer sees the document), a bounded number of nodes after alias expansion, and
no duplicate keys. The result is plain data plus a map from each node's path to its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netspec.errors import Diagnostic, Position, SpecError

MAX_BYTES = 1 << 20
MAX_DEPTH = 64
MAX_NODES = 50_000

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, reading 1e-3 as the number people mean (YAML 1.1 would say text)."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)
_OPENERS = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSERS = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """Loaded spec data with the position of every value and every mapping key."""

    file: str
    data: Any
    positions: dict[PathKey, Position] = field(default_factory=dict)
    key_positions: dict[PathKey, Position] = field(default_factory=dict)

    def where(self, path: PathKey, key: bool = False) -> Position:
        """Position of the node at `path` (its key with key=True), else the nearest parent's."""
        table = self.key_positions if key else self.positions
        while path:
            if path in table:
                return table[path]
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), Position(self.file, 1, 1))


def _fail(file: str, message: str, mark: Any = None, hint: str | None = None) -> SpecError:
    position = Position(file, mark.line + 1, mark.column + 1) if mark is not None else None
    return SpecError([Diagnostic(message, file, position, hint=hint)])


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a spec file as UTF-8 text; refuse what is missing, a directory, huge or binary."""
    name = str(path)
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "cannot read spec: no such file") from None
    except IsADirectoryError:
        raise _fail(name, "cannot read spec: it is a directory, not a YAML file") from None
    except PermissionError:
        raise _fail(name, "cannot read spec: permission denied") from None
    except OSError as exc:
        raise _fail(name, f"cannot read spec: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise _fail(name, f"spec is {len(raw):,} bytes; at most {MAX_BYTES:,} are read")
    return name, decode(name, raw)


def decode(file: str, raw: bytes) -> str:
    """Decode spec bytes as UTF-8, naming the first offending byte of a binary file."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _fail(file, "the spec is UTF-16 text; save it as UTF-8")
    zero = raw.find(b"\x00")
    if zero >= 0:
        raise _fail(file, f"not a text file: byte 0x00 at offset {zero}; expected a YAML spec")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start]
        raise _fail(
            file, f"not UTF-8 text: byte 0x{bad:02x} at offset {exc.start}; expected a YAML spec"
        ) from None


def load_file(path: str | Path) -> Document:
    """Load a spec file into a Document."""
    name, text = read_text(path)
    return load_text(text, name)


def load_text(text: str, file: str = "<string>") -> Document:
    """Load YAML text into a Document, refusing tags, deep nesting, alias bombs, duplicates."""
    _prescan(text, file)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(file, exc) from None
    except yaml.YAMLError as exc:
        raise _fail(file, f"invalid YAML: {exc}") from None
    if root is None:
        raise _fail(
            file,
            "the spec is empty; expected a mapping with name, input and layers",
            _Mark(0, 0),
        )
    _refuse_alias_bomb(root, file)
    converter = _Converter(file)
    data = converter.convert(root, (), 0)
    return Document(file, data, converter.positions, converter.key_positions)


def _refuse_alias_bomb(root: yaml.Node, file: str) -> None:
    """Size the expansion on the composed graph, sharing each aliased node's count, so a bomb
    is refused after work in proportion to the file, not to the limit."""
    sizes: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_sized = stack.pop()
        children = _child_nodes(node)
        if children_sized:
            size = 1 + sum(sizes.get(id(child), 1) for child in children)
            if size > MAX_NODES:
                raise _alias_bomb(file, node.start_mark)
            sizes[id(node)] = size
        elif id(node) not in started:  # an alias inside its own anchor counts once here
            started.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in started)


def _alias_bomb(file: str, mark: yaml.Mark) -> SpecError:
    return _fail(
        file,
        f"the document expands to more than {MAX_NODES:,} values (through aliases); refusing "
        "to expand it",
        mark,
        hint="a spec needs no aliases: use defaults: and repeat: instead",
    )


def _child_nodes(node: yaml.Node) -> list[yaml.Node]:
    """The nodes the converter visits below `node` (a mapping's values; its keys are words)."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [value for _, value in node.value]
    return []


class _Mark:
    def __init__(self, line: int, column: int):
        self.line = line
        self.column = column


def _yaml_error(file: str, exc: yaml.MarkedYAMLError) -> SpecError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "could not parse"
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours
        return _fail(
            file, f"the document nests deeper than {MAX_DEPTH} levels; a spec needs a few", mark
        )
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        problem = f"{problem} ({exc.context} at line {exc.context_mark.line + 1})"
    return _fail(file, f"invalid YAML: {problem}", mark)


def _prescan(text: str, file: str) -> None:
    """Walk the token stream (iterative in libyaml) to refuse tags and deep nesting early."""
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, _OPENERS):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _fail(
                        file,
                        f"the document nests deeper than {MAX_DEPTH} levels; a spec needs a few",
                        token.start_mark,
                    )
            elif isinstance(token, _CLOSERS):
                depth -= 1
            elif isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                tag = f"{handle or ''}{suffix or ''}"
                raise _fail(
                    file,
                    f"YAML tag '{tag}' is not allowed; a spec holds plain mappings, lists and "
                    "scalars",
                    token.start_mark,
                    hint="remove the tag; netspec never constructs objects from YAML",
                )
            elif isinstance(token, yaml.DirectiveToken) and token.name == "TAG":
                raise _fail(file, "%TAG directives are not allowed in a spec", token.start_mark)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(file, exc) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(file, text, exc) from None


def _reader_error(file: str, text: str, exc: yaml.reader.ReaderError) -> SpecError:
    """A character YAML does not allow (a control character): said at its line."""
    before = text[: exc.position]
    line = before.count("\n")
    column = exc.position - (before.rfind("\n") + 1)
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return _fail(
        file,
        f"the spec contains the control character {ascii(character)[1:-1]} "
        f"(U+{ord(character):04X}), which YAML does not allow",
        _Mark(line, column),
        hint="delete it; a spec is plain text",
    )


class _Converter:
    """Turns composed nodes into plain data, counting nodes so aliases cannot explode."""

    def __init__(self, file: str):
        self.file = file
        self.nodes = 0
        self.positions: dict[PathKey, Position] = {}
        self.key_positions: dict[PathKey, Position] = {}
        self.constructor = yaml.constructor.SafeConstructor()

    def _pos(self, node: yaml.Node) -> Position:
        return Position(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _alias_bomb(self.file, node.start_mark)
        if depth > MAX_DEPTH:
            raise _fail(
                self.file,
                f"the document nests deeper than {MAX_DEPTH} levels (through aliases)",
                node.start_mark,
            )
        if len(path) < 12:
            self.positions.setdefault(path, self._pos(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                message = f"invalid scalar {node.value!r}: {exc}"
                raise _fail(self.file, message, node.start_mark) from None
        if isinstance(node, yaml.SequenceNode):
            return [
                self.convert(child, (*path, index), depth + 1)
                for index, child in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        raise _fail(self.file, "unsupported YAML node", node.start_mark)

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(self.file, "a mapping key must be a plain word", key_node.start_mark)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _fail(
                    self.file,
                    "merge keys (<<) are not supported",
                    key_node.start_mark,
                    hint="use defaults: to share settings between layers",
                )
            key = str(key_node.value)
            if key in seen:
                first = seen[key].start_mark
                raise _fail(
                    self.file,
                    f"duplicate key '{key}' (first at line {first.line + 1}, col "
                    f"{first.column + 1}); a key may appear once in a mapping",
                    key_node.start_mark,
                )
            seen[key] = key_node
            child = (*path, key)
            if len(child) < 12:
                self.key_positions[child] = self._pos(key_node)
            result[key] = self.convert(value_node, child, depth + 1)
        return result
