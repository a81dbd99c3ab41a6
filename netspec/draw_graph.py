"""Graph networks (branches, merges, block uses) drawn as layered diagrams, in SVG and DOT.

Layers flow left to right by depth (their longest path from the input), like the linear
drawing, and wrap into strips where a single layer's output is all that passes on, so that
ResNet-50 or GoogLeNet fill a page instead of a 40,000 pixel line. Each layer keeps a lane (a row
of its strip): it continues the lane of an input it can follow straight on, and a branch opens
the next lane below, so parallel branches (Inception's towers) sit one under another.

Edges are orthogonal and never pass through a node or a label: vertical parts only in the gaps
between columns, horizontal parts along empty stretches of a lane or in the channels between
lanes (a residual shortcut runs in the channel under the block it bypasses). Block uses are
boxes with their name and arguments on top. Pure standard library, like netspec.draw.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from xml.sax.saxutils import escape, quoteattr

from netspec.draw import (
    COLOURS,
    DEFAULT_COLOUR,
    FONT,
    MARGIN,
    MAX_ROW_WIDTH,
    MIN_CANVAS_WIDTH,
    MONO,
    Label,
    clean,
    description_lines,
    dot_html,
    dot_node,
    dot_string,
    fmt,
    layer_block,
    legend,
    plural,
    safe_id,
    shade,
    text_element,
    text_width,
    totals_text,
)
from netspec.layers.base import fmt_shape
from netspec.shapes import Report, Row

STRIPE = 5.0  # the kind's colour down the left edge of a node
NODE_PAD = 7.0  # text inset from the stripe and from the right edge
NODE_TOP, NODE_BOTTOM = 4.0, 6.0
PARAMS_GAP = 12.0  # between the shape and the parameter count on one line
TRACK = 7.0  # between parallel edge tracks in a gap or a channel
GAP_EDGE = 6.0  # from a column (or its group box) to the first track
GAP_MIN = 30.0  # narrowest gap between two columns
CHANNEL_MIN = 18.0  # narrowest space between two lanes
BOX_PAD = 7.0  # a group box around its layers, per nesting level
HEADER_SIZE, HEADER_LINE, HEADER_TOP, HEADER_GAP = 11.0, 14.0, 3.0, 4.0
HEADER_INDENT = 6.0
PORT_MARGIN, PORT_SPACING = 6.0, 9.0  # where several inputs enter the left side of a merge
STRIP_GAP = 40.0  # between strips; the wrap connector runs through its middle
EXIT_GAP = 16.0  # from a strip's right edge to the wrap connector
ENTRY_X = MARGIN - 14.0  # where the wrap connector comes down on the left
ASPECT = 1.5  # strips are wrapped to aim at a picture this much wider than high
EDGE_COLOUR = "#8a8a8a"


@dataclass(frozen=True)
class Span:
    """A run of text in one style; a line's later spans are written as <tspan>s."""

    text: str
    size: float
    cls: str
    fill: str
    bold: bool = False
    mono: bool = False

    @property
    def width(self) -> float:
        return text_width(self.text, self.size, self.bold)


@dataclass(frozen=True)
class Line:
    """One line of a node: its spans from the left, and an optional right-aligned text."""

    spans: tuple[Span, ...]
    advance: float  # from the previous baseline (the first: from the node's top inset)
    right: Span | None = None

    @property
    def width(self) -> float:
        left = sum(span.width for span in self.spans)
        return left + (PARAMS_GAP + self.right.width if self.right else 0.0)


@dataclass
class Node:
    """The input or one layer, with its place in the graph once assigned."""

    index: int
    ident: str
    name: str
    kind: str
    group: str
    tooltip: str
    lines: tuple[Line, ...]
    inputs: tuple[int, ...]
    rank: int = 0
    lane: int = 0
    follows: int = -1  # the input whose lane this layer continues

    @cached_property
    def width(self) -> float:
        return STRIPE + 2 * NODE_PAD + max(line.width for line in self.lines)

    @cached_property
    def height(self) -> float:
        return NODE_TOP + sum(line.advance for line in self.lines) + NODE_BOTTOM


def row_lines(row: Row) -> tuple[Line, ...]:
    """Name; kind and settings; shape and parameters; the size rule, one part a line."""
    colour = COLOURS.get(row.kind, DEFAULT_COLOUR)
    kind = [Span(clean(row.kind), 11, "kind", shade(colour, -0.45))]
    settings = clean(row.layer.describe())
    if settings != kind[0].text:
        kind.append(Span(" " + settings, 11, "settings", "#555555"))
    params = Span(plural(row.params, "param"), 10, "params", "#666666")
    lines = [
        Line((Span(clean(row.name), 12, "name", "#111111", bold=True),), 12),
        Line(tuple(kind), 14.5),
        Line((Span(fmt_shape(row.output), 11, "shape", "#222222"),), 14, params),
    ]
    for part in clean(row.rule).split(", ") if row.rule else ():
        lines.append(Line((Span(part, 10, "rule", "#6b6b6b", mono=True),), 13))
    return tuple(lines)


def make_nodes(report: Report) -> list[Node]:
    """The input and every layer, with inputs as node indices (rows come in dependency order)."""
    shape = fmt_shape(report.network.input)
    input_lines = (
        Line((Span("input", 12, "name", "#111111", bold=True),), 12),
        Line((Span(shape, 11, "shape", "#222222"),), 14.5),
    )
    nodes = [Node(0, "net-input", "input", "input", "", f"input: {shape}", input_lines, ())]
    index = {"input": 0}
    taken = {"net-input"}
    for i, row in enumerate(report.rows, start=1):
        ident = safe_id(f"layer-{row.name}", taken)
        tooltip = layer_block(row, ident).tooltip
        inputs = tuple(index[name] for name in row.inputs)
        name, lines = clean(row.name), row_lines(row)
        nodes.append(Node(i, ident, name, row.kind, row.layer.group, tooltip, lines, inputs))
        index[row.name] = i
    return nodes


