"""Completion of kinds, keys and values from the schema, for half-typed spec text.

A spec being typed is rarely valid YAML, so the place of the cursor is read from the text
around it: the indentation of the lines above (block style) and the brackets before it on its
line (flow style) give the chain of keys down to the mapping being edited, and that mapping's
keys written so far (its `type:` above all) pick the schema that applies.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from netspec.layers import KINDS
from netspec.schema import editor_schema

ITEM = "[]"
"""A path step into a list item."""
MAX_SCAN = 2000
"""Lines looked at above and below the cursor: a spec is a few hundred."""

_LINE = re.compile(r"^(\s*)((?:-(?:\s+|$))*)(?:([\w$.-]+)\s*:(?=\s|$)\s*(.*))?")
_BLOCK_KEY = re.compile(r"^(\s*)((?:-\s+)*)([\w$-]*)$")
_BLOCK_VALUE = re.compile(r"^(\s*)((?:-\s+)*)([\w$-]+)\s*:\s+(\S*)$")
_FLOW_KEY = re.compile(r"(?:^|[{,])\s*([\w$-]+)\s*:\s*([^,{}\[\]]*)")
_LAYER_EXTRAS = ("name", "inputs", "when")


@dataclass(frozen=True)
class Suggestion:
    """One completion: what to show, what it is (kind, key, value, block), and a note."""

    label: str
    what: str
    detail: str = ""
    insert: str = ""


@dataclass
class Cursor:
    """Where the cursor is: the key path of its mapping, the keys written there, and
    whether it is at a key (value_of empty) or at the value of `value_of`."""

    path: list[str]
    siblings: dict[str, str]
    value_of: str = ""
    bare_item: bool = False


def complete(lines: Sequence[str], line: int, col: int, blocks: dict[str, Any]) -> list[Suggestion]:
    """Suggestions at (line, col) of the text (0-based; col in code points)."""
    if not 0 <= line < len(lines):
        return []
    place = locate(lines, line, col)
    if place is None:
        return []
    if place.value_of:
        return _values(place, blocks)
    found = _keys(place, blocks)
    if place.bare_item and _is_layer_list(place.path):
        found = _kinds() + found
    return found


# --- where the cursor is ----------------------------------------------------------------------


def locate(lines: Sequence[str], line: int, col: int) -> Cursor | None:
    """The mapping and key the cursor is in, read from the text around it."""
    prefix = lines[line][:col]
    flow = _flow_stack(prefix)
    if flow:
        return _flow_place(lines, line, prefix, flow)
    value = _BLOCK_VALUE.match(prefix)
    key = value or _BLOCK_KEY.match(prefix)
    if key is None:
        return None
    content = len(key.group(1)) + len(key.group(2))
    dash = len(key.group(1)) if key.group(2) else -1
    path, siblings = _block_context(lines, line, content, dash)
    if value:
        return Cursor(path, siblings, value_of=value.group(3))
    siblings.pop(key.group(3), None)
    return Cursor(path, siblings, bare_item=dash >= 0)


def _flow_stack(prefix: str) -> list[tuple[int, str]]:
    """The flow brackets open at the end of `prefix`: (position, the key they are the value
    of, or ITEM for a list item)."""
    stack: list[tuple[int, str]] = []
    quote = ""
    for index, ch in enumerate(prefix):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (index == 0 or prefix[index - 1].isspace()):
            return []
        elif ch in "{[":
            key = re.search(r"([\w$-]+)\s*:\s*$", prefix[:index])
            stack.append((index, key.group(1) if key else ITEM))
        elif ch in "}]" and stack:
            stack.pop()
    return stack


def _flow_place(
    lines: Sequence[str], line: int, prefix: str, flow: list[tuple[int, str]]
) -> Cursor | None:
    """The cursor inside `{...}` or `[...]` on its line."""
    text = lines[line]
    match = _LINE.match(text)
    if match is None:
        return None
    content = len(match.group(1)) + len(match.group(2))
    dash = len(match.group(1)) if match.group(2) else -1
    path, _ = _block_context(lines, line, content, dash)
    if match.group(3) and match.start(3) < flow[0][0]:
        path.append(match.group(3))
    path += [key for _, key in flow[1:]]
    start = flow[-1][0]
    if text[start] == "[":
        after = re.search(r"[\[,]\s*[\w$-]*$", prefix)
        return Cursor([*path, ITEM], {}, bare_item=True) if after else None
    entry = re.split(r"[{,]", prefix[start:])[-1]
    siblings = _flow_siblings(text[start:])
    if ":" in entry:
        return Cursor(path, siblings, value_of=entry.split(":", 1)[0].strip())
    siblings.pop(entry.strip(), None)
    return Cursor(path, siblings)


def _flow_siblings(text: str) -> dict[str, str]:
    """The keys and plain values of the flow mapping that `text` starts, nested ones left out."""
    depth = 0
    flat = []
    for ch in text:
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                break
        elif depth == 1:
            flat.append(ch)
    return {m.group(1): m.group(2).strip() for m in _FLOW_KEY.finditer("{" + "".join(flat))}


@dataclass(frozen=True)
class _Line:
    content: int  # column of the key (after any dashes), or of the text
    dash: int  # column of the first dash, -1 when none
    key: str
    value: str


def _parse(text: str) -> _Line | None:
    """A line's shape: where its key starts and whether a dash opens a list item."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    match = _LINE.match(text)
    if match is None:
        return None
    content = len(match.group(1)) + len(match.group(2))
    dash = len(match.group(1)) if match.group(2) else -1
    value = re.split(r"\s#", match.group(4) or "", maxsplit=1)[0].strip()
    return _Line(content, dash, match.group(3) or "", value)


