"""Draws a shape report as a picture: SVG, PNG (the SVG rasterized) or Graphviz DOT.

Pure standard library on purpose: `netspec draw` must start as quickly as `netspec check`, so
no numpy, jinja2 or TensorFlow here. Layout sizes come from estimated text widths, which are
deliberately generous so that real fonts (DejaVu Sans is the widest common one) never collide.
"""

from __future__ import annotations

import itertools
import math
import re
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from netspec.errors import NetspecError, UsageError
from netspec.layers.base import Shape, fmt_shape
from netspec.report import human_bytes, human_count
from netspec.shapes import Report, Row

FORMATS = (".svg", ".png", ".dot")
FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
MONO = "Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace"

# Width of a character as a fraction of the font size, for layout. Tests check overlap with
# 0.6; layout uses more so that wide fonts still leave a gap.
CHAR_WIDTH = 0.64
BOLD_CHAR_WIDTH = 0.70

MARGIN = 32.0
SLOT_GAP = 20.0  # horizontal space between the widest things of neighbouring slots
MAX_ROW_WIDTH = 1200.0  # a row of blocks wraps beyond this; keeps text readable when scaled
LABEL_PAD = 12.0  # between the lowest block of a row and its labels
ROW_GAP = 40.0  # between one row's labels and the next row's highest block
MIN_CANVAS_WIDTH = 640.0

# Spatial sizes use a square-root scale (224 -> 120 px, 7 -> 21 px: halving stays visible),
# channels a log scale (1 -> 4 px, 512 -> 64 px), vector lengths a log scale too.
SPATIAL_SCALE, SPATIAL_MIN, SPATIAL_MAX = 8.0, 14.0, 150.0
CHANNEL_BASE, CHANNEL_SCALE, CHANNEL_MAX = 4.0, 7.0, 64.0
VECTOR_SCALE, VECTOR_MIN, VECTOR_MAX, VECTOR_THICK, VECTOR_DEPTH = 10.0, 14.0, 140.0, 10.0, 14.0
MARKER_THICK = 6.0
DEPTH_X, DEPTH_Y = 0.43, 0.25  # oblique projection of the depth axis (30 degrees, halved)

# Layers that keep the shape: drawn as thin slabs so long networks stay compact.
MARKER_KINDS = frozenset({"dropout", "activation", "lrn", "batchnorm"})

COLOURS = {
    "input": "#a7b6c4",
    "conv": "#5b9bd5",
    "pool": "#e06666",
    "fc": "#8e7cc3",
    "flatten": "#93c47d",
    "dropout": "#b7b7b7",
    "lrn": "#f6b26b",
    "batchnorm": "#f1c232",
    "activation": "#76c7b7",
    "depthwise": "#3d85c6",
    "global_pool": "#ea9999",
    "upsample": "#9e9e5e",
    "add": "#d16ba5",
    "concat": "#b08d57",
}
DEFAULT_COLOUR = "#cccccc"

# Characters XML 1.0 forbids even when escaped (control characters, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class DrawError(NetspecError):
    """A rasterizer was found but failed to convert the SVG."""


@dataclass(frozen=True)
class Label:
    """One line of text under a block; the class names the line for tests and styling."""

    text: str
    size: float
    cls: str
    fill: str = "#333333"
    bold: bool = False
    mono: bool = False
    advance: float = 15.0  # distance from the previous line's baseline

    @property
    def width(self) -> float:
        return text_width(self.text, self.size, self.bold)


@dataclass(frozen=True)
class Block:
    """The input or one layer: geometry of its box and its labels, before placement."""

    ident: str
    name: str
    kind: str
    tooltip: str
    labels: tuple[Label, ...]
    thick: float  # x extent of the front face (channels)
    height: float  # y extent of the front face (height, or vector length)
    dx: float  # oblique depth offset (width)
    dy: float
    marker: bool

    @property
    def box_width(self) -> float:
        return self.thick + self.dx

    @property
    def label_width(self) -> float:
        return max((label.width for label in self.labels), default=0.0)

    @property
    def label_height(self) -> float:
        return sum(label.advance for label in self.labels) + 4.0

    @property
    def slot(self) -> float:
        return max(self.box_width, self.label_width) + SLOT_GAP


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated rendered width; generous so that layout holds for wide fonts."""
    return len(text) * size * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH)


def clean(text: str) -> str:
    """Replace what XML cannot hold at all; escaping is done where the text is written."""
    return _NOT_XML.sub("\ufffd", text)


def fmt(value: float) -> str:
    """A coordinate with at most one decimal, so the SVG stays small and diffable."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def spatial_px(n: int) -> float:
    return min(max(SPATIAL_SCALE * math.sqrt(n), SPATIAL_MIN), SPATIAL_MAX)