def assign_ranks(nodes: list[Node]) -> None:
    """A layer's column is one past its deepest input: parallel branches start side by side."""
    for node in nodes[1:]:
        node.rank = 1 + max(nodes[i].rank for i in node.inputs)


def leads_to_output(nodes: list[Node]) -> list[bool]:
    """Which nodes the network's output (the last layer) depends on."""
    live = [False] * len(nodes)
    live[-1] = True
    for node in reversed(nodes):
        if live[node.index]:
            for i in node.inputs:
                live[i] = True
    return live


def assign_lanes(nodes: list[Node]) -> None:
    """A layer follows the first input whose lane is free up to it; else it opens a branch lane.

    Each input's lane is followed at most once, so the second reader of a layer (an Inception
    tower, a projection shortcut) goes below; a dead-end branch leaves the lane to the layers
    that lead on to the output. A new lane is the nearest one under the input's that nothing
    uses from the input on, which keeps a branch's layers in one straight row.
    """
    cells: list[set[int]] = [{0}]  # lane -> ranks taken by a node or a straight edge
    followed: set[int] = set()
    live = leads_to_output(nodes)
    for node in nodes[1:]:
        lane = None
        for i in node.inputs:
            source = nodes[i]
            span = range(source.rank + 1, node.rank + 1)
            mine = live[node.index] or not live[i]
            if mine and i not in followed and cells[source.lane].isdisjoint(span):
                followed.add(i)
                cells[source.lane].update(span)
                lane, node.follows = source.lane, i
                break
        if lane is None:
            first = nodes[node.inputs[0]]
            lane = first.lane + 1
            while lane < len(cells) and max(cells[lane], default=-1) > first.rank:
                lane += 1
            if lane == len(cells):
                cells.append(set())
            cells[lane].add(node.rank)
        node.lane = lane


# ----------------------------------------------------------------------------------------------
# Block uses


@dataclass(frozen=True)
class Groups:
    """The network's block uses: each layer's chain of enclosing uses, outermost first."""

    described: dict[str, str]

    def chain(self, group: str) -> list[str]:
        parts = group.split(".") if group else []
        names = (".".join(parts[: n + 1]) for n in range(len(parts)))
        return [name for name in names if name in self.described]

    def parent(self, name: str) -> str | None:
        chain = self.chain(name)
        return chain[-2] if len(chain) > 1 else None

    def label(self, name: str) -> str:
        """A nested use's name without its parent's prefix (the parent's box says it)."""
        parent = self.parent(name)
        return name[len(parent) + 1 :] if parent else name


# ----------------------------------------------------------------------------------------------
# Strips: where the long chain wraps


def cut_points(nodes: list[Node], ranks: int, groups: Groups) -> tuple[list[bool], list[bool]]:
    """Per boundary after rank b: can the picture wrap there, and is it outside every block use.

    A wrap is possible where every edge crossing the boundary leaves one layer in rank b: the
    connector then carries that one output to the next strip.
    """
    jumped = [0] * (ranks + 1)
    sources: list[set[int]] = [set() for _ in range(ranks)]
    for node in nodes[1:]:
        for i in node.inputs:
            start = nodes[i].rank
            sources[start].add(i)
            jumped[start + 1] += 1
            jumped[node.rank] -= 1
    spans: dict[str, list[int]] = {}
    for node in nodes[1:]:
        for name in groups.chain(node.group):
            span = spans.setdefault(name, [node.rank, node.rank])
            span[0], span[1] = min(span[0], node.rank), max(span[1], node.rank)
    inside = [0] * (ranks + 1)
    for low, high in spans.values():
        inside[low] += 1
        inside[high] -= 1
    valid, preferred = [], []
    crossing = within = 0
    for b in range(ranks):
        crossing += jumped[b]
        within += inside[b]
        ok = crossing == 0 and len(sources[b]) == 1 and b < ranks - 1
        valid.append(ok)
        preferred.append(ok and within == 0)
    return valid, preferred


def wrap(widths: list[float], valid: list[bool], preferred: list[bool], cap: float) -> list[int]:
    """Boundaries to wrap after, greedily, when a strip would outgrow `cap`: the end of a block
    use not too far before the cap or a little past it, else the last boundary that can wrap."""
    n = len(widths)
    ends = list(itertools.accumulate(widths))
    last_valid, last_good = latest(valid), latest(preferred)
    next_good = [-1] * n  # the first preferred boundary at or after each index
    for b in range(n - 2, -1, -1):
        next_good[b] = b if preferred[b] else next_good[b + 1]
    cuts: list[int] = []
    start = 0
    for r in range(1, n):
        before = ends[start - 1] if start else 0.0
        if ends[r] - before <= cap or r == start:
            continue
        cut = last_good[r - 1]
        if cut < start or ends[cut] - before < cap / 2:
            late = next_good[r]
            cut = late if late >= 0 and ends[late] - before <= cap * 1.2 else last_valid[r - 1]
        if cut < start:
            continue
        if ends[-1] - ends[cut] < cap / 4 and ends[-1] - before <= cap * 1.3:
            break  # rather a long last strip than a stub of a layer or two
        cuts.append(cut)
        start = cut + 1
    return cuts


def latest(flags: list[bool]) -> list[int]:
    """For each index, the last index at or before it whose flag is set (-1 if none)."""
    out, last = [], -1
    for i, flag in enumerate(flags):
        last = i if flag else last
        out.append(last)
    return out


