"""Find the line a key sits on in a TOML document, so that errors can point at it.

`tomllib` gives values but no positions. A routine file is small and simple, so a light scan of its
lines — table headers, `key =` lines, multi-line strings skipped — is enough to map each key path
(`("steps", 1, "hold")`) to the line a person should look at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

KeyPath = tuple[str | int, ...]

_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"[^"\\]*"|\'[^\']*\')'
_DOTTED = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_BARE_OR_QUOTED)


def _split_dotted(text: str) -> list[str]:
    return [part.strip("\"'") for part in _PART.findall(text)]


class KeyLines:
    """Maps key paths of one TOML document to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
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
            if match := _ARRAY_HEADER.match(line):
                names = tuple(_split_dotted(match.group(1)))
                index = array_counts.get(names, 0)
                array_counts[names] = index + 1
                table = (*names, index)
                self._lines.setdefault(names, number)
                self._lines.setdefault(table, number)
            elif match := _TABLE_HEADER.match(line):
                names = tuple(_split_dotted(match.group(1)))
                # `[steps.breath]` after `[[steps]]` belongs to the latest step.
                resolved: list[str | int] = []
                for depth, name in enumerate(names, start=1):
                    resolved.append(name)
                    count = array_counts.get(names[:depth])
                    if count:
                        resolved.append(count - 1)
                table = tuple(resolved)
                self._lines.setdefault(table, number)
            elif match := _KEY_LINE.match(line):
                key = (*table, *_split_dotted(match.group(1)))
                self._lines.setdefault(key, number)
                # Only a value that *starts* with triple quotes opens a multi-line string;
                # `cue = 'say """ here'` does not.
                value = line[match.end() :].lstrip()
                for quote in ('"""', "'''"):
                    if value.startswith(quote) and value.count(quote) % 2 == 1:
                        in_multiline = quote

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of `path`, or of its nearest enclosing key or table that was found."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None