def channel_px(c: int) -> float:
    return min(CHANNEL_BASE + CHANNEL_SCALE * math.log2(max(c, 1)), CHANNEL_MAX)


def vector_px(n: int) -> float:
    return min(max(VECTOR_SCALE * math.log2(n + 1), VECTOR_MIN), VECTOR_MAX)


def box_geometry(shape: Shape, marker: bool) -> tuple[float, float, float, float]:
    """(thickness, height, dx, dy) for a tensor shape: image-shaped or a flat vector."""
    if len(shape) == 3:
        h, w, c = shape
        thick = MARKER_THICK if marker else channel_px(c)
        height, depth = spatial_px(h), spatial_px(w)
    else:
        thick = MARKER_THICK if marker else VECTOR_THICK
        height, depth = vector_px(shape[0] if shape else 1), VECTOR_DEPTH
    return thick, height, depth * DEPTH_X, depth * DEPTH_Y


def safe_id(text: str, taken: set[str]) -> str:
    """An id usable in CSS and links, unique in the document."""
    base = re.sub(r"[^A-Za-z0-9_-]", "_", text)
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def layer_block(row: Row, ident: str) -> Block:
    name, kind = clean(row.name), clean(row.kind)
    marker = row.kind in MARKER_KINDS
    shape = fmt_shape(row.output)
    labels = [
        Label(name, 12, "name", "#111111", bold=True, advance=12),
        Label(kind, 11, "kind", shade(COLOURS.get(row.kind, DEFAULT_COLOUR), -0.45)),
        Label(shape, 11, "shape", "#222222"),
        Label(plural(row.params, "param"), 11, "params", "#555555"),
    ]
    # A rule with both axes ("h ..., w ...") goes on two lines to keep slots narrow.
    for part in clean(row.rule).split(", ") if row.rule else ():
        labels.append(Label(part, 10, "rule", "#6b6b6b", mono=True, advance=14))
    settings = clean(row.layer.describe())
    tooltip = [f"{name}: {kind}" + (f" {settings}" if settings != kind else "")]
    tooltip.append(f"{fmt_shape(row.input)} -> {shape}")
    if row.rule:
        tooltip.append(clean(row.rule))
    tooltip.append(f"{plural(row.params, 'param')} ({row.trainable:,} trainable)")
    tooltip.append(f"{row.macs:,} MACs")
    return Block(
        ident,
        name,
        kind,
        "\n".join(tooltip),
        tuple(labels),
        *box_geometry(row.output, marker),
        marker,
    )


def input_block(report: Report) -> Block:
    shape = fmt_shape(report.network.input)
    labels = (
        Label("input", 12, "name", "#111111", bold=True, advance=12),
        Label(shape, 11, "shape", "#222222"),
    )
    return Block(
        "net-input",
        "input",
        "input",
        f"input: {shape}",
        labels,
        *box_geometry(tuple(report.network.input), False),
        False,
    )


def blocks_of(report: Report) -> list[Block]:
    taken = {"net-input"}
    blocks = [input_block(report)]
    for row in report.rows:
        blocks.append(layer_block(row, safe_id(f"layer-{row.name}", taken)))
    return blocks


def split_rows(widths: list[float], limit: float) -> list[int]:
    """Row lengths that wrap `widths` into as few rows as `limit` needs, balanced in width."""
    total = sum(widths)
    rows_needed = max(1, math.ceil(total / limit))

    def greedy(cap: float) -> list[int]:
        counts, used = [0], 0.0
        for w in widths:
            if counts[-1] and used + w > cap:
                counts.append(0)
                used = 0.0
            counts[-1] += 1
            used += w
        return counts

    low, high = max(widths, default=0.0), max(total, 1.0)
    for _ in range(40):  # bisect the narrowest cap that still fits in rows_needed rows
        mid = (low + high) / 2
        if len(greedy(mid)) <= rows_needed:
            high = mid
        else:
            low = mid
    return greedy(high)