def choose_cuts(
    widths: list[float], valid: list[bool], preferred: list[bool], target: float
) -> list[int]:
    """As few strips as `target` wide allows, balanced: the narrowest cap that needs no more."""
    strips = max(1, math.ceil(sum(widths) / target))
    low, high = max(widths, default=0.0), max(sum(widths), 1.0)
    for _ in range(30):
        mid = (low + high) / 2
        if len(wrap(widths, valid, preferred, mid)) + 1 <= strips:
            high = mid
        else:
            low = mid
    return wrap(widths, valid, preferred, high)


# ----------------------------------------------------------------------------------------------
# One strip: columns, lanes, routes


@dataclass
class Route:
    """An edge's path in abstract terms; coordinates come once the strip is measured."""

    src: int
    dst: int
    slot: int  # which input of dst
    run_row: int | None = None  # a long edge runs along this lane ...
    channel: int | None = None  # ... or in this channel (above lane `channel`)
    track: int = 0  # its track in the channel
    bus: bool = False  # leaves through the source's vertical in the next gap
    fan: bool = False  # enters through its own vertical in the gap before the target
    fan_track: int = 0
    level: float = 0.0  # where it arrives in the gap before the target, in row units
    port_level: float = 0.0  # where it enters the target, in row units
    port: float = 0.0  # the same in pixels, once the strip is measured


@dataclass
class Piece:
    """The part of one block use inside one strip."""

    name: str
    depth: int
    members: list[int] = field(default_factory=list)  # layers directly in this use
    children: list[str] = field(default_factory=list)
    c0: int = 1 << 30
    c1: int = -1
    r0: int = 1 << 30
    r1: int = -1
    lpad: float = 0.0
    rpad: float = 0.0
    dtop: float = 0.0
    dbot: float = 0.0
    header: list[tuple[str, str]] = field(default_factory=list)  # (name part, description)
    box: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0, 0.0])
    text_x: float = 0.0


def row_level(row: int) -> float:
    """Vertical order in row units: lane r spans [2r + 0.5, 2r + 1.5], channel r lies above."""
    return 2 * row + 1.0


