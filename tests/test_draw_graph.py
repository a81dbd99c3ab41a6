"""`netspec draw` for graph networks: lanes, orthogonal edges and block-use boxes, checked as
geometry on the SVG and as edges in the DOT; linear networks keep their own drawing."""

from __future__ import annotations

import dataclasses
import itertools
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable

import pytest

from netspec import draw, draw_graph
from netspec.model import load_network, parse_network
from netspec.shapes import Report, analyze
from tests.conftest import ROOT, SPECS, CpuTime, golden

NS = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]
Point = tuple[float, float]

# An Inception-style module (four towers, one of them a nested block use) and two residual
# blocks, one with an identity shortcut and one with a projection.
SMALL_GRAPH = """
name: small-graph
description: an Inception-style module and two residual blocks, for the drawing tests
input: [32, 32, 3]
blocks:
  cbr:
    args: {filters: null, size: 1}
    layers:
      - {type: conv, name: conv, filters: $filters, size: $size, padding: same}
      - {type: activation, name: relu, function: relu}
  mixed:
    args: {width: 8}
    layers:
      - {type: conv, name: b1, filters: $width, size: 1, inputs: input}
      - {block: cbr, name: b2_0, filters: $width, inputs: input}
      - {type: conv, name: b2_1, filters: $width, size: 3, padding: same}
      - {type: conv, name: b3_0, filters: $width, size: 1, inputs: input}
      - {type: conv, name: b3_1, filters: $width, size: 5, padding: same}
      - {type: pool, name: b4_0, size: 3, stride: 1, padding: same, inputs: input}
      - {type: conv, name: b4_1, filters: $width, size: 1}
      - {type: concat, name: cat, inputs: [b1, b2_1, b3_1, b4_1]}
  residual:
    args: {filters: null, stride: 1, project: false}
    layers:
      - {type: conv, name: conv1, filters: $filters, size: 3, stride: $stride, padding: same}
      - {type: batchnorm, name: bn1}
      - {type: activation, name: relu1, function: relu}
      - {type: conv, name: conv2, filters: $filters, size: 3, padding: same}
      - {type: batchnorm, name: bn2}
      - {type: conv, name: down, inputs: input, filters: $filters, size: 1, stride: $stride,
         padding: same, when: $project}
      - {type: add, name: add, inputs: [bn2, down]}
      - {type: activation, name: relu2, function: relu}
layers:
  - {type: conv, name: stem, filters: 16, size: 3, padding: same}
  - {block: mixed, name: mixed1}
  - {block: residual, name: res1, filters: 32}
  - {block: residual, name: res2, filters: 64, stride: 2, project: true}
  - {type: global_pool, name: gap}
  - {type: fc, name: fc, units: 10}
"""

# Shapes that the specs do not have: a shortcut from the input over everything, a dead-end
# branch, a merge of three inputs from different depths, a branch that splits again.
ODD_GRAPH = """
name: odd-graph
input: [16, 16, 8]
layers:
  - {type: conv, name: a, filters: 8, size: 3, padding: same}
  - {type: conv, name: b, filters: 8, size: 3, padding: same}
  - {type: conv, name: side, inputs: a, filters: 8, size: 1}
  - {type: conv, name: side2, inputs: side, filters: 8, size: 1}
  - {type: conv, name: split_a, inputs: side, filters: 8, size: 3, padding: same}
  - {type: add, name: twin, inputs: [side2, split_a]}
  - {type: conv, name: dead_end, inputs: b, filters: 4, size: 1}
  - {type: conv, name: c, inputs: b, filters: 8, size: 3, padding: same}
  - {type: conv, name: d, filters: 8, size: 3, padding: same}
  - {type: add, name: three, inputs: [d, twin, input]}
  - {type: concat, name: both, inputs: [three, a]}
  - {type: upsample, name: up, size: 2}
  - {type: depthwise, name: dw, size: 3, padding: same}
  - {type: global_pool, name: gp}
"""


