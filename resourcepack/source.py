"""YAML loading that keeps the line and column of every mapping key and list item."""

from __future__ import annotations

import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
import yaml.cyaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ContentError, Problem, problem_at

# libyaml's parser (C), where PyYAML was built with it; used only then (see load_yaml).
CParser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None
MAX_BYTES = 1_000_000
MAX_ALIASES = 50
MAX_DEPTH = 40
MAX_VALUES = 200_000

PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")

Position = tuple[int, int]


class LocDict(dict[str, Any]):
    """A mapping that remembers where it and each of its keys stood in the file (slots: a
    national build keeps thousands)."""

    __slots__ = ("key_pos", "pos", "value_pos")
    pos: Position
    key_pos: dict[str, Position]
    value_pos: dict[str, Position]


class LocList(list[Any]):
    """A list that remembers where it and each of its items stood in the file."""

    __slots__ = ("item_pos", "pos")
    pos: Position
    item_pos: list[Position]


class _Limits:
    """Limits aliases and nesting while composing (a mixin for a YAML loader)."""

    aliases_seen = 0
    depth = 0
    check_event: Any
    peek_event: Any

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        """Count aliases and nesting so that alias bombs and deep nesting are refused."""
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > MAX_ALIASES:
                self._refuse(f"more than {MAX_ALIASES} aliases; write the values out")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                self._refuse(f"nested more than {MAX_DEPTH} levels deep")
            node: Node | None = super().compose_node(parent, index)  # type: ignore[misc]
            return node
        finally:
            self.depth -= 1

    def _refuse(self, message: str) -> None:
        mark = self.peek_event().start_mark
        raise yaml.MarkedYAMLError(None, None, message, mark)


class _Loader(_Limits, yaml.SafeLoader):
    """SafeLoader that keeps dates as text (validated later) and limits aliases and nesting."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastLoader(
    _Limits,
    yaml.composer.Composer,
    CParser or yaml.parser.Parser,  # type: ignore[misc]
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """_Loader's composing and limits over libyaml's parser (C), several times faster. Used
    first; a file it cannot read is read again with _Loader, whose messages the errors give."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        yaml.composer.Composer.__init__(self)


@dataclass(frozen=True)
class SourceDoc:
    """One loaded YAML file: its path and its data with positions."""

    path: Path
    data: Any

    def locate(self, loc: Sequence[int | str], key: bool = False) -> Position:
        """Return the line and column of the value (or key) at a key/index path, or nearest."""
        node, pos = self.data, getattr(self.data, "pos", (1, 1))
        for step in loc:
            if isinstance(node, LocDict) and isinstance(step, str) and step in node:
                pos = node.key_pos[step] if key else node.value_pos[step]
                node = node[step]
            elif isinstance(node, LocList) and isinstance(step, int) and step < len(node):
                pos, node = node.item_pos[step], node[step]
            else:
                break
        return pos

    def problem(self, loc: Sequence[int | str], message: str, key: bool = False) -> Problem:
        """An error located at a key/index path in this file (at the key itself if asked)."""
        line, col = self.locate(loc, key)
        return problem_at(self.path, line, col, message)


def _pos(node: Node) -> Position:
    return _position(node.start_mark.line + 1, node.start_mark.column + 1)


@cache
def _position(line: int, column: int) -> Position:
    """One copy of each position: 150 partnership files share their layout."""
    return line, column


class _Converter:
    """Turns composed nodes into LocDict/LocList values, gathering key problems.

    Aliases can make a small file expand to a huge or endless value, so nesting depth and the
    number of values built are both limited.
    """

    def __init__(self, loader: _Loader, path: Path) -> None:
        self.loader, self.path = loader, path
        self.problems: list[Problem] = []
        self.built = 0

    def convert(self, node: Node, depth: int = 0) -> Any:
        """Convert one node and everything below it."""
        self.built += 1
        if depth > MAX_DEPTH or self.built > MAX_VALUES:
            what = f"nested more than {MAX_DEPTH} levels deep" if depth > MAX_DEPTH else "too big"
            line, col = _pos(node)
            msg = f"YAML: the document is {what} (aliases?); write the values out"
            raise ContentError([problem_at(self.path, line, col, msg)])
        if isinstance(node, MappingNode | SequenceNode) and node.tag not in PLAIN_TAGS:
            line, col = _pos(node)
            msg = f"YAML: the tag '{node.tag}' is not allowed; write plain values"
            raise ContentError([problem_at(self.path, line, col, msg)])
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, SequenceNode):
            out = LocList(self.convert(item, depth + 1) for item in node.value)
            out.pos, out.item_pos = _pos(node), [_pos(item) for item in node.value]
            return out
        return self.scalar(node)

    def scalar(self, node: Node) -> Any:
        """Construct a scalar; a value its tag cannot read (`!!int x`, `0x_`) is a problem."""
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception as e:  # PyYAML's scalar readers raise several kinds (`key: !!int`)
            line, col = _pos(node)
            msg = f"YAML: cannot read {str(node.value)[:40]!r} as {node.tag.rsplit(':', 1)[-1]}"
            raise ContentError([problem_at(self.path, line, col, msg)]) from e

    def mapping(self, node: MappingNode, depth: int) -> LocDict:
        """Convert a mapping, refusing keys that are not text and keys given twice."""
        out = LocDict()
        out.pos, out.key_pos, out.value_pos = _pos(node), {}, {}
        self.loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.key(key_node)
            line, col = _pos(key_node)
            if key is None:
                continue
            if key in out:
                first = out.key_pos[key][0]
                msg = f"duplicate key '{key}' (first on line {first}); keep one"
                self.problems.append(problem_at(self.path, line, col, msg))
                continue
            key = sys.intern(key)  # one copy of each key across the files
            out.key_pos[key], out.value_pos[key] = _position(line, col), _pos(value_node)
            out[key] = self.convert(value_node, depth + 1)
        return out

    def key(self, node: Node) -> str | None:
        """A mapping key as text, or None (with a problem) when it is not text."""
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return str(node.value)  # YAML 1.1 reads keys such as `on:` and `no:` as booleans
        value = self.scalar(node) if isinstance(node, ScalarNode) else node
        if isinstance(value, str):
            return value
        shown = repr(value) if isinstance(node, ScalarNode) else "a list or mapping"
        line, col = _pos(node)
        self.problems.append(problem_at(self.path, line, col, f"key {shown[:40]} must be text"))
        return None


