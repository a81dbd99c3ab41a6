"""Mutated shipped specs: every one gets exit 0 or 1, a message and no traceback, quickly.

The language server and the page will feed check every keystroke of untrusted text, so check,
draw and the JSON output must answer anything: cut, spliced, duplicated, numbers made huge or
zero, control characters, repeats and block uses multiplied.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import SPECS, CpuTime, run_cli

TEXTS = {spec.stem: spec.read_text() for spec in SPECS}
NUMBERS = ["0", "-1", "1e30", "4294967296", "256", "0.5", ".inf", "null", "[]", "{}", "x"]
SNIPPETS = [
    "\x07",
    "\n  - {repeat: 256, layers: [{repeat: 256, layers: [{repeat: 256, layers: [flatten]}]}]}\n",
    "\n  - {block: nothere}\n",
    "inputs: [input, input]",
    "inputs: nothere",
    "when: false",
    "$filters * 1000000",
    "{type: add, inputs: [input]}",
    "round: ceil",
    "padding: [[0, 1000000], [0, 1]]",
    "groups: 7",
    "&a [*a]",
    "- ",
    ": :",
    "'",
    "\t",
]


@st.composite
def mutated_spec(draw: st.DrawFn) -> str:
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["cut", "insert", "number", "duplicate"]))
        if action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif action == "insert":
            text = text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
        elif action == "number":
            digits = [i for i, ch in enumerate(text) if ch.isdigit()]
            if digits:
                i = draw(st.sampled_from(digits))
                text = text[:i] + draw(st.sampled_from(NUMBERS)) + text[i + 1 :]
        else:
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, max(len(lines) - 1, 0)))
            text = "".join(lines[: i + 1] + lines[i : i + draw(st.integers(1, 8))] + lines[i + 1 :])
    return text


@settings(
    max_examples=int(os.environ.get("NETSPEC_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=mutated_spec(), form=st.sampled_from(["table", "json"]))
def test_mutated_specs_get_a_clean_answer(
    text: str,
    form: str,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = Path(tmp_path_factory.mktemp("fuzz")) / "spec.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with CpuTime() as spent:
        code, _out, err = run_cli(capsys, "check", "--format", form, str(path))
    event(f"exit {code}")
    assert code in (0, 1), err
    assert "Traceback" not in err and "unexpected error" not in err, err
    assert code == 0 or err.strip(), "an invalid spec must say why"
    assert spent.seconds < 1.0, f"check took {spent.seconds:.2f} s of CPU"
