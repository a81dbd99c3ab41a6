"""netspec serve: the HTTP API, its refusals, Save, and the page in a real (headless) browser."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from netspec import write as write_module
from netspec.analysis import analyze_text
from netspec.cli import main
from netspec.draw import render_svg
from netspec.errors import UsageError
from netspec.loader import MAX_BYTES
from netspec.report import table
from netspec.serve import MAX_BODY, Server, make_server, origin_allowed

from .conftest import ROOT

LENET = (ROOT / "specs" / "lenet5.yaml").read_text()
ALEXNET = (ROOT / "specs" / "alexnet.yaml").read_text()
POST = {"X-Netspec": "1", "Content-Type": "text/plain; charset=utf-8"}


@contextmanager
def running(spec: str | None = None) -> Iterator[Server]:
    """A server on a free port, answering from a thread until the block ends."""
    server = make_server(spec, 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def server() -> Iterator[Server]:
    with running() as s:
        yield s


def call(
    server: Server,
    method: str,
    path: str,
    body: bytes | str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request; Host names the server unless the headers give their own."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def check(server: Server, text: str | bytes) -> dict[str, Any]:
    status, _, body = call(
        server, "POST", "/api/check", text.encode() if isinstance(text, str) else text, POST
    )
    assert status == 200, body
    return json.loads(body)


def raw_request(server: Server, request: bytes) -> bytes:
    """Bytes as sent, for requests http.client will not make (no Host, odd paths)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# --- the page and the analysis ------------------------------------------------------------------


