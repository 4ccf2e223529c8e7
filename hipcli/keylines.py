"""Find the line a key sits on in a TOML document, so that errors can point at it.

`tomllib` gives values but no positions. A routine file is small and simple, so a light scan of its
lines — table headers, `key =` lines, multi-line strings skipped — is enough to map each key path
(`("steps", 1, "hold")`) to the line a person should look at.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

KeyPath = tuple[str | int, ...]

_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"[^"\\]*"|\'[^\']*\')'
_DOTTED = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """An array header, a table header, a `key =` line, one part of a dotted key (compiled the
    first time a line is asked for: a document without mistakes never needs them)."""
    return (
        re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]"),
        re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]"),
        re.compile(rf"^\s*({_DOTTED})\s*="),
        re.compile(_BARE_OR_QUOTED),
    )


def _split_dotted(text: str) -> list[str]:
    return [part.strip("\"'") for part in _patterns()[3].findall(text)]


class KeyLines:
    """Maps key paths of one TOML document to 1-based line numbers.

    The document is scanned when a line is first asked for (when something in it is wrong).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._scanned: dict[KeyPath, int] | None = None

    @property
    def _lines(self) -> dict[KeyPath, int]:
        if self._scanned is None:
            self._scanned = self._scan(self._text)
        return self._scanned

    @staticmethod
    def _scan(text: str) -> dict[KeyPath, int]:
        lines: dict[KeyPath, int] = {}
        array_header, table_header, key_line, _ = _patterns()
        array_counts: dict[tuple[str, ...], int] = {}
        table: KeyPath = ()
        in_multiline: str | None = None
        # TOML lines end at \n only: str.splitlines() would also end one at \x85, \u2028,
        # \x0c... inside a string, and every line after it would be numbered wrong.
        for number, line in enumerate(text.split("\n"), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if match := array_header.match(line):
                names = tuple(_split_dotted(match.group(1)))
                index = array_counts.get(names, 0)
                array_counts[names] = index + 1
                table = (*names, index)
                lines.setdefault(names, number)
                lines.setdefault(table, number)
            elif match := table_header.match(line):
                names = tuple(_split_dotted(match.group(1)))
                # `[steps.breath]` after `[[steps]]` belongs to the latest step.
                resolved: list[str | int] = []
                for depth, name in enumerate(names, start=1):
                    resolved.append(name)
                    count = array_counts.get(names[:depth])
                    if count:
                        resolved.append(count - 1)
                table = tuple(resolved)
                lines.setdefault(table, number)
            elif match := key_line.match(line):
                key = (*table, *_split_dotted(match.group(1)))
                lines.setdefault(key, number)
                # Only a value that *starts* with triple quotes opens a multi-line string;
                # `cue = 'say """ here'` does not.
                value = line[match.end() :].lstrip()
                for quote in ('"""', "'''"):
                    if value.startswith(quote) and value.count(quote) % 2 == 1:
                        in_multiline = quote
        return lines

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of `path`, or of its nearest enclosing key or table that was found."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None
