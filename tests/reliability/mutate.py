"""Seeded byte- and line-level mutation of real files: flip, insert, delete, duplicate, splice,
truncate, and drop in the tokens most likely to confuse a TOML reader or a terminal."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

TOKENS: tuple[bytes, ...] = (
    b'"', b"'", b'"""', b"'''", b"[", b"]", b"[[", b"]]", b"[[steps]]", b"[steps]",
    b"[[session]]", b"[[sess", b"[session]", b"{", b"}", b"=", b" = ", b",", b".", b"#", b"\\",
    b"\\u", b"\\U0010FFFF", b"\\uD800", b"\\x1b", b"\n", b"\r", b"\r\n", b"\t", b"\x00", b"\xff",
    b"\xc3", b"\xef\xbb\xbf", b"\x1b]0;title\x07", b"\x1b[2J", b"\xc2\x9b", b"\xe2\x80\xae",
    b"inf", b"-inf", b"nan", b"-0", b"0x7f", b"1e400", b"1_000", b"99999999999999999999999",
    b"9" * 5000, b"true", b"false", b"1979-05-27T07:32:00Z", b"1979-05-27", b"07:32:00",
    b"2026-02-30T00:00:00+01:00", b"hold = ", b"sides = [", b"breath = {", b"a.b.c = 1",
    b"hodl = 1", b"steps = 3", b"x = " + b"[" * 500, b"[" * 200, b"{a={b={c={}}}}",
    b'"' + b"a" * 5000 + b'"', b"mood = 9", b"id = ", b"v = 2", b"extra = { deep = [1, 2] }",
)  # fmt: skip


def _flip(data: bytearray, rng: random.Random, others: Sequence[bytes]) -> None:
    if data:
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)


def _set_byte(data: bytearray, rng: random.Random, others: Sequence[bytes]) -> None:
    if data:
        data[rng.randrange(len(data))] = rng.choice(b"\"'[]{}=,.#\\\n\r\t\x00\x1b\x7f\x9b\xff 0")


def _insert(data: bytearray, rng: random.Random, others: Sequence[bytes]) -> None:
    at = rng.randrange(len(data) + 1)
    data[at:at] = rng.choice(TOKENS)


def _delete(data: bytearray, rng: random.Random, others: Sequence[bytes]) -> None:
    if data:
        at = rng.randrange(len(data))
        del data[at : at + rng.randint(1, 64)]


def _duplicate(data: bytearray, rng: random.Random, others: Sequence[bytes]) -> None:
    if data:
        start = rng.randrange(len(data))
        piece = data[start : start + rng.randint(1, 256)]
        at = rng.randrange(len(data) + 1)
        data[at:at] = piece


def _lines(data: bytearray) -> list[bytes]:
    return bytes(data).splitlines(keepends=True)


def _line_op(data: bytearray, rng: random.Random, others: Sequence[bytes]) -> None:
    lines = _lines(data)
    if not lines:
        return
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    match rng.randrange(5):
        case 0:
            del lines[i]
        case 1:
            lines.insert(j, lines[i])
        case 2:
            lines[i], lines[j] = lines[j], lines[i]
        case 3:
            lines.insert(j, lines.pop(i))
        case _:
            foreign = _lines(bytearray(rng.choice(others))) or [b""]
            lines[i] = rng.choice(foreign)
    data[:] = b"".join(lines)


def _splice(data: bytearray, rng: random.Random, others: Sequence[bytes]) -> None:
    other = rng.choice(others)
    data[:] = data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


def _truncate(data: bytearray, rng: random.Random, others: Sequence[bytes]) -> None:
    del data[rng.randrange(len(data) + 1) :]


def _value(data: bytearray, rng: random.Random, others: Sequence[bytes]) -> None:
    """Replace what follows an `=` on some line with a token."""
    lines = _lines(data)
    keyed = [n for n, line in enumerate(lines) if b"=" in line]
    if keyed:
        n = rng.choice(keyed)
        key = lines[n].split(b"=", 1)[0]
        lines[n] = key + b"= " + rng.choice(TOKENS) + b"\n"
        data[:] = b"".join(lines)


Mutation = Callable[[bytearray, random.Random, Sequence[bytes]], None]
MUTATIONS: tuple[tuple[Mutation, int], ...] = (
    (_flip, 3), (_set_byte, 3), (_insert, 5), (_delete, 3), (_duplicate, 2), (_line_op, 5),
    (_splice, 1), (_truncate, 1), (_value, 5),
)  # fmt: skip


def mutate(data: bytes, rng: random.Random, others: Sequence[bytes], *, most: int = 5) -> bytes:
    """`data` with 1 to `most` random mutations (`others` are files to splice from)."""
    out = bytearray(data)
    functions, weights = zip(*MUTATIONS, strict=True)
    for function in rng.choices(functions, weights, k=rng.randint(1, most)):
        function(out, rng, others)
    return bytes(out)


def mutant(corpus: Sequence[bytes], seed: int, index: int) -> bytes:
    """The `index`-th mutant of the run `seed`: the same bytes every time."""
    rng = random.Random(seed * 1_000_003 + index)
    return mutate(rng.choice(corpus), rng, corpus)
