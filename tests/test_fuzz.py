"""Property-based fuzzing of the loaders: whatever the input, only the project's own errors.

CI runs the `ci` profile. For a longer run on your machine:

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py --hypothesis-show-statistics
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_project
from resourcepack.cache import MAX_NOTES, Cache
from resourcepack.content import Partnership, Resource, Topic, parse
from resourcepack.errors import ResourcePackError, TemplateError
from resourcepack.packs import Pack
from resourcepack.project import check_project, load_project, pack_leaflets
from resourcepack.render import environment, render_html, render_inputs
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
        render_html(render_inputs(leaflets[0], fmt, root / "templates"), dt.datetime(2026, 11, 20))
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


# Template fuzzing: pieces of Jinja2 an author (or an attacker) might write, in any order.
TEMPLATE_PIECES = st.sampled_from(
    [
        "{{ leaflet.title }}",
        "{{ leaflet.logo }}",
        "{{ leaflet.logo.parent }}",
        "{{ leaflet.logo.read_text() }}",
        "{{ picture(leaflet) }}",
        "{{ picture({'path': leaflet.logo}) }}",
        "{{ qr('https://example.org/') }}",
        "{{ qr(leaflet) }}",
        "{% for i in range(3) %}{{ i }}{% endfor %}",
        "{% for i in range(10**9) %}{% endfor %}",
        "{{ 'a ' * 10**8 }}",
        "{{ 2 ** 100000 }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ leaflet.__class__.__init__.__globals__ }}",
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "{{ 1 / 0 }}",
        "{{ int('x') }}",
        "{{ no_such_name }}",
        "{{ leaflet.no_such_field }}",
        "{% include 'no-such.html.j2' %}",
        "{% include '../../../../etc/hostname' %}",
        "{% include '../secret.txt' %}",
        "{{ picture({'path': leaflet.logo.parent.parent.parent / 'secret.txt'}) }}",
        "{% extends 'base.html.j2' %}",
        "{{ _('Reviewed %(date)s', date=1) }}",
        "{{ leaflet.title|isolate('rtl') }}",
        "{{ leaflet.resources|halves(leaflet.body_pt) }}",
        '<a rel="attachment" href="x">',
        "{{",
        "{% if %}",
        "{% endfor %}",
    ]
)
CANARY = "canary-3f9a1c"  # in a file beside the project: no template may print it
template_sources = st.lists(st.one_of(TEMPLATE_PIECES, st.text(max_size=12)), max_size=6).map(
    "".join
)


@pytest.fixture(scope="module")
def a_leaflet(scratch: Path) -> tuple[Any, Any, Path]:
    """One composed leaflet of the scratch project, its format and the templates folder."""
    project = load_project(scratch, today=TODAY)
    leaflet = pack_leaflets(project, [project.packs["parents-evening"]])[0]
    return leaflet, project.catalog.formats[leaflet.format], scratch / "templates"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(source=template_sources)
def test_any_template_renders_or_fails_with_a_located_error(
    a_leaflet: tuple[Any, Any, Path], source: str
) -> None:
    """Whatever a template says, rendering gives HTML (without any file's contents) or one
    located TemplateError: never another exception, never a hang."""
    leaflet, fmt, templates = a_leaflet
    (templates.parent.parent / "secret.txt").write_text(CANARY, encoding="utf-8")
    path = templates / "parents" / "leaflet.html.j2"
    original = path.read_text(encoding="utf-8")
    path.write_text(source, encoding="utf-8")
    environment.cache_clear()  # a fresh loader: the file changed within the same second
    try:
        html = render_html(render_inputs(leaflet, fmt, templates), dt.datetime(2026, 11, 20))
        assert CANARY not in html and base64.b64encode(CANARY.encode()).decode() not in html
    except TemplateError as e:
        assert e.problems and all(p.line >= 1 for p in e.problems)
    finally:
        path.write_text(original, encoding="utf-8")
        environment.cache_clear()


@given(
    json_bytes=st.binary(max_size=80)
    | st.sampled_from(
        [b'{"pages": 6}', b'{"pages": -1, "sha256": "x"}', b"[]", b'{"pages": 1e9, "sha256": ""}']
    ),
    pdf_bytes=st.binary(max_size=80),
    notes=st.binary(max_size=12),
)
def test_any_cache_entry_is_reused_only_when_whole(
    tmp_path_factory: pytest.TempPathFactory, json_bytes: bytes, pdf_bytes: bytes, notes: bytes
) -> None:
    """A damaged cache entry is never trusted and never crashes: pages() says None (render
    again) unless the entry's checksum matches its PDF and its HTML edition and its layout
    verdict are there; a notes guess stays within bounds."""
    cache = Cache(tmp_path_factory.mktemp("cache"))
    (cache.folder / "k.json").write_bytes(json_bytes)
    cache.pdf("k").write_bytes(pdf_bytes)
    cache.pdf("k").with_suffix(".html").write_text("<!DOCTYPE html>")
    (cache.folder / "notes").mkdir()
    (cache.folder / "notes" / "a.pdf").write_bytes(notes)
    pages = cache.pages("k")
    if pages is not None:
        info = json.loads(json_bytes)
        assert (
            info["sha256"] == hashlib.sha256(pdf_bytes).hexdigest() and pages == info["pages"] > 0
        )
    assert 0 <= cache.notes_guess(("a.pdf",)) <= MAX_NOTES
    cache.remember("k", 3)  # a good entry, once written with its layout verdict, is read back
    assert cache.pages("k") is None  # no verdict of the layout check kept with it: render again
    cache.remember_findings("k", ())
    assert cache.pages("k") == 3
