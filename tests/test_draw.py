"""`netspec draw`: SVG, DOT and PNG pictures, checked as XML and as geometry, without TensorFlow."""

from __future__ import annotations

import dataclasses
import itertools
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from netspec import draw
from netspec.errors import UsageError
from netspec.model import load_network, parse_network
from netspec.shapes import Report, analyze
from tests.conftest import ROOT, SPECS, golden, run_cli

NS = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]

# Every layer kind, a non-square input (rules on two lines), a long name, a long network.
ODD_SPEC = """
name: odd-net
input: [60, 40, 3]
layers:
  - {type: conv, filters: 16, size: 3, stride: 2, padding: valid}
  - {type: batchnorm}
  - {type: activation, function: relu}
  - {type: pool, size: 2, stride: 2, padding: valid}
  - {type: lrn}
  - {type: conv, name: a_really_long_layer_name_for_testing, filters: 8, size: [3, 1]}
  - repeat: 20
    layers:
      - {type: conv, filters: 8, size: 3, padding: same}
  - flatten
  - {type: dropout, rate: 0.3}
  - {type: fc, units: 3}
"""

HOSTILE = (
    "say \"hi\" & <b>bold</b> 'x' ]]> -- \\ back\nnew line\u2028separator\x07bell \ud800 \ufffe"
)


def report_of(spec: Path) -> Report:
    return analyze(load_network(spec))


def odd_report() -> Report:
    return analyze(parse_network(ODD_SPEC, "odd.yaml"))


def with_description(report: Report, description: str, name: str | None = None) -> Report:
    network = dataclasses.replace(report.network, description=description)
    if name is not None:
        network = dataclasses.replace(network, name=name)
    return dataclasses.replace(report, network=network)


REPORTS = [pytest.param(lambda s=s: report_of(s), id=s.stem) for s in SPECS] + [
    pytest.param(odd_report, id="odd-net"),
    pytest.param(lambda: with_description(odd_report(), HOSTILE * 5), id="hostile"),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def text_box(element: ET.Element) -> Box:
    """Estimated extent of a <text>: len * size * 0.6 wide, from ascent to descent."""
    size = float(element.get("font-size", "0"))
    x, y = float(element.get("x", "0")), float(element.get("y", "0"))
    width = len(element.text or "") * size * 0.6
    anchor = element.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return left, y - size, left + width, y + 0.25 * size


def polygon_box(element: ET.Element) -> Box:
    points = [tuple(map(float, p.split(","))) for p in element.get("points", "").split()]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{NS}text"))


def layer_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if "layer" in g.get("class", "").split()]