def _block_context(
    lines: Sequence[str], line: int, content: int, dash: int
) -> tuple[list[str], dict[str, str]]:
    """The key path of the block mapping whose keys start at column `content` on `line`
    (a list item when `dash` >= 0 is its dash's column), and the keys it has."""
    siblings = dict(_below(lines, line, content))
    own = _parse(lines[line])
    if own and own.key and own.content == content:
        siblings.setdefault(own.key, own.value)
    item, collecting = dash >= 0, dash < 0
    level = dash if item else content
    path: list[str] = []
    for n in range(line - 1, max(-1, line - MAX_SCAN), -1):
        parsed = _parse(lines[n])
        if parsed is None or parsed.content > level:
            continue
        indentless_parent = item and parsed.dash < 0 and parsed.key and not parsed.value
        if parsed.content == level and not indentless_parent:
            if collecting and parsed.key:
                siblings.setdefault(parsed.key, parsed.value)
            if parsed.dash >= 0:
                item, level, collecting = True, parsed.dash, False
            continue
        if not parsed.key:
            return ["?", *path], siblings
        path[:0] = [parsed.key, ITEM] if item else [parsed.key]
        item, collecting = parsed.dash >= 0, False
        level = parsed.dash if item else parsed.content
    return ([ITEM, *path] if item else path), siblings


def _below(lines: Sequence[str], line: int, indent: int) -> Iterable[tuple[str, str]]:
    """Keys of the same mapping on the lines after the cursor's."""
    for n in range(line + 1, min(len(lines), line + MAX_SCAN)):
        parsed = _parse(lines[n])
        if parsed is None:
            continue
        if parsed.content < indent or (0 <= parsed.dash < indent):
            return
        if parsed.content == indent and parsed.key:
            yield parsed.key, parsed.value


# --- what fits there ------------------------------------------------------------------------


def _is_layer_list(path: list[str]) -> bool:
    return len(path) >= 2 and path[-1] == ITEM and path[-2] == "layers"


@functools.cache
def _kinds() -> list[Suggestion]:
    return [
        Suggestion(kind, "kind", _first_line(KINDS[kind].__doc__ or "")) for kind in sorted(KINDS)
    ]


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _key_items(properties: dict[str, Any], skip: Iterable[str] = ()) -> list[Suggestion]:
    gone = set(skip)
    return [
        Suggestion(k, "key", str(v.get("description", "")) if isinstance(v, dict) else "", k + ": ")
        for k, v in properties.items()
        if k not in gone
    ]