def shade(colour: str, amount: float) -> str:
    """Lighten (amount > 0) towards white or darken (amount < 0) towards black."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    if amount >= 0:
        rgb = [round(v + (255 - v) * amount) for v in rgb]
    else:
        rgb = [round(v * (1 + amount)) for v in rgb]
    return "#" + "".join(f"{v:02x}" for v in rgb)


def polygon(points: Iterable[tuple[float, float]], fill: str, stroke: str, cls: str) -> str:
    coords = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
    return f'<polygon class="{cls}" points="{coords}" fill="{fill}" stroke="{stroke}"/>'


def text_element(x: float, y: float, label: Label, anchor: str = "middle") -> str:
    attrs = [
        f'class="{label.cls}"',
        f'x="{fmt(x)}"',
        f'y="{fmt(y)}"',
        f'font-size="{fmt(label.size)}"',
        f'fill="{label.fill}"',
        f'text-anchor="{anchor}"',
    ]
    if label.bold:
        attrs.append('font-weight="bold"')
    if label.mono:
        attrs.append(f"font-family={quoteattr(MONO)}")
    return f"<text {' '.join(attrs)}>{escape(label.text)}</text>"


def box_elements(block: Block, x: float, axis: float) -> list[str]:
    """Front, top and side faces of the pseudo-3D box whose front face starts at x."""
    colour = COLOURS.get(block.kind, DEFAULT_COLOUR)
    stroke = shade(colour, -0.4)
    t, h, dx, dy = block.thick, block.height, block.dx, block.dy
    top, bottom = axis - h / 2, axis + h / 2
    return [
        polygon(
            [(x, top), (x + dx, top - dy), (x + t + dx, top - dy), (x + t, top)],
            shade(colour, 0.35),
            stroke,
            "face top",
        ),
        polygon(
            [(x + t, top), (x + t + dx, top - dy), (x + t + dx, bottom - dy), (x + t, bottom)],
            shade(colour, -0.18),
            stroke,
            "face side",
        ),
        polygon([(x, top), (x + t, top), (x + t, bottom), (x, bottom)], colour, stroke, "face"),
    ]


@dataclass(frozen=True)
class RowBox:
    """The vertical extent of one row of blocks with its labels, and its right edge."""

    top: float
    bottom: float
    right: float


@dataclass(frozen=True)
class Placed:
    block: Block
    slot_x: float
    box_x: float
    axis: float
    labels_top: float
    row: int


def place(blocks: list[Block], top: float) -> tuple[list[Placed], list[RowBox], float, float]:
    """Wrap blocks into rows; return placements, the rows' extents, the width and the bottom."""
    counts = split_rows([b.slot for b in blocks], MAX_ROW_WIDTH)
    placed: list[Placed] = []
    rows: list[RowBox] = []
    start, y = 0, top
    for r, count in enumerate(counts):
        row = blocks[start : start + count]
        start += count
        above = max(b.height / 2 + b.dy for b in row)
        below = max(b.height / 2 for b in row)
        axis = y + above
        labels_top = axis + below + LABEL_PAD
        x = MARGIN
        for b in row:
            box_x = x + (b.slot - b.box_width) / 2
            placed.append(Placed(b, x, box_x, axis, labels_top, r))
            x += b.slot
        bottom = labels_top + max(b.label_height for b in row)
        rows.append(RowBox(y, bottom, x))
        y = bottom + ROW_GAP
    return placed, rows, max(r.right for r in rows) + MARGIN, y - ROW_GAP


def connectors(placed: list[Placed], rows: list[RowBox]) -> list[str]:
    """Arrows from each block to the next; between rows they run through the empty gap."""
    out: list[str] = []
    for a, b in itertools.pairwise(placed):
        start_x = a.box_x + a.block.box_width + 3
        end_x = b.box_x - 3
        if a.row == b.row:
            points = [(start_x, a.axis), (end_x, b.axis)]
        else:
            gap_y = (rows[a.row].bottom + rows[b.row].top) / 2
            route_x = rows[a.row].right - SLOT_GAP / 4
            left_x = MARGIN / 2
            points = [
                (start_x, a.axis),
                (route_x, a.axis),
                (route_x, gap_y),
                (left_x, gap_y),
                (left_x, b.axis),
                (end_x, b.axis),
            ]
        coords = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
        out.append(
            f'<polyline class="flow" points="{coords}" fill="none" stroke="#8a8a8a" '
            'stroke-width="1.3" marker-end="url(#arrow)"/>'
        )
    return out


def totals_text(report: Report) -> str:
    macs = report.total_macs
    return (
        f"total: {plural(report.total_params, 'param')} "
        f"({report.trainable_params:,} trainable, {human_bytes(report.parameter_memory)} "
        f"as float32) · {macs:,} MACs ({human_count(macs)}) · output {fmt_shape(report.output)}"
    )


def description_lines(text: str, width: float) -> list[str]:
    """The description wrapped to the picture's width; its own line breaks are kept."""
    chars = max(20, int(width / (12 * CHAR_WIDTH)))
    lines: list[str] = []
    for paragraph in clean(text).splitlines():
        lines.extend(textwrap.wrap(paragraph, chars) or [""])
    while lines and not lines[-1]:
        lines.pop()
    return lines


