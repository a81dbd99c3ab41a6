"""Graph specs in pure Python: inputs, merges, blocks, the new kinds and rounding, table-driven."""

from __future__ import annotations

import json

import pytest

from netspec import analyze, parse_network
from netspec.errors import SpecError
from netspec.expressions import evaluate
from netspec.report import as_json, table
from tests.conftest import CpuTime

EXPECTED = (
    "expected arguments such as $filters, numbers, + - * / // %, comparisons, and, or, not, if-else"
)
HEAD = "name: t\ninput: [{h}, {w}, {c}]\nlayers:\n"


def rows(layers: str, h: int = 16, w: int = 16, c: int = 4) -> dict[str, object]:
    network = parse_network(HEAD.format(h=h, w=w, c=c) + layers)
    return {row.name: row for row in analyze(network).rows}


@pytest.mark.parametrize(
    ("layer", "output", "params", "rule"),
    [
        (
            "{type: conv, filters: 8, size: 3, padding: 1, groups: 2}",
            (16, 16, 8),
            3 * 3 * 2 * 8 + 8,
            "(16-3+2*1)/1+1 = 16, 2 groups",
        ),
        (
            "{type: conv, filters: 8, size: 3, padding: 2, dilation: 2}",
            (16, 16, 8),
            3 * 3 * 4 * 8 + 8,
            "(16-5+2*2)/1+1 = 16",
        ),
        (
            "{type: conv, filters: 8, size: 3, stride: 2, padding: [[0, 1], [0, 1]]}",
            (8, 8, 8),
            296,
            "(16-3+0+1)/2+1 = 8",
        ),
        (
            "{type: depthwise, size: 3, padding: 1}",
            (16, 16, 4),
            3 * 3 * 4 + 4,
            "(16-3+2*1)/1+1 = 16",
        ),
        (
            "{type: depthwise, size: 3, padding: same, multiplier: 3, bias: false}",
            (16, 16, 12),
            3 * 3 * 12,
            "ceil(16/1) = 16",
        ),
        ("global_pool", (4,), 0, "avg of 16x16 -> 4"),
        ("{type: global_pool, mode: max}", (4,), 0, "max of 16x16 -> 4"),
        ("upsample", (32, 32, 4), 0, "16*2 = 32"),
        ("{type: upsample, size: [2, 3], mode: bilinear}", (32, 48, 4), 0, "16*2, 16*3"),
        ("{type: batchnorm, scale: false}", (16, 16, 4), 12, "3*4"),
        (
            "{type: pool, size: 3, stride: 2, round: floor}",
            (7, 7, 4),
            0,
            "(16-3+2*0)/2+1 = 7.5 -> 7",
        ),
        (
            "{type: pool, size: 3, stride: 2, round: ceil}",
            (8, 8, 4),
            0,
            "(16-3+2*0)/2+1 = 7.5 -> 8",
        ),
        (
            "{type: conv, filters: 2, size: 7, stride: 2, padding: 3, round: floor}",
            (8, 8, 2),
            394,
            "(16-7+2*3)/2+1 = 8.5 -> 8",
        ),
    ],
)
def test_new_kinds_and_settings(
    layer: str, output: tuple[int, ...], params: int, rule: str
) -> None:
    row = next(iter(rows(f"  - {layer}\n").values()))
    assert (row.output, row.params, row.rule) == (output, params, rule)  # type: ignore[attr-defined]


def test_batchnorm_without_scale_trains_one_vector() -> None:
    row = rows("  - {type: batchnorm, scale: false}\n")["batchnorm1"]
    assert (row.params, row.trainable) == (12, 4)  # type: ignore[attr-defined]


