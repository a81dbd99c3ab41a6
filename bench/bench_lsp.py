"""How long after an edit does the editor see its diagnostics from `netspec lsp`?

Drives the real server (`python -m netspec lsp`) over stdio with a minimal JSON-RPC client, as
an editor does: initialize, open a spec, then for each round send a textDocument/didChange
with the whole text (the server asks for full sync) and time until the publishDiagnostics of
that version arrives; then, as editors do next, time the inlay hints request too. The baseline
is the bare check in this process (netspec.analysis.analyze_text on the same text), the work
the server cannot avoid; the difference is the server's own cost (JSON, threads, ranges).

Usage: python bench/bench_lsp.py [--rounds 30] [--spec vgg16 --spec densenet121]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent


class Connection:
    """A language server subprocess spoken to with framed JSON-RPC messages."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "netspec", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
        )
        self.next_id = 0

    def send(self, method: str, params: Any, request: bool = False) -> int:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        stdin: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        stdin.flush()
        return self.next_id

    def receive(self) -> dict[str, Any]:
        stdout: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        length = 0
        while (line := stdout.readline().strip()) != b"":
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(stdout.read(length))

    def wait(self, match: Any) -> dict[str, Any]:
        """Read messages until one satisfies `match` (answering nothing else)."""
        while True:
            message = self.receive()
            if match(message):
                return message

    def request(self, method: str, params: Any) -> Any:
        ident = self.send(method, params, request=True)
        return self.wait(lambda m: m.get("id") == ident and "method" not in m).get("result")

    def close(self) -> None:
        self.request("shutdown", None)
        self.send("exit", None)
        self.process.wait(timeout=10)


def diagnostics_of(uri: str, version: int) -> Any:
    def match(message: dict[str, Any]) -> bool:
        params = message.get("params") or {}
        return (
            message.get("method") == "textDocument/publishDiagnostics"
            and params.get("uri") == uri
            and params.get("version") == version
        )

    return match


def bench_spec(server: Connection, name: str, rounds: int) -> dict[str, list[float]]:
    """Edit -> diagnostics and edit -> inlay hints times for one spec, in seconds."""
    path = ROOT / "specs" / f"{name}.yaml"
    uri, text = path.as_uri(), path.read_text()
    document = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
    server.send("textDocument/didOpen", {"textDocument": document})
    server.wait(diagnostics_of(uri, 1))
    times: dict[str, list[float]] = {"diagnostics": [], "hints": []}
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 10_000, "character": 0}}
    for version in range(2, rounds + 2):
        edited = text + f"# edit {version}\n"
        change = {"textDocument": {"uri": uri, "version": version}, "contentChanges": []}
        change["contentChanges"].append({"text": edited})
        start = time.perf_counter()
        server.send("textDocument/didChange", change)
        published = server.wait(diagnostics_of(uri, version))
        times["diagnostics"].append(time.perf_counter() - start)
        hints = server.request(
            "textDocument/inlayHint", {"textDocument": {"uri": uri}, "range": whole}
        )
        times["hints"].append(time.perf_counter() - start)
        assert published["params"]["diagnostics"] == [] and hints, name
    return times


def bench_baseline(name: str, rounds: int) -> list[float]:
    from netspec.analysis import analyze_text

    path = ROOT / "specs" / f"{name}.yaml"
    text = path.read_text()
    times = []
    for version in range(rounds):
        edited = text + f"# edit {version}\n"
        start = time.perf_counter()
        assert analyze_text(edited, str(path)).ok
        times.append(time.perf_counter() - start)
    return times


def show(label: str, times: list[float]) -> str:
    median, low = statistics.median(times) * 1000, min(times) * 1000
    return f"  {label:38} median {median:7.1f} ms   min {low:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--spec", action="append", choices=["vgg16", "densenet121", "resnet50"])
    args = parser.parse_args()
    names = args.spec or ["vgg16", "densenet121"]
    server = Connection()
    start = time.perf_counter()
    server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    server.send("initialized", {})
    print(f"server start-up and initialize: {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"{args.rounds} edits per spec (whole text per didChange, as the server asks)")
    try:
        for name in names:
            baseline = bench_baseline(name, args.rounds)
            measured = bench_spec(server, name, args.rounds)
            print(name)
            print(show("bare check in process (baseline):", baseline))
            print(show("edit -> publishDiagnostics:", measured["diagnostics"]))
            print(show("edit -> diagnostics + inlay hints:", measured["hints"]))
            over = statistics.median(measured["diagnostics"]) - statistics.median(baseline)
            print(f"  server overhead over the bare check:  median {over * 1000:7.1f} ms")
    finally:
        server.close()


if __name__ == "__main__":
    main()
