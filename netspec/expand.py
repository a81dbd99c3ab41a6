"""Expands `repeat:` and block uses into one list of named layers whose inputs are resolved.

The spec's layers form a graph: a layer reads the previous layer's output unless it names its
`inputs:`. Blocks (`blocks:` at the top of a spec) are layer lists with arguments, expanded at
each use under the use's name (`layer1_1.conv2`); inside a block, `input` is the block's input
and names are the block's own. Expansion is bounded by work, not only by its result: every item
visited and every value substituted counts, so no spec can make it run long.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from netspec.errors import Position, describe_value, did_you_mean
from netspec.expressions import evaluate
from netspec.layers import KINDS
from netspec.loader import Document, PathKey

MAX_REPEAT = 256
MAX_LAYERS = 2000
MAX_WORK = 50_000
"""Items visited plus values substituted: far above DenseNet-121 (about 6,000)."""
MAX_BLOCK_DEPTH = 8

BLOCK_NAME = re.compile(r"[a-z][a-z0-9_]*")
ARG_NAME = re.compile(r"[a-z][a-z0-9_]*")
LAYER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
NETWORK_INPUT = -1


class Reporter(Protocol):
    """What expansion needs from the schema's reporter: a place to say what is wrong."""

    def at_path(self, path: PathKey, message: str, *, key: bool = False) -> None: ...

    def at(self, where: Position, message: str, *, layer: str | None = None) -> None: ...


@dataclass(frozen=True)
class BlockDef:
    """A block as defined: its arguments (None: required) and its layer items."""

    name: str
    args: dict[str, Any]
    layers: list[Any]
    path: PathKey
    description: str = ""


@dataclass
class Ref:
    """An `inputs:` name as written, resolved once every scope has named its layers."""

    text: str
    scope: Scope
    suffix: tuple[int, ...]
    where: Position


Token = int | Ref


@dataclass
class Scope:
    """The top level or one block use: its name prefix, arguments and local names."""

    prefix: str
    args: Mapping[str, Any]
    input: Token
    cursor: Token
    group: str
    stack: tuple[str, ...] = ()
    members: list[int] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, list[Token]] = field(default_factory=dict)
    block_counters: dict[str, int] = field(default_factory=dict)
    parent: Scope | None = None


@dataclass
class RawLayer:
    """One layer after expansion: its kind, merged settings and where each came from."""

    kind: str
    params: dict[str, Any]
    name: str | None
    where: Position
    key_where: dict[str, Position]
    value_where: dict[str, Position]
    name_suffix: str
    own_keys: frozenset[str] = frozenset()
    scope: Scope | None = None
    sources: list[Token] = field(default_factory=list)
    inputs: tuple[str, ...] = ()
    group: str = ""


@dataclass
class Expansion:
    """The expanded layers, the block uses (full name -> description) and the work done."""

    doc: Document
    report: Reporter
    defaults: Mapping[str, Any]
    blocks: dict[str, BlockDef]
    layers: list[RawLayer] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)
    work: int = 0
    stopped: bool = False
    top: PathKey = ("layers",)  # the top-level item being expanded, where budget errors point
    failed: set[PathKey] = field(default_factory=set)  # items already reported as wrong

    def spend(self, amount: int, path: PathKey) -> bool:
        """Count work; past the budget, say so once and stop everything."""
        self.work += amount
        if self.work > MAX_WORK and not self.stopped:
            self.stopped = True
            self.report.at_path(
                self.top,
                f"the spec expands to more than {MAX_WORK:,} items (repeat counts and block "
                "uses multiply); expected a network of at most "
                f"{MAX_LAYERS} layers",
            )
        if len(self.layers) > MAX_LAYERS and not self.stopped:
            self.stopped = True
            self.report.at_path(self.top, f"the network expands to more than {MAX_LAYERS} layers")
        return not self.stopped


def expand(
    doc: Document,
    items: list[Any],
    defaults: Mapping[str, Any],
    blocks: dict[str, BlockDef],
    report: Reporter,
) -> tuple[list[RawLayer], dict[str, str]]:
    """Expand the top-level layer list; name every layer and resolve every input."""
    state = Expansion(doc, report, defaults, blocks)
    top = Scope(prefix="", args={}, input=NETWORK_INPUT, cursor=NETWORK_INPUT, group="")
    _items(state, items, ("layers",), top, ())
    _finish(state, top)
    if not state.stopped:
        _resolve_all(state, top)
    return state.layers, state.groups