def _layer_properties(siblings: dict[str, str], blocks: dict[str, Any]) -> dict[str, Any]:
    """The keys a layer item may have, given the keys it has (type, block or repeat)."""
    defs = editor_schema()["$defs"]
    kind = siblings.get("type", "")
    if kind in KINDS:
        props = dict(defs[kind]["properties"])
        props.pop("type", None)
        return {**props, "when": {"description": "true or false (a block argument): keep it"}}
    if "block" in siblings:
        props = dict(defs["block_use"]["properties"])
        props.pop("block", None)
        args = blocks.get(siblings["block"], {})
        args = args.get("args") if isinstance(args, dict) else None
        for arg in args if isinstance(args, dict) else {}:
            props[str(arg)] = {"description": f"argument of block {siblings['block']}"}
        return props
    if "repeat" in siblings:
        return {"layers": defs["repeat"]["properties"]["layers"]}
    return {
        "type": {"description": "the layer kind"},
        "block": defs["block_use"]["properties"]["block"],
        "repeat": {"description": "repeat the layers under layers: this many times"},
        "name": defs["conv"]["properties"]["name"],
        "inputs": defs["conv"]["properties"]["inputs"],
    }


def _mapping(path: list[str], siblings: dict[str, str], blocks: dict[str, Any]) -> dict[str, Any]:
    """The properties allowed in the mapping at `path` ({} when unknown)."""
    schema = editor_schema()
    if _is_layer_list(path):
        return _layer_properties(siblings, blocks)
    if path[:1] == ["defaults"] and len(path) <= 2:
        props = schema["properties"]["defaults"]["properties"]
        return props if len(path) == 1 else props.get(path[1], {}).get("properties", {})
    if path[:1] == ["blocks"]:
        return (
            {}
            if len(path) != 2
            else schema["properties"]["blocks"]["additionalProperties"]["properties"]
        )
    node: Any = schema
    for step in path:
        node = _object(node).get("properties", {}).get(step)
        if node is None:
            return {}
    return dict(_object(node).get("properties", {}))


def _object(schema: Any) -> dict[str, Any]:
    """The mapping alternative of a schema (init is a word or a mapping)."""
    if not isinstance(schema, dict):
        return {}
    for alternative in schema.get("anyOf", []):
        if isinstance(alternative, dict) and alternative.get("type") == "object":
            return alternative
    return schema


def _keys(place: Cursor, blocks: dict[str, Any]) -> list[Suggestion]:
    return _key_items(_mapping(place.path, place.siblings, blocks), place.siblings)


def _values(place: Cursor, blocks: dict[str, Any]) -> list[Suggestion]:
    """Values for `key:` in the mapping: kinds, block names, or the enum of the key's schema."""
    key = place.value_of
    if _is_layer_list(place.path) and key == "type":
        return _kinds()
    if _is_layer_list(place.path) and key == "block":
        return [Suggestion(str(b), "block", _block_note(blocks[b])) for b in blocks]
    if place.path == ["defaults"]:
        return []
    schema = _mapping(place.path, place.siblings, blocks).get(key)
    return [Suggestion(v, "value") for v in _enum(schema)]


def _block_note(block: Any) -> str:
    return str(block.get("description", "")) if isinstance(block, dict) else ""


def _enum(schema: Any) -> list[str]:
    """The words a schema allows: its enum, its const, true/false, through anyOf."""
    if not isinstance(schema, dict):
        return []
    found: list[str] = []
    for value in [*schema.get("enum", []), *([schema["const"]] if "const" in schema else [])]:
        found.append(str(value).lower() if isinstance(value, bool) else str(value))
    types = schema.get("type")
    if types == "boolean" or (isinstance(types, list) and "boolean" in types):
        found += ["true", "false"]
    for alternative in schema.get("anyOf", []):
        found += [v for v in _enum(alternative) if v not in found]
    return found