def test_page_and_static_files_are_served_with_security_headers(server: Server) -> None:
    status, headers, body = call(server, "GET", "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    page = body.decode()
    assert 'src="/app.js"' in page and 'href="/app.css"' in page
    assert "<script>" not in page and "style=" not in page  # nothing inline for the CSP to allow
    for path, kind in (("/app.js", "javascript"), ("/app.css", "css"), ("/favicon.svg", "svg")):
        status, headers, body = call(server, "GET", path)
        assert status == 200 and kind in headers["Content-Type"] and body


def test_state_without_a_spec_offers_the_shipped_examples(server: Server) -> None:
    status, _, body = call(server, "GET", "/api/state")
    state = json.loads(body)
    assert status == 200 and state["mode"] == "example" and state["example"] == "lenet5"
    assert state["text"] == LENET
    keys = {e["key"]: e for e in state["examples"]}
    assert {"lenet5", "vgg16", "resnet18", "googlenet"} <= set(keys)
    assert keys["vgg16"]["description"].startswith("VGG-16")
    status, _, body = call(server, "GET", "/api/example?name=vgg16")
    assert status == 200 and json.loads(body)["text"] == (ROOT / "specs" / "vgg16.yaml").read_text()


@pytest.mark.parametrize("spec", ["lenet5", "vgg16", "resnet18", "googlenet"])
def test_check_gives_the_check_table_the_totals_and_the_picture(server: Server, spec: str) -> None:
    text = (ROOT / "specs" / f"{spec}.yaml").read_text()
    result = check(server, text)
    report = analyze_text(text, "lenet5.yaml").report
    assert report is not None and result["ok"] and result["name"] == spec
    assert result["svg"] == render_svg(report)
    printed = table(report).splitlines()
    header = printed.index(next(line for line in printed if line.startswith("name ")))
    assert " ".join(result["header"]) == " ".join(printed[header].split())
    body = printed[header + 2 : header + 2 + len(result["rows"])]
    for row, line in zip(result["rows"], body, strict=True):
        assert " ".join(" ".join(row["cells"]).split()) == " ".join(line.split())
    totals = [f"{label + ':':<9}{text}" for label, text in result["summary"]["totals"]]
    assert totals == printed[-4:]
    assert [d["severity"] for d in result["diagnostics"]] == [w.severity for w in report.warnings]


def test_rows_carry_the_line_each_layer_is_written_on(server: Server) -> None:
    rows = {row["name"]: row for row in check(server, LENET)["rows"]}
    assert rows["input"]["line"] == line_of(LENET, "input:")
    assert rows["conv1"]["line"] == line_of(LENET, "- {type: conv, filters: 6")
    assert rows["conv1"]["cells"][5] == "156"


def test_an_invalid_spec_gets_its_diagnostics_at_their_lines(server: Server) -> None:
    text = ALEXNET.replace("input: [227, 227, 3]", "input: [224, 224, 3]")
    result = check(server, text)
    assert not result["ok"] and "svg" not in result and "rows" not in result
    [error] = result["diagnostics"]
    assert error["severity"] == "error" and error["layer"] == "conv1"
    assert error["line"] == line_of(text, "- {type: conv, filters: 96") and error["col"] == 5
    assert "is not an integer" in error["message"] and "227" in error["hint"]
    assert error["text"].startswith("<editor>:12:5: layer 'conv1':")


def test_warnings_come_with_the_report(server: Server) -> None:
    result = check(server, (ROOT / "specs" / "googlenet.yaml").read_text())
    assert result["ok"] and result["diagnostics"]
    assert {d["severity"] for d in result["diagnostics"]} == {"warning"}
    assert all(d["line"] for d in result["diagnostics"])


def alias_bomb(levels: int = 9) -> str:
    """Ten values, each level eight aliases of the last: 10 * 8**9 values when expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 8) + "]")
    return "\n".join(lines) + "\n"


HOSTILE = {
    "alias bomb": alias_bomb(),
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "a tag": "!!python/object/apply:os.system ['echo hi']\n",
    "control characters": "name: x\x07\ninput: [1, 1, 1]\n",
    "html in text": LENET.replace(
        "description: >-", "description: >-\n  <script>alert(1)</script>"
    ),
    "a huge network": "name: big\ninput: [100000, 100000, 3]\nlayers:\n"
    + "  - {type: conv, filters: 100000, size: 3, padding: 1}\n" * 500,
    "not a mapping": "- 1\n- 2\n",
    "empty": "",
    "the largest spec": "# " + "x" * (MAX_BYTES - 3) + "\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_is_answered_as_check_answers_it(server: Server, name: str) -> None:
    started = time.perf_counter()
    result = check(server, HOSTILE[name])
    assert time.perf_counter() - started < 10
    if name == "html in text":  # valid: text in the JSON, escaped in the SVG
        assert result["ok"] and "<script>" not in result["svg"]
        assert "&lt;script&gt;" in result["svg"]
    elif name != "a huge network" or not result["ok"]:
        assert not result["ok"] and result["diagnostics"]
        assert all(d["message"] for d in result["diagnostics"])


def test_bodies_are_limited_and_must_be_utf8(server: Server) -> None:
    status, _, body = call(server, "POST", "/api/check", b"name: \xff\xfe", POST)
    assert status == 400 and b"UTF-8" in body
    status, _, _ = call(server, "POST", "/api/check", b"x" * (MAX_BYTES + 1), POST)
    assert status == 413
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("POST", "/api/check")
    connection.putheader("X-Netspec", "1")
    connection.putheader("Content-Length", str(MAX_BODY + 1))
    connection.endheaders()  # the body is never sent: the server refuses it unread
    response = connection.getresponse()
    assert response.status == 413 and response.getheader("Connection") == "close"
    connection.close()
    reply = raw_request(
        server,
        f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Netspec: 1\r\n"
        "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".encode(),
    )
    assert reply.startswith(b"HTTP/1.1 411")
    for length in ("9" * 5000, "١٢", "-1"):
        reply = raw_request(
            server,
            f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Netspec: 1\r\n"
            f"Content-Length: {length}\r\n\r\n".encode(),
        )
        assert reply.startswith((b"HTTP/1.1 411", b"HTTP/1.1 413")), length


# --- refusals ------------------------------------------------------------------------------------


def test_origin_allowed() -> None:
    assert origin_allowed("127.0.0.1:8765", None, 8765)
    assert origin_allowed("localhost:8765", "http://localhost:8765", 8765)
    assert origin_allowed("LOCALHOST:8765", "http://localhost:8765", 8765)
    assert not origin_allowed("localhost:8765", "http://127.0.0.1:8765", 8765)
    assert not origin_allowed(None, None, 8765)
    assert not origin_allowed("127.0.0.1", None, 8765)
    assert not origin_allowed("127.0.0.1:8766", None, 8765)
    assert not origin_allowed("evil.example:8765", None, 8765)
    assert not origin_allowed("127.0.0.1:8765", "null", 8765)
    assert not origin_allowed("127.0.0.1:8765", "http://evil.example", 8765)
    assert not origin_allowed("127.0.0.1:8765", "https://127.0.0.1:8765", 8765)


def test_foreign_hosts_and_origins_are_refused(server: Server) -> None:
    port = server.port
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}", "127.0.0.1"):
        for path in ("/", "/api/state"):
            status, headers, body = call(server, "GET", path, headers={"Host": host})
            assert status == 403, (host, path)
            assert b"lenet5" not in body and "Content-Security-Policy" in headers
    status, _, _ = call(server, "GET", "/api/state", headers={"Host": f"localhost:{port}"})
    assert status == 200
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{port + 1}"):
        status, headers, _ = call(server, "POST", "/api/check", LENET, {**POST, "Origin": origin})
        assert status == 403 and headers["Connection"] == "close", origin
    for host in ("127.0.0.1", "localhost"):
        page = {"Host": f"{host}:{port}", "Origin": f"http://{host}:{port}"}
        status, _, _ = call(server, "POST", "/api/check", LENET, {**POST, **page})
        assert status == 200
    mixed = {"Host": f"127.0.0.1:{port}", "Origin": f"http://localhost:{port}"}
    assert call(server, "POST", "/api/check", LENET, {**POST, **mixed})[0] == 403
    status, _, _ = call(server, "POST", "/api/check", LENET, {"Content-Type": "text/plain"})
    assert status == 403  # a cross-site form cannot send the page's own header
    assert raw_request(server, b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.1 403")


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/static/app.js",
        "/static/../serve.py",
        "/%2e%2e/README.md",
        "/app.js/../../README.md",
        "/netspec/serve.py",
        "//etc/passwd",
        "/api/example?name=../README",
        "/api/example?name=../../pyproject",
        "/api/example?name=/etc/passwd",
        "/api/state/../../pyproject.toml",
    ],
)
def test_no_path_reaches_a_file(server: Server, path: str) -> None:
    reply = raw_request(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                        "Connection: close\r\n\r\n".encode())  # fmt: skip
    assert reply.split(b" ")[1] == b"404", reply[:200]
    assert b"[project]" not in reply and b"root:" not in reply and b"import" not in reply


def test_save_is_refused_without_a_spec(server: Server) -> None:
    status, _, body = call(server, "POST", "/api/save", LENET, POST)
    assert status == 403 and b"netspec serve SPEC" in body
    status, _, _ = call(server, "POST", "/api/save?path=/tmp/x.yaml", LENET, POST)
    assert status == 403


# --- Save --------------------------------------------------------------------------------------


def state_of(server: Server) -> dict[str, Any]:
    return json.loads(call(server, "GET", "/api/state")[2])


def save(
    server: Server, text: str | bytes, base: str | None, force: bool = False
) -> tuple[int, Any]:
    headers = {**POST, "X-Netspec-Base": base or ""}
    if force:
        headers["X-Netspec-Force"] = "1"
    data = text.encode() if isinstance(text, str) else text
    status, _, body = call(server, "POST", "/api/save", data, headers)
    return status, json.loads(body)


def test_save_writes_only_the_given_file_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text(LENET)
    spec.chmod(0o640)
    other = tmp_path / "other.yaml"
    other.write_text("untouched")
    replaced: list[tuple[str, str]] = []
    synced: list[int] = []
    real_replace, real_fsync = os.replace, os.fsync

    def spy_replace(source: str, target: Path) -> None:
        replaced.append((str(source), str(target)))
        real_replace(source, target)

    def spy_fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(write_module.os, "replace", spy_replace)
    monkeypatch.setattr(write_module.os, "fsync", spy_fsync)
    with running(str(spec)) as server:
        state = state_of(server)
        assert state["mode"] == "file" and state["text"] == LENET and state["exists"]
        edited = LENET.replace("filters: 6,", "filters: 12,")
        status, result = save(server, edited, state["version"])
        assert status == 200 and result["saved"]
        assert spec.read_text() == edited and other.read_text() == "untouched"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["net.yaml", "other.yaml"]
        assert spec.stat().st_mode & 0o777 == 0o640
        [(source, target)] = replaced
        assert Path(source).parent == tmp_path and Path(target) == spec.resolve()
        assert synced  # the data reached the disk before the rename
        assert state_of(server)["version"] == result["version"]


def test_save_refuses_stale_versions_bad_text_and_large_text(tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text(LENET)
    with running(str(spec)) as server:
        version = state_of(server)["version"]
        spec.write_text(LENET + "# changed elsewhere\n")
        status, result = save(server, "name: mine\n", version)
        assert status == 409 and "changed on disk" in result["error"]
        assert spec.read_text().endswith("# changed elsewhere\n")
        for bad, expected in ((b"name: \xff", 400), (b"name: a\x00", 400)):
            status, _ = save(server, bad, version, force=True)
            assert status == expected
        status, _ = save(server, "x" * (MAX_BYTES + 1), version, force=True)
        assert status == 413
        assert spec.read_text().endswith("# changed elsewhere\n")
        status, result = save(server, "name: mine\n", version, force=True)
        assert status == 200 and spec.read_text() == "name: mine\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["net.yaml"]


def test_save_keeps_crlf_and_creates_a_new_file(tmp_path: Path) -> None:
    spec = tmp_path / "crlf.yaml"
    spec.write_bytes(LENET.replace("\n", "\r\n").encode())
    with running(str(spec)) as server:
        state = state_of(server)
        assert state["text"] == LENET
        assert save(server, state["text"], state["version"])[0] == 200
    assert spec.read_bytes() == LENET.replace("\n", "\r\n").encode()
    new = tmp_path / "new.yaml"
    with running(str(new)) as server:
        state = state_of(server)
        assert not state["exists"] and state["version"] is None and state["text"] == LENET
        assert save(server, "name: new\n", None)[0] == 200
    assert new.read_text() == "name: new\n"


def test_a_spec_that_cannot_be_edited_is_refused_at_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"name: \xff\xfe\x00")
    assert main(["serve", str(binary), "--port", "0"]) == 1
    assert "not a text file" in capsys.readouterr().err
    assert main(["serve", str(tmp_path), "--port", "0"]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["serve", str(tmp_path / "missing" / "x.yaml"), "--port", "0"]) == 2
    assert "is missing" in capsys.readouterr().err


# --- the command ---------------------------------------------------------------------------------


def test_a_busy_port_is_named_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"port {port}" in err and "in use" in err
    with pytest.raises(UsageError, match="not a port number") as refused:
        make_server(None, 70000)
    assert refused.value.exit_code == 2


def as_from_a_terminal() -> None:
    """Ctrl-C reaches the child as it would from a shell, even if the test runner ignores it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_the_command_prints_its_url_and_stops_cleanly(stop: signal.Signals) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "netspec", "serve", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_from_a_terminal,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.fullmatch(
            r"netspec serve: http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)\n", line
        )
        assert match, line
        connection = http.client.HTTPConnection("127.0.0.1", int(match[1]), timeout=10)
        connection.request("GET", "/")
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(stop)
        assert process.wait(10) == 0
        assert process.stdout.read() == "netspec serve: stopped\n"
    finally:
        process.kill()
        process.communicate()


NO_HEAVY_IMPORTS = textwrap.dedent(
    """
    import json, sys, threading, urllib.request
    from pathlib import Path
    import netspec.cli
    from netspec.serve import make_server

    folder = Path(sys.argv[1])
    spec = folder / "net.yaml"
    spec.write_text((folder / "lenet5.txt").read_text())
    server = make_server(str(spec), 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def post(path, text):
        request = urllib.request.Request(server.url + path, text.encode(), {"X-Netspec": "1"})
        return json.load(urllib.request.urlopen(request))

    version = json.load(urllib.request.urlopen(server.url + "api/state"))["version"]
    for path in sorted(Path(sys.argv[2]).glob("*.yaml")):
        assert post("api/check", path.read_text())["ok"], path
    assert not post("api/check", "input: [1, 2]")["ok"]
    request = urllib.request.Request(
        server.url + "api/save", b"name: x\\n", {"X-Netspec": "1", "X-Netspec-Base": version}
    )
    assert json.load(urllib.request.urlopen(request))["saved"]
    heavy = ("tensorflow", "keras", "numpy", "jinja2")
    print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
    """
)


def test_the_server_never_imports_tensorflow_numpy_or_jinja2(tmp_path: Path) -> None:
    (tmp_path / "lenet5.txt").write_text(LENET)
    result = subprocess.run(
        [sys.executable, "-c", NO_HEAVY_IMPORTS, str(tmp_path), str(ROOT / "specs")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


# --- the page in a real browser ------------------------------------------------------------------


def chromium_paths() -> tuple[str, str] | None:
    browser = next(
        (p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))),
        None,
    )
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="the browser test needs selenium")
    paths = chromium_paths()
    if paths is None:
        pytest.skip(
            "the browser test needs chromium and chromedriver "
            "(apt-get install chromium chromium-driver)"
        )
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,900"):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(paths[1]), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, condition: Any, what: str, timeout: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: condition(d), message=what)