def test_ceil_does_not_start_a_window_in_the_padding() -> None:
    # PyTorch's rule: (5-2+2*1)/2+1 = 3.5 -> 4, but the 4th window would start at row 6,
    # inside the end padding, so ceil gives 3 (as torch.nn.MaxPool2d(2, 2, 1, ceil_mode=True)).
    row = rows("  - {type: pool, size: 2, stride: 2, padding: 1, round: ceil}\n", 5, 5)["pool1"]
    assert row.output == (3, 3, 4)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("layer", "warning"),
    [
        (
            "{type: pool, size: 3, stride: 2, round: floor}",
            "round: floor leaves out the last row and the last column of its 16x16 input",
        ),
        (
            "{type: pool, size: 3, stride: 2, round: ceil}",
            "round: ceil adds 1 row and 1 column of zeros past the end of its 16x16 input",
        ),
    ],
)
def test_rounding_warns_with_the_rows(layer: str, warning: str) -> None:
    report = analyze(parse_network(HEAD.format(h=16, w=16, c=4) + f"  - {layer}\n"))
    assert [w.message for w in report.warnings] == [warning]


RESIDUAL = """\
name: t
input: [8, 8, 4]
blocks:
  unit:
    args: {filters: null, project: false}
    layers:
      - {type: conv, name: conv1, filters: $filters, size: 3, padding: 1}
      - {type: conv, name: conv2, filters: $filters * 2, size: 1}
      - {type: conv, name: down, inputs: input, filters: $filters * 2, size: 1, when: $project}
      - {type: add, inputs: [conv2, down]}
layers:
  - {block: unit, name: first, filters: 4, project: true}
  - {repeat: 2, layers: [{block: unit, name: stage, filters: 4}]}
  - {type: conv, name: side, inputs: first, filters: 8, size: 1}
  - {type: concat, inputs: [stage_2, side]}
  - global_pool
  - {type: fc, units: 2}
"""


def test_blocks_expand_with_names_inputs_and_when() -> None:
    network = parse_network(RESIDUAL)
    report = analyze(network)
    got = {row.name: row.inputs for row in report.rows}
    assert got["first.conv1"] == ("input",)
    assert got["first.down"] == ("input",)
    assert got["first.add1"] == ("first.conv2", "first.down")
    assert "stage_1.down" not in got  # left out: project is false
    assert got["stage_1.add1"] == ("stage_1.conv2", "first.add1")  # the block's input instead
    assert got["stage_2.conv1"] == ("stage_1.add1",)
    assert got["side"] == ("first.add1",)  # a block use's name reads its output
    assert got["concat1"] == ("stage_2.add1", "side")
    assert report.rows[-3].output == (8, 8, 16)
    assert network.groups["first"] == "unit filters=4 project=true"


def test_table_shows_inputs_and_block_rows() -> None:
    text = table(analyze(parse_network(RESIDUAL)))
    lines = text.splitlines()
    assert lines[1].split()[:3] == ["name", "kind", "inputs"]
    block_row = next(line for line in lines if line.startswith("stage_1 "))
    assert block_row.split() == ["stage_1", "block", "unit", "filters=4", "project=false"]
    add_row = next(line for line in lines if line.startswith("stage_1.add1"))
    assert "conv2, first.add1" in add_row and "8x8x8 + 8x8x8" in add_row
    concat_row = next(line for line in lines if line.startswith("concat1"))
    assert "8x8x(8+8)" in concat_row


def test_linear_specs_have_no_inputs_column() -> None:
    text = table(analyze(parse_network(HEAD.format(h=8, w=8, c=1) + "  - flatten\n")))
    assert "inputs" not in text.splitlines()[1]