def dense_chain(layers: int) -> str:
    """A DenseNet-like chain: every layer concatenates its input with a new feature map, so the
    picture wraps at places where one output feeds two layers."""
    lines = ["name: dense-chain", "input: [8, 8, 4]", "layers:"]
    previous = "input"
    for n in range(layers):
        lines.append(f"  - {{type: conv, name: c{n}, inputs: {previous}, filters: 2, size: 1}}")
        lines.append(f"  - {{type: concat, name: cat{n}, inputs: [{previous}, c{n}]}}")
        previous = f"cat{n}"
    return "\n".join(lines) + "\n"


def skip_chain(layers: int) -> str:
    """A chain with a shortcut from the input to its end: no place to wrap at."""
    lines = ["name: skip-chain", "input: [8, 8, 4]", "layers:"]
    lines += [f"  - {{type: conv, name: c{n}, filters: 4, size: 1}}" for n in range(layers)]
    lines.append(f"  - {{type: add, name: skip, inputs: [c{layers - 1}, input]}}")
    return "\n".join(lines) + "\n"


def small_report() -> Report:
    return analyze(parse_network(SMALL_GRAPH, "small-graph.yaml"))


def odd_report() -> Report:
    return analyze(parse_network(ODD_GRAPH, "odd-graph.yaml"))


def dense_report(layers: int = 60) -> Report:
    return analyze(parse_network(dense_chain(layers), "dense-chain.yaml"))


def skip_report(layers: int = 12) -> Report:
    return analyze(parse_network(skip_chain(layers), "skip-chain.yaml"))


GRAPH_SPECS = [s for s in SPECS if load_network(s).is_graph]
REPORTS = [
    pytest.param(small_report, id="small-graph"),
    pytest.param(odd_report, id="odd-graph"),
    pytest.param(dense_report, id="dense-chain"),
    pytest.param(skip_report, id="skip-chain"),
] + [pytest.param(lambda s=s: analyze(load_network(s)), id=s.stem) for s in GRAPH_SPECS]


# ----------------------------------------------------------------------------------------------
# Reading the SVG back


@dataclasses.dataclass
class Drawing:
    root: ET.Element
    nodes: dict[str, Box]  # layer name -> node box
    order: list[str]  # layer names in document order
    edges: list[tuple[str, str, str, list[Point]]]  # from, to, class, points
    groups: list[tuple[str, Box, ET.Element]]  # use name, box, its <g>
    texts: list[tuple[str, Box]]


def rect_box(element: ET.Element) -> Box:
    x, y = float(element.get("x", "0")), float(element.get("y", "0"))
    return x, y, x + float(element.get("width", "0")), y + float(element.get("height", "0"))


def text_box(element: ET.Element) -> Box:
    """Estimated extent of a <text> with its <tspan>s: 0.6 of the size a character (the
    smaller size for the tspans, which never use a larger one), ascent to descent."""
    size = float(element.get("font-size", "0"))
    x, y = float(element.get("x", "0")), float(element.get("y", "0"))
    width = len("".join(element.itertext())) * size * 0.6
    anchor = element.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return left, y - size, left + width, y + 0.25 * size


def points_of(element: ET.Element) -> list[Point]:
    return [
        (float(x), float(y)) for x, y in (p.split(",") for p in element.get("points", "").split())
    ]


