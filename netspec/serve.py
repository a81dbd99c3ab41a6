"""`netspec serve`: a page on 127.0.0.1 to write a spec and see its table and picture as you type.

The standard library's HTTP server and nothing else: the page (netspec/static/) posts the editor's
text to /api/check and gets back the check table, the SVG picture or the diagnostics, all from
netspec.analysis, so TensorFlow, NumPy and jinja2 are never imported. With a SPEC the page edits
that one file and /api/save writes it back atomically; without one it starts from a shipped
example. Every request must name this server in Host (and Origin, when sent), so a web page
elsewhere cannot reach it, even through DNS rebinding; there are no path parameters, and the
static files are a fixed list inside the package.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.resources
import json
import signal
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import yaml

from netspec.analysis import analyze_text
from netspec.draw import COLOURS, DEFAULT_COLOUR, render_svg
from netspec.errors import Diagnostic, SpecError, UsageError
from netspec.layers.base import fmt_shape
from netspec.loader import MAX_BYTES, decode
from netspec.report import GRAPH_HEADER, HEADER, human_bytes, human_count
from netspec.report import table_rows as report_table_rows
from netspec.shapes import Report
from netspec.shipped import first_sentence, specs_root
from netspec.write import write_atomic

HOST = "127.0.0.1"
MAX_BODY = MAX_BYTES + 64 * 1024
"""A request body: a spec of at most MAX_BYTES (the loader's limit) and a little slack."""
FIRST_EXAMPLE = "lenet5"
API_HEADER = "X-Netspec"
"""Sent by the page with every POST: a custom header a cross-site form can never send."""

STATIC: dict[str, tuple[str, str]] = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
    "/favicon.svg": ("favicon.svg", "image/svg+xml"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class HttpError(Exception):
    """A request refused with a status and a sentence for the page."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# --- shipped examples --------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A shipped spec offered in the page's list: its file stem, name and description."""

    key: str
    name: str
    description: str
    text: str

    @property
    def summary(self) -> str:
        """The description's first sentence, for the list (as `netspec specs` shows it)."""
        return first_sentence(self.description)


def load_examples() -> dict[str, Example]:
    """Every shipped spec, read once: the page may only ask for these, by key."""
    examples: dict[str, Example] = {}
    for entry in sorted(specs_root().iterdir(), key=lambda entry: entry.name):
        if not entry.name.endswith(".yaml") or not entry.is_file():
            continue
        key = entry.name.removesuffix(".yaml")
        text = entry.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        data = data if isinstance(data, dict) else {}
        description = " ".join(str(data.get("description", "")).split())
        examples[key] = Example(key, str(data.get("name", key)), description, text)
    return examples


# --- the analysis as JSON ----------------------------------------------------------------------


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    """A diagnostic for the page: where to mark it, and the sentence `netspec check` prints."""
    return {
        "severity": d.severity,
        "line": d.position.line if d.position else None,
        "col": d.position.col if d.position else None,
        "layer": d.layer,
        "message": d.message,
        "hint": d.hint,
        "text": d.render(),
    }


def table_rows(report: Report) -> list[dict[str, Any]]:
    """The rows of `netspec check`'s table as cells, with the line each layer is written on."""
    _, lines = report_table_rows(report)
    rows = []
    for line in lines:
        entry: dict[str, Any] = {"kind": line.kind, "name": line.name, "cells": list(line.cells)}
        if line.kind == "input":
            entry |= {"line": report.network.input_where.line, "colour": COLOURS["input"]}
        elif line.row is not None:
            colour = COLOURS.get(line.row.kind, DEFAULT_COLOUR)
            entry |= {"line": line.row.layer.where.line, "colour": colour}
        else:
            entry["line"] = None
        rows.append(entry)
    return rows


def summary(report: Report) -> dict[str, Any]:
    """The header's figures, and the totals lines exactly as `netspec check` words them."""
    macs = report.total_macs
    return {
        "params": human_count(report.total_params),
        "macs": human_count(macs),
        "memory": human_bytes(report.activation_memory),
        "output": fmt_shape(report.output),
        "layers": len(report.rows),
        "totals": [
            [
                "params",
                f"{report.total_params:,} ({report.trainable_params:,} trainable), "
                f"{human_bytes(report.parameter_memory)} as float32",
            ],
            ["MACs", f"{macs:,} ({human_count(macs)}), FLOPs {2 * macs:,} (2 x MACs)"],
            [
                "memory",
                f"{human_bytes(report.activation_memory)} of activations for batch "
                f"{report.batch} (input and every layer output, float32)",
            ],
            ["output", fmt_shape(report.output)],
        ],
    }


def check_json(text: str, file: str) -> dict[str, Any]:
    """What the page shows for this text: table, totals and picture, or only the diagnostics."""
    started = time.perf_counter()
    analysis = analyze_text(text, file)
    result: dict[str, Any] = {
        "ok": analysis.ok,
        "diagnostics": [diagnostic_json(d) for d in analysis.diagnostics],
    }
    report = analysis.report
    if report is not None:
        net = report.network
        result.update(
            name=net.name,
            description=net.description,
            graph=net.is_graph,
            header=list(GRAPH_HEADER if net.is_graph else HEADER),
            rows=table_rows(report),
            summary=summary(report),
            svg=render_svg(report),
        )
    result["ms"] = round((time.perf_counter() - started) * 1000)
    return result


# --- the edited file ---------------------------------------------------------------------------


def digest(data: bytes | None) -> str | None:
    """A file's version as the page saw it, to notice changes made by someone else."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def read_spec_bytes(path: Path) -> bytes | None:
    """The file's bytes (None while it does not exist yet), refused when it is not a spec."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder; name the spec file to edit")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise UsageError(f"{path} is {len(raw):,} bytes; a spec is at most {MAX_BYTES:,}")
    return raw


def spec_text(raw: bytes) -> str:
    """Body bytes as the text a spec may be: UTF-8, no NUL, no larger than the loader reads."""
    if len(raw) > MAX_BYTES:
        raise HttpError(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a spec is at most {MAX_BYTES:,} bytes"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(HTTPStatus.BAD_REQUEST, "the text is not valid UTF-8") from None
    if "\x00" in text:
        raise HttpError(HTTPStatus.BAD_REQUEST, "the text contains a NUL character")
    return text


class App:
    """What the server knows: the one file it may write (or none) and the shipped examples."""

    def __init__(self, spec: str | None):
        self.examples = load_examples()
        self.path = Path(spec).resolve() if spec else None
        self.display = spec or "<editor>"  # the examples are copies; no file is edited
        self.lock = threading.Lock()  # one save (and one analysis) at a time
        self.crlf = False
        if self.path is not None:
            if not self.path.parent.is_dir():
                raise UsageError(f"cannot edit {spec}: the folder {self.path.parent} is missing")
            raw = read_spec_bytes(self.path)
            if raw is not None:
                decode(self.display, raw)  # a SpecError for binary or UTF-16 files, as check says
                self.crlf = b"\r\n" in raw

    def state(self) -> dict[str, Any]:
        """The page's starting point: the text, whether it can be saved, and the examples."""
        examples = [
            {"key": e.key, "name": e.name, "description": e.description, "summary": e.summary}
            for e in self.examples.values()
        ]
        state: dict[str, Any] = {"file": self.display, "examples": examples, "max": MAX_BYTES}
        if self.path is None:
            first = self.examples.get(FIRST_EXAMPLE) or next(iter(self.examples.values()), None)
            key, text = (first.key, first.text) if first else ("", "")
            return {**state, "mode": "example", "example": key, "text": text}
        raw = read_spec_bytes(self.path)
        text = decode(self.display, raw).replace("\r\n", "\n") if raw is not None else None
        if text is None:  # a new file: start from the first example, unsaved
            text = self.examples[FIRST_EXAMPLE].text if FIRST_EXAMPLE in self.examples else ""
        exists = raw is not None
        return {**state, "mode": "file", "text": text, "exists": exists, "version": digest(raw)}

    def example(self, key: str) -> dict[str, Any]:
        """A shipped spec's text, chosen by its key from the fixed list (never a path)."""
        found = self.examples.get(key)
        if found is None:
            raise HttpError(HTTPStatus.NOT_FOUND, f"no shipped spec is called {key!r}")
        return {"key": found.key, "name": found.name, "text": found.text}

    def check(self, text: str) -> dict[str, Any]:
        with self.lock:
            return check_json(text, self.display)

    def save(self, text: str, base: str | None, force: bool) -> dict[str, Any]:
        """Write the text to the one file given on the command line, unless it changed since."""
        if self.path is None:
            raise HttpError(
                HTTPStatus.FORBIDDEN, "no file to save to: start with netspec serve SPEC"
            )
        data = (text.replace("\n", "\r\n") if self.crlf else text).encode("utf-8")
        if len(data) > MAX_BYTES:
            raise HttpError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a spec is at most {MAX_BYTES:,} bytes"
            )
        with self.lock:
            current = digest(read_spec_bytes(self.path))
            if not force and current != base:
                raise HttpError(
                    HTTPStatus.CONFLICT,
                    f"{self.display} changed on disk since the page loaded it",
                )
            try:
                write_atomic(self.path, data)
            except OSError as exc:
                message = f"cannot write {self.display}: {exc.strerror or exc}"
                raise HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, message) from None
        return {"saved": True, "bytes": len(data), "version": digest(data)}


# --- HTTP --------------------------------------------------------------------------------------


def origin_allowed(host: str | None, origin: str | None, port: int) -> bool:
    """Host must name this server (DNS rebinding), and Origin, when sent, the page at that Host."""
    host = (host or "").strip().lower()
    if host not in (f"127.0.0.1:{port}", f"localhost:{port}"):
        return False
    return origin is None or origin.strip().lower() == f"http://{host}"


def static_file(name: str) -> bytes:
    return importlib.resources.files("netspec").joinpath("static", name).read_bytes()


class Server(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 that carries the App its handlers use."""

    daemon_threads = True
    allow_reuse_port = False  # SO_REUSEPORT would let a second server share a busy port

    def __init__(self, app: App, port: int):
        self.app = app
        super().__init__((HOST, port), Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a closed tab) is not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"


class Handler(BaseHTTPRequestHandler):
    """GET the page and /api/state, /api/example; POST /api/check and /api/save."""

    server: Server
    protocol_version = "HTTP/1.1"
    timeout = 30  # a client that stops sending mid-request frees its thread

    def version_string(self) -> str:
        return "netspec"

    def do_GET(self) -> None:
        self.dispatch("GET")

    def do_POST(self) -> None:
        self.dispatch("POST")

    def do_HEAD(self) -> None:
        self.close_connection = True  # the client reads no body after HEAD: end the connection
        self.reply_json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "use GET or POST"})

    def dispatch(self, method: str) -> None:
        """Refuse foreign hosts and origins, then route by exact path (no path parameters)."""
        self.body_read = False
        try:
            if not origin_allowed(
                self.headers.get("Host"), self.headers.get("Origin"), self.server.port
            ):
                raise HttpError(HTTPStatus.FORBIDDEN, "this server answers its own page only")
            path, _, query = self.path.partition("?")
            if method == "GET" and path in STATIC:
                name, content_type = STATIC[path]
                self.reply(HTTPStatus.OK, static_file(name), content_type)
            elif method == "POST" and path in ("/api/check", "/api/save"):
                self.reply_json(HTTPStatus.OK, self.post(path))
            elif method == "GET" and path == "/api/state":
                self.reply_json(HTTPStatus.OK, self.server.app.state())
            elif method == "GET" and path == "/api/example":
                key = parse_qs(query).get("name", [""])[0]
                self.reply_json(HTTPStatus.OK, self.server.app.example(key))
            elif path in (*STATIC, "/api/check", "/api/save", "/api/state", "/api/example"):
                raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not used here")
            else:
                raise HttpError(HTTPStatus.NOT_FOUND, "not found")
        except HttpError as exc:
            self.refuse(exc.status, exc.message)
        except SpecError as exc:
            self.refuse(HTTPStatus.UNPROCESSABLE_ENTITY, exc.render())
        except UsageError as exc:
            self.refuse(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc))

    def refuse(self, status: HTTPStatus, message: str) -> None:
        """An error reply; a body left unread would be taken for the next request, so close."""
        if self.command == "POST" and not self.body_read:
            self.close_connection = True
        self.reply_json(status, {"error": message})

    def post(self, path: str) -> dict[str, Any]:
        """The two actions: check the text, or save it (the page's own header required)."""
        if self.headers.get(API_HEADER) != "1":
            raise HttpError(HTTPStatus.FORBIDDEN, f"POST needs the {API_HEADER} header")
        text = spec_text(self.body())
        app = self.server.app
        if path == "/api/check":
            return app.check(text)
        base = self.headers.get("X-Netspec-Base") or None
        return app.save(text, base, force=self.headers.get("X-Netspec-Force") == "1")

    def body(self) -> bytes:
        """The request body, refused unread when it is chunked, unsized or too large."""
        length = self.headers.get("Content-Length", "")
        if self.headers.get("Transfer-Encoding") or not (length.isascii() and length.isdigit()):
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length")
        if len(length) > 9 or int(length) > MAX_BODY:
            raise HttpError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a request is at most {MAX_BODY:,} bytes"
            )
        data = self.rfile.read(int(length))
        self.body_read = True
        return data

    def reply_json(self, status: HTTPStatus, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=True).encode("ascii")
        self.reply(status, body, "application/json")

    def reply(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Quiet: the page asks on every pause in typing; only refusals are worth a line."""
        if str(code).startswith(("4", "5")):
            self.log_message("%s %s", code, self.requestline)

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"netspec serve: {format % args}\n")


def make_server(spec: str | None, port: int) -> Server:
    """Bind 127.0.0.1:port (0 picks a free port), refusing a busy or forbidden port clearly."""
    if not 0 <= port <= 65535:
        raise UsageError(f"port {port} is not a port number; use 1024-65535, or 0 for any free one")
    app = App(spec)
    try:
        return Server(app, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {HOST} is in use (another netspec serve?); "
                "pick another with --port N, or --port 0 for any free one"
            ) from None
        if exc.errno == errno.EACCES:
            raise UsageError(f"port {port} needs privileges; pick one above 1023") from None
        raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None


def serve(spec: str | None, port: int, open_browser: bool) -> int:
    """Serve the page until Ctrl-C or `kill`; the exit status (2 for a port that cannot be used)."""
    server = make_server(spec, port)
    # SIGTERM (kill, a service manager) stops it as Ctrl-C does: the socket closed, status 0.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"netspec serve: {server.url} (Ctrl-C to stop)", flush=True)
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("netspec serve: stopped", flush=True)
    finally:
        server.server_close()
    return 0