# --- items --------------------------------------------------------------------------------


def _items(
    state: Expansion, items: list[Any], path: PathKey, scope: Scope, chain: tuple[int, ...]
) -> None:
    for index, item in enumerate(items):
        ipath = (*path, index)
        if scope.parent is None and not chain:
            state.top = ipath
        if not state.spend(1, ipath):
            return
        if ipath in state.failed and not scope.args:
            continue  # a repeated item that was wrong once is wrong every time: said once
        if isinstance(item, dict) and "repeat" in item:
            _repeat(state, item, ipath, scope, chain)
        elif isinstance(item, dict) and "block" in item:
            _block_use(state, item, ipath, scope, chain)
        elif not _layer(state, item, ipath, scope, chain):
            state.failed.add(ipath)


def _substituted(state: Expansion, value: Any, scope: Scope, path: PathKey) -> Any:
    """A value with `$arg` expressions replaced by the block's arguments."""
    if not scope.args or not state.spend(1, path):
        return value
    if isinstance(value, str) and value.startswith("$"):
        try:
            return evaluate(value, scope.args)
        except ValueError as exc:
            state.report.at_path(path, str(exc))
            return None
    if isinstance(value, dict):
        return {k: _substituted(state, v, scope, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_substituted(state, v, scope, (*path, i)) for i, v in enumerate(value)]
    return value


def _when(state: Expansion, item: dict[str, Any], path: PathKey, scope: Scope) -> bool:
    """A `when:` condition: true keeps the item, false leaves it out."""
    if "when" not in item:
        return True
    value = _substituted(state, item["when"], scope, (*path, "when"))
    if not isinstance(value, bool):
        state.report.at_path(
            (*path, "when"), f"when must be true or false (or a block argument), got {value!r}"
        )
        return True
    return value


def _repeat(
    state: Expansion, item: dict[str, Any], ipath: PathKey, scope: Scope, chain: tuple[int, ...]
) -> None:
    report = state.report
    extra = sorted(set(item) - {"repeat", "layers"})
    if extra:
        report.at_path(
            (*ipath, extra[0]),
            f"unknown key '{extra[0]}' in a repeat block (known: layers, repeat)",
            key=True,
        )
        return
    count = _substituted(state, item["repeat"], scope, (*ipath, "repeat"))
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_REPEAT:
        report.at_path(
            (*ipath, "repeat"),
            f"repeat must be an integer from 0 to {MAX_REPEAT}, got {describe_value(count)}",
        )
        return
    body = item.get("layers")
    if not isinstance(body, list) or not body:
        report.at_path(ipath, "a repeat block needs layers: a non-empty list of layers")
        return
    if len(chain) >= 4:
        report.at_path(ipath, "repeat blocks nest at most 4 deep")
        return
    for n in range(1, count + 1):
        if state.stopped:
            return
        _items(state, body, (*ipath, "layers"), scope, (*chain, n))


def _layer(
    state: Expansion, item: Any, ipath: PathKey, scope: Scope, chain: tuple[int, ...]
) -> bool:
    """Append one layer; False when the item is not a layer at all (reported)."""
    report = state.report
    known = sorted(KINDS)
    given_name: str | None = None
    params: dict[str, Any] = {}
    if isinstance(item, str):
        kind = item
        if kind not in KINDS:
            close = did_you_mean(kind, [*known, *state.blocks])
            report.at_path(ipath, f"unknown type '{kind}' ({close}known: {', '.join(known)})")
            return False
        missing = [k for k in KINDS[kind].REQUIRED if k not in (state.defaults.get(kind) or {})]
        if missing:
            report.at_path(
                ipath,
                f"a bare '{kind}' has no {' or '.join(missing)}; expected "
                f"a mapping such as {{type: {kind}, {missing[0]}: ...}}",
            )
            return False
    elif isinstance(item, dict):
        if "type" not in item:
            report.at_path(ipath, f"layer has no type (expected one of: {', '.join(known)})")
            return False
        kind = item["type"]
        if not isinstance(kind, str) or kind not in KINDS:
            if isinstance(kind, str):
                close = did_you_mean(kind, known)
                message = f"unknown type '{kind}' ({close}known: {', '.join(known)})"
                if kind in state.blocks:
                    message = f"'{kind}' is a block; use it as {{block: {kind}}}"
            else:
                message = (
                    f"type must be a layer kind ({', '.join(known)}), got {describe_value(kind)}"
                )
            report.at_path((*ipath, "type"), message)
            return False
        if not _when(state, item, ipath, scope):
            _skip(state, item, ipath, scope, chain)
            return True
        params = {
            k: _substituted(state, v, scope, (*ipath, k))
            for k, v in item.items()
            if k not in ("type", "when")
        }
        if isinstance(params.get("name"), str):
            given_name = params["name"]
    else:
        report.at_path(
            ipath,
            "a layer must be a mapping such as {type: conv, ...} or a "
            f"kind name, got {describe_value(item)}",
        )
        return False
    _append(state, kind, params, given_name, ipath, scope, chain)
    return True


def _append(
    state: Expansion,
    kind: str,
    params: dict[str, Any],
    given_name: str | None,
    ipath: PathKey,
    scope: Scope,
    chain: tuple[int, ...],
) -> None:
    doc = state.doc
    key_where: dict[str, Position] = {}
    value_where: dict[str, Position] = {}
    merged: dict[str, Any] = {}
    for key, value in (state.defaults.get(kind) or {}).items():
        merged[key] = value
        key_where[key] = doc.where(("defaults", kind, key), key=True)
        value_where[key] = doc.where(("defaults", kind, key))
    for key, value in params.items():
        merged[key] = value
        key_where[key] = doc.where((*ipath, key), key=True)
        value_where[key] = doc.where((*ipath, key))
    raw = RawLayer(
        kind,
        merged,
        given_name,
        doc.where(ipath),
        key_where,
        value_where,
        "".join(f"_{n}" for n in chain),
        frozenset(params) | {"type"},
        scope=scope,
        sources=_sources(params.get("inputs"), scope, chain, key_where.get("inputs")),
        group=scope.group,
    )
    index = len(state.layers)
    state.layers.append(raw)
    scope.members.append(index)
    scope.cursor = index


def _sources(
    given: Any, scope: Scope, chain: tuple[int, ...], where: Position | None
) -> list[Token]:
    """The layer's inputs as written (resolved later), or the previous output."""
    if given is None or where is None:
        return [scope.cursor]
    names = [given] if isinstance(given, str) else given
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return [scope.cursor]  # the schema reports the wrong type
    return [Ref(name, scope, chain, where) for name in names]


def _skip(
    state: Expansion, item: dict[str, Any], ipath: PathKey, scope: Scope, chain: tuple[int, ...]
) -> None:
    """A layer left out by `when: false`: a reference to it reads what it would have read."""
    where = state.doc.where((*ipath, "inputs"), key=True)
    given = _substituted(state, item.get("inputs"), scope, (*ipath, "inputs"))
    sources = _sources(given, scope, chain, where if given else None)
    name = item.get("name")
    if isinstance(name, str):
        scope.skipped[name + "".join(f"_{n}" for n in chain)] = sources
    if len(sources) == 1:
        scope.cursor = sources[0]  # the next layer reads what this one would have read


def _block_use(
    state: Expansion, item: dict[str, Any], ipath: PathKey, scope: Scope, chain: tuple[int, ...]
) -> None:
    report = state.report
    name = item["block"]
    block = state.blocks.get(name) if isinstance(name, str) else None
    if block is None:
        close = did_you_mean(str(name), sorted(state.blocks))
        defined = ", ".join(sorted(state.blocks)) or "none; define them under blocks:"
        report.at_path((*ipath, "block"), f"unknown block '{name}' ({close}defined: {defined})")
        return
    if name in scope.stack:
        report.at_path(
            (*ipath, "block"), f"block '{name}' uses itself ({' -> '.join((*scope.stack, name))})"
        )
        return
    if len(scope.stack) >= MAX_BLOCK_DEPTH:
        report.at_path((*ipath, "block"), f"blocks nest at most {MAX_BLOCK_DEPTH} deep")
        return
    if not _when(state, item, ipath, scope):
        return
    args = _block_args(state, block, item, ipath, scope)
    if args is None:
        return
    use_name = _use_name(state, block, item, ipath, scope, chain)
    if use_name is None:
        return
    full = scope.prefix + use_name
    state.groups[full] = describe_use(block, args)
    given = _substituted(state, item.get("inputs"), scope, (*ipath, "inputs"))
    where = state.doc.where((*ipath, "inputs"), key=True)
    sources = _sources(given, scope, chain, where if given is not None else None)
    inner = Scope(
        prefix=full + ".",
        args=args,
        input=sources[0],
        cursor=sources[0],
        group=full,
        stack=(*scope.stack, name),
        parent=scope,
    )
    _items(state, block.layers, (*block.path, "layers"), inner, ())
    _finish(state, inner)
    scope.cursor = inner.cursor
    if isinstance(inner.cursor, int):
        scope.names.setdefault(use_name, inner.cursor)


def _block_args(
    state: Expansion, block: BlockDef, item: dict[str, Any], ipath: PathKey, scope: Scope
) -> dict[str, Any] | None:
    """The use's arguments over the block's defaults; unknown and missing ones are errors."""
    ok = True
    args = dict(block.args)
    for key, value in item.items():
        if key in ("block", "name", "inputs", "when"):
            continue
        if key not in block.args:
            close = did_you_mean(str(key), sorted(block.args))
            known = ", ".join(sorted(block.args)) or "none"
            state.report.at_path(
                (*ipath, key),
                f"block '{block.name}' has no argument '{key}' ({close}arguments: {known})",
                key=True,
            )
            ok = False
            continue
        args[key] = _substituted(state, value, scope, (*ipath, key))
    missing = [k for k, v in args.items() if v is None]
    if missing:
        state.report.at_path(
            ipath,
            f"block '{block.name}' needs {', '.join(missing)} (no default); expected "
            f"{{block: {block.name}, {missing[0]}: ...}}",
        )
        ok = False
    return args if ok else None


def _use_name(
    state: Expansion,
    block: BlockDef,
    item: dict[str, Any],
    ipath: PathKey,
    scope: Scope,
    chain: tuple[int, ...],
) -> str | None:
    given = item.get("name")
    if given is None:
        count = scope.block_counters.get(block.name, 0) + 1
        scope.block_counters[block.name] = count
        return f"{block.name}{count}"
    if not isinstance(given, str) or not LAYER_NAME.fullmatch(given) or len(given) > 64:
        state.report.at_path(
            (*ipath, "name"),
            f"name must be a name of letters, digits and _ starting with a letter, got "
            f"{describe_value(given)}",
        )
        return None
    return given + "".join(f"_{n}" for n in chain)


def describe_use(block: BlockDef, args: Mapping[str, Any]) -> str:
    """'bottleneck filters=64 stride=2 project=true': a block use as the table shows it."""
    parts = [f"{k}={_literal(v)}" for k, v in args.items()]
    return " ".join([block.name, *parts])


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return str(value)


# --- names and inputs -----------------------------------------------------------------------


def _finish(state: Expansion, scope: Scope) -> None:
    """Name the scope's own layers: explicit names first, then kind + counter, skipping those."""
    taken: set[str] = set()
    for index in scope.members:
        raw = state.layers[index]
        if raw.name is not None:
            local = raw.name + raw.name_suffix
            taken.add(local)
            scope.names.setdefault(local, index)
    counters: dict[str, int] = {}
    for index in scope.members:
        raw = state.layers[index]
        if raw.name is None:
            while True:
                counters[raw.kind] = counters.get(raw.kind, 0) + 1
                local = f"{raw.kind}{counters[raw.kind]}"
                if local not in taken:
                    break
            taken.add(local)
            scope.names[local] = index
            raw.name = local
            raw.name_suffix = ""
        raw.name = scope.prefix + raw.name + raw.name_suffix
        raw.name_suffix = ""


def _resolve_all(state: Expansion, top: Scope) -> None:
    """Every layer's inputs as full names; a name not above the layer is an error there."""
    everywhere = {raw.name: index for index, raw in enumerate(state.layers) if raw.name}
    for index, raw in enumerate(state.layers):
        resolved: list[str] = []
        for token in raw.sources:
            source = _resolve(state, token, index, everywhere, 0)
            if source is None:
                continue
            resolved.append("input" if source == NETWORK_INPUT else str(state.layers[source].name))
        raw.inputs = tuple(resolved)


def _resolve(
    state: Expansion, token: Token, user: int, everywhere: dict[str, int], depth: int
) -> int | None:
    if isinstance(token, int):
        return token
    if depth > MAX_LAYERS:
        return None
    scope = token.scope
    user_name = state.layers[user].name
    if token.text == "input":
        return _resolve(state, scope.input, user, everywhere, depth + 1)
    found = _lookup(token, scope.names)
    if found is None and token.text in scope.skipped:
        sources = scope.skipped[token.text]
        if len(sources) != 1:
            state.report.at(
                token.where,
                f"'{token.text}' is left out (when: false) and has several inputs; nothing "
                "can stand in for it",
                layer=user_name,
            )
            return None
        return _resolve(state, sources[0], user, everywhere, depth + 1)
    if found is None and scope.parent is None:
        found = everywhere.get(token.text)
    if found is None:
        _unknown(state, token, user, everywhere)
        return None
    if found == user:
        state.report.at(token.where, "a layer cannot take its own output as input", layer=user_name)
        return None
    if found > user:
        later = state.layers[found]
        state.report.at(
            token.where,
            f"input '{token.text}' is the layer at line {later.where.line}, below this one; "
            "a layer reads only layers above it (so the network has no cycles)",
            layer=user_name,
        )
        return None
    return found


def _lookup(token: Ref, names: dict[str, int]) -> int | None:
    """A name in the same repeat pass first (`a` in pass 2 is `a_2`), then as written."""
    for cut in range(len(token.suffix), 0, -1):
        candidate = token.text + "".join(f"_{n}" for n in token.suffix[:cut])
        if candidate in names:
            return names[candidate]
    return names.get(token.text)


def _unknown(state: Expansion, token: Ref, user: int, everywhere: dict[str, int]) -> None:
    scope = token.scope
    local = [n for n, i in scope.names.items() if i < user]
    if scope.parent is None:
        local += [n for n, i in everywhere.items() if i < user]
    # Layers left out by `when:` count too, so every use of a block gets the same message.
    choices = sorted({"input", *local, *scope.skipped})
    close = did_you_mean(token.text, choices)
    where = "in this block" if scope.parent is not None else "above this layer"
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    state.report.at(
        token.where,
        f"unknown input '{token.text}' ({close}names {where} include: {shown})",
        layer=state.layers[user].name,
    )


# --- block definitions and expressions --------------------------------------------------------


def block_definitions(data: Any, report: Reporter) -> dict[str, BlockDef]:
    """The spec's `blocks:`; each malformed one is reported and left out."""
    given = data.get("blocks") if isinstance(data, dict) else None
    if given is None:
        return {}
    if not isinstance(given, dict):
        report.at_path(("blocks",), "blocks must be a mapping from block name to its definition")
        return {}
    blocks: dict[str, BlockDef] = {}
    for name, body in given.items():
        path: PathKey = ("blocks", name)
        if not isinstance(name, str) or not BLOCK_NAME.fullmatch(name) or len(name) > 64:
            report.at_path(
                path,
                f"block name {describe_value(name)} must be lowercase letters, digits and _, "
                "starting with a letter",
                key=True,
            )
            continue
        if name in KINDS:
            report.at_path(path, f"block name '{name}' is a layer kind; choose another", key=True)
            continue
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("layers"), list)
            or not body["layers"]
        ):
            report.at_path(path, f"block '{name}' needs layers: a non-empty list of layers")
            continue
        extra = sorted(set(body) - {"args", "layers", "description"})
        if extra:
            report.at_path(
                (*path, extra[0]),
                f"unknown key '{extra[0]}' in block '{name}' (known: args, description, layers)",
                key=True,
            )
            continue
        args = body.get("args") or {}
        if not isinstance(args, dict) or not all(
            isinstance(k, str) and ARG_NAME.fullmatch(k) for k in args
        ):
            report.at_path(
                (*path, "args"),
                f"args of block '{name}' must map lowercase names to defaults "
                "(null for a required argument), such as {filters: null, stride: 1}",
            )
            continue
        description = body.get("description")
        blocks[name] = BlockDef(
            name,
            dict(args),
            body["layers"],
            path,
            description if isinstance(description, str) else "",
        )
    return blocks
