"""Load the example bodies of ../shared/spec/v1.1-response-examples.md and the v1.1 seeds.

CircleCI's published examples are not valid JSON: they carry ``//`` comments, trailing and
missing commas, ``...`` placeholders, and (in the single-job example) steps whose opening
``{`` is missing. :func:`loads` reads them leniently: comments and ``...`` are dropped, commas
are optional, a ``"key":`` inside an array opens an implicit object, and a ``]`` closes an
object left open.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

__all__ = ["EXAMPLES_PATH", "SEEDS", "examples", "loads", "seed_examples", "strip_comments"]

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EXAMPLES_PATH = SHARED / "spec" / "v1.1-response-examples.md"
SEEDS = sorted((SHARED / "seeds").glob("00[34]_*.txt"))

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)'
    r"|(?P<lit>true|false|null)|(?P<dots>\.\.\.)|(?P<punct>[{}\[\]:,]))"
)


def strip_comments(text: str) -> str:
    """Remove ``//`` comments that are outside strings (URLs inside strings survive)."""
    out = []
    for line in text.splitlines():
        in_string = False
        escaped = False
        cut = len(line)
        for i, ch in enumerate(line):
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = not in_string
            elif not in_string and line.startswith("//", i):
                cut = i
                break
        out.append(line[:cut])
    return "\n".join(out)


def _tokens(text: str) -> list[tuple[str, str]]:
    text = strip_comments(text)
    pos, out = 0, []
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"cannot read example at {text[pos : pos + 30]!r}")
        kind = match.lastgroup
        assert kind is not None
        if kind != "dots":
            out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self, ahead: int = 0) -> tuple[str, str]:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else ("eof", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.i += 1
        return token

    def skip_commas(self) -> None:
        while self.peek() == ("punct", ","):
            self.i += 1

    def value(self) -> Any:
        kind, text = self.take()
        if kind == "str":
            return _string(text)
        if kind == "num":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "lit":
            return {"true": True, "false": False, "null": None}[text]
        if text == "{":
            return self.members()
        if text == "[":
            return self.elements()
        raise ValueError(f"unexpected {text!r}")

    def members(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while True:
            self.skip_commas()
            kind, text = self.peek()
            if text == "}":
                self.i += 1
                return out
            if text == "]" or kind == "eof":  # an object left open: the array closes it
                return out
            key_kind, key = self.take()
            if key_kind != "str" or self.take() != ("punct", ":"):
                raise ValueError(f"expected a key, got {key!r}")
            out[_string(key)] = self.value()

    def elements(self) -> list[Any]:
        out: list[Any] = []
        while True:
            self.skip_commas()
            kind, text = self.peek()
            if text == "]":
                self.i += 1
                return out
            if kind == "str" and self.peek(1) == ("punct", ":"):  # "key": with no "{"
                out.append(self.members())
            else:
                out.append(self.value())


def _string(token: str) -> str:
    value: str = json.loads(token)
    return value


def loads(text: str) -> Any:
    """Parse one published example body leniently (see the module docstring)."""
    parser = _Parser(_tokens(text))
    value = parser.value()
    parser.skip_commas()
    if parser.peek()[0] != "eof":
        raise ValueError(f"trailing data after the example: {parser.peek()!r}")
    return value


_BLOCK = re.compile(r"^#{2,3} (?P<title>.+?)\s*$|^```json\s*\n(?P<body>.*?)^```", re.M | re.S)


def _blocks(text: str) -> list[tuple[str, str]]:
    title = ""
    out = []
    for match in _BLOCK.finditer(text):
        if match.group("title"):
            title = match.group("title")
        else:
            out.append((title, match.group("body")))
    return out


def examples() -> dict[str, Any]:
    """Section name → parsed body, from v1.1-response-examples.md."""
    if not EXAMPLES_PATH.is_file():
        raise FileNotFoundError(f"the v1.1 examples are expected at {EXAMPLES_PATH}")
    return {title: loads(body) for title, body in _blocks(EXAMPLES_PATH.read_text())}


def seed_examples() -> list[tuple[str, str, Any]]:
    """``(seed file name, section title, parsed body)`` for every JSON block of the v1.1 seeds."""
    if len(SEEDS) != 2:
        raise FileNotFoundError(f"the v1.1 seeds 003_*.txt and 004_*.txt are expected in {SHARED}")
    out = []
    for path in SEEDS:
        for title, body in _blocks(path.read_text()):
            out.append((path.name, title, loads(body)))
    return out