class Strip:
    """One strip of the picture: its columns (ranks), rows (lanes), routes and block uses."""

    def __init__(
        self, nodes: list[Node], members: list[int], entry: int | None, groups: Groups
    ) -> None:
        self.nodes, self.members, self.entry, self.groups = nodes, members, entry, groups
        first = min(nodes[i].rank for i in members)
        offset = 0 if entry is None else 1  # the entry point is a column of its own
        lanes = sorted({nodes[i].lane for i in members} | self.entry_lane())
        row_of = {lane: r for r, lane in enumerate(lanes)}  # the strip's lanes, closed up
        self.col = {i: nodes[i].rank - first + offset for i in members}
        self.row = {i: row_of[nodes[i].lane] for i in members}
        if entry is not None:
            self.col[entry], self.row[entry] = 0, row_of[nodes[entry].lane]
        self.ncols = max(self.col.values()) + 1
        self.nrows = len(lanes)
        self.cells: dict[tuple[int, int], int] = {(self.row[i], self.col[i]): i for i in self.col}
        self.routes: list[Route] = []
        self.chan_tracks: dict[int, list[list[tuple[int, int]]]] = defaultdict(list)
        self.bus_track: dict[int, int] = {}
        self.bus_count = [0] * self.ncols
        self.fan_count = [0] * self.ncols
        self.verticals: dict[int, list[tuple[float, float]]] = defaultdict(list)
        self.pieces: dict[str, Piece] = {}
        self.route()
        self.collect_pieces()

    def entry_lane(self) -> set[int]:
        return set() if self.entry is None else {self.nodes[self.entry].lane}

    def is_merge(self, i: int) -> bool:
        return len(self.nodes[i].inputs) > 1

    # -- routing ----------------------------------------------------------------------------

    def edges(self) -> list[Route]:
        """Edges with both ends here; continuations first: their lane was kept free for them."""
        found = []
        for v in self.members:
            for slot, u in enumerate(self.nodes[v].inputs):
                if u in self.col:
                    found.append(Route(u, v, slot))
        found.sort(key=lambda e: (self.nodes[e.dst].follows != e.src, e.dst, e.slot))
        return found

    def free(self, row: int, c0: int, c1: int) -> bool:
        return all((row, c) not in self.cells for c in range(c0, c1 + 1))

    def take(self, row: int, c0: int, c1: int) -> None:
        for c in range(c0, c1 + 1):
            self.cells[(row, c)] = -1

    def route(self) -> None:
        """Pick each edge's way: straight, along a free lane, or in a channel; then tracks."""
        for e in self.edges():
            self.plan(e)
            self.routes.append(e)
        channelled = [e for e in self.routes if e.channel is not None]
        for e in sorted(channelled, key=lambda e: (self.col[e.dst] - self.col[e.src], e.dst)):
            self.channel_track(e)
        for e in self.routes:
            e.level = self.approach(e)
        self.order_ports()
        self.bus_tracks()
        self.fan_tracks()

    def plan(self, e: Route) -> None:
        """Next column: one vertical. Farther: along the source's lane, or the target's, where
        nothing is in the way, else in the channel under the source (above the lower lane)."""
        cu, cv = self.col[e.src], self.col[e.dst]
        ru, rv = self.row[e.src], self.row[e.dst]
        merge = self.is_merge(e.dst)
        if cv == cu + 1:
            e.bus = ru != rv and not merge
            e.fan = merge
            return
        if self.free(ru, cu + 1, cv - 1) and self.cells.get((ru, cv)) in (None, e.dst):
            e.run_row = ru
        elif self.free(rv, cu + 1, cv - 1) and self.cells.get((rv, cu)) in (None, e.src):
            e.run_row = rv
        else:
            e.channel = max(ru, rv) if ru != rv else ru + 1
        if e.run_row is not None:
            self.take(e.run_row, cu + 1, cv - 1)
        e.bus = e.run_row != ru
        e.fan = merge or e.run_row != rv

    def channel_track(self, e: Route) -> None:
        """The first track of the edge's channel that is free from gap to gap; short runs come
        first, so they lie nearest the lane above and longer ones pass under them."""
        g0, g1 = self.col[e.src], self.col[e.dst] - 1
        tracks = self.chan_tracks[e.channel if e.channel is not None else -1]
        for t, taken in enumerate(tracks):
            if all(g1 < a or b < g0 for a, b in taken):
                taken.append((g0, g1))
                e.track = t
                return
        tracks.append([(g0, g1)])
        e.track = len(tracks) - 1

    def track_level(self, channel: int, track: int) -> float:
        count = len(self.chan_tracks[channel])
        return 2 * channel - 0.45 + 0.3 * (track + 1) / (count + 1)

    def approach(self, e: Route) -> float:
        """Where the edge arrives in the gap before its target, in row units."""
        if e.channel is not None:
            return self.track_level(e.channel, e.track)
        if e.run_row is not None:
            return row_level(e.run_row)
        return row_level(self.row[e.src])

    def order_ports(self) -> None:
        """Inputs enter a merge top to bottom in the order they arrive: no crossings there."""
        by_target: dict[int, list[Route]] = defaultdict(list)
        for e in self.routes:
            by_target[e.dst].append(e)
        for dst, edges in by_target.items():
            edges.sort(key=lambda e: (e.level, e.slot))
            centre = row_level(self.row[dst])
            for n, e in enumerate(edges):
                spread = 0.8 * ((n + 0.5) / len(edges) - 0.5) if len(edges) > 1 else 0.0
                e.port_level = centre + spread

    def bus_tracks(self) -> None:
        """One vertical per source that turns up or down in the gap after it, shortest nearest
        the source; every edge from that source branches off it."""
        spans: dict[int, tuple[float, float]] = {}
        for e in self.routes:
            if e.bus:
                here = row_level(self.row[e.src])
                adjacent = e.run_row is None and e.channel is None
                there = row_level(self.row[e.dst]) if adjacent else e.level
                low, high = spans.get(e.src, (here, here))
                spans[e.src] = (min(low, there), max(high, there))
        by_gap: dict[int, list[int]] = defaultdict(list)
        for src, span in spans.items():
            by_gap[self.col[src]].append(src)
            self.verticals[self.col[src]].append(span)
        for gap, sources in by_gap.items():
            sources.sort(key=lambda s: (spans[s][1] - spans[s][0], self.row[s]))
            for t, src in enumerate(sources):
                self.bus_track[src] = t
            self.bus_count[gap] = len(sources)

    def fan_tracks(self) -> None:
        """One vertical per edge that turns in the gap before its target; the one that comes
        from farthest lies nearest the target, so the lines into a merge do not cross."""
        fans: dict[int, list[Route]] = defaultdict(list)
        for e in self.routes:
            if e.fan:
                fans[self.col[e.dst] - 1].append(e)
                low, high = sorted((e.level, e.port_level))
                self.verticals[self.col[e.dst] - 1].append((low, high))
        for gap, edges in fans.items():
            edges.sort(key=lambda e: (-abs(e.level - e.port_level), e.dst, e.slot))
            for t, e in enumerate(edges):
                e.fan_track = t
            self.fan_count[gap] = len(edges)

    # -- block uses ---------------------------------------------------------------------------

    def collect_pieces(self) -> None:
        """The block uses with layers in this strip, their spans, and their nesting pads."""
        for i in self.members:
            chain = self.groups.chain(self.nodes[i].group)
            for depth, name in enumerate(chain):
                piece = self.pieces.setdefault(name, Piece(name, depth))
                piece.c0, piece.c1 = min(piece.c0, self.col[i]), max(piece.c1, self.col[i])
                piece.r0, piece.r1 = min(piece.r0, self.row[i]), max(piece.r1, self.row[i])
                if depth == len(chain) - 1:
                    piece.members.append(i)
        for name in self.pieces:
            parent = self.groups.parent(name)
            if parent in self.pieces:
                self.pieces[parent].children.append(name)
        for piece in self.inner_first():
            kids = [self.pieces[c] for c in piece.children]
            piece.lpad = BOX_PAD + max((k.lpad for k in kids if k.c0 == piece.c0), default=0)
            piece.rpad = BOX_PAD + max((k.rpad for k in kids if k.c1 == piece.c1), default=0)
            piece.dbot = BOX_PAD + max((k.dbot for k in kids if k.r1 == piece.r1), default=0)

    def layers_in(self, piece: Piece) -> list[int]:
        """The layers of a use here, its nested uses' included."""
        inner = [i for name in piece.children for i in self.layers_in(self.pieces[name])]
        return piece.members + inner

    def inner_first(self) -> list[Piece]:
        return sorted(self.pieces.values(), key=lambda p: (-p.depth, p.name))

    def pads(self) -> tuple[list[float], list[float]]:
        """Room each column needs on its left and right for the boxes that start or end there."""
        left, right = [0.0] * self.ncols, [0.0] * self.ncols
        for p in self.pieces.values():
            left[p.c0] = max(left[p.c0], p.lpad)
            right[p.c1] = max(right[p.c1], p.rpad)
        return left, right


# ----------------------------------------------------------------------------------------------
# Measuring a strip