def read(svg: str) -> Drawing:
    root = ET.fromstring(svg.encode("utf-8"))
    nodes, order = {}, []
    for g in root.iter(f"{NS}g"):
        if "node" in g.get("class", "").split():
            name = g.get("data-name", "")
            nodes[name] = rect_box(
                next(r for r in g.iter(f"{NS}rect") if r.get("class") == "node-box")
            )
            order.append(name)
    edges = [
        (p.get("data-from", ""), p.get("data-to", ""), p.get("class", ""), points_of(p))
        for p in root.iter(f"{NS}polyline")
    ]
    groups = [
        (g.get("data-name", ""), rect_box(g.find(f"{NS}rect")), g)  # type: ignore[arg-type]
        for g in root.iter(f"{NS}g")
        if g.get("class") == "group"
    ]
    texts = [("".join(t.itertext()), text_box(t)) for t in root.iter(f"{NS}text")]
    return Drawing(root, nodes, order, edges, groups, texts)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Box, outer: Box) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def segments(points: list[Point]) -> list[Box]:
    """Each segment of a polyline as a thin box (edges are orthogonal, so this is exact)."""
    return [
        (min(x0, x1), min(y0, y1), max(x0, x1) + 0.1, max(y0, y1) + 0.1)
        for (x0, y0), (x1, y1) in itertools.pairwise(points)
    ]


def shrink(box: Box, by: float) -> Box:
    return box[0] + by, box[1] + by, box[2] - by, box[3] - by


def expected_edges(report: Report) -> Counter[tuple[str, str]]:
    return Counter((name, row.name) for row in report.rows for name in row.inputs)


def uses_of(report: Report, group: str) -> list[str]:
    """The block uses a layer of `group` sits in, outermost first."""
    parts = group.split(".") if group else []
    names = (".".join(parts[: n + 1]) for n in range(len(parts)))
    return [name for name in names if name in report.network.groups]


def used_groups(report: Report) -> set[str]:
    return {use for row in report.rows for use in uses_of(report, row.layer.group)}


def header_text(element: ET.Element) -> str:
    first = element.find(f"{NS}text")
    return "".join(first.itertext()) if first is not None else ""


# ----------------------------------------------------------------------------------------------
# Structure


def test_graph_networks_get_the_graph_drawing() -> None:
    assert 'class="layer node"' in draw.render_svg(small_report())
    linear = draw.render_svg(analyze(load_network(ROOT / "specs" / "lenet5.yaml")))
    assert 'class="layer node"' not in linear and 'class="face"' in linear


@pytest.mark.parametrize("make", REPORTS)
def test_one_node_per_layer_with_its_labels(make: Callable[[], Report]) -> None:
    report = make()
    drawing = read(draw.render_svg(report))
    assert drawing.order == ["input"] + [row.name for row in report.rows]
    groups = {
        g.get("data-name"): g for g in drawing.root.iter(f"{NS}g") if "node" in g.get("class", "")
    }
    for row in report.rows:
        texts = list(groups[row.name].iter(f"{NS}text"))
        assert [t.text for t in texts[:3]] == [row.name, row.kind, "x".join(map(str, row.output))]
        kind_line = "".join(texts[1].itertext())
        settings = row.layer.describe()
        assert kind_line == (row.kind if settings == row.kind else f"{row.kind} {settings}")
        assert texts[3].text == f"{row.params:,} param" + ("" if row.params == 1 else "s")
        assert ", ".join(t.text or "" for t in texts[4:]) == row.rule


@pytest.mark.parametrize("make", REPORTS)
def test_one_edge_per_input(make: Callable[[], Report]) -> None:
    report = make()
    drawing = read(draw.render_svg(report))
    drawn = Counter((a, b) for a, b, _, _ in drawing.edges)
    assert drawn == expected_edges(report)
    # class "flow" marks exactly one edge per layer (its first input), "flow extra" the rest
    firsts = [(a, b) for a, b, cls, _ in drawing.edges if cls == "flow"]
    assert sorted(firsts) == sorted((row.inputs[0], row.name) for row in report.rows)
    assert all(cls in ("flow", "flow extra") for _, _, cls, _ in drawing.edges)