def legend(kinds: list[str], y: float) -> tuple[list[str], float]:
    """One line of colour swatches for the kinds drawn; returns the elements and their width."""
    out: list[str] = []
    x = MARGIN
    for kind in kinds:
        label = Label(kind, 11, "legend", "#444444")
        colour = COLOURS.get(kind, DEFAULT_COLOUR)
        out.append(
            f'<rect class="swatch" x="{fmt(x)}" y="{fmt(y - 10)}" width="12" height="12" '
            f'fill="{colour}" stroke="{shade(colour, -0.4)}"/>'
        )
        out.append(text_element(x + 17, y, label, anchor="start"))
        x += 17 + label.width + 18
    return out, x - 18


def render_svg(report: Report) -> str:
    """The network left to right as pseudo-3D boxes sized by each output, as an SVG document.

    A graph network (branches, merges) is drawn as a layered diagram by netspec.draw_graph.
    """
    net = report.network
    if net.is_graph:
        from netspec.draw_graph import render_graph_svg  # it builds on this module

        return render_graph_svg(report)
    blocks = blocks_of(report)
    title = Label(clean(net.name), 20, "title", "#111111", bold=True)
    totals = Label(totals_text(report), 12, "totals", "#222222")
    kinds = list(dict.fromkeys(b.kind for b in blocks))
    _, legend_width = legend(kinds, 0.0)
    # Width first (rows, title, totals, legend), then the description wrapped to it.
    _, _, rows_width, _ = place(blocks, 0.0)
    width = max(
        rows_width,
        MIN_CANVAS_WIDTH,
        2 * MARGIN + title.width,
        2 * MARGIN + totals.width,
        2 * MARGIN + legend_width,
    )
    body: list[str] = [text_element(MARGIN, MARGIN + 18, title, anchor="start")]
    y = MARGIN + 19
    for line in description_lines(net.description, width - 2 * MARGIN):
        y += 17
        body.append(text_element(MARGIN, y, Label(line, 12, "description", "#555555"), "start"))
    placed, rows, _, bottom = place(blocks, y + 30)

    body.extend(connectors(placed, rows))
    for p in placed:
        b = p.block
        parts = [
            f'<g class="layer{" marker" if b.marker else ""}" id="{b.ident}" '
            f"data-kind={quoteattr(b.kind)} data-name={quoteattr(b.name)}>",
            f"<title>{escape(b.tooltip)}</title>",
            *box_elements(b, p.box_x, p.axis),
        ]
        centre = p.slot_x + b.slot / 2
        line_y = p.labels_top
        for label in b.labels:
            line_y += label.advance
            parts.append(text_element(centre, line_y, label))
        parts.append("</g>")
        body.append("\n".join(parts))

    y = bottom + 28
    body.append(text_element(MARGIN, y, totals, anchor="start"))
    swatches, _ = legend(kinds, y + 24)
    body.extend(swatches)
    width, height = math.ceil(width), math.ceil(y + 24 + MARGIN)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{fmt(width)}" height="{fmt(height)}" '
        f'viewBox="0 0 {fmt(width)} {fmt(height)}" font-family={quoteattr(FONT)}>\n'
        f"<title>{escape(clean(net.name))}</title>\n"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#8a8a8a"/></marker></defs>\n'
        '<rect class="background" x="0" y="0" width="100%" height="100%" fill="#ffffff"/>\n'
    )
    return head + "\n".join(body) + "\n</svg>\n"