@dataclass
class Placed:
    """A strip with coordinates: columns, rows, channel tracks, nodes and boxes."""

    strip: Strip
    col_x: list[float]
    col_w: list[float]
    lpad: list[float]
    rpad: list[float]
    right: float
    top: float = 0.0
    bottom: float = 0.0
    row_top: list[float] = field(default_factory=list)
    row_h: list[float] = field(default_factory=list)
    chan_y: list[float] = field(default_factory=list)  # y of a channel's first track

    def left_of(self, i: int) -> float:
        if i == self.strip.entry:
            return self.col_x[0]
        node = self.strip.nodes[i]
        c = self.strip.col[i]
        return self.col_x[c] + (self.col_w[c] - node.width) / 2

    def right_of(self, i: int) -> float:
        if i == self.strip.entry:
            return self.col_x[0]
        return self.left_of(i) + self.strip.nodes[i].width

    def cy(self, i: int) -> float:
        r = self.strip.row[i]
        return self.row_top[r] + self.row_h[r] / 2

    def top_of(self, i: int) -> float:
        return self.cy(i) - self.strip.nodes[i].height / 2

    def bus_x(self, i: int) -> float:
        c = self.strip.col[i]
        start = self.col_x[c] + self.col_w[c] + self.rpad[c] + GAP_EDGE
        return start + self.strip.bus_track[i] * TRACK

    def fan_x(self, e: Route) -> float:
        c = self.strip.col[e.dst]
        return self.col_x[c] - self.lpad[c] - GAP_EDGE - e.fan_track * TRACK

    def track_y(self, channel: int, track: int) -> float:
        return self.chan_y[channel] + track * TRACK


def measure_x(strip: Strip) -> Placed:
    """Columns as wide as their widest node, gaps as wide as their tracks and box pads need."""
    col_w = [0.0] * strip.ncols
    for i in strip.members:
        c = strip.col[i]
        col_w[c] = max(col_w[c], strip.nodes[i].width)
    lpad, rpad = strip.pads()
    col_x, x = [], MARGIN + lpad[0]
    for c in range(strip.ncols):
        col_x.append(x)
        if c + 1 < strip.ncols:
            tracks = strip.bus_count[c] + strip.fan_count[c]
            inner = 2 * GAP_EDGE + tracks * TRACK + (TRACK if tracks else 0)
            x += col_w[c] + rpad[c] + max(GAP_MIN, inner) + lpad[c + 1]
    right = col_x[-1] + col_w[-1] + rpad[-1]
    return Placed(strip, col_x, col_w, lpad, rpad, right)


def box_x(placed: Placed) -> None:
    """Left and right of every box: its layers and inner boxes, plus a pad."""
    strip = placed.strip
    for piece in strip.inner_first():
        lefts = [placed.left_of(i) for i in piece.members]
        rights = [placed.right_of(i) for i in piece.members]
        for name in piece.children:
            lefts.append(strip.pieces[name].box[0])
            rights.append(strip.pieces[name].box[2])
        piece.box[0], piece.box[2] = min(lefts) - BOX_PAD, max(rights) + BOX_PAD


def header_room(placed: Placed, piece: Piece) -> tuple[float, float]:
    """Where a box's header may go: inside the box, inside its columns, and before the first
    gap inside it where an edge comes down through the header's channel."""
    strip = placed.strip
    left = max(piece.box[0] + HEADER_INDENT, placed.col_x[piece.c0])
    right = min(piece.box[2] - HEADER_INDENT, placed.col_x[piece.c1] + placed.col_w[piece.c1])
    zone = 2 * piece.r0 + 0.3
    for gap in range(piece.c0, piece.c1):
        if any(low < zone < high for low, high in strip.verticals.get(gap, ())):
            right = min(right, placed.col_x[gap] + placed.col_w[gap])
            break
    return left, right


def header_lines(name: str, description: str, width: float) -> list[tuple[str, str]]:
    """The use's name then its description, wrapped to `width`; too long a word is cut."""
    words = clean(description).split()
    lines: list[tuple[str, str]] = []
    head, text = clean(name), ""

    def fits(head: str, text: str) -> bool:
        return header_width(head, text) <= width

    for word in words:
        candidate = f"{text} {word}" if (text or head) else word
        if fits(head, candidate):
            text = candidate
        else:
            lines.append((head, text))
            head, text = "", word
    lines.append((head, text))
    return [shorten(h, t, width) for h, t in lines if h or t]


def header_width(head: str, text: str) -> float:
    return text_width(head, HEADER_SIZE, True) + text_width(text, HEADER_SIZE - 0.5)


def shorten(head: str, text: str, width: float) -> tuple[str, str]:
    """Cut a header line to `width` with an ellipsis (the full text is in the tooltip)."""
    while header_width(head, text) > width and (text or len(head) > 1):
        if text:
            text = text[:-2] + "…" if len(text) > 1 else ""
        else:
            head = head[:-2] + "…"
    return head, text


def headers(placed: Placed) -> None:
    """Wrap each box's header into its room and size the space above its top lane."""
    strip = placed.strip
    for piece in strip.inner_first():
        left, right = header_room(placed, piece)
        piece.text_x = left
        name = strip.groups.label(piece.name)
        description = strip.groups.described[piece.name]
        piece.header = header_lines(name, description, max(right - left, 10.0))
        kids = [strip.pieces[c].dtop for c in piece.children if strip.pieces[c].r0 == piece.r0]
        height = HEADER_TOP + len(piece.header) * HEADER_LINE + HEADER_GAP
        piece.dtop = height + max(kids, default=BOX_PAD - HEADER_GAP)


def measure_y(placed: Placed, top: float) -> None:
    """Rows as tall as their tallest node; channels as tall as tracks, box pads and headers."""
    strip = placed.strip
    row_h = [0.0] * strip.nrows
    for i in strip.members:
        r = strip.row[i]
        row_h[r] = max(row_h[r], strip.nodes[i].height)
    row_h = [h or 16.0 for h in row_h]
    above = [0.0] * (strip.nrows + 1)  # header room above each row
    below = [0.0] * (strip.nrows + 1)  # box pads below each row
    for p in strip.pieces.values():
        above[p.r0] = max(above[p.r0], p.dtop)
        below[p.r1] = max(below[p.r1], p.dbot)
    placed.chan_y, placed.row_top = [], []
    y = top
    for k in range(strip.nrows + 1):
        tracks = len(strip.chan_tracks.get(k, ()))
        placed.chan_y.append(y + GAP_EDGE)
        band = 2 * GAP_EDGE + (tracks - 1) * TRACK if tracks else 0.0
        start = y
        y += band + (below[k - 1] if k else 0.0)
        if k == strip.nrows:
            break
        spacer = 4.0 if k and below[k - 1] and above[k] else 0.0
        y = max(y + spacer + above[k], start + (CHANNEL_MIN if k else 0.0))
        placed.row_top.append(y)
        y += row_h[k]
    placed.row_h, placed.top, placed.bottom = row_h, top, y