def _utf16_without_bom(raw: bytes) -> bool:
    """Text whose first characters alternate with NUL bytes: UTF-16 saved without its mark."""
    head = raw[:16]
    odd, even = head[1::2], head[0::2]
    return len(head) >= 8 and (
        (odd == b"\0" * len(odd) and b"\0" not in even)
        or (even == b"\0" * len(even) and b"\0" not in odd)
    )


def _decode(path: Path, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        msg = f"file is over the {MAX_BYTES} byte limit; split it"
        raise ContentError([problem_at(path, 1, 1, msg)])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw):
        msg = "UTF-16 text, not UTF-8; save the file as UTF-8"
        raise ContentError([problem_at(path, 1, 1, msg)])
    if b"\0" in raw:
        raise ContentError([problem_at(path, 1, 1, "binary file, not YAML text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        msg = "not UTF-8 text; save the file as UTF-8"
        raise ContentError([problem_at(path, line, 1, msg)]) from e


HARD_LINK = "is a hard link (the file has other names, maybe outside the project); copy it instead"


def _read(path: Path, root: Path | None) -> bytes:
    """Read a regular file inside root (if given), at most one byte over the size limit."""
    real = path.resolve()
    if root is not None and not real.is_relative_to(root.resolve()):
        msg = "links to a file outside the project; copy the file into the project instead"
        raise ContentError([problem_at(path, 1, 1, msg)])
    try:
        info = real.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ContentError([problem_at(path, 1, 1, "not a regular file")])
        if info.st_nlink > 1:
            raise ContentError([problem_at(path, 1, 1, HARD_LINK)])
        with real.open("rb") as f:
            return f.read(MAX_BYTES + 1)
    except OSError as e:
        raise ContentError([problem_at(path, 1, 1, f"cannot read file: {e.strerror}")]) from e


def _reader_problem(path: Path, text: str, e: yaml.reader.ReaderError) -> Problem:
    """Locate a character YAML does not allow (a control character) and name it."""
    before = text[: e.position]
    line, col = before.count("\n") + 1, e.position - (before.rfind("\n") + 1) + 1
    msg = f"YAML: the character U+{e.character:04X} is not allowed in YAML text; remove it"
    return problem_at(path, line, col, msg)


def load_yaml(path: Path, root: Path | None = None) -> SourceDoc:
    """Load one YAML file with positions; raise ContentError listing every problem.

    With root, a file (or link) that resolves outside root is refused.
    """
    return load_text(path, _decode(path, _read(path, root)))


def load_text(path: Path, text: str) -> SourceDoc:
    """Load YAML text read from path (already confined and decoded) with positions, under the
    same limits; raise ContentError listing every problem."""
    if yaml.__with_libyaml__:
        try:
            return _load(path, text, _FastLoader)
        except ContentError:
            pass  # read again, for the pure-Python loader's located message
    return _load(path, text, _Loader)


def _load(path: Path, text: str, kind: type[Any]) -> SourceDoc:
    """Compose and convert a YAML text with a loader class; raise ContentError on problems."""
    try:
        loader = kind(text)
    except yaml.reader.ReaderError as e:
        raise ContentError([_reader_problem(path, text, e)]) from e
    converter = _Converter(loader, path)
    problems = converter.problems
    try:
        node = loader.get_single_node()
        data = converter.convert(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = e.problem or e.context or "invalid YAML"
        if e.context and what.startswith("but "):
            what = f"{e.context}, {what}"
        raise ContentError([problem_at(path, line, col, f"YAML syntax: {what}")]) from e
    except yaml.reader.ReaderError as e:
        raise ContentError([_reader_problem(path, text, e)]) from e
    except yaml.YAMLError as e:
        raise ContentError([problem_at(path, 1, 1, f"YAML syntax: {e}")]) from e
    finally:
        loader.dispose()
    if problems:
        raise ContentError(problems)
    if data is None:
        raise ContentError([problem_at(path, 1, 1, "file is empty; see docs/content-format.md")])
    return SourceDoc(path, data)