@pytest.mark.parametrize("make", REPORTS)
def test_edges_leave_the_source_and_reach_the_target(make: Callable[[], Report]) -> None:
    drawing = read(draw.render_svg(make()))
    for a, b, _, points in drawing.edges:
        (x0, y0), (x1, y1) = points[0], points[-1]
        source, target = drawing.nodes[a], drawing.nodes[b]
        # x and width are each written to 0.1, so the right side is known to 0.2
        assert x0 == pytest.approx(source[2], abs=0.2) and source[1] < y0 < source[3], (a, b)
        assert x1 == pytest.approx(target[0], abs=0.1) and target[1] < y1 < target[3], (a, b)
        assert points[-2][1] == pytest.approx(y1), (a, b)  # the arrow comes in horizontally
        for (px, py), (qx, qy) in itertools.pairwise(points):
            assert px == pytest.approx(qx, abs=0.05) or py == pytest.approx(qy, abs=0.05)


@pytest.mark.parametrize("make", REPORTS)
def test_nodes_do_not_overlap_and_fit_the_canvas(make: Callable[[], Report]) -> None:
    drawing = read(draw.render_svg(make()))
    width, height = float(drawing.root.get("width", "0")), float(drawing.root.get("height", "0"))
    boxes = sorted(drawing.nodes.items(), key=lambda item: item[1])
    for (name, box), (other, other_box) in itertools.combinations(boxes, 2):
        if other_box[0] >= box[2]:
            continue
        assert not overlap(box, other_box), (name, other)
    assert all(b[0] >= 0 and b[1] >= 0 and b[2] <= width and b[3] <= height for _, b in boxes)


@pytest.mark.parametrize("make", REPORTS)
def test_edges_go_around_nodes_and_text(make: Callable[[], Report]) -> None:
    drawing = read(draw.render_svg(make()))
    nodes = {name: shrink(box, 0.5) for name, box in drawing.nodes.items()}
    for a, b, _, points in drawing.edges:
        for segment in segments(points):
            for name, box in nodes.items():
                assert not overlap(segment, box), f"edge {a} -> {b} crosses node {name}"
            for text, box in drawing.texts:
                assert not overlap(segment, box), f"edge {a} -> {b} crosses {text!r}"


@pytest.mark.parametrize("make", REPORTS)
def test_no_text_overlaps_other_text(make: Callable[[], Report]) -> None:
    drawing = read(draw.render_svg(make()))
    width = float(drawing.root.get("width", "0"))
    boxes = sorted(drawing.texts, key=lambda item: item[1])
    for n, (text, box) in enumerate(boxes):
        assert box[0] >= 0 and box[2] <= width, text
        for other, other_box in boxes[n + 1 :]:
            if other_box[0] >= box[2]:
                break
            assert not overlap(box, other_box), f"{text!r} overlaps {other!r}"


@pytest.mark.parametrize("make", REPORTS)
def test_group_boxes_hold_their_layers_and_headers(make: Callable[[], Report]) -> None:
    report = make()
    drawing = read(draw.render_svg(report))
    known = report.network.groups
    assert {name for name, _, _ in drawing.groups} == used_groups(report)
    for row in report.rows:
        node = drawing.nodes[row.name]
        for use in uses_of(report, row.layer.group):
            boxes = [box for name, box, _ in drawing.groups if name == use]
            assert any(inside(node, box) for box in boxes), (row.name, use)
    for name, box, element in drawing.groups:
        assert all(inside(text_box(t), box) for t in element.iter(f"{NS}text")), name
        parent = uses_of(report, name)[-2:-1]
        label = name[len(parent[0]) + 1 :] if parent else name  # nested: without the parent
        text = header_text(element)
        assert text.startswith(f"{label} ") or text.endswith("…"), (name, text)
        assert element.findtext(f"{NS}title") == f"{name}: {known[name]}"


def test_nested_boxes_sit_inside_their_parents() -> None:
    drawing = read(draw.render_svg(small_report()))
    boxes = {name: box for name, box, _ in drawing.groups}
    assert set(boxes) == {"mixed1", "mixed1.b2_0", "res1", "res2"}
    assert inside(boxes["mixed1.b2_0"], boxes["mixed1"])
    labels = {name: header_text(element) for name, _, element in drawing.groups}
    assert labels["mixed1.b2_0"] == "b2_0 cbr filters=8 size=1"
    assert labels["res2"] == "res2 residual filters=64 stride=2 project=true"


