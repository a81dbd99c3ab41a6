"""Positions between YAML's view of a spec and the editor's: lines, columns and token ends.

YAML counts lines at \\n, \\r, \\r\\n and also at NEL, LS and PS, and columns in code points
after a byte-order mark; LSP counts lines at \\n, \\r and \\r\\n only, and columns in UTF-16
units (or what the client chose). A diagnostic must land on the same character either way.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_LSP_BREAK = re.compile(r"\r\n|\r|\n")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_CLOSE = {"{": "}", "[": "]"}
_PLAIN_END_FLOW = re.compile(r"[,\]}]|:(?=[\s,\[\]{}])|:$|\s#")
_PLAIN_END_BLOCK = re.compile(r":(?=\s)|:$|\s#")


def _line_starts(text: str, breaks: re.Pattern[str]) -> list[int]:
    return [0, *(m.end() for m in breaks.finditer(text))]


@dataclass(frozen=True)
class Place:
    """A position as LSP wants it: 0-based line and character in the client's units."""

    line: int
    character: int


class TextIndex:
    """Maps YAML (line, col) marks and offsets of one text version to LSP positions."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.encoding = encoding
        self.lsp_starts = _line_starts(text, _LSP_BREAK)
        exotic = any(ch in text for ch in "\x85\u2028\u2029")
        self.yaml_starts = _line_starts(text, _YAML_BREAK) if exotic else self.lsp_starts
        self.bom = 1 if text.startswith("\ufeff") else 0

    @property
    def line_count(self) -> int:
        return len(self.lsp_starts)

    def line(self, n: int) -> str:
        """LSP line n (0-based) without its line break."""
        if not 0 <= n < len(self.lsp_starts):
            return ""
        end = self.lsp_starts[n + 1] if n + 1 < len(self.lsp_starts) else len(self.text)
        return self.text[self.lsp_starts[n] : end].rstrip("\r\n")

    def yaml_line(self, line: int) -> tuple[int, str]:
        """The start offset and text of YAML line `line` (1-based), without its break."""
        n = min(max(line, 1), len(self.yaml_starts)) - 1
        start = self.yaml_starts[n] + (self.bom if n == 0 else 0)
        end = self.yaml_starts[n + 1] if n + 1 < len(self.yaml_starts) else len(self.text)
        return start, _YAML_BREAK.sub("", self.text[start:end])

    def offset(self, line: int, col: int) -> int:
        """The text offset of a YAML mark (1-based line and column, code points)."""
        start, text = self.yaml_line(line)
        return start + min(max(col - 1, 0), len(text))

    def place(self, offset: int) -> Place:
        """The LSP position of a text offset."""
        offset = min(max(offset, 0), len(self.text))
        n = bisect.bisect_right(self.lsp_starts, offset) - 1
        before = self.text[self.lsp_starts[n] : offset]
        return Place(n, self.units(before))

    def units(self, text: str) -> int:
        """Length of `text` in the client's position units."""
        if text.isascii() or self.encoding == "utf-32":
            return len(text)
        if self.encoding == "utf-8":
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)

    def offset_at(self, line: int, character: int) -> int:
        """The text offset of an LSP position (client units), clamped to its line."""
        if line >= len(self.lsp_starts):
            return len(self.text)
        text = self.line(line)
        count = 0
        for index, ch in enumerate(text):
            if count >= character:
                return self.lsp_starts[line] + index
            count += self.units(ch)
        return self.lsp_starts[line] + len(text)

    def column(self, line: int, character: int) -> int:
        """The code-point column of an LSP position on its line."""
        if line >= len(self.lsp_starts):
            return 0
        return self.offset_at(line, character) - self.lsp_starts[line]

    def token_span(self, line: int, col: int) -> tuple[Place, Place]:
        """The range of the YAML token that starts at a mark: a key, scalar or flow collection."""
        start, text = self.yaml_line(line)
        index = min(max(col - 1, 0), len(text))
        end = index + token_length(text, index)
        if end == index:  # nothing there (end of line): mark the line's last word, or one char
            stripped = len(text.rstrip())
            index, end = (max(0, stripped - 1), stripped) if stripped else (0, 0)
        return self.place(start + index), self.place(start + end)


def token_length(line: str, index: int) -> int:
    """Length of the token at line[index:]: a flow collection up to its closing bracket on
    this line, a quoted scalar to its closing quote, else a plain scalar up to ':', ',', ' #'."""
    rest = line[index:]
    if not rest or rest[0].isspace():
        return 0
    first = rest[0]
    if first in _CLOSE:
        return _flow_length(rest)
    if first in "'\"":
        close = _quote_end(rest)
        return close if close else len(rest.rstrip())
    pattern = _PLAIN_END_FLOW if _in_flow(line[:index]) else _PLAIN_END_BLOCK
    match = pattern.search(rest, 1)
    length = match.start() if match else len(rest)
    return len(rest[:length].rstrip()) or 1


def _flow_length(rest: str) -> int:
    """Up to the bracket closing rest[0] on this line, or the line's end."""
    depth = 0
    index = 0
    while index < len(rest):
        ch = rest[index]
        if ch in "'\"":
            index += _quote_end(rest[index:]) or len(rest)
            continue
        if ch == "#" and index and rest[index - 1].isspace():
            break
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return len(rest[:index].rstrip())


def _quote_end(rest: str) -> int:
    """Length of the quoted scalar at rest[0] including its quotes; 0 when not closed here."""
    quote = rest[0]
    index = 1
    while index < len(rest):
        ch = rest[index]
        if quote == '"' and ch == "\\":
            index += 2
            continue
        if ch == quote:
            if quote == "'" and rest[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index + 1
        index += 1
    return 0


def _in_flow(before: str) -> bool:
    """Whether a position after `before` (on one line) is inside an unclosed { or [."""
    depth = 0
    quote = ""
    for ch in before:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth = max(0, depth - 1)
    return depth > 0
