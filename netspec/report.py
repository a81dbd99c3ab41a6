"""Renders a shape report as the `check` table or as JSON (text only; the CLI prints it)."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any

from netspec.layers.base import fmt_shape
from netspec.shapes import Report, Row


def human_bytes(n: int) -> str:
    """1,234,567 bytes as '1.2 MiB': the unit a person reads at a glance."""
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def human_count(n: int) -> str:
    """15,470,264,320 as '15.47 G': for the totals line next to the exact figure."""
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "K")):
        if n >= scale:
            return f"{n / scale:.2f} {suffix}"
    return str(n)


HEADER = ("name", "kind", "settings", "output", "rule", "params", "MACs", "memory")
GRAPH_HEADER = ("name", "kind", "inputs", "settings", "output", "rule", "params", "MACs", "memory")


def _group_headers(group: str, previous: str, groups: dict[str, str]) -> list[str]:
    """The block uses a row enters: 'layer1_1' then 'layer1_1.b' for nested uses."""
    entered = []
    parts = group.split(".") if group else []
    for depth in range(1, len(parts) + 1):
        name = ".".join(parts[:depth])
        if name in groups and not (previous == name or previous.startswith(name + ".")):
            entered.append(name)
    return entered


def _short(name: str, group: str) -> str:
    """An input's name without the block-use prefix the row shares with it."""
    return name[len(group) + 1 :] if group and name.startswith(group + ".") else name


@dataclass(frozen=True)
class TableRow:
    """One line of the check table: the input, a block use, or a layer (with its report row)."""

    kind: str
    name: str
    cells: tuple[str, ...]
    row: Row | None = None


def table_rows(report: Report) -> tuple[tuple[str, ...], list[TableRow]]:
    """The table's header and rows as cells: what `check` prints and the page shows.

    A graph network gets an inputs column and a row for each block use, before its layers.
    """
    net = report.network
    graph = net.is_graph
    inputs_cell = ("",) if graph else ()
    input_bytes = net.input[0] * net.input[1] * net.input[2] * 4 * report.batch
    first = ("input", "", *inputs_cell, "", fmt_shape(net.input), "", "", "", "")
    rows = [TableRow("input", "input", (*first[:-1], human_bytes(input_bytes)))]
    previous = ""
    for row in report.rows:
        group = row.layer.group
        for name in _group_headers(group, previous, dict(net.groups)):
            cells = (name, "block", *inputs_cell, net.groups[name], "", "", "", "", "")
            rows.append(TableRow("block", name, cells))
        previous = group
        settings = row.layer.describe()
        inputs = (", ".join(_short(name, group) for name in row.inputs),) if graph else ()
        cells = (
            row.name,
            row.kind,
            *inputs,
            settings if settings != row.kind else "",
            fmt_shape(row.output),
            row.rule,
            f"{row.params:,}",
            f"{row.macs:,}",
            human_bytes(row.memory),
        )
        rows.append(TableRow("layer", row.name, cells, row))
    return (GRAPH_HEADER if graph else HEADER), rows


def table(report: Report) -> str:
    """The per-layer table with totals, as `netspec check` prints it."""
    net = report.network
    header, table_lines = table_rows(report)
    rows: list[tuple[str, ...]] = [header, *(line.cells for line in table_lines)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    right = {len(header) - 3, len(header) - 2, len(header) - 1}
    lines = []
    lines.append(f"{net.name} ({net.file})")
    if net.description:
        lines.extend(textwrap.wrap(net.description, 100))
    for n, r in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    macs = report.total_macs
    lines.append("")
    lines.append(
        f"params:  {report.total_params:,} ({report.trainable_params:,} trainable), "
        f"{human_bytes(report.parameter_memory)} as float32"
    )
    lines.append(f"MACs:    {macs:,} ({human_count(macs)}), FLOPs {2 * macs:,} (2 x MACs)")
    lines.append(
        f"memory:  {human_bytes(report.activation_memory)} of activations for batch "
        f"{report.batch} (input and every layer output, float32)"
    )
    lines.append(f"output:  {fmt_shape(report.output)}")
    return "\n".join(lines)


def as_json(report: Report) -> dict[str, Any]:
    """The report as one JSON-ready object (stable keys; see README)."""
    net = report.network
    return {
        "name": net.name,
        "description": net.description,
        "file": net.file,
        "input": list(net.input),
        "batch": report.batch,
        "layers": [
            {
                "name": row.name,
                "type": row.kind,
                "inputs": list(row.inputs),
                "group": row.layer.group,
                "input": list(row.input),
                "output": list(row.output),
                "rule": row.rule,
                "params": row.params,
                "trainable_params": row.trainable,
                "macs": row.macs,
                "memory_bytes": row.memory,
            }
            for row in report.rows
        ],
        "total_params": report.total_params,
        "trainable_params": report.trainable_params,
        "total_macs": report.total_macs,
        "total_flops": 2 * report.total_macs,
        "activation_memory_bytes": report.activation_memory,
        "parameter_memory_bytes": report.parameter_memory,
        "blocks": dict(net.groups),
        "warnings": [w.render() for w in report.warnings],
    }


def json_line(report: Report) -> str:
    return json.dumps(as_json(report))