def select_in_editor(driver: Any, needle: str, offset: int, length: int) -> None:
    """Put the editor's selection on some text, as a user's click and drag would."""
    driver.execute_script(
        "const t = document.getElementById('source'); t.focus();"
        "const i = t.value.indexOf(arguments[0]) + arguments[1];"
        "t.setSelectionRange(i, i + arguments[2]);",
        needle,
        offset,
        length,
    )


def type_keys(driver: Any, keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(keys).perform()


def cell_text(driver: Any, name: str, column: str) -> str:
    return driver.execute_script(
        "const header = [...document.querySelectorAll('#table thead th')]"
        "  .map(th => th.textContent);"
        "const row = [...document.querySelectorAll('#table tbody tr')]"
        "  .find(tr => tr.dataset.name === arguments[0]);"
        "return row ? row.cells[header.indexOf(arguments[1])].textContent : null;",
        name,
        column,
    )


def picture_text(driver: Any, name: str) -> str:
    return driver.execute_script(
        "const g = [...document.querySelectorAll('#picture svg g.layer')]"
        "  .find(g => g.dataset.name === arguments[0]);"
        "return g ? g.textContent : '';",
        name,
    )


def status_text(driver: Any) -> str:
    return driver.find_element("id", "status").text


def severe_logs(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_the_table_and_the_picture_change_as_you_type(browser: Any) -> None:
    with running() as server:
        browser.get(server.url)
        wait_for(browser, lambda d: status_text(d) == "✓ valid", "lenet5 checks")
        assert browser.find_element("id", "net-name").text == "lenet5"
        assert cell_text(browser, "conv1", "params") == "156"
        assert "156 params" in picture_text(browser, "conv1")

        select_in_editor(browser, "filters: 6,", len("filters: "), 1)
        type_keys(browser, "12")
        wait_for(browser, lambda d: cell_text(d, "conv1", "params") == "312", "params change")
        assert "12" in cell_text(browser, "conv1", "output")
        wait_for(browser, lambda d: "312 params" in picture_text(d, "conv1"), "picture changes")
        assert "filters: 12," in browser.find_element("id", "source").get_property("value")
        assert severe_logs(browser) == []  # a CSP violation would be logged here


def test_an_error_is_marked_at_its_line_with_its_message(browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    with running() as server:
        browser.get(server.url)
        wait_for(browser, lambda d: status_text(d) == "✓ valid", "lenet5 checks")
        Select(browser.find_element("id", "example")).select_by_value("alexnet")
        wait_for(browser, lambda d: d.find_element("id", "net-name").text == "alexnet", "alexnet")
        wait_for(browser, lambda d: status_text(d) == "✓ valid", "alexnet checks")
        select_in_editor(browser, "input: [227", len("input: ["), 3)
        type_keys(browser, "224")
        wait_for(browser, lambda d: status_text(d) == "1 error", "the error is found")
        conv1 = line_of(ALEXNET, "- {type: conv, filters: 96")
        marked = browser.execute_script(
            "return [...document.querySelectorAll('#layer-hl .hl.error')].map(e => e.dataset.line)"
        )
        assert marked == [str(conv1)]
        lens = browser.find_element("css selector", f'.tl[data-line="{conv1}"] .lens')
        assert "conv1" in lens.get_attribute("textContent")
        assert "is not an integer" in lens.get_attribute("textContent")
        gutter = browser.find_element("css selector", f'.gmark.error[data-line="{conv1}"]')
        assert "is not an integer" in gutter.get_attribute("title")
        problem = browser.find_element("css selector", "#problems li.error")
        assert f"line {conv1}:5" in problem.text and "is not an integer" in problem.text
        assert browser.find_element("id", "stale").is_displayed()

        problem.click()  # jumps to the line and shows the message under it
        peek = browser.find_element("id", "peek")
        wait_for(browser, lambda d: peek.is_displayed(), "the message at the line")
        assert "is not an integer" in peek.text and "227 (or 223) divides exactly" in peek.text
        assert severe_logs(browser) == []


def test_another_example_asks_before_dropping_edits(browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    with running() as server:
        browser.get(server.url)
        wait_for(browser, lambda d: status_text(d) == "✓ valid", "lenet5 checks")
        select_in_editor(browser, "units: 84", len("units: "), 2)
        type_keys(browser, "42")
        Select(browser.find_element("id", "example")).select_by_value("vgg16")
        browser.switch_to.alert.dismiss()  # keep the edits
        assert "units: 42" in browser.find_element("id", "source").get_property("value")
        assert browser.find_element("id", "example").get_property("value") == "lenet5"


def test_the_page_saves_the_file(browser: Any, tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text(LENET)
    with running(str(spec)) as server:
        browser.get(server.url)
        wait_for(browser, lambda d: status_text(d) == "✓ valid", "the file checks")
        name = browser.find_element("id", "file-name")
        assert name.text == "net.yaml" and name.get_attribute("title") == str(spec)
        dirty = browser.find_element("id", "dirty")
        save_button = browser.find_element("id", "save")
        assert "saved" in dirty.text and not save_button.is_enabled()
        select_in_editor(browser, "units: 120", len("units: "), 3)
        type_keys(browser, "64")
        wait_for(browser, lambda d: "unsaved" in dirty.text, "unsaved state")
        save_button.click()
        wait_for(browser, lambda d: dirty.text.startswith("✓ saved"), "saved state")
        assert spec.read_text() == LENET.replace("units: 120", "units: 64")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["net.yaml"]
        assert severe_logs(browser) == []
