"""YAML loading that keeps the line and column of every mapping key and list item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ContentError, Problem, problem_at

MAX_BYTES = 1_000_000
MAX_ALIASES = 50

Position = tuple[int, int]


class LocDict(dict[str, Any]):
    """A mapping that remembers where it and each of its keys stood in the file."""

    pos: Position = (1, 1)
    key_pos: dict[str, Position]
    value_pos: dict[str, Position]


class LocList(list[Any]):
    """A list that remembers where it and each of its items stood in the file."""

    pos: Position = (1, 1)
    item_pos: list[Position]


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (validated later) and limits aliases."""

    aliases_seen = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        """Count aliases so that alias bombs are refused."""
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > MAX_ALIASES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.MarkedYAMLError(
                    None, None, f"more than {MAX_ALIASES} aliases; write the values out", mark
                )
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: Node, loader: _Loader, path: Path, problems: list[Problem]) -> Any:
    if isinstance(node, MappingNode):
        return _convert_mapping(node, loader, path, problems)
    if isinstance(node, SequenceNode):
        out = LocList(_convert(item, loader, path, problems) for item in node.value)
        out.pos, out.item_pos = _pos(node), [_pos(item) for item in node.value]
        return out
    assert isinstance(node, ScalarNode)
    return loader.construct_object(node, deep=True)


def _convert_mapping(
    node: MappingNode, loader: _Loader, path: Path, problems: list[Problem]
) -> LocDict:
    out = LocDict()
    out.pos, out.key_pos, out.value_pos = _pos(node), {}, {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line, col = _pos(key_node)
        if not isinstance(key, str):
            problems.append(problem_at(path, line, col, f"key {key!r} must be text"))
            continue
        if key in out:
            first = out.key_pos[key][0]
            msg = f"duplicate key '{key}' (first on line {first}); keep one"
            problems.append(problem_at(path, line, col, msg))
            continue
        out.key_pos[key], out.value_pos[key] = (line, col), _pos(value_node)
        out[key] = _convert(value_node, loader, path, problems)
    return out


def _decode(path: Path, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        msg = f"file is {len(raw)} bytes, over the {MAX_BYTES} limit; split it"
        raise ContentError([problem_at(path, 1, 1, msg)])
    if b"\0" in raw:
        raise ContentError([problem_at(path, 1, 1, "binary file, not YAML text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        msg = "not UTF-8 text; save the file as UTF-8"
        raise ContentError([problem_at(path, line, 1, msg)]) from e


def load_yaml(path: Path) -> SourceDoc:
    """Load one YAML file with positions; raise ContentError listing every problem."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ContentError([problem_at(path, 1, 1, f"cannot read file: {e.strerror}")]) from e
    text = _decode(path, raw)
    loader = _Loader(text)
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        data = _convert(node, loader, path, problems) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = e.problem or e.context or "invalid YAML"
        raise ContentError([problem_at(path, line, col, f"YAML syntax: {what}")]) from e
    except yaml.YAMLError as e:
        raise ContentError([problem_at(path, 1, 1, f"YAML syntax: {e}")]) from e
    finally:
        loader.dispose()
    if problems:
        raise ContentError(problems)
    if data is None:
        raise ContentError([problem_at(path, 1, 1, "file is empty; see docs/content-format.md")])
    return SourceDoc(path, data)