def box_y(placed: Placed, routes_into: dict[int, list[Route]]) -> None:
    """Top of a box from its header room; bottom around its layers, inner boxes and the
    shortcuts that run just under it into one of its layers."""
    strip = placed.strip
    for piece in strip.inner_first():
        piece.box[1] = placed.row_top[piece.r0] - piece.dtop
        bottoms = [placed.top_of(i) + strip.nodes[i].height for i in piece.members]
        bottoms += [strip.pieces[c].box[3] for c in piece.children]
        for i in strip.layers_in(piece):
            for e in routes_into.get(i, ()):
                if e.channel == piece.r1 + 1:
                    bottoms.append(placed.track_y(e.channel, e.track))
        piece.box[3] = max(bottoms) + BOX_PAD


# ----------------------------------------------------------------------------------------------
# Edge geometry


def set_ports(placed: Placed) -> dict[int, list[Route]]:
    """The y where each edge enters its target: spread down the left side of a merge."""
    strip = placed.strip
    into: dict[int, list[Route]] = defaultdict(list)
    for e in strip.routes:
        into[e.dst].append(e)
    for dst, edges in into.items():
        centre = placed.cy(dst)
        if len(edges) == 1:
            edges[0].port = centre
            continue
        edges.sort(key=lambda e: (e.port_level, e.slot))
        height = strip.nodes[dst].height
        low, high = centre - height / 2 + PORT_MARGIN, centre + height / 2 - PORT_MARGIN
        step = min(PORT_SPACING, (high - low) / (len(edges) - 1))
        ports = [min(max(arrival_y(placed, e), low), high) for e in edges]
        for n in range(1, len(ports)):
            ports[n] = max(ports[n], ports[n - 1] + step)
        for n in range(len(ports) - 1, -1, -1):
            ports[n] = min(ports[n], high if n == len(ports) - 1 else ports[n + 1] - step)
        for e, port in zip(edges, ports, strict=True):
            e.port = port
    return into


def arrival_y(placed: Placed, e: Route) -> float:
    """The y of the horizontal part that reaches the gap before the target."""
    if e.channel is not None:
        return placed.track_y(e.channel, e.track)
    if e.run_row is not None:
        return placed.row_top[e.run_row] + placed.row_h[e.run_row] / 2
    return placed.cy(e.src)


def route_points(placed: Placed, e: Route) -> list[tuple[float, float]]:
    """The polyline of one edge inside its strip, from the source's right side."""
    x0, y0 = placed.right_of(e.src), placed.cy(e.src)
    points = [(x0, y0)]
    y = arrival_y(placed, e)
    if e.bus:  # down (or up) next to the source: to the lane or channel it runs in, or the target's
        adjacent = e.run_row is None and e.channel is None
        y = placed.cy(e.dst) if adjacent else y
        points += [(placed.bus_x(e.src), y0), (placed.bus_x(e.src), y)]
    if e.fan:
        fx = placed.fan_x(e)
        points += [(fx, y), (fx, e.port)]
        y = e.port
    points.append((placed.left_of(e.dst), y))
    return points


def simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated points and the middle of three points on one straight line."""
    out: list[tuple[float, float]] = []
    for p in points:
        if out and abs(p[0] - out[-1][0]) < 0.05 and abs(p[1] - out[-1][1]) < 0.05:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (abs(ax - bx) < 0.05 and abs(bx - p[0]) < 0.05) or (
                abs(ay - by) < 0.05 and abs(by - p[1]) < 0.05
            ):
                out[-1] = p
                continue
        out.append(p)
    return out


# ----------------------------------------------------------------------------------------------
# The whole picture


def split(nodes: list[Node], groups: Groups, target: float) -> list[tuple[list[int], int | None]]:
    """Members of each strip and the layer that feeds it from the previous one."""
    ranks = max(n.rank for n in nodes) + 1
    widths = [0.0] * ranks
    for n in nodes:
        widths[n.rank] = max(widths[n.rank], n.width + GAP_MIN + 2 * BOX_PAD)
    valid, preferred = cut_points(nodes, ranks, groups)
    bounds = [-1, *choose_cuts(widths, valid, preferred, target), ranks - 1]
    out = []
    for a, b in itertools.pairwise(bounds):
        members = [n.index for n in nodes if a < n.rank <= b]
        feeders = {i for m in members for i in nodes[m].inputs if nodes[i].rank <= a}
        out.append((members, min(feeders) if feeders else None))
    return out


def plan(nodes: list[Node], groups: Groups, target: float) -> list[Placed]:
    """Strips wrapped at `target` width, routed and measured across; headers wrapped."""
    placed = []
    for members, entry in split(nodes, groups, target):
        p = measure_x(Strip(nodes, members, entry, groups))
        box_x(p)
        headers(p)
        placed.append(p)
    return placed


def stack(placed: list[Placed], top: float) -> float:
    """Measure the strips down from `top`, one under another; return the bottom."""
    y = top
    for p in placed:
        measure_y(p, y)
        box_y(p, set_ports(p))
        y = p.bottom + STRIP_GAP
    return y - STRIP_GAP


def layout(report: Report) -> tuple[list[Node], list[Placed]]:
    """Lay the graph out in strips, wrapped so that the picture is about ASPECT times as wide
    as high: the wrap width is bisected (strips break only at some layers, so the ratio moves
    in steps) and the closest picture kept."""
    nodes = make_nodes(report)
    assign_ranks(nodes)
    assign_lanes(nodes)
    groups = Groups(dict(report.network.groups))
    low = MAX_ROW_WIDTH
    high = max(low, sum(n.width + GAP_MIN for n in nodes if n.lane == 0))
    best: tuple[float, list[Placed]] | None = None
    wraps = any(cut_points(nodes, max(n.rank for n in nodes) + 1, groups)[0])
    for _ in range(6 if high > low and wraps else 1):
        target = math.sqrt(low * high)
        placed = plan(nodes, groups, target)
        ratio = picture_width(placed) / stack(placed, 0.0)
        miss = abs(math.log(ratio / ASPECT))
        if best is None or miss < best[0]:
            best = (miss, placed)
        low, high = (target, high) if ratio < ASPECT else (low, target)
    assert best is not None
    return nodes, best[1]


def picture_width(placed: list[Placed]) -> float:
    return max(p.right for p in placed) + EXIT_GAP + MARGIN


def strip_edges(placed: list[Placed]) -> list[tuple[Route, list[tuple[float, float]]]]:
    """Every edge's polyline; one fed from the previous strip starts with the wrap connector."""
    edges = []
    for n, p in enumerate(placed):
        prefix: list[tuple[float, float]] = []
        entry = p.strip.entry
        if entry is not None and n > 0:
            before = placed[n - 1]
            x0, y0 = before.right_of(entry), before.cy(entry)
            exit_x = before.right + EXIT_GAP
            mid = (before.bottom + p.top) / 2
            prefix = [(x0, y0), (exit_x, y0), (exit_x, mid), (ENTRY_X, mid), (ENTRY_X, p.cy(entry))]
        for e in p.strip.routes:
            points = route_points(p, e)
            if e.src == entry:
                points = prefix + points
            edges.append((e, simplify(points)))
    edges.sort(key=lambda item: (item[0].dst, item[0].slot))
    return edges