def structure(svg: str) -> str:
    """The SVG as a reviewable listing: header, each block with its box and labels, footer."""
    root = parse(svg)
    lines = [f"svg title: {root.findtext(f'{NS}title')}"]
    for element in texts(root):
        if element.get("class") in ("title", "description"):
            lines.append(f"{element.get('class')}: {element.text}")
    for group in layer_groups(root):
        front = next(p for p in group.iter(f"{NS}polygon") if p.get("class") == "face")
        x0, y0, x1, y1 = polygon_box(front)
        labels = " | ".join(t.text or "" for t in group.iter(f"{NS}text"))
        lines.append(
            f"{group.get('id')} [{group.get('data-kind')}] box {x1 - x0:.0f}x{y1 - y0:.0f}: "
            f"{labels}"
        )
        tooltip = (group.findtext(f"{NS}title") or "").replace("\n", " / ")
        lines.append(f"  tooltip: {tooltip}")
    for element in texts(root):
        if element.get("class") in ("totals", "legend"):
            lines.append(f"{element.get('class')}: {element.text}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_spec_draws_parseable_svg(spec: Path) -> None:
    report = report_of(spec)
    root = parse(draw.render_svg(report))
    assert root.tag == f"{NS}svg"
    groups = layer_groups(root)
    assert [g.get("data-name") for g in groups] == ["input"] + [r.name for r in report.rows]
    for group, row in zip(groups[1:], report.rows, strict=True):
        tooltip = group.findtext(f"{NS}title") or ""
        labels = [t.text for t in group.iter(f"{NS}text")]
        assert labels[:4] == [row.name, row.kind, "x".join(map(str, row.output)), labels[3]]
        assert labels[3].startswith(f"{row.params:,} param")
        if row.rule:  # the arithmetic is both on the picture and in the hover tooltip
            assert row.rule in tooltip
            assert ", ".join(labels[4:]) == row.rule
    totals = [t.text or "" for t in texts(root) if t.get("class") == "totals"]
    assert totals and f"{report.total_params:,} params" in totals[0]
    assert f"{report.total_macs:,} MACs" in totals[0]


def test_lenet5_svg_structure_golden() -> None:
    svg = draw.render_svg(report_of(ROOT / "specs" / "lenet5.yaml"))
    golden(ROOT / "tests" / "golden" / "draw" / "lenet5.txt", structure(svg))


@pytest.mark.parametrize("make", REPORTS)
def test_no_text_overlaps_text_or_block(make: Callable[[], Report]) -> None:
    root = parse(draw.render_svg(make()))
    boxes = [(t.text, text_box(t)) for t in texts(root)]
    blocks = [polygon_box(p) for g in layer_groups(root) for p in g.iter(f"{NS}polygon")]
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    for i, (text, box) in enumerate(boxes):
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height, text
        for other, other_box in boxes[i + 1 :]:
            assert not overlap(box, other_box), f"{text!r} overlaps {other!r}"
        for block in blocks:
            assert not overlap(box, block), f"{text!r} overlaps a block at {block}"


@pytest.mark.parametrize("make", REPORTS)
def test_arrows_cross_no_text(make: Callable[[], Report]) -> None:
    root = parse(draw.render_svg(make()))
    boxes = [text_box(t) for t in texts(root)]
    lines = [p for p in root.iter(f"{NS}polyline") if p.get("class") == "flow"]
    assert len(lines) == len(layer_groups(root)) - 1
    for line in lines:
        points = [tuple(map(float, p.split(","))) for p in (line.get("points") or "").split()]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            segment = (min(x0, x1), min(y0, y1), max(x0, x1) + 0.1, max(y0, y1) + 0.1)
            assert not any(overlap(segment, box) for box in boxes), segment


def test_vgg16_fits_a_page_and_scales_blocks() -> None:
    root = parse(draw.render_svg(report_of(ROOT / "specs" / "vgg16.yaml")))
    assert float(root.get("width", "0")) <= draw.MAX_ROW_WIDTH + 2 * draw.MARGIN + 100
    fronts = {
        g.get("data-name"): polygon_box(
            next(p for p in g.iter(f"{NS}polygon") if p.get("class") == "face")
        )
        for g in layer_groups(root)
    }

    def height(name: str) -> float:
        return fronts[name][3] - fronts[name][1]

    def thickness(name: str) -> float:
        return fronts[name][2] - fronts[name][0]

    assert height("conv1") > height("conv3") > height("conv5") > height("conv8") > height("pool5")
    assert thickness("conv1") < thickness("conv3") < thickness("conv5") < thickness("conv8")
    assert height("pool5") >= draw.SPATIAL_MIN and height("conv1") <= draw.SPATIAL_MAX
    assert thickness("dropout1") < thickness("fc1")  # shape-keeping layers are thin markers


def test_hostile_text_is_escaped_in_svg() -> None:
    report = with_description(report_of(ROOT / "specs" / "lenet5.yaml"), HOSTILE, 'n"<&>')
    svg = draw.render_svg(report)
    root = parse(svg)  # raises on any invalid character or broken escaping
    assert root.findtext(f"{NS}title") == 'n"<&>'
    description = [t.text or "" for t in texts(root) if t.get("class") == "description"]
    joined = " ".join(description)
    assert 'say "hi" & <b>bold</b>' in joined and "]]> --" in joined
    assert "new line" in description and "\x07" not in svg and "\ud800" not in svg
    assert len(description) == 3  # \n and \u2028 both start a line


def test_dot_output(tmp_path: Path) -> None:
    report = report_of(ROOT / "specs" / "lenet5.yaml")
    path = tmp_path / "net.dot"
    assert draw.draw_to_file(report, path) == str(path)
    text = path.read_text()
    assert text.startswith('digraph "lenet5" {\n') and text.rstrip().endswith("}")
    assert "rankdir=LR" in text
    assert text.count("[label=<") == len(report.rows) + 1
    assert text.count(" -> ") == len(report.rows)
    assert "<B>conv1</B><BR/>conv<BR/>28x28x6<BR/>156 params" in text
    assert "(28-5+2*2)/1+1 = 28" in text


def test_dot_escapes_quotes_backslashes_and_markup() -> None:
    assert draw.dot_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert draw.dot_html('<x> & "y"') == "&lt;x&gt; &amp; &quot;y&quot;"
    report = with_description(report_of(ROOT / "specs" / "mlp.yaml"), HOSTILE, 'n"<&>')
    text = draw.render_dot(report)
    assert 'digraph "n\\"<&>" {' in text
    assert "<B>n&quot;&lt;&amp;&gt;</B>" in text
    assert 'tooltip="say \\"hi\\" & <b>bold</b>' in text
    assert "\x07" not in text


@pytest.mark.skipif(not draw.shutil.which("dot"), reason="Graphviz is not installed")
def test_graphviz_accepts_the_dot_output() -> None:
    report = with_description(odd_report(), HOSTILE, 'n"<&>')
    done = subprocess.run(
        ["dot", "-Tsvg"], input=draw.render_dot(report), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ET.fromstring(done.stdout.encode())


@pytest.mark.parametrize("name", ["net.jpg", "net", "net.svg.bak"])
def test_unknown_suffix_is_a_usage_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match=r"FILE\.svg, FILE\.png or FILE\.dot"):
        draw.draw_to_file(report_of(ROOT / "specs" / "mlp.yaml"), tmp_path / name)
    assert not (tmp_path / name).exists()


def test_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        draw.draw_to_file(report_of(ROOT / "specs" / "mlp.yaml"), tmp_path / "no" / "net.svg")


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "NET.SVG"
    draw.draw_to_file(report_of(ROOT / "specs" / "mlp.yaml"), path)
    parse(path.read_text())


def no_rasterizer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cairosvg", None)  # import cairosvg now fails
    monkeypatch.setattr(draw.shutil, "which", lambda name: None)


def test_png_without_rasterizer_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_rasterizer(monkeypatch)
    with pytest.raises(UsageError, match=r"install cairosvg .* or write \.svg"):
        draw.draw_to_file(report_of(ROOT / "specs" / "mlp.yaml"), tmp_path / "net.png")
    assert not (tmp_path / "net.png").exists()


def test_png_falls_back_to_the_next_rasterizer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(svg: Path, png: Path) -> None:
        raise draw.DrawError("boom")

    def working(svg: Path, png: Path) -> None:
        assert svg.read_text().startswith("<?xml")
        png.write_bytes(b"\x89PNG fake")

    monkeypatch.setattr(draw, "rasterizers", lambda w, h: [("a", broken), ("b", working)])
    path = tmp_path / "net.png"
    assert draw.draw_to_file(report_of(ROOT / "specs" / "mlp.yaml"), path) == str(path)
    assert path.read_bytes() == b"\x89PNG fake"

    monkeypatch.setattr(draw, "rasterizers", lambda w, h: [("a", broken)])
    with pytest.raises(draw.DrawError, match="a: boom"):
        draw.draw_to_file(report_of(ROOT / "specs" / "mlp.yaml"), tmp_path / "other.png")


@pytest.mark.skipif(not draw.rasterizers(10, 10), reason="no SVG rasterizer installed")
def test_png_with_a_real_rasterizer(tmp_path: Path) -> None:
    path = tmp_path / "net.png"
    draw.draw_to_file(report_of(ROOT / "specs" / "lenet5.yaml"), path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 600 and height > 200


def test_cli_draw_writes_svg(
    in_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "net.svg"
    code, out, err = run_cli(capsys, "draw", "specs/lenet5.yaml", "-o", str(path))
    assert (code, out, err) == (0, f"wrote {path}\n", "")
    parse(path.read_text())


def test_cli_draw_input_override(
    in_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "net.dot"
    code, _out, _err = run_cli(
        capsys, "draw", "specs/lenet5.yaml", "--input", "32x32x1", "-o", str(path)
    )
    assert code == 0
    assert "<B>input</B><BR/>32x32x1" in path.read_text()


def test_cli_draw_bad_suffix_exits_2(
    in_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "draw", "specs/mlp.yaml", "-o", str(tmp_path / "net.pdf"))
    assert code == 2 and out == ""
    assert err.startswith("netspec: cannot tell which picture to write") and "'.pdf'" in err


def test_cli_draw_png_without_rasterizer_exits_2(
    in_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_rasterizer(monkeypatch)
    code, _out, err = run_cli(capsys, "draw", "specs/mlp.yaml", "-o", str(tmp_path / "net.png"))
    assert code == 2
    assert "install cairosvg or librsvg (rsvg-convert) or write .svg" in err.replace("\n", " ")


def test_split_rows_balances_and_keeps_order() -> None:
    assert draw.split_rows([100.0] * 5, 1000.0) == [5]
    rows = draw.split_rows([100.0] * 25, 1000.0)
    assert len(rows) == 3 and sum(rows) == 25 and max(rows) == 9  # not [10, 10, 5]
    assert draw.split_rows([2000.0, 10.0], 1000.0) == [1, 1]  # one wide slot gets its own row


def test_draw_module_stays_light() -> None:
    code = (
        "import sys, netspec.draw; "
        "heavy = {'numpy', 'tensorflow', 'jinja2', 'matplotlib', 'PIL'}; "
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("name", ["lenet5", "vgg16", "resnet18"])
def test_docs_pictures_are_current(name: str) -> None:
    """docs/img holds the pictures the README shows; NETSPEC_UPDATE_GOLDEN=1 redraws them."""
    svg = draw.render_svg(report_of(ROOT / "specs" / f"{name}.yaml"))
    golden(ROOT / "docs" / "img" / f"{name}.svg", svg)
