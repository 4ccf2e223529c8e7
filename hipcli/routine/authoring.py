"""Writing routines: safe names, the template, copies, the schema, atomic writes.

The core of `hipcli new`, free of the command line and of Textual: it returns values and raises
errors that carry a message for people; `hipcli.commands` prints them.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import tomli_w

from hipcli import paths
from hipcli.literal import visible
from hipcli.routine.library import RoutineFile, Source
from hipcli.routine.model import label_key

# --- names ---------------------------------------------------------------------------------------

MAX_NAME_LENGTH = 60
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
NAME_RULE = (
    "Names use lowercase letters, digits, '-' and '_', start with a letter or digit, "
    f"and have at most {MAX_NAME_LENGTH} characters (like evening-hips)."
)


class RoutineNameError(ValueError):
    """A name that cannot be a routine's file name; the message says why and what is allowed."""


def is_routine_name(name: str) -> bool:
    """Whether `name` is a plain file stem hipcli writes routines under (`evening-hips`)."""
    return bool(_NAME.fullmatch(name)) and len(name) <= MAX_NAME_LENGTH


def check_name(name: str) -> None:
    """Accept a plain file stem such as `evening-hips`; raise RoutineNameError otherwise."""
    if is_routine_name(name):
        return
    if not name.strip():
        raise RoutineNameError(f"A routine needs a name. {NAME_RULE}")
    if name.endswith(".toml") and is_routine_name(name.removesuffix(".toml")):
        reason = "leave out '.toml'; hipcli adds it"
    elif "/" in name or "\\" in name or ".." in name:
        reason = "it is a path, and a name is a plain file name"
    elif name.startswith("."):
        reason = "a name starting with '.' would make a hidden file"
    elif any(char.isspace() for char in name):
        reason = "it has spaces"
    elif len(name) > MAX_NAME_LENGTH:
        reason = f"it is {len(name)} characters long"
    elif name != name.lower():
        reason = "it has capital letters"
    else:
        reason = "it has characters a routine name cannot have"
    message = f"'{visible(name)}' cannot be a routine name: {reason}."
    suggestion = _suggest_name(name)
    if suggestion and suggestion != name:
        message += f" Try '{suggestion}'."
    raise RoutineNameError(f"{message}\n{NAME_RULE}")


def _suggest_name(name: str) -> str:
    """A safe name close to `name` ("My Hips.toml" -> "my-hips"), or "" when none is."""
    stem = name.strip().removesuffix(".toml").lower()
    stem = stem.replace("\\", "/").rsplit("/", 1)[-1]
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")[:MAX_NAME_LENGTH].rstrip("-_")
    return slug if _NAME.fullmatch(slug) else ""


def user_routine_path(name: str) -> Path:
    """Where the user's routine `name` lives: `<config>/routines/NAME.toml`."""
    return paths.user_routines_dir() / f"{name}.toml"


# --- the schema ----------------------------------------------------------------------------------

SCHEMA_RESOURCE = "routine.schema.json"
SCHEMA_DIRECTIVE = "#:schema "
# Used only when the package is not on the file system (imported from a zip): editors cannot open
# a file inside a zip, so the `#:schema` line then names the published copy instead.
SCHEMA_URL = (
    "https://raw.githubusercontent.com/hipcli/hipcli/main/hipcli/routine/routine.schema.json"
)
DOCS_URL = "https://github.com/hipcli/hipcli/blob/main/docs/routines.md"


def schema_text() -> str:
    """The routine format's JSON Schema (draft-07), as shipped in the package."""
    return resources.files("hipcli.routine").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


def schema_uri() -> str:
    """Where editors find the schema: the installed file as a `file://` URI, read offline."""
    resource = resources.files("hipcli.routine").joinpath(SCHEMA_RESOURCE)
    if isinstance(resource, Path) and resource.is_file():
        return resource.resolve().as_uri()
    return SCHEMA_URL


def schema_line(uri: str | None = None) -> str:
    """The `#:schema` comment that starts every file `hipcli new` and `hipcli edit` write."""
    return f"{SCHEMA_DIRECTIVE}{uri or schema_uri()}"