# ----------------------------------------------------------------------------------------------
# SVG


def text_line(x: float, right: float, y: float, line: Line) -> list[str]:
    """A node line: its spans as one <text> (later spans as <tspan>s), then the right text."""
    first, rest = line.spans[0], line.spans[1:]
    attrs = span_attrs(first)
    tspans = "".join(
        f"<tspan class={quoteattr(s.cls)} fill={quoteattr(s.fill)}>{escape(s.text)}</tspan>"
        for s in rest
    )
    out = [
        f'<text class="{first.cls}" x="{fmt(x)}" y="{fmt(y)}" {attrs}>'
        f"{escape(first.text)}{tspans}</text>"
    ]
    if line.right:
        label = Label(line.right.text, line.right.size, line.right.cls, line.right.fill)
        out.append(text_element(right, y, label, anchor="end"))
    return out


def span_attrs(span: Span) -> str:
    attrs = [f'font-size="{fmt(span.size)}"', f'fill="{span.fill}"', 'text-anchor="start"']
    if span.bold:
        attrs.append('font-weight="bold"')
    if span.mono:
        attrs.append(f"font-family={quoteattr(MONO)}")
    return " ".join(attrs)


def svg_node(p: Placed, i: int) -> str:
    node = p.strip.nodes[i]
    colour = COLOURS.get(node.kind, DEFAULT_COLOUR)
    x, y, w, h = p.left_of(i), p.top_of(i), node.width, node.height
    parts = [
        f'<g class="layer node" id="{node.ident}" data-kind={quoteattr(node.kind)} '
        f"data-name={quoteattr(node.name)}>",
        f"<title>{escape(node.tooltip)}</title>",
        f'<rect class="node-box" x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}" '
        f'rx="4" fill="{shade(colour, 0.78)}" stroke="{shade(colour, -0.3)}"/>',
        f'<rect class="stripe" x="{fmt(x)}" y="{fmt(y)}" width="{fmt(STRIPE)}" '
        f'height="{fmt(h)}" fill="{colour}"/>',
    ]
    line_y = y + NODE_TOP
    for line in node.lines:
        line_y += line.advance
        parts.extend(text_line(x + STRIPE + NODE_PAD, x + w - NODE_PAD, line_y, line))
    parts.append("</g>")
    return "\n".join(parts)


def svg_edge(nodes: list[Node], e: Route, points: list[tuple[float, float]]) -> str:
    """An edge; class "flow" marks each layer's first input, "flow extra" its other inputs."""
    cls = "flow" if e.slot == 0 else "flow extra"
    coords = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
    return (
        f'<polyline class="{cls}" data-from={quoteattr(nodes[e.src].name)} '
        f'data-to={quoteattr(nodes[e.dst].name)} points="{coords}" fill="none" '
        f'stroke="{EDGE_COLOUR}" stroke-width="1.3" marker-end="url(#arrow)"/>'
    )


def svg_group(piece: Piece, described: str, taken: set[str]) -> str:
    """A block use's box (deeper uses lighter) with its header, the full text as tooltip."""
    x0, y0, x1, y1 = piece.box
    ident = safe_id(f"group-{piece.name}", taken)
    parts = [
        f'<g class="group" id="{ident}" data-name={quoteattr(piece.name)}>',
        f"<title>{escape(clean(piece.name))}: {escape(clean(described))}</title>",
        f'<rect class="group-box" x="{fmt(x0)}" y="{fmt(y0)}" width="{fmt(x1 - x0)}" '
        f'height="{fmt(y1 - y0)}" rx="8" fill="{shade("#e3e9f0", 0.4 * min(piece.depth, 2))}" '
        'stroke="#a3b0bd" stroke-dasharray="4 3"/>',
    ]
    y = y0 + HEADER_TOP + HEADER_SIZE
    for head, text in piece.header:
        parts.append(header_element(piece.text_x, y, head, text))
        y += HEADER_LINE
    parts.append("</g>")
    return "\n".join(parts)


