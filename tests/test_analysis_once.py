"""Each command works out the network's shapes once, however many parts of it need them."""

from __future__ import annotations

from pathlib import Path

import pytest

from netspec import shapes
from tests.conftest import ROOT, run_cli
from tests.test_run import tiny_npz


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The networks analyzed during the test, by name."""
    seen: list[str] = []
    infer = shapes.infer_shapes

    def counted(network: object, batch: int = 1) -> shapes.Report:
        seen.append(network.name)  # type: ignore[attr-defined]
        return infer(network, batch)  # type: ignore[arg-type]

    monkeypatch.setattr(shapes, "infer_shapes", counted)
    return seen


@pytest.mark.parametrize(
    "command",
    [["check"], ["check", "--format", "json"], ["emit"], ["emit", "--style", "tf"], ["draw"]],
    ids=["check", "check-json", "emit", "emit-tf", "draw"],
)
def test_each_command_analyzes_once(
    command: list[str],
    analyses: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = [*command, str(ROOT / "specs" / "resnet18.yaml")]
    if command == ["draw"]:
        args += ["-o", str(tmp_path / "net.svg")]
    code, _, err = run_cli(capsys, *args)
    assert code == 0, err
    assert analyses == ["resnet18"]


def test_run_analyzes_once(
    analyses: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Data check, model, fingerprint, drawing and the mse pipeline all share one analysis."""
    data = tiny_npz(tmp_path / "tiny.npz", n_train=32, n_test=16)
    spec = tmp_path / "mlp-mse.yaml"
    spec.write_text(
        (ROOT / "specs" / "mlp.yaml").read_text().replace("loss: cross_entropy", "loss: mse")
    )
    code, _, err = run_cli(
        capsys, "run", str(spec), "--data", str(data), "--epochs", "1", "--out", str(tmp_path / "r")
    )
    assert code == 0, err
    assert analyses == ["mlp"]