def refresh_schema_line(path: Path, uri: str | None = None) -> bool:
    """Point a file's `#:schema` line at the installed schema again if the file it names is gone.

    The line holds an absolute path, which goes stale when hipcli is reinstalled elsewhere (a new
    virtual environment, a new Python). Only such a dangling hipcli schema line is rewritten;
    anything else the user put there is left alone. Returns whether the file was changed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    first, newline, rest = text.partition("\n")
    target = first.removeprefix(SCHEMA_DIRECTIVE).strip()
    if not first.startswith(SCHEMA_DIRECTIVE) or not target.endswith(SCHEMA_RESOURCE):
        return False
    current = schema_line(uri)
    if first.rstrip("\r") == current or not target.startswith("file:"):
        return False
    if Path(url2pathname(unquote(urlparse(target).path))).is_file():
        return False
    write_atomic(path, current + ("\r" if first.endswith("\r") else "") + newline + rest)
    return True


# --- the template and copies ---------------------------------------------------------------------

_TEMPLATE = '''\
{schema}
# {name}: a routine of your own, made with `hipcli new`.
# Lines starting with # are comments. Every key is explained in docs/routines.md:
# {docs}
# Change what you like, then `hipcli validate {name}` checks the file and
# `hipcli start {name}` runs it. As it is, it runs for 5m 20s.

title = {title}      # required: shown in lists and at the top of the screen
summary = "A gentle hip opener: a low lunge, a reclined figure four, then a rest."  # optional
aliases = []          # optional: other names that find it, like ["hips at night"]

lead_in = "10s"       # a get-ready countdown before the first hold
rest = "10s"          # the pause after each step (there is none after the last one)
switch = "5s"         # time to change sides: added between the sides, never taken from a hold
breath = "extended-exhale"   # breath pacing during holds (in 4, out 8). Named patterns: natural,
                             # diaphragmatic, box, 4-7-8, coherent, extended-exhale, equal

# Each [[steps]] table is one step; they run in the order they are written.

[[steps]]
name = "Low lunge"                # required: shown during the step's holds
hold = "45s"                      # required: the hold for EACH side: "45s", "1m30s" or 45
sides = ["left", "right"]         # optional: hold once per side, in this order
breath = "natural"                # optional: this step's own pacing (natural: none shown)
cue = """
Step the foot of the side shown forward and lower the back knee onto a folded blanket. \\
Let the hips sink forward only as far as feels easy.\\
"""

[[steps]]
name = "Reclined figure four"
hold = "1m"
sides = ["left", "right"]
switch = "10s"                    # this step only: a little longer to change sides
rest = "15s"                      # this step only: a longer pause after it
cue = """
Lie on your back and cross the ankle of the side shown over the other knee. \\
Ease off if the knee complains.\\
"""

[[steps]]
name = "Rest"
hold = 60                         # a plain number is seconds
breath = {{ inhale = 4, hold = 0, exhale = 6, hold_after = 0 }}   # your own pattern, in seconds
cue = "Lie still with the knees bent and let the floor take your weight."
'''


def _title_for(name: str) -> str:
    words = re.sub(r"[-_]+", " ", name).strip()
    return (words[:1].upper() + words[1:]) if words else "My routine"


def title_for(name: str, taken: Iterable[str] = ()) -> str:
    """A title made from a routine's name ("long-pigeon" -> "Long pigeon") that no title in
    `taken` has already (compared as names are: "Long pigeon (2)" otherwise), so that two
    routines never show the same title in lists, on screen and in the journal."""
    used = {label_key(title) for title in taken}
    base = title = _title_for(name)
    number = 2
    while label_key(title) in used:
        title = f"{base} ({number})"
        number += 1
    return title


def template_text(
    name: str, *, schema_uri_text: str | None = None, title: str | None = None
) -> str:
    """A small commented routine that runs as it is and shows every key in use."""
    return _TEMPLATE.format(
        schema=schema_line(schema_uri_text),
        name=name,
        title=_toml_string(title or _title_for(name)),
        docs=DOCS_URL,
    )


def _toml_string(text: str) -> str:
    return tomli_w.dumps({"x": text}).partition("=")[2].strip()


_BUILTIN_NOTE = re.compile(
    r"^# Built-in hipcli routine\. To change it, copy this file to \S+\r?\n"
    r"# and edit the copy; see docs/routines\.md\.\r?\n",
    re.MULTILINE,
)


def copy_text(
    text: str,
    *,
    source: RoutineFile,
    name: str,
    schema_uri_text: str | None = None,
    title: str | None = None,
) -> str:
    """The text of `source` as the user's routine `name`: its comments kept, its header updated.

    The `#:schema` line is put first (replacing an old one), the header's "# pigeon:" becomes
    "# NAME:", and a built-in's "copy this file to change it" note becomes a note of where the copy
    came from. With `title`, the copy gets that title and the original's aliases are commented
    out (they find the original). Everything else, keys and comments alike, is kept exactly.
    """
    if title is not None:
        text = _retitled(text, title)
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text.removeprefix("\ufeff")
    while body.startswith(SCHEMA_DIRECTIVE):
        body = body.partition("\n")[2]
    if source.source is Source.BUILT_IN and name == source.name:
        note = (
            f"# Your copy of the built-in routine '{source.name}': it takes the built-in's place."
            f"{newline}# Delete this file to get the built-in back; see docs/routines.md.{newline}"
        )
    else:
        origin = "the built-in routine" if source.source is Source.BUILT_IN else "your routine"
        note = (
            f"# Made from {origin} '{source.name}' with `hipcli new`; see docs/routines.md."
            f"{newline}"
        )
    header = f"# {source.name}:"
    if body.startswith(header):
        first, _, rest = body.partition("\n")
        first = f"# {name}:" + first.removeprefix(header)
        rest, replaced = _BUILTIN_NOTE.subn(note, rest, count=1)
        body = f"{first}\n{rest}" if replaced else f"{first}\n{note}{rest}"
    else:
        body = note + body
    return f"{schema_line(schema_uri_text)}{newline}{body}"


def _retitled(text: str, title: str) -> str:
    """`text` with its title set to `title` and its aliases commented out, or `text` unchanged
    where the file is written in a way this cannot safely edit (the copy is still a copy)."""
    lines = text.split("\n")
    span = _top_level_span(lines, "title")
    if span is None:
        return text
    start, end = span
    first = _SIMPLE_VALUE.sub(lambda m: m.group(1) + _toml_string(title), lines[start], count=1)
    if end - start == 1 and first != lines[start]:
        lines[start] = first  # a one-line title: keep any comment after it
    else:
        lines[start:end] = [f"title = {_toml_string(title)}"]
    aliases = _top_level_span(lines, "aliases")
    if aliases is not None:
        start, end = aliases
        lines[start:end] = [
            "# The original's aliases (they find the original); yours can have its own:",
            *(f"# {line}" for line in lines[start:end]),
        ]
    edited = "\n".join(lines)
    try:
        before, after = tomllib.loads(text), tomllib.loads(edited)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return text
    before.update(title=title)
    before.pop("aliases", None)
    return edited if after == before else text


# A one-line basic or literal string (not the start of a multi-line one).
_SIMPLE_VALUE = re.compile(r"""^(\s*title\s*=\s*)("(?:[^"\\]|\\.)*"(?!")|'[^']*'(?!'))""")


def _top_level_span(lines: list[str], key: str) -> tuple[int, int] | None:
    """The lines [start, end) holding the top-level `key = value`, or None when it is not there
    (or not before the first table)."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for start, line in enumerate(lines):
        if line.lstrip().startswith("["):
            return None  # the first table: top-level keys are all above it
        if not pattern.match(line):
            continue
        for end in range(start + 1, min(len(lines), start + 100) + 1):
            try:
                if key in tomllib.loads("\n".join(lines[start:end])):
                    return start, end
            except tomllib.TOMLDecodeError:
                continue
        return None
    return None


