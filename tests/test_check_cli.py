"""`netspec check` end to end: goldens, bad-spec fixtures word for word, hostile input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SPECS, CpuTime, golden, run_cli

BAD = sorted((ROOT / "tests" / "bad").glob("*.yaml"))


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_check_table_golden(spec: Path, in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "check", f"specs/{spec.name}")
    assert code == 0, err
    golden(ROOT / "tests" / "golden" / "check" / f"{spec.stem}.txt", out)


@pytest.mark.parametrize("spec", BAD, ids=lambda p: p.stem)
def test_bad_spec_messages_word_for_word(
    spec: Path, in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = spec.with_suffix(".err").read_text()
    code, _out, err = run_cli(capsys, "check", f"tests/bad/{spec.name}")
    assert err == expected
    assert "Traceback" not in err
    assert code == (0 if "warning" in expected and "error" not in expected else 1)


def test_json_output_keys(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys, "check", "--format", "json", "specs/lenet5.yaml", "specs/vgg16.yaml"
    )
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["name"] == "lenet5"
    assert first["input"] == [28, 28, 1]
    assert first["layers"][0] == {
        "name": "conv1",
        "type": "conv",
        "inputs": ["input"],
        "group": "",
        "input": [28, 28, 1],
        "output": [28, 28, 6],
        "rule": "(28-5+2*2)/1+1 = 28",
        "params": 156,
        "trainable_params": 156,
        "macs": 117_600,
        "memory_bytes": 28 * 28 * 6 * 4,
    }
    assert first["layers"][4]["output"] == [400]
    assert first["layers"][4]["inputs"] == ["pool2"]
    assert first["total_params"] == 61_706
    assert second["total_params"] == 138_357_544
    assert second["total_macs"] == 15_470_264_320


def test_batch_scales_memory(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out1, _ = run_cli(capsys, "check", "--format", "json", "specs/lenet5.yaml")
    _, out8, _ = run_cli(capsys, "check", "--format", "json", "--batch", "8", "specs/lenet5.yaml")
    one, eight = json.loads(out1), json.loads(out8)
    assert eight["activation_memory_bytes"] == 8 * one["activation_memory_bytes"]


def test_input_override_names_the_breaking_layer(
    in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(capsys, "check", "specs/alexnet.yaml", "--input", "224x224x3")
    assert code == 1
    assert err == (
        "specs/alexnet.yaml:12:5: layer 'conv1': output height and width (N-F+2P)/S+1 = "
        "(224-11+2*0)/4+1 = 54.25 is not an integer\n"
        "  hint: input 227 (or 223) divides exactly; or padding: valid to let TensorFlow "
        "drop the last row and column\n"
    )


def test_several_specs_all_checked(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        capsys, "check", "tests/bad/empty.yaml", "specs/mlp.yaml", "tests/bad/fc-after-conv.yaml"
    )
    assert code == 1
    assert "mlp" in out
    assert "empty.yaml" in err and "fc-after-conv.yaml" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "specs/mlp.yaml", "--input", "28x28"],
        ["check", "x", "--batch", "0"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli(capsys, *argv)
    assert info.value.code == 2


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return str(path)


def test_missing_file_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nope.yaml")
    code, _, err = run_cli(capsys, "check", missing, str(tmp_path))
    assert code == 1
    assert err == (
        f"{missing}: cannot read spec: no such file\n"
        f"{tmp_path}: cannot read spec: it is a directory, not a YAML file\n"
    )


def test_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "b.yaml", b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = run_cli(capsys, "check", path)
    assert (code, err) == (
        1,
        f"{path}: not a text file: byte 0x00 at offset 8; expected a YAML spec\n",
    )
    path = write(tmp_path, "c.yaml", b"name: \xff\xfe")
    code, _, err = run_cli(capsys, "check", path)
    assert (code, err) == (
        1,
        f"{path}: not UTF-8 text: byte 0xff at offset 6; expected a YAML spec\n",
    )


def test_alias_bomb_refused_fast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    with CpuTime() as spent:
        code, _, err = run_cli(capsys, "check", path)
    assert (code, err) == (
        1,
        f"{path}:5:5: the document expands to more than 50,000 values (through aliases); "
        "refusing to expand it\n  hint: a spec needs no aliases: use defaults: and repeat: "
        "instead\n",
    )  # line 5 is a4, the first anchor that alone expands past the limit (9**5 values)
    assert spent.seconds < 0.5, f"{spent.seconds:.2f} s"  # sized, not expanded: milliseconds


def test_deep_nesting_no_recursion_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in [
        ("flow.yaml", "[" * 60_000 + "]" * 60_000),
        ("block.yaml", "".join(" " * i + "- \n" for i in range(300))),
    ]:
        path = write(tmp_path, name, text)
        code, _, err = run_cli(capsys, "check", path)
        assert code == 1
        assert "nests deeper than 64 levels" in err
        assert err.startswith(f"{path}:1:") or err.startswith(f"{path}:")


def test_deep_nesting_in_subprocess_does_not_crash(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.yaml", "a: " + "{b: " * 60_000 + "1" + "}" * 60_000)
    result = subprocess.run(
        [sys.executable, "-m", "netspec", "check", path], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "nests deeper than 64 levels" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_tag_runs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "pwned"
    path = write(
        tmp_path,
        "evil.yaml",
        f'name: x\ninput: !!python/object/apply:os.system ["touch {marker}"]\n',
    )
    code, _, err = run_cli(capsys, "check", path)
    assert code == 1
    assert "YAML tag '!!python/object/apply:os.system' is not allowed" in err
    assert not marker.exists()


def test_check_imports_no_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from netspec.cli import main\n"
        "assert main(['check', 'specs/vgg16.yaml', 'specs/alexnet.yaml']) == 0\n"
        "assert main(['check', '--format', 'json', 'specs/lenet5.yaml']) == 0\n"
        "heavy = [m for m in ('tensorflow', 'keras', 'numpy', 'jinja2') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_debug_shows_traceback(in_root: Path) -> None:
    from netspec.cli import main
    from netspec.errors import SpecError

    with pytest.raises(SpecError):
        main(["--debug", "check", "tests/bad/empty.yaml"])


def test_schema_command_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from jsonschema import Draft202012Validator

    from netspec.loader import load_file

    _code, out, _ = run_cli(capsys, "schema")
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for spec in SPECS:
        assert not list(validator.iter_errors(load_file(spec).data)), spec
    bad = load_file(ROOT / "tests/bad/unknown-key.yaml").data
    assert list(validator.iter_errors(bad))


def test_python_m_netspec_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "netspec", "check", "specs/mlp.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "7,850" in result.stdout