def test_parallel_branches_sit_side_by_side() -> None:
    """The four towers of the module start in one column, one under another, and come
    together in the concat, which takes its inputs in four separate places."""
    drawing = read(draw.render_svg(small_report()))
    heads = [drawing.nodes[f"mixed1.{n}"] for n in ("b1", "b2_0.conv", "b3_0", "b4_0")]
    assert len({round((b[0] + b[2]) / 2) for b in heads}) == 1  # one column (centred in it)
    tops = [b[1] for b in heads]
    assert tops == sorted(tops) and len(set(tops)) == 4  # one lane each, in the spec's order
    cat = drawing.nodes["mixed1.cat"]
    arrivals = [p[-1] for a, b, _, p in drawing.edges if b == "mixed1.cat"]
    assert len({round(y) for _, y in arrivals}) == 4 and all(x == cat[0] for x, _ in arrivals)
    assert all(cat[0] > b[2] for b in heads)


def test_residual_shortcut_goes_around_the_block() -> None:
    drawing = read(draw.render_svg(small_report()))
    block = [f"res1.{n}" for n in ("conv1", "bn1", "relu1", "conv2", "bn2")]
    (points,) = [p for a, b, _, p in drawing.edges if (a, b) == ("mixed1.cat", "res1.add")]
    bottom = max(drawing.nodes[n][3] for n in block)
    assert max(y for _, y in points) > bottom  # runs under the block it bypasses
    left, right = drawing.nodes[block[0]][0], drawing.nodes[block[-1]][2]
    assert min(x for x, _ in points) < left and max(x for x, _ in points) > right
    # the projection shortcut of res2 is a node of its own, in a lane under the main path
    down, conv1 = drawing.nodes["res2.down"], drawing.nodes["res2.conv1"]
    assert down[0] == conv1[0] and down[1] > conv1[3]


def test_wrapped_strips_carry_one_output_to_several_layers() -> None:
    report = dense_report(60)
    drawing = read(draw.render_svg(report))
    wrapped: dict[str, list[list[Point]]] = {}
    for a, _, _, points in drawing.edges:
        if min(x for x, _ in points) < draw.MARGIN:  # came round the left margin
            wrapped.setdefault(a, []).append(points)
    assert len(wrapped) >= 2
    for source, paths in wrapped.items():
        assert source.startswith("cat") and len(paths) == 2  # to the next conv and concat
        assert paths[0][:4] == paths[1][:4]  # one connector, shared


def test_large_graphs_are_wrapped_to_a_page() -> None:
    for spec in GRAPH_SPECS:
        root = read(draw.render_svg(analyze(load_network(spec)))).root
        width, height = float(root.get("width", "0")), float(root.get("height", "0"))
        assert width / height < 3.5, spec.stem
        assert width < 8000, spec.stem


# ----------------------------------------------------------------------------------------------
# Linear networks, goldens, DOT, speed


def test_linear_networks_keep_their_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(report: Report) -> str:
        raise AssertionError("a linear network went to the graph drawing")

    monkeypatch.setattr(draw_graph, "render_graph_svg", refuse)
    monkeypatch.setattr(draw_graph, "render_graph_dot", refuse)
    for spec in SPECS:
        report = analyze(load_network(spec))
        if not report.network.is_graph:
            draw.render_svg(report)
            assert "rankdir=LR" in draw.render_dot(report)


