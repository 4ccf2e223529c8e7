"""Problems in files people write by hand (routines, settings), located by file, line and key.

Shared by every stage: a `Problem` names the file, line, column and key, says what is wrong and
gives a hint; a `ProblemsError` carries all the problems found in one file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong in a routine file, located as precisely as the file allows."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    key: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
        return f"{text}. {self.hint}" if self.hint else text


class ProblemsError(Exception):
    """A file that cannot be used; holds every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """A hint naming the closest choice, or an empty string when nothing is close."""
    import difflib  # deferred: only a mistake needs it

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'?" if close else ""


def type_name(value: object) -> str:
    """Name a TOML value's type the way a person reading the file would."""
    match value:
        case bool():
            return f"a true/false value ({str(value).lower()})"
        case int():
            return f"a number ({value})"
        case float():
            return f"a number ({value})"
        case str():
            return f'the text "{value}"' if len(value) <= 40 else "a long text"
        case list():
            return "a list"
        case dict():
            return "a table"
        case _:
            return f"a {type(value).__name__}"