def dot_string(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, line breaks as \\n."""
    text = clean(text).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return '"' + "\\n".join(text.splitlines() or [""]) + '"'


def dot_html(text: str) -> str:
    """Text inside a Graphviz HTML-like label: XML escaping, line breaks as spaces."""
    return escape(" ".join(clean(text).split()), {'"': "&quot;"})


def dot_node(i: int, row: Row) -> str:
    """One layer as a DOT node: name, kind, shape, parameters and its rule."""
    label = [
        f"<B>{dot_html(row.name)}</B>",
        dot_html(row.kind),
        dot_html(fmt_shape(row.output)),
        dot_html(plural(row.params, "param")),
    ]
    label.extend(
        f'<FONT POINT-SIZE="8">{dot_html(part)}</FONT>'
        for part in (row.rule.split(", ") if row.rule else ())
    )
    colour = COLOURS.get(row.kind, DEFAULT_COLOUR)
    return (
        f'n{i} [label=<{"<BR/>".join(label)}>, fillcolor="{colour}", '
        f"tooltip={dot_string(row.layer.describe())}];"
    )


def render_dot(report: Report) -> str:
    """A Graphviz digraph (rankdir=LR), one filled node per layer with shape and params.

    A graph network gets its real edges and a cluster per block use (netspec.draw_graph).
    """
    net = report.network
    if net.is_graph:
        from netspec.draw_graph import render_graph_dot

        return render_graph_dot(report)
    lines = [
        f"digraph {dot_string(net.name)} {{",
        "  graph [rankdir=LR, labelloc=t, fontname=Helvetica, fontsize=14,",
        f"         label=<<B>{dot_html(net.name)}</B><BR/>{dot_html(totals_text(report))}>,",
        f"         tooltip={dot_string(net.description or net.name)}];",
        '  node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=10];',
        '  edge [color="#8a8a8a"];',
        f"  n0 [label=<<B>input</B><BR/>{dot_html(fmt_shape(net.input))}>, "
        f'fillcolor="{COLOURS["input"]}", tooltip="input"];',
    ]
    for i, row in enumerate(report.rows, start=1):
        lines.append("  " + dot_node(i, row))
    lines.extend(f"  n{i} -> n{i + 1};" for i in range(len(report.rows)))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _cairosvg(svg: Path, png: Path) -> None:
    import cairosvg  # type: ignore[import-not-found]

    cairosvg.svg2png(url=str(svg), write_to=str(png))


def _command(argv: list[str]) -> Callable[[Path, Path], None]:
    def run(svg: Path, png: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="netspec-draw-") as profile:
            filled = [
                a.replace("{svg}", str(svg))
                .replace("{png}", str(png))
                .replace("{uri}", svg.resolve().as_uri())
                .replace("{profile}", profile)
                for a in argv
            ]
            done = subprocess.run(filled, capture_output=True, text=True, timeout=180)
        if done.returncode != 0 or not png.exists() or png.stat().st_size == 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise DrawError(f"{argv[0]} exited with {done.returncode}: {detail[0]}")

    return run


def rasterizers(width: int, height: int) -> list[tuple[str, Callable[[Path, Path], None]]]:
    """The available ways to turn the SVG into a PNG, best first."""
    found: list[tuple[str, Callable[[Path, Path], None]]] = []
    try:
        import cairosvg  # type: ignore[import-not-found]  # noqa: F401
    except (ImportError, OSError):  # OSError: the module is there but libcairo is not
        pass
    else:
        found.append(("cairosvg", _cairosvg))
    if exe := shutil.which("rsvg-convert"):
        found.append(("rsvg-convert", _command([exe, "-f", "png", "-o", "{png}", "{svg}"])))
    if exe := shutil.which("inkscape"):
        found.append(
            ("inkscape", _command([exe, "{svg}", "--export-type=png", "--export-filename={png}"]))
        )
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if exe := shutil.which(name):
            argv = [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "--screenshot={png}",
                "{uri}",
            ]
            found.append((name, _command(argv)))
            break
    return found


def write_png(svg_text: str, path: Path) -> None:
    """Rasterize with the first tool that works; say what to install when there is none."""
    size = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg_text)
    width, height = (math.ceil(float(v)) for v in size.groups()) if size else (1600, 900)
    tools = rasterizers(width, height)
    if not tools:
        raise UsageError(
            f"cannot write {path}: no SVG rasterizer found (tried the cairosvg module, "
            "rsvg-convert, inkscape and chromium); "
            "install cairosvg or librsvg (rsvg-convert) or write .svg"
        )
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="netspec-draw-") as tmp:
        svg = Path(tmp) / "net.svg"
        svg.write_text(svg_text, encoding="utf-8")
        png = Path(tmp) / "net.png"
        for name, convert in tools:
            try:
                convert(svg, png)
                shutil.copyfile(png, path)
                return
            except (DrawError, OSError, subprocess.SubprocessError, ValueError) as exc:
                failures.append(f"{name}: {exc}")
    raise DrawError(f"cannot write {path}: every rasterizer failed\n  " + "\n  ".join(failures))


def draw_to_file(report: Report, path: str | Path) -> str:
    """Write the picture in the format the suffix names (.svg, .png, .dot); return the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        given = f"'{suffix}'" if suffix else "no suffix"
        raise UsageError(
            f"cannot tell which picture to write for {path} ({given}); "
            "name the output FILE.svg, FILE.png or FILE.dot"
        )
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: directory {path.parent} does not exist")
    try:
        if suffix == ".dot":
            path.write_text(render_dot(report), encoding="utf-8")
        elif suffix == ".svg":
            path.write_text(render_svg(report), encoding="utf-8")
        else:
            write_png(render_svg(report), path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return str(path)