def structure(svg: str) -> str:
    """The graph SVG as a reviewable listing: groups, nodes and edges with their geometry."""
    drawing = read(svg)
    lines = [f"svg {drawing.root.get('width')}x{drawing.root.get('height')}"]
    for name, box, element in drawing.groups:
        header = " / ".join("".join(t.itertext()) for t in element.iter(f"{NS}text"))
        lines.append(f"group {name} {fmt_box(box)}: {header}")
    for name in drawing.order:
        lines.append(f"node {name} {fmt_box(drawing.nodes[name])}")
    for a, b, cls, points in drawing.edges:
        path = " ".join(f"{x:g},{y:g}" for x, y in points)
        lines.append(f"{cls} {a} -> {b}: {path}")
    return "\n".join(lines) + "\n"


def fmt_box(box: Box) -> str:
    return f"({box[0]:g},{box[1]:g})-({box[2]:g},{box[3]:g})"


def test_small_graph_svg_structure_golden() -> None:
    svg = draw.render_svg(small_report())
    golden(ROOT / "tests" / "golden" / "draw" / "small-graph.txt", structure(svg))


def test_small_graph_dot_golden() -> None:
    golden(ROOT / "tests" / "golden" / "draw" / "small-graph.dot", draw.render_dot(small_report()))


@pytest.mark.parametrize("make", REPORTS)
def test_dot_has_every_edge_and_a_cluster_per_use(make: Callable[[], Report]) -> None:
    report = make()
    text = draw.render_dot(report)
    assert "rankdir=TB" in text and text.count("{") == text.count("}")
    ids = dict(re.findall(r"^\s*(n\d+) \[label=<<B>([^<]*)</B>", text, re.MULTILINE))
    assert list(ids.values()) == ["input"] + [draw.dot_html(r.name) for r in report.rows]
    names = {"input": "input"} | {draw.dot_html(r.name): r.name for r in report.rows}
    edges = Counter(
        (names[ids[a]], names[ids[b]]) for a, b in re.findall(r"^\s*(n\d+) -> (n\d+)", text, re.M)
    )
    assert edges == expected_edges(report)
    clusters = re.findall(r'subgraph "cluster_([^"]*)"', text)
    assert sorted(clusters) == sorted(used_groups(report))


def test_dot_clusters_nest_and_hold_their_layers() -> None:
    text = draw.render_dot(small_report())
    outer = text.index('subgraph "cluster_mixed1"')
    inner = text.index('subgraph "cluster_mixed1.b2_0"')
    conv = text.index("<B>mixed1.b2_0.conv</B>")
    end_inner = text.index("}", conv)
    assert outer < inner < conv < end_inner < text.index("<B>mixed1.b2_1</B>")


@pytest.mark.skipif(not draw.shutil.which("dot"), reason="Graphviz is not installed")
def test_graphviz_accepts_the_graph_dot_output() -> None:
    done = subprocess.run(
        ["dot", "-Tsvg"], input=draw.render_dot(small_report()), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ET.fromstring(done.stdout.encode())


def test_drawing_is_deterministic() -> None:
    assert draw.render_svg(small_report()) == draw.render_svg(small_report())
    assert draw.render_svg(odd_report()) == draw.render_svg(odd_report())


def test_hostile_description_is_escaped_in_a_graph() -> None:
    report = small_report()
    hostile = 'say "hi" & <b>bold</b> ]]> \x07 \ud800'
    network = dataclasses.replace(report.network, description=hostile, name='n"<&>')
    svg = draw.render_svg(dataclasses.replace(report, network=network))
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.findtext(f"{NS}title") == 'n"<&>' and "\x07" not in svg
    dot = draw.render_dot(dataclasses.replace(report, network=network))
    assert 'digraph "n\\"<&>" {' in dot


@pytest.mark.parametrize(
    "make", [lambda: dense_report(260), lambda: skip_report(520)], ids=["wrapped", "unwrappable"]
)
def test_five_hundred_layers_draw_in_well_under_a_second(make: Callable[[], Report]) -> None:
    report = make()
    assert len(report.rows) >= 500
    with CpuTime() as spent:
        svg = draw.render_svg(report)
    assert spent.seconds < 1.0, f"{spent.seconds:.2f} s"
    assert len(read(svg).nodes) == len(report.rows) + 1
