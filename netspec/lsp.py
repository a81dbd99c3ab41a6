"""`netspec lsp`: a language server that checks specs as they are typed.

Every open YAML document is checked on open and on each change, exactly as `netspec check`
checks a file, and its errors and warnings are published with the range of the key or value
they concern. A valid spec gets each layer's output shape and parameters at the end of its
line (inlay hints), the network's totals on its `layers:` line, hovers with each layer's rule
and MACs, and completion of layer kinds, keys and values from the schema.

The check runs in one worker thread: when changes come faster than checks, the text in between
is skipped, so diagnostics follow the latest text. Only the pure-Python check path is imported:
never TensorFlow, Keras, NumPy or jinja2.
"""

from __future__ import annotations

import asyncio
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from netspec import __version__
from netspec.analysis import Analysis, analyze_text
from netspec.errors import Diagnostic, SpecError
from netspec.loader import load_text
from netspec.lsp_complete import Suggestion, complete
from netspec.lsp_layout import (
    Item,
    Layout,
    Occurrence,
    build_layout,
    item_hover,
    item_label,
    totals_hover,
    totals_label,
)
from netspec.lsp_text import Place, TextIndex

logger = logging.getLogger(__name__)

SPEC_KEYS = re.compile(r"^(?:layers|input)\s*:", re.MULTILINE)
"""A top-level `layers:` or `input:` key: what makes a YAML file a spec (specsOnly mode)."""

_SUGGESTION_KINDS = {
    "kind": types.CompletionItemKind.Class,
    "key": types.CompletionItemKind.Property,
    "value": types.CompletionItemKind.EnumMember,
    "block": types.CompletionItemKind.Module,
}


Entry = tuple[Item, list[Occurrence]]
"""An item of the spec text and the rows it made, per scope."""


@dataclass
class Checked:
    """One document version and what the check found in it."""

    version: int | None
    text: str
    index: TextIndex
    analysis: Analysis
    layout: Layout | None = None
    lines: dict[int, list[Entry]] = field(default_factory=dict)


@dataclass
class Doc:
    """An open document: its latest text, its latest check, and the check under way."""

    uri: str
    file: str
    text: str = ""
    version: int | None = None
    checked: Checked | None = None
    task: asyncio.Task[None] | None = None


# Full sync: pygls applies incremental edits by str.splitlines, which breaks lines at form
# feeds and other characters LSP does not; a whole text per change is always exact.
FULL_SYNC = types.TextDocumentSyncKind.Full


class SpecServer(LanguageServer):
    """The language server, holding the open documents and the checking thread."""

    def __init__(self) -> None:
        super().__init__("netspec", __version__, text_document_sync_kind=FULL_SYNC)
        self.docs: dict[str, Doc] = {}
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="netspec-check")
        self.specs_only = False

    @property
    def encoding(self) -> str:
        value = self.workspace.position_encoding
        return str(getattr(value, "value", value) or "utf-16")


server = SpecServer()


def serve_stdio() -> None:
    """Serve on stdin/stdout until the client says exit."""
    server.start_io()


# --- checking -------------------------------------------------------------------------------


def check(text: str, file: str, encoding: str) -> Checked:
    """Check one text; an unexpected failure becomes a diagnostic, never a dead server."""
    try:
        analysis = analyze_text(text, file)
    except Exception as exc:  # a bug in the check must not take the editor's server down
        logger.exception("checking %s failed", file)
        message = f"netspec could not check this text (internal error: {type(exc).__name__})"
        analysis = Analysis(None, (Diagnostic(message, file),))
    return Checked(None, text, TextIndex(text, encoding), analysis)


