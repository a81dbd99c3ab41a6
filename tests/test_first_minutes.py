"""A new user's first minutes: names, help, version, JSON errors, pipes, a core install."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netspec.cli_args import build_parser
from netspec.shipped import shipped_names
from tests.conftest import ROOT, run_cli

BAD = "name: t\ninput: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 2, size: 11, stride: 4}\n"


def python(code: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli(capsys, "--version")
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == "netspec 0.1.0"


def test_shipped_specs_by_name_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "check", "vgg16")
    assert code == 0, err
    assert "138,357,544" in out
    code, _, err = run_cli(capsys, "draw", "resnet18", "-o", "r.svg")
    assert code == 0, err
    assert "<svg" in (tmp_path / "r.svg").read_text()
    (tmp_path / "vgg16").write_text(BAD)  # a file of that name wins over the shipped spec
    code, _, err = run_cli(capsys, "check", "vgg16")
    assert code == 1 and "54.25 is not an integer" in err


def test_unknown_name_lists_the_shipped_specs(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "check", "resnet5")
    assert code == 1
    assert err.startswith(
        "resnet5: cannot read spec: no such file\n  hint: did you mean 'resnet50'? shipped specs"
    )


def test_specs_lists_and_copies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "specs")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == shipped_names()
    assert "VGG-16 (Simonyan and Zisserman 2014), configuration D" in out
    target = tmp_path / "mine.yaml"
    code, out, _ = run_cli(capsys, "specs", "lenet5", "-o", str(target))
    assert code == 0
    assert target.read_text() == (ROOT / "specs" / "lenet5.yaml").read_text()
    code, _, err = run_cli(capsys, "specs", "lenet5", "-o", str(target))
    assert code == 2 and "exists; pass --force" in err
    code, _, err = run_cli(capsys, "specs", "lenet", "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and "no shipped spec named 'lenet' (did you mean 'lenet5'?" in err
    code, _, err = run_cli(capsys, "specs", "lenet5", "-o", str(tmp_path / "no" / "x.yaml"))
    assert code == 2 and "the folder" in err and "does not exist" in err


def test_every_command_explains_itself() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(commands) >= {"check", "specs", "draw", "run", "emit", "evaluate", "predict"}
    for name, command in commands.items():
        assert command.description, name
        assert command.epilog and command.epilog.startswith("examples:\n  netspec"), name
        for action in command._actions:
            assert action.help, f"{name} {action.dest}"


def test_json_diagnostics_for_an_invalid_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    code, out, err = run_cli(capsys, "check", "--format", "json", str(bad), "lenet5")
    assert code == 1
    assert "54.25 is not an integer" in err
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["valid"] is False
    (diagnostic,) = first["diagnostics"]
    assert diagnostic["file"] == str(bad)
    assert (diagnostic["line"], diagnostic["column"]) == (4, 5)
    assert diagnostic["layer"] == "conv1"
    assert diagnostic["severity"] == "error"
    assert diagnostic["message"].endswith("= 54.25 is not an integer")
    assert diagnostic["hint"].startswith("input 227")
    assert second["name"] == "lenet5"


def test_invalid_spec_exits_1_when_the_reader_goes_away(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    # About 300 KB of messages: far more than a pipe holds, so writing them must meet EPIPE.
    bad.write_text(BAD + "".join(f"  - {{type: conv{i}}}\n" for i in range(1900)))
    for _ in range(5):
        done = subprocess.run(
            [
                "bash",
                "-c",
                f"set -o pipefail; {sys.executable} -m netspec check {bad} 2>&1 | head -1",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1, done.stdout


def test_path_errors_come_before_tensorflow(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom netspec.cli import main\n"
        f"for argv in (['evaluate', {str(tmp_path / 'nope')!r}],"
        f" ['run', 'lenet5', '--data', {str(tmp_path / 'nope.npz')!r}],"
        f" ['predict', {str(tmp_path)!r}, 'x.png'],"
        " ['run', 'lenet5', '--data', 'mnist', '--set', 'epochs=0']):\n"
        "    assert main(argv) in (1, 2)\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)\n"
    )
    done = python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False False"
    assert "not a netspec run folder" in done.stderr
    assert "no such file or folder" in done.stderr


CORE_ONLY = (
    "import sys\n"
    "for name in ('tensorflow', 'keras', 'tensorboard', 'matplotlib', 'PIL'):\n"
    "    sys.modules[name] = None  # as if never installed: importing it fails\n"
    "import importlib.util\n"
    "real = importlib.util.find_spec\n"
    "importlib.util.find_spec = lambda n, *a: None if n in sys.modules and sys.modules[n] is None"
    " else real(n, *a)\n"
    "from netspec.cli import main\n"
)


def test_a_core_install_checks_draws_and_emits(tmp_path: Path) -> None:
    code = CORE_ONLY + (
        f"out = {str(tmp_path)!r}\n"
        "assert main(['check', 'resnet50']) == 0\n"
        "assert main(['schema']) == 0\n"
        "assert main(['draw', 'googlenet', '-o', out + '/g.svg']) == 0\n"
        "assert main(['emit', 'lenet5', '-o', out + '/t.py']) == 0\n"
        "assert main(['specs']) == 0\n"
        "assert main(['run', 'lenet5', '--data', 'mnist']) == 2\n"
    )
    done = python(code)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "netspec: netspec run needs TensorFlow, which is not installed: "
        "pip install 'netspec[train]'"
    )


def test_serve_never_edits_a_shipped_spec_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, "serve", "vgg16", "--port", "0")
    assert code == 2
    assert "vgg16 is a shipped spec; edit a copy: netspec specs vgg16 -o vgg16.yaml" in err


def test_predict_reads_only_regular_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    run = tmp_path / "run"
    run.mkdir()
    (run / "spec.yaml").write_text((ROOT / "specs" / "lenet5.yaml").read_text())
    fifo = tmp_path / "image.png"
    os.mkfifo(fifo)
    code, _, err = run_cli(capsys, "predict", str(run), str(fifo))
    assert code == 2
    assert err == f"netspec: {fifo}: not a regular file; predict reads image files only\n"
    code, _, err = run_cli(capsys, "predict", str(run), str(tmp_path / "none.png"))
    assert err == f"netspec: {tmp_path / 'none.png'}: no such image file\n"


def test_png_drawing_works_after_the_readme_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's install brings cairosvg (netspec[png]); this is not skipped."""
    target = tmp_path / "net.png"
    code, _out, err = run_cli(capsys, "draw", "lenet5", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
