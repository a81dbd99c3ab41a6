"""`netspec lsp` driven as an editor drives it: a subprocess spoken to over stdio by pygls's
LanguageClient (open, change, inlay hints, hover, code lens, completion, close).

The server runs as `python -X importtime -m netspec lsp`, so its stderr lists every module it
ever imported: the last test sends it hostile documents, shuts it down and reads that list to
prove that TensorFlow, Keras, NumPy and jinja2 never load.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

pytest.importorskip("pygls", reason="netspec lsp needs pygls: pip install 'netspec[lsp]'")

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
FORBIDDEN = ("tensorflow", "keras", "numpy", "jinja2")
T = TypeVar("T")

# Run `python -X importtime -m netspec lsp` with its stderr in a file (a pipe nobody reads
# would fill up and stop the server).
LAUNCH = (
    "import os, sys; fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC); "
    "os.dup2(fd, 2); os.execv(sys.executable, "
    "[sys.executable, '-X', 'importtime', '-m', 'netspec', 'lsp'])"
)


class Session:
    """A running server, its client, and the diagnostics it has published per document."""

    def __init__(self, stderr: Path, options: dict[str, Any] | None = None):
        self.loop = asyncio.new_event_loop()
        self.client = LanguageClient("netspec-tests", "1")
        self.published: dict[str, types.PublishDiagnosticsParams] = {}
        self.arrived = asyncio.Event()
        self.stderr = stderr
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _publish(params: types.PublishDiagnosticsParams) -> None:
            self.published[params.uri] = params
            self.arrived.set()

        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.run(self.client.start_io(sys.executable, "-c", LAUNCH, str(stderr), env=env))
        capabilities = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(
                position_encodings=[types.PositionEncodingKind.Utf16]
            )
        )
        params = types.InitializeParams(
            capabilities=capabilities, process_id=os.getpid(), initialization_options=options
        )
        self.run(self.client.initialize_async(params))
        self.client.initialized(types.InitializedParams())

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 20) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))

    def open(self, uri: str, text: str) -> list[types.Diagnostic]:
        self.versions[uri] = 1
        item = types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        return self.diagnostics(uri, 1)

    def change(self, uri: str, text: str) -> list[types.Diagnostic]:
        version = self.versions[uri] = self.versions[uri] + 1
        document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
        change = types.TextDocumentContentChangeWholeDocument(text=text)
        params = types.DidChangeTextDocumentParams(text_document=document, content_changes=[change])
        self.client.text_document_did_change(params)
        return self.diagnostics(uri, version)

    def diagnostics(self, uri: str, version: int) -> list[types.Diagnostic]:
        """Wait for the diagnostics of that version of the document."""

        async def wait() -> list[types.Diagnostic]:
            while True:
                got = self.published.get(uri)
                if got is not None and got.version == version:
                    return list(got.diagnostics)
                self.arrived.clear()
                await self.arrived.wait()

        return self.run(wait())

    def hints(self, uri: str) -> dict[int, str]:
        span = types.Range(types.Position(0, 0), types.Position(100_000, 0))
        params = types.InlayHintParams(text_document=_doc(uri), range=span)
        found = self.run(self.client.text_document_inlay_hint_async(params)) or []
        return {hint.position.line: str(hint.label) for hint in found}

    def hover(self, uri: str, line: int, character: int = 6) -> str | None:
        params = types.HoverParams(_doc(uri), types.Position(line, character))
        found = self.run(self.client.text_document_hover_async(params))
        return found.contents.value if found else None  # type: ignore[union-attr]

    def complete(self, uri: str, line: int, character: int) -> list[str]:
        params = types.CompletionParams(_doc(uri), types.Position(line, character))
        found = self.run(self.client.text_document_completion_async(params))
        items = found.items if isinstance(found, types.CompletionList) else found or []
        return [item.label for item in items]

    def close(self) -> int | None:
        """Shut the server down as an editor does; its exit code."""
        if not self.client.stopped:
            self.run(self.client.shutdown_async(None))
            self.client.exit(None)
            self.run(self.client.stop())
        server = self.client._server
        self.loop.close()
        return server.returncode if server else None


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def _spec(name: str) -> str:
    return (SPECS / f"{name}.yaml").read_text()


def _uri(name: str) -> str:
    return (SPECS / f"{name}.yaml").as_uri()


def _line(text: str, needle: str) -> int:
    """The 0-based line of the first line containing `needle`."""
    return next(n for n, line in enumerate(text.splitlines()) if needle in line)


@pytest.fixture(scope="module")
def lsp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    session = Session(tmp_path_factory.mktemp("lsp") / "stderr.txt")
    yield session
    session.close()


def test_lenet5_inlay_hints_show_each_layer_and_the_totals(lsp: Session) -> None:
    text = _spec("lenet5")
    assert lsp.open(_uri("lenet5"), text) == []
    hints = lsp.hints(_uri("lenet5"))
    assert hints[_line(text, "filters: 6")] == "-> 28x28x6  156 params"
    assert hints[_line(text, "- pool")] == "-> 14x14x6  0 params"
    assert hints[_line(text, "filters: 16")] == "-> 10x10x16  2,416 params"
    assert hints[_line(text, "units: 120")] == "-> 120  48,120 params"
    assert hints[_line(text, "units: 10}")] == "-> 10  850 params"
    totals = "total 61,706 params (61,706 trainable)  416.52 K MACs  -> 10"
    assert hints[_line(text, "layers:")] == totals
    assert len(hints) == 10  # nine layers and the totals


def test_hover_on_a_layer_gives_its_rule_shapes_params_and_macs(lsp: Session) -> None:
    text = _spec("lenet5")
    lsp.open(_uri("lenet5"), text)
    assert lsp.hover(_uri("lenet5"), _line(text, "filters: 6")) == (
        "**conv1** (conv)  \n"
        "\n"
        "`28x28x1 -> 28x28x6`  \n"
        "rule: `(28-5+2*2)/1+1 = 28`  \n"
        "params: 156 (156 trainable)  MACs: 117,600  "
    )
    totals = lsp.hover(_uri("lenet5"), _line(text, "layers:"))
    assert totals is not None and "params: 61,706 (61,706 trainable)" in totals
    assert lsp.hover(_uri("lenet5"), _line(text, "epochs")) is None


def test_code_lens_carries_the_totals(lsp: Session) -> None:
    text = _spec("lenet5")
    lsp.open(_uri("lenet5"), text)
    params = types.CodeLensParams(text_document=_doc(_uri("lenet5")))
    lenses = lsp.run(lsp.client.text_document_code_lens_async(params)) or []
    assert [(lens.range.start.line, lens.command.title) for lens in lenses if lens.command] == [
        (_line(text, "layers:"), "total 61,706 params (61,706 trainable)  416.52 K MACs  -> 10")
    ]


def test_a_breaking_edit_is_an_error_on_its_layer_and_a_fix_clears_it(lsp: Session) -> None:
    uri = _uri("alexnet")
    text = _spec("alexnet")
    assert lsp.open(uri, text) == []
    broken = text.replace("input: [227, 227, 3]", "input: [224, 224, 3]")
    (error,) = lsp.change(uri, broken)
    conv1 = _line(text, "filters: 96")
    start = text.splitlines()[conv1].index("{")
    assert error.severity == types.DiagnosticSeverity.Error
    assert (error.range.start.line, error.range.start.character) == (conv1, start)
    assert (error.range.end.line, error.range.end.character) == (
        conv1,
        len(text.splitlines()[conv1]),
    )
    assert error.message == (
        "layer 'conv1': output height and width (N-F+2P)/S+1 = (224-11+2*0)/4+1 = 54.25 is not "
        "an integer\nhint: input 227 (or 223) divides exactly; or padding: valid to let "
        "TensorFlow drop the last row and column"
    )
    assert lsp.hints(uri) == {}  # no shapes for a spec that does not check
    assert lsp.change(uri, text) == []
    assert lsp.hints(uri)[conv1] == "-> 55x55x96  34,944 params"


def test_an_unknown_key_is_marked_on_the_key_alone(lsp: Session) -> None:
    uri = "untitled:typo.yaml"
    text = _spec("lenet5").replace("{type: fc, units: 84", "{type: fc, unitz: 84")
    missing, error = lsp.open(uri, text)
    line = _line(text, "unitz")
    assert missing.message == "layer 'fc2': missing units (required)"
    assert missing.range.start.line == line
    start = text.splitlines()[line].index("unitz")
    assert (error.range.start.line, error.range.start.character) == (line, start)
    assert (error.range.end.line, error.range.end.character) == (line, start + len("unitz"))
    assert error.message.startswith("layer 'fc2': unknown key 'unitz' (did you mean 'units'?")


def test_completion_of_kinds_keys_and_values(lsp: Session) -> None:
    uri = "untitled:typing.yaml"
    text = "name: typing\ninput: [28, 28, 1]\nlayers:\n  - {type: conv, filters: 6, }\n  - \n"
    lsp.open(uri, text)
    kinds = lsp.complete(uri, 3, len("  - {type: "))
    assert kinds == sorted(kinds) and {"conv", "pool", "fc", "batchnorm", "concat"} <= set(kinds)
    keys = lsp.complete(uri, 3, len("  - {type: conv, filters: 6, "))
    assert {"size", "stride", "padding", "activation", "name", "inputs"} <= set(keys)
    assert "filters" not in keys and "type" not in keys
    assert "conv" in lsp.complete(uri, 4, len("  - "))  # a bare kind as a list item
    top = lsp.complete(uri, 5, 0)
    assert {"train", "defaults", "blocks", "classes"} <= set(top) and "layers" not in top
    lsp.change(uri, text + "train:\n  optimizer: \n")
    assert lsp.complete(uri, 6, len("  optimizer: ")) == [
        "sgd",
        "momentum",
        "adam",
        "adagrad",
        "rmsprop",
    ]


def test_resnet18_block_uses_and_block_lines(lsp: Session) -> None:
    uri = _uri("resnet18")
    text = _spec("resnet18")
    assert lsp.open(uri, text) == []
    hints = lsp.hints(uri)
    assert hints[_line(text, "name: layer1_0")] == "-> 56x56x64  74,240 params"
    assert hints[_line(text, "name: layer4_1")] == "-> 7x7x512  4,722,688 params"
    assert hints[_line(text, "name: conv1, filters: $filters")] == (
        "-> 56x56x64  36,864 params  (layer1_0; 8 uses)"
    )
    assert hints[_line(text, "name: down_bn")] == "-> 28x28x128  512 params  (layer2_0; 3 uses)"
    layers = next(n for n, line in enumerate(text.splitlines()) if line == "layers:")
    assert hints[layers] == "total 11,699,112 params (11,689,512 trainable)  1.81 G MACs  -> 1000"
    use = lsp.hover(uri, _line(text, "name: layer2_0"))
    assert use is not None
    assert use.startswith("-> 28x28x128  230,912 params")
    assert "block use: layer2_0 = basic filters=128 stride=2 project=true" in use
    assert "| layer2_0.down | 28x28x128 | 8,192 |" in use
    add = lsp.hover(uri, _line(text, "name: add, inputs"))
    assert add is not None and "from layer1_0.bn2, maxpool" in add
    assert "shown for layer1_0; also used by layer1_1, layer2_0" in add


def test_vgg16_repeat_lines(lsp: Session) -> None:
    uri = _uri("vgg16")
    text = _spec("vgg16")
    lsp.open(uri, text)
    hints = lsp.hints(uri)
    first_repeat = _line(text, "repeat: 3")
    assert hints[first_repeat] == "x3 -> 56x56x256  1,475,328 params"
    assert hints[first_repeat + 2] == "x3 -> 56x56x256  1,475,328 params"


def test_warnings_are_published_as_warnings_and_shapes_still_shown(lsp: Session) -> None:
    uri = _uri("googlenet")
    text = _spec("googlenet")
    warnings = lsp.open(uri, text)
    assert [w.severity for w in warnings] == [types.DiagnosticSeverity.Warning] * 3
    line = _line(text, "name: maxpool1}")
    assert warnings[0].message == (
        "layer 'maxpool1': round: ceil adds 1 row and 1 column of zeros past the end of its "
        "112x112 input"
    )
    start = text.splitlines()[line].index("{")
    end = text.splitlines()[line].index("}") + 1
    assert (warnings[0].range.start.line, warnings[0].range.start.character) == (line, start)
    assert (warnings[0].range.end.line, warnings[0].range.end.character) == (line, end)
    assert lsp.hints(uri)[line] == "-> 56x56x64  0 params"


def test_ranges_count_utf16_units_after_astral_characters(lsp: Session) -> None:
    uri = "untitled:emoji.yaml"
    text = 'name: x\ninput: [8, 8, 1]\nlayers:\n  - {type: conv, name: "😀", filterz: 1}\n'
    found = [d for d in lsp.open(uri, text) if "filterz" in d.message]
    assert found, "no diagnostic for the unknown key"
    start = text.splitlines()[3].index("filterz") + 1  # the emoji is two UTF-16 units
    assert (found[0].range.start.line, found[0].range.start.character) == (3, start)
    assert found[0].range.end.character == start + len("filterz")


def test_specs_only_leaves_other_yaml_alone(tmp_path: Path) -> None:
    session = Session(tmp_path / "stderr.txt", options={"specsOnly": True})
    try:
        assert session.open("untitled:compose.yaml", "services:\n  web: {image: x\n") == []
        (error,) = session.open("untitled:spec.yaml", "name: x\ninput: [8, 8, 1]\nlayers: 3\n")
        assert error.severity == types.DiagnosticSeverity.Error
    finally:
        assert session.close() == 0


def test_hostile_documents_never_stop_the_server_nor_load_tensorflow(tmp_path: Path) -> None:
    session = Session(tmp_path / "stderr.txt", options={"specsOnly": False})
    try:
        for n, text in enumerate(HOSTILE):
            uri = f"untitled:hostile{n}.yaml"
            assert session.open(uri, text), f"no diagnostic for hostile document {n}"
            session.hints(uri)
            session.hover(uri, 0, 0)
            session.complete(uri, 0, 1)
            session.complete(uri, 2, 4)
        assert session.open(_uri("densenet121"), _spec("densenet121")) == []
        assert session.hints(_uri("densenet121"))
        assert session.complete("untitled:hostile4.yaml", 3, 12) is not None
    finally:
        code = session.close()
    assert code == 0
    imported = re.findall(
        r"^import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)", session.stderr.read_text(), re.M
    )
    assert "netspec.lsp" in imported and "pygls" in imported
    heavy = sorted({name for name in imported if name.split(".")[0] in FORBIDDEN})
    assert heavy == [], f"the language server imported {heavy}"


HOSTILE = [
    "name: x\x00\x01\ninput: [1, 2, 3]\n",  # control characters
    "# " + "a" * (1 << 20) + "\nname: x\n",  # over 1 MB
    "layers: " + "[" * 5000 + "]" * 5000 + "\n",  # deeply nested flow
    "name: bomb\ninput: [8, 8, 1]\nlayers:\n"
    + "".join(
        "  " * (2 * d + 1) + "- repeat: 256\n" + "  " * (2 * d + 2) + "layers:\n" for d in range(4)
    )
    + "  " * 9
    + "- {type: conv, filters: 1, size: 1}\n",  # a repeat bomb
    "name: half\ninput: [28, 28, 1]\nlayers:\n  - {type: conv, fil",  # half typed
    "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",  # alias bomb
    "name: x\u2028input: [1,\u0085 2, 3]\nlayers: [\U0001f600]\n",  # odd line breaks, astral
    "\ufeff---\n- just\n- a list\n",
    "",
]
