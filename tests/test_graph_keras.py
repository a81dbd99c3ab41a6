"""Random graph networks: the Keras model netspec builds has exactly the shapes and counts of check.

Cells of parallel branches merged by add or concat, with grouped, dilated and depthwise
convolutions and floor/ceil rounding between them. A spec check refuses is skipped; a spec
check accepts must build in Keras with the same per-layer shapes and parameters.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netspec import analyze, parse_network
from netspec.errors import SpecError

keras = pytest.importorskip("keras")

from tests.test_keras_agreement import assert_agrees  # noqa: E402


@st.composite
def branch_layer(draw: st.DrawFn, filters: int) -> str:
    """A layer that keeps height and width (padding same, stride 1) and ends in `filters`."""
    kind = draw(st.sampled_from(["conv", "grouped", "dilated", "depthwise"]))
    size = draw(st.integers(1, 3))
    if kind == "grouped":
        return f"type: conv, filters: {filters}, size: {size}, padding: same, groups: 2"
    if kind == "dilated":
        return f"type: conv, filters: {filters}, size: 3, padding: 2, dilation: 2"
    if kind == "depthwise":
        return (
            f"type: depthwise, size: {size}, padding: same, multiplier: {draw(st.integers(1, 2))}"
        )
    return f"type: conv, filters: {filters}, size: {size}, padding: same"


@st.composite
def cell(draw: st.DrawFn, index: int, source: str) -> list[str]:
    """Two or three branches from `source`, merged; each branch one or two layers."""
    merge = draw(st.sampled_from(["add", "concat"]))
    filters = draw(st.sampled_from([2, 4, 6]))
    ends = []
    lines = []
    for b in range(draw(st.integers(2, 3))):
        previous = source
        for depth in range(draw(st.integers(1, 2))):
            name = f"c{index}b{b}l{depth}"
            body = draw(branch_layer(filters))
            if merge == "add" or depth:
                body = f"type: conv, filters: {filters}, size: 1" if depth else body
            lines.append(f"{{name: {name}, inputs: {previous}, {body}}}")
            previous = name
        if merge == "add":
            name = f"c{index}b{b}out"
            lines.append(
                f"{{name: {name}, inputs: {previous}, type: conv, filters: {filters}, size: 1}}"
            )
            previous = name
        ends.append(previous)
    lines.append(f"{{name: c{index}m, type: {merge}, inputs: [{', '.join(ends)}]}}")
    return lines


@st.composite
def downsample(draw: st.DrawFn, index: int) -> str:
    rounding = draw(st.sampled_from(["floor", "ceil"]))
    if draw(st.booleans()):
        return f"{{name: d{index}, type: pool, size: 3, stride: 2, round: {rounding}}}"
    return (
        f"{{name: d{index}, type: conv, filters: 4, size: 3, stride: 2, padding: 1, "
        f"round: {rounding}}}"
    )


@st.composite
def random_graph(draw: st.DrawFn) -> str:
    size = draw(st.integers(6, 20))
    lines = [f"{{name: stem, type: conv, filters: {draw(st.sampled_from([2, 3, 4]))}, size: 1}}"]
    source = "stem"
    for index in range(draw(st.integers(1, 3))):
        lines += draw(cell(index, source))
        source = f"c{index}m"
        if draw(st.booleans()):
            lines.append(draw(downsample(index)))
            source = f"d{index}"
    if draw(st.booleans()):
        lines.append("{type: upsample, size: 2}")
    lines.append("{type: batchnorm, scale: false}")
    lines.append("{type: activation, function: leaky_relu, slope: 0.1}")
    lines.append(f"{{type: global_pool, mode: {draw(st.sampled_from(['avg', 'max']))}}}")
    lines.append("{type: fc, units: 3}")
    body = "".join(f"  - {line}\n" for line in lines)
    return f"name: graph\ninput: [{size}, {size}, {draw(st.integers(1, 4))}]\nlayers:\n{body}"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(random_graph())
def test_generated_graphs_agree_with_keras(text: str) -> None:
    try:
        network = parse_network(text)
        analyze(network)
    except SpecError:
        assume(False)
        return
    keras.backend.clear_session()
    assert_agrees(network)