def header_element(x: float, y: float, head: str, text: str) -> str:
    """One header line: the use's name in bold and its description, or more description."""
    small = f'font-size="{fmt(HEADER_SIZE - 0.5)}" fill="#5a6673"'
    if not head:
        return (
            f'<text class="group-description" x="{fmt(x)}" y="{fmt(y)}" {small} '
            f'text-anchor="start">{escape(text)}</text>'
        )
    tail = f'<tspan class="group-description" font-weight="normal" {small}>{escape(text)}</tspan>'
    return (
        f'<text class="group-name" x="{fmt(x)}" y="{fmt(y)}" font-size="{fmt(HEADER_SIZE)}" '
        f'fill="#2f3b47" font-weight="bold" text-anchor="start">{escape(head)}'
        f"{tail if text else ''}</text>"
    )


def render_graph_svg(report: Report) -> str:
    """A graph network as lanes of nodes, orthogonal edges and block-use boxes, as SVG."""
    net = report.network
    title = Label(clean(net.name), 20, "title", "#111111", bold=True)
    totals = Label(totals_text(report), 12, "totals", "#222222")
    nodes, placed = layout(report)
    kinds = list(dict.fromkeys(n.kind for n in nodes))
    _, legend_width = legend(kinds, 0.0)
    width = max(
        picture_width(placed),
        MIN_CANVAS_WIDTH,
        2 * MARGIN + title.width,
        2 * MARGIN + totals.width,
        2 * MARGIN + legend_width,
    )
    body = [text_element(MARGIN, MARGIN + 18, title, anchor="start")]
    y = MARGIN + 19
    for line in description_lines(net.description, width - 2 * MARGIN):
        y += 17
        body.append(text_element(MARGIN, y, Label(line, 12, "description", "#555555"), "start"))
    y = stack(placed, y + 30) + 30
    body.extend(picture_elements(nodes, placed, dict(net.groups)))
    body.append(text_element(MARGIN, y, totals, anchor="start"))
    swatches, _ = legend(kinds, y + 24)
    body.extend(swatches)
    return document(net.name, math.ceil(width), math.ceil(y + 24 + MARGIN), body)


def picture_elements(
    nodes: list[Node], placed: list[Placed], described: dict[str, str]
) -> Iterator[str]:
    """Boxes (outer first), then edges, then nodes on top."""
    taken: set[str] = set()
    for p in placed:
        for piece in sorted(p.strip.pieces.values(), key=lambda q: (q.depth, q.name)):
            yield svg_group(piece, described[piece.name], taken)
    for e, points in strip_edges(placed):
        yield svg_edge(nodes, e, points)
    for p in placed:
        for i in p.strip.members:
            yield svg_node(p, i)


def document(name: str, width: int, height: int, body: list[str]) -> str:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family={quoteattr(FONT)}>\n'
        f"<title>{escape(clean(name))}</title>\n"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{EDGE_COLOUR}"/></marker></defs>\n'
        '<rect class="background" x="0" y="0" width="100%" height="100%" fill="#ffffff"/>\n'
    )
    return head + "\n".join(body) + "\n</svg>\n"


# ----------------------------------------------------------------------------------------------
# DOT


def dot_clusters(report: Report, groups: Groups) -> list[str]:
    """Nodes nested in one cluster per block use, in the order the layers come."""
    tree: dict[str, list[str | int]] = defaultdict(list)  # use ('' top) -> uses and nodes
    seen: set[str] = set()
    for i, row in enumerate(report.rows, start=1):
        parent = ""
        for name in groups.chain(row.layer.group):
            if name not in seen:
                seen.add(name)
                tree[parent].append(name)
            parent = name
        tree[parent].append(i)
    lines: list[str] = []

    def emit(key: str, indent: str) -> None:
        for item in tree[key]:
            if isinstance(item, int):
                lines.append(indent + dot_node(item, report.rows[item - 1]))
                continue
            description = groups.described[item]
            lines.append(f"{indent}subgraph {dot_string('cluster_' + item)} {{")
            lines.append(
                f"{indent}  graph [label=<<B>{dot_html(groups.label(item))}</B> "
                f"{dot_html(description)}>, tooltip={dot_string(item + ': ' + description)}, "
                'style="rounded,filled", fillcolor="#eef2f6", color="#9aa8b6", fontsize=11];'
            )
            emit(item, indent + "  ")
            lines.append(f"{indent}}}")

    emit("", "  ")
    return lines


def render_graph_dot(report: Report) -> str:
    """A Graphviz digraph, top to bottom: one edge per input, a cluster per block use."""
    net = report.network
    lines = [
        f"digraph {dot_string(net.name)} {{",
        "  graph [rankdir=TB, labelloc=t, fontname=Helvetica, fontsize=14,",
        f"         label=<<B>{dot_html(net.name)}</B><BR/>{dot_html(totals_text(report))}>,",
        f"         tooltip={dot_string(net.description or net.name)}];",
        '  node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=10];',
        '  edge [color="#8a8a8a"];',
        f"  n0 [label=<<B>input</B><BR/>{dot_html(fmt_shape(net.input))}>, "
        f'fillcolor="{COLOURS["input"]}", tooltip="input"];',
    ]
    lines.extend(dot_clusters(report, Groups(dict(net.groups))))
    index = {"input": 0} | {row.name: i for i, row in enumerate(report.rows, start=1)}
    for i, row in enumerate(report.rows, start=1):
        many = len(row.inputs) > 1
        for slot, name in enumerate(row.inputs):
            attrs = f' [tooltip="input {slot + 1} of {len(row.inputs)}"]' if many else ""
            lines.append(f"  n{index[name]} -> n{i}{attrs};")
    lines.append("}")
    return "\n".join(lines) + "\n"