def to_lsp(diagnostic: Diagnostic, index: TextIndex) -> types.Diagnostic:
    """A netspec diagnostic as LSP's: the token at its position, the hint on a second line."""
    if diagnostic.position is None:
        start, end = index.place(0), index.place(len(index.line(0)))
    else:
        start, end = index.token_span(diagnostic.position.line, diagnostic.position.col)
    message = diagnostic.message
    if diagnostic.layer:
        shown = diagnostic.layer if diagnostic.layer.isprintable() else ascii(diagnostic.layer)
        message = f"layer '{shown}': {message}"
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    severity = (
        types.DiagnosticSeverity.Warning
        if diagnostic.severity == "warning"
        else types.DiagnosticSeverity.Error
    )
    return types.Diagnostic(
        range=types.Range(_pos(start), _pos(end)),
        message=message,
        severity=severity,
        source="netspec",
    )


def _pos(place: Place) -> types.Position:
    return types.Position(line=place.line, character=place.character)


def _is_spec(ls: SpecServer, text: str) -> bool:
    return not ls.specs_only or SPEC_KEYS.search(text) is not None


async def _check_loop(ls: SpecServer, doc: Doc) -> None:
    """Check the latest text until the check has caught up with the edits, publishing each."""
    loop = asyncio.get_running_loop()
    while doc.checked is None or doc.checked.version != doc.version or doc.checked.text != doc.text:
        text, version = doc.text, doc.version
        checked = await loop.run_in_executor(ls.checker, check, text, doc.file, ls.encoding)
        checked.version = version
        doc.checked = checked
        if doc.version == version and ls.docs.get(doc.uri) is doc:
            diagnostics = [to_lsp(d, checked.index) for d in checked.analysis.diagnostics]
            if not _is_spec(ls, text):
                diagnostics = []
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=doc.uri, diagnostics=diagnostics, version=version
                )
            )


def schedule(ls: SpecServer, doc: Doc) -> None:
    """Start checking the document unless a check is under way (it picks up the new text)."""
    if doc.task is None or doc.task.done():
        doc.task = asyncio.get_running_loop().create_task(_check_loop(ls, doc))


async def current(ls: SpecServer, uri: str) -> Checked | None:
    """The check of the document's latest text, waiting for one under way."""
    doc = ls.docs.get(uri)
    if doc is None:
        return None
    if doc.task is not None and not doc.task.done():
        await asyncio.shield(doc.task)
    return doc.checked


def layout_of(checked: Checked) -> Layout | None:
    """The rows of each line, worked out once per version and only for a valid spec."""
    report = checked.analysis.report
    if report is None:
        return None
    if checked.layout is None:
        try:
            checked.layout = build_layout(report, load_text(checked.text, report.network.file))
        except SpecError:
            return None
        for item, occurrences in checked.layout.items:
            line = checked.index.place(checked.index.offset(*item.start)).line
            checked.lines.setdefault(line, []).append((item, occurrences))
    return checked.layout


@server.feature(types.INITIALIZE)
def initialize(ls: SpecServer, params: types.InitializeParams) -> None:
    options = params.initialization_options
    ls.specs_only = bool(isinstance(options, dict) and options.get("specsOnly"))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: SpecServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    path = ls.workspace.get_text_document(item.uri).path or item.uri
    doc = ls.docs[item.uri] = Doc(item.uri, path, item.text, item.version)
    schedule(ls, doc)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: SpecServer, params: types.DidChangeTextDocumentParams) -> None:
    doc = ls.docs.get(params.text_document.uri)
    if doc is None:
        return
    doc.text = ls.workspace.get_text_document(doc.uri).source
    doc.version = params.text_document.version
    schedule(ls, doc)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: SpecServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    if ls.docs.pop(uri, None) is not None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )


# --- what a valid spec shows ----------------------------------------------------------------


def _line_end(checked: Checked, line: int) -> types.Position:
    return types.Position(line, checked.index.units(checked.index.line(line)))


def _outermost(entries: list[Entry]) -> list[Entry]:
    """The items a line starts, without those nested in another on the same line."""
    paths = [item.path for item, _ in entries]
    return [
        (item, occ)
        for item, occ in entries
        if not any(p != item.path and item.path[: len(p)] == p for p in paths)
    ]