# --- writing files -------------------------------------------------------------------------------


def write_routine(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write a routine file, creating its folder (0700) if needed.

    Without `overwrite`, an existing file is never touched (FileExistsError); with it, the new
    text replaces the old in one step, so a crash leaves one or the other, never half of each.
    """
    make_folders(path.parent)
    if overwrite:
        write_atomic(path, text)
        return
    # 0644 asked for explicitly: under `umask 000` a plain open() would make it 0666
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
        file.write(text)


def make_folders(folder: Path) -> None:
    """Create `folder` (0700) and any missing folder above it (0755), never looser whatever
    the umask (`Path.mkdir(parents=True)` makes the parents 0777 under `umask 000`)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for index, item in enumerate(reversed(missing)):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            os.mkdir(item, 0o700 if index == len(missing) - 1 else 0o755)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` through a hidden temporary file in the same folder."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # Through a symbolic link (a routine kept in a dotfiles repository): the file it points at
    # is replaced, and the link stays a link.
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    # The dot keeps the library from listing the temporary file as a routine.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(raw)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def user_copy(file: RoutineFile, *, schema_uri_text: str | None = None) -> tuple[Path, bool]:
    """The user's own file for `file`: itself, or a fresh copy of a built-in (created: True)."""
    if file.source is Source.USER:
        return file.path, False
    target = user_routine_path(file.name)
    text = file.path.read_text(encoding="utf-8")
    try:
        write_routine(
            target, copy_text(text, source=file, name=file.name, schema_uri_text=schema_uri_text)
        )
    except FileExistsError:  # written since the library was read: edit that one
        return target, False
    return target, True
