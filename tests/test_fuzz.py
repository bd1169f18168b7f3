"""Property-based fuzzing of the loaders: whatever the input, only the project's own errors.

CI runs the `ci` profile. For a longer run on your machine:

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py --hypothesis-show-statistics
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_project
from resourcepack.build import check_project, load_project, pack_leaflets
from resourcepack.content import Partnership, Resource, Topic, parse
from resourcepack.errors import ResourcePackError
from resourcepack.packs import Pack
from resourcepack.render import render_html
from resourcepack.source import load_yaml

pytestmark = pytest.mark.slow  # property-based fuzzing of the loaders

settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# Each mutation loads the whole project, so CI runs fewer of them.
MUTATIONS = settings().max_examples // 3

TODAY = dt.date(2026, 11, 27)
REAL_FILES = (
    "content/audiences.yaml",
    "content/resources.yaml",
    "content/partnerships/coventry.yaml",
    "content/topics/internet-offending.yaml",
    "packs/parents-evening.yaml",
    "templates/formats.yaml",
)
MODELS = (Topic, Partnership, Pack, Resource)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2026-11-20", "2026-02-30", "024 7678 8555", "https://x.org", "parents"]),
)
keys = st.one_of(
    st.text(max_size=12), st.sampled_from(["id", "name", "review", "verified", "on", "by", "text"])
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the project that each example changes one file of, then puts back."""
    root = copy_project(tmp_path_factory.mktemp("fuzz"))
    old = Path.cwd()
    os.chdir(root)
    yield root
    os.chdir(old)


def only_our_errors(root: Path, rel: str, data: bytes) -> None:
    """Write data to a project file, load it and compose every pack's leaflets, render the
    first one's HTML, then put the file back."""
    path = root / rel
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        project = load_project(root, today=TODAY)
        check_project(project)  # as the command line does before composing
        leaflets = pack_leaflets(project, list(project.packs.values()))
        fmt = project.catalog.formats[leaflets[0].format]
        render_html(leaflets[0], fmt, root / "templates", dt.datetime(2026, 11, 20))
    except ResourcePackError:
        pass
    finally:
        path.write_bytes(original)


@given(text=st.text(max_size=400))
def test_any_text_loads_or_fails_with_our_error(scratch: Path, text: str) -> None:
    (scratch / "any.yaml").write_text(text, encoding="utf-8")
    with contextlib.suppress(ResourcePackError):
        load_yaml(scratch / "any.yaml")


@given(data=st.binary(max_size=200))
def test_any_bytes_load_or_fail_with_our_error(scratch: Path, data: bytes) -> None:
    (scratch / "any.yaml").write_bytes(data)
    with contextlib.suppress(ResourcePackError):
        load_yaml(scratch / "any.yaml")


@given(document=documents, model=st.sampled_from(MODELS))
def test_any_document_validates_or_gives_located_problems(
    scratch: Path, document: Any, model: type[Any]
) -> None:
    (scratch / "doc.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    try:
        doc = load_yaml(scratch / "doc.yaml")
    except ResourcePackError:
        return
    context = {"audiences": {"parents"}, "languages": {"en"}, "resources": {"childline"}}
    value, problems = parse(doc, model, doc.data, (), context)
    assert (value is None) == bool(problems)
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


def mutate(text: str, kind: str, at: int, extra: str) -> str:
    """One small edit of a real file: a line dropped, doubled, indented, or text put in."""
    lines = text.splitlines(keepends=True)
    i = at % max(len(lines), 1)
    if kind == "drop":
        del lines[i : i + 1]
    elif kind == "double":
        lines.insert(i, lines[i] if lines else "")
    elif kind == "indent":
        lines[i : i + 1] = [" " + line for line in lines[i : i + 1]]
    elif kind == "dedent":
        lines[i : i + 1] = [line[1:] for line in lines[i : i + 1]]
    elif kind == "insert":
        pos = at % max(len(text), 1)
        return text[:pos] + extra + text[pos:]
    elif kind == "replace-value":
        lines[i : i + 1] = [
            line.split(":", 1)[0] + ": " + extra + "\n" for line in lines[i : i + 1]
        ]
    return "".join(lines)


@settings(
    max_examples=MUTATIONS,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rel=st.sampled_from(REAL_FILES),
    kind=st.sampled_from(["drop", "double", "indent", "dedent", "insert", "replace-value"]),
    at=st.integers(min_value=0, max_value=100_000),
    extra=st.one_of(
        st.text(max_size=20),
        st.sampled_from(
            ["&a x", "*a", "[", "{", "- ", "\t", ": :", "!!int", "'", '"', "|", ">", "<b>", "%"]
        ),
    ),
)
def test_mutated_real_content_fails_only_with_our_errors(
    scratch: Path, rel: str, kind: str, at: int, extra: str
) -> None:
    text = (scratch / rel).read_text(encoding="utf-8")
    only_our_errors(scratch, rel, mutate(text, kind, at, extra).encode("utf-8", "surrogatepass"))