def test_json_gives_every_layer_its_inputs() -> None:
    data = json.loads(json.dumps(as_json(analyze(parse_network(RESIDUAL)))))
    layers = {layer["name"]: layer for layer in data["layers"]}
    assert layers["concat1"]["inputs"] == ["stage_2.add1", "side"]
    assert layers["first.conv1"]["inputs"] == ["input"]
    assert layers["first.conv1"]["group"] == "first"
    assert data["blocks"]["stage_2"] == "unit filters=4 project=false"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$f", 4),
        ("$f * 4", 16),
        ("$f // 3 + 1", 2),
        ("$f / 2", 2),
        ("$k", [1, 7]),
        ("not $p", True),
        ("$f > 2 and not $p", True),
        ("$f == 3 or $p", False),
        ("1 if $f > 2 else 0", 1),
    ],
)
def test_block_expressions(text: str, value: object) -> None:
    assert evaluate(text, {"f": 4, "k": [1, 7], "p": False}) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("$filter * 2", "unknown argument '$filter' (arguments: f, k, p)"),
        (
            "$f ** 99",
            "cannot read the expression '$f ** 99'; " + EXPECTED,
        ),
        ("$f / 0", "the expression '$f / 0' divides by zero"),
        (
            "$f * " + "9" * 20,
            "the expression '$f * 99999999999999999999' needs numbers, got 99999999999999999999",
        ),
        (
            "__import__('os')",
            "cannot read the expression \"__import__('os')\"; " + EXPECTED,
        ),
    ],
)
def test_bad_block_expressions(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        evaluate(text, {"f": 4, "k": [1, 7], "p": False})
    assert str(info.value) == message


NEST = "[{{repeat: 256, layers: [{{repeat: 256, layers: [{{repeat: 256, layers: " + (
    "[{{repeat: 256, layers: [{}]}}]}}]}}]}}]"
)


@pytest.mark.parametrize(
    "layers",
    [
        NEST.format("x"),
        NEST.format("{block: b}"),
        NEST.format("{type: dropout, rate: 0.1}"),
    ],
)
def test_expansion_work_is_bounded(layers: str) -> None:
    blocks = "blocks:\n  b: {layers: [{repeat: 256, layers: [{repeat: 256, layers: [flatten]}]}]}\n"
    text = f"name: t\ninput: [8, 8, 3]\n{blocks}layers: {layers}\n"
    with CpuTime() as spent, pytest.raises(SpecError) as info:
        parse_network(text)
    assert spent.seconds < 1.0, f"{spent.seconds:.2f} s"  # a bound on work
    assert "expands to more than" in str(info.value)


def test_floor_that_drops_only_padding_does_not_warn() -> None:
    text = HEAD.format(h=56, w=56, c=8) + (
        "  - {type: conv, filters: 8, size: 3, stride: 2, padding: 1, round: floor}\n"
    )
    report = analyze(parse_network(text))
    assert report.rows[0].output == (28, 28, 8)
    assert report.warnings == ()


def test_block_rows_in_a_linear_network() -> None:
    text = (
        "name: t\ninput: [8, 8, 3]\nblocks:\n  b:\n    layers:\n"
        "      - {type: conv, filters: 4, size: 3, padding: same}\nlayers:\n  - {block: b}\n"
    )
    lines = table(analyze(parse_network(text))).splitlines()
    assert lines[1].split()[:3] == ["name", "kind", "settings"]
    assert lines[4].split() == ["b1", "block", "b"]
    assert lines[5].split()[:2] == ["b1.conv1", "conv"]


def test_floor_with_a_window_narrower_than_its_stride_does_not_warn() -> None:
    # ResNet's 1x1 stride-2 projection skips every other row; the last is no different.
    text = HEAD.format(h=56, w=56, c=8) + (
        "  - {type: conv, filters: 8, size: 1, stride: 2, round: floor}\n"
    )
    report = analyze(parse_network(text))
    assert report.rows[0].output == (28, 28, 8)
    assert report.warnings == ()


def test_a_merge_hint_inside_a_block_uses_the_names_written_there() -> None:
    text = """\
name: t
input: [16, 16, 8]
blocks:
  unit:
    args: {stride: 1}
    layers:
      - {type: conv, name: conv, filters: 16, size: 3, stride: $stride, padding: same}
      - {type: add, inputs: [conv, input]}
layers:
  - {block: unit, name: first, stride: 2}
"""
    with pytest.raises(SpecError) as info:
        analyze(parse_network(text))
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.message == (
        "add needs inputs of one shape, got 8x8x16 (first.conv), 16x16x8 (input)"
    )
    assert diagnostic.hint == (
        "project 'input' with a 1x1 conv, stride 2, 16 filters (inputs: input), to get 8x8x16"
    )
