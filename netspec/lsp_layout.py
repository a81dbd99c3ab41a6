"""Which report rows each line of a spec made: the shapes an editor shows next to the text.

A plain layer line makes one row, but a `repeat:` line, a block use and every line of a block
definition make many: repeat bodies run several times, and a block's lines serve each of its
uses. Rows are in expansion order, so each list of items (the top level, a repeat body, a
block's layers) owns a contiguous run of rows: a row of the list's own scope belongs to the
item whose text holds the row's position, and a row of a nested block use to the use item
whose name (or block name plus counter) starts the row's group.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from netspec.layers.base import fmt_shape
from netspec.loader import Document, PathKey
from netspec.report import human_count
from netspec.shapes import Report, Row

MAX_HOVER_ROWS = 16


@dataclass
class Item:
    """One entry of a layer list as written: a layer, a repeat or a block use."""

    path: PathKey
    start: tuple[int, int]
    kind: str
    children: list[Item] = field(default_factory=list)
    block: str = ""
    repeat: Any = None
    pattern: re.Pattern[str] | None = None


@dataclass
class Occurrence:
    """The rows an item made in one scope: the top level ('') or one block use."""

    scope: str
    rows: list[Row]


@dataclass
class Layout:
    """Every item that made rows, with its rows per scope, by its first line."""

    report: Report
    items: list[tuple[Item, list[Occurrence]]]
    layers_key: tuple[int, int] | None


def build_layout(report: Report, doc: Document) -> Layout:
    """Attribute the report's rows to the items of the spec text they came from."""
    data = doc.data if isinstance(doc.data, dict) else {}
    blocks = data.get("blocks") if isinstance(data.get("blocks"), dict) else {}
    block_items = {
        str(name): _items(doc, body.get("layers"), ("blocks", name, "layers"), 0)
        for name, body in blocks.items()
        if isinstance(body, dict)
    }
    top = _items(doc, data.get("layers"), ("layers",), 0)
    found: dict[PathKey, tuple[Item, list[Occurrence]]] = {}
    _assign(top, list(report.rows), "", found, block_items, 0)
    where = doc.key_positions.get(("layers",))
    key = (where.line, where.col) if where else None
    return Layout(report, sorted(found.values(), key=lambda pair: pair[0].start), key)


def _items(doc: Document, data: Any, path: PathKey, repeats: int) -> list[Item]:
    """The items of a layer list, with what each can expand to."""
    if not isinstance(data, list):
        return []
    items = []
    for index, entry in enumerate(data):
        ipath = (*path, index)
        where = doc.where(ipath)
        item = Item(ipath, (where.line, where.col), "layer")
        if isinstance(entry, dict) and "repeat" in entry:
            item.kind, item.repeat = "repeat", entry.get("repeat")
            item.children = _items(doc, entry.get("layers"), (*ipath, "layers"), repeats + 1)
            names = [c.pattern.pattern for c in item.children if c.pattern is not None]
            item.pattern = re.compile("|".join(f"(?:{n})" for n in names)) if names else None
        elif isinstance(entry, dict) and "block" in entry:
            item.kind, item.block = "use", str(entry.get("block"))
            name = entry.get("name")
            suffix = r"_\d+" * repeats
            base = re.escape(name) if isinstance(name, str) else re.escape(item.block) + r"\d+"
            item.pattern = re.compile(base + suffix if isinstance(name, str) else base)
        items.append(item)
    return items


def _first_part(group: str, prefix: str) -> str:
    """The use name a row's group has one level below `prefix` ('' when it is prefix)."""
    if group == prefix:
        return ""
    rest = group[len(prefix) + 1 :] if prefix else group
    return rest.split(".", 1)[0]


def _owner(items: list[Item], starts: list[tuple[int, int]], row: Row, part: str, cur: int) -> int:
    """The index of the item that made `row`, searching use names from the current item."""
    if not part:
        where = row.layer.where
        return max(0, bisect.bisect_right(starts, (where.line, where.col)) - 1)
    for index in (*range(cur, len(items)), *range(cur)):
        pattern = items[index].pattern
        if pattern is not None and pattern.fullmatch(part):
            return index
    return cur


def _assign(
    items: list[Item],
    rows: list[Row],
    prefix: str,
    found: dict[PathKey, tuple[Item, list[Occurrence]]],
    blocks: dict[str, list[Item]],
    depth: int,
) -> None:
    """Split a list's rows among its items, then each item's rows among its own items."""
    if not items or not rows or depth > 32:
        return
    starts = [item.start for item in items]
    owned: list[list[Row]] = [[] for _ in items]
    cur = 0
    for row in rows:
        cur = _owner(items, starts, row, _first_part(row.layer.group, prefix), cur)
        owned[cur].append(row)
    for item, mine in zip(items, owned, strict=True):
        if not mine:
            continue
        found.setdefault(item.path, (item, []))[1].append(Occurrence(prefix, mine))
        if item.kind == "repeat":
            _assign(item.children, mine, prefix, found, blocks, depth + 1)
        elif item.kind == "use":
            for use, part in _by_use(mine, prefix).items():
                _assign(blocks.get(item.block, []), part, use, found, blocks, depth + 1)