def _totals_line(checked: Checked, layout: Layout) -> int | None:
    if layout.layers_key is None:
        return None
    return checked.index.place(checked.index.offset(*layout.layers_key)).line


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
async def inlay_hints(ls: SpecServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    """Each layer line's output shape and parameters; the totals on the `layers:` line."""
    checked = await current(ls, params.text_document.uri)
    layout = layout_of(checked) if checked else None
    if checked is None or layout is None or not _is_spec(ls, checked.text):
        return []
    first, last = params.range.start.line, params.range.end.line
    hints = []
    for line, entries in sorted(checked.lines.items()):
        if first <= line <= last:
            label = "; ".join(item_label(i, o) for i, o in _outermost(entries))
            hints.append(_hint(checked, line, label))
    totals = _totals_line(checked, layout)
    if totals is not None and first <= totals <= last:
        hints.append(_hint(checked, totals, totals_label(layout.report)))
    return hints


def _hint(checked: Checked, line: int, label: str) -> types.InlayHint:
    return types.InlayHint(
        position=_line_end(checked, line),
        label=label,
        kind=types.InlayHintKind.Type,
        padding_left=True,
    )


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: SpecServer, params: types.HoverParams) -> types.Hover | None:
    """A layer line's rule, shapes, parameters and MACs; the totals on `layers:`."""
    checked = await current(ls, params.text_document.uri)
    layout = layout_of(checked) if checked else None
    if checked is None or layout is None:
        return None
    line = params.position.line
    if line == _totals_line(checked, layout):
        return _markdown(totals_hover(layout.report))
    entries = _outermost(checked.lines.get(line, []))
    if not entries:
        return None
    offset = checked.index.offset_at(line, params.position.character)
    before = [e for e in entries if checked.index.offset(*e[0].start) <= offset] or entries[:1]
    item, occurrences = before[-1]
    return _markdown(item_hover(item, occurrences, dict(layout.report.network.groups)))


def _markdown(text: str) -> types.Hover:
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))


@server.feature(types.TEXT_DOCUMENT_CODE_LENS)
async def code_lens(ls: SpecServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    """The network's totals above its `layers:` line."""
    checked = await current(ls, params.text_document.uri)
    layout = layout_of(checked) if checked else None
    line = _totals_line(checked, layout) if checked and layout else None
    if checked is None or layout is None or line is None:
        return []
    span = types.Range(types.Position(line, 0), _line_end(checked, line))
    command = types.Command(title=totals_label(layout.report), command="")
    return [types.CodeLens(range=span, command=command)]


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", "{"])
)
async def completion(ls: SpecServer, params: types.CompletionParams) -> types.CompletionList:
    """Layer kinds, keys and values that fit where the cursor is."""
    doc = ls.docs.get(params.text_document.uri)
    if doc is None:
        return types.CompletionList(is_incomplete=False, items=[])
    index = TextIndex(doc.text, ls.encoding)
    line = params.position.line
    col = index.column(line, params.position.character)
    lines = [index.line(n) for n in range(index.line_count)]
    found = complete(lines, line, col, _blocks(ls, doc))
    return types.CompletionList(is_incomplete=False, items=[_item(s) for s in found])


def _blocks(ls: SpecServer, doc: Doc) -> dict[str, Any]:
    """The blocks the spec defines, from its latest text that reads as YAML."""
    report = doc.checked.analysis.report if doc.checked else None
    data: Any = report.network.data if report else None
    if data is None:
        try:
            data = load_text(doc.text, doc.file).data
        except SpecError:
            data = None
    blocks = data.get("blocks") if isinstance(data, dict) else None
    return blocks if isinstance(blocks, dict) else {}


def _item(suggestion: Suggestion) -> types.CompletionItem:
    return types.CompletionItem(
        label=suggestion.label,
        kind=_SUGGESTION_KINDS.get(suggestion.what),
        detail=suggestion.detail or None,
        insert_text=suggestion.insert or None,
    )