def _by_use(rows: list[Row], prefix: str) -> dict[str, list[Row]]:
    """Rows of a use item split by the block use they belong to (several in a repeat)."""
    uses: dict[str, list[Row]] = {}
    for row in rows:
        part = _first_part(row.layer.group, prefix)
        full = f"{prefix}.{part}" if prefix else part
        uses.setdefault(full, []).append(row)
    return uses


def iterations(item: Item, occurrence: Occurrence) -> int:
    """How many times the item ran in this scope (a repeat count, or 1)."""
    rows = occurrence.rows
    if item.kind == "layer":
        return len(rows)
    if item.kind == "use":
        return len(_by_use(rows, occurrence.scope))
    if isinstance(item.repeat, int) and not isinstance(item.repeat, bool):
        return item.repeat
    first = rows[0].layer.where
    return sum(1 for row in rows if row.layer.where == first)


def item_label(item: Item, occurrences: list[Occurrence]) -> str:
    """'-> 28x28x6  156 params', with 'x3 ' for repeats and the first use of a block's line."""
    first = occurrences[0]
    rows = first.rows
    text = f"-> {fmt_shape(rows[-1].output)}  {sum(r.params for r in rows):,} params"
    count = iterations(item, first)
    if count > 1 or item.kind == "repeat":
        text = f"x{count} {text}"
    if len(occurrences) > 1:
        text += f"  ({first.scope}; {len(occurrences)} uses)"
    return text


def totals_label(report: Report) -> str:
    """The network's totals, for the `layers:` line."""
    return (
        f"total {report.total_params:,} params ({report.trainable_params:,} trainable)  "
        f"{human_count(report.total_macs)} MACs  -> {fmt_shape(report.output)}"
    )


def row_hover(row: Row, groups: dict[str, str]) -> list[str]:
    """One layer's rule, shapes, parameters and MACs, as Markdown lines."""
    lines = [f"**{row.name}** ({row.kind})", ""]
    shapes = f"`{fmt_shape(row.input)} -> {fmt_shape(row.output)}`"
    if len(row.inputs) > 1:
        shapes += " from " + ", ".join(row.inputs)
    lines.append(shapes)
    if row.rule:
        lines.append(f"rule: `{row.rule}`")
    lines.append(f"params: {row.params:,} ({row.trainable:,} trainable)  MACs: {row.macs:,}")
    group = row.layer.group
    if group:
        lines.append(f"block use: {group} = {groups.get(group, '')}".rstrip(" ="))
    return [line + "  " if line else line for line in lines]


def item_hover(item: Item, occurrences: list[Occurrence], groups: dict[str, str]) -> str:
    """Hover text for a line: one layer in full, or a summary and a table of its rows."""
    first = occurrences[0]
    rows = first.rows
    if len(rows) == 1:
        lines = row_hover(rows[0], groups)
    else:
        lines = [f"{item_label(item, occurrences)}  ", ""]
        uses = list(_by_use(rows, first.scope)) if item.kind == "use" else [first.scope]
        lines += [f"block use: {u} = {groups[u]}  " for u in uses[:4] if u in groups]
        lines += _table(rows)
    if len(occurrences) > 1:
        others = ", ".join(o.scope for o in occurrences[1:6])
        more = ", ..." if len(occurrences) > 6 else ""
        lines += ["", f"shown for {first.scope}; also used by {others}{more}"]
    return "\n".join(lines)


def _table(rows: list[Row]) -> list[str]:
    shown = rows[:MAX_HOVER_ROWS]
    lines = ["", "| layer | output | params | MACs |", "|---|---|--:|--:|"]
    lines += [f"| {r.name} | {fmt_shape(r.output)} | {r.params:,} | {r.macs:,} |" for r in shown]
    if len(rows) > len(shown):
        lines.append(f"| ... {len(rows) - len(shown)} more | | | |")
    params = sum(r.params for r in rows)
    trainable = sum(r.trainable for r in rows)
    macs = sum(r.macs for r in rows)
    lines += ["", f"{len(rows)} layers: {params:,} params ({trainable:,} trainable), {macs:,} MACs"]
    return lines


def totals_hover(report: Report) -> str:
    """The whole network's figures, as `netspec check` ends its table."""
    macs = report.total_macs
    return "\n".join(
        [
            f"**{report.network.name}**: {len(report.rows)} layers  ",
            f"params: {report.total_params:,} ({report.trainable_params:,} trainable)  ",
            f"MACs: {macs:,} ({human_count(macs)}), FLOPs {2 * macs:,}  ",
            f"output: {fmt_shape(report.output)}",
        ]
    )
