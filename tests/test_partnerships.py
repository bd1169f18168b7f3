"""Many partnerships, safely: shared guidance filled with each partnership's local details, the
leak guard, located token errors, translations by partnership, and new-partnership."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO, copy_project, run_cli
from resourcepack.compose import Leaflet, compose
from resourcepack.content import ROLES
from resourcepack.errors import ContentError
from resourcepack.guard import allowed_for, guard, visible_text
from resourcepack.packs import LeafletSpec, leaflet_problems
from resourcepack.pipeline import validate
from resourcepack.project import check_leaflets, leaflet_inputs, load_project
from resourcepack.render import render_html, render_inputs

WHEN = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
TOPIC = "content/topics/internet-offending.yaml"
EXAMPLE = "content/partnerships/example.yaml"
COVENTRY_LOCAL = ("Coventry", "CSCP", "024 7678 8555", "024 7683 2222", "024 7697 5477")
EXAMPLE_LOCAL = ("Exampleton", "ESCP", "Example Safeguarding", "020 7946 01")


@pytest.fixture(scope="module")
def bundled() -> object:
    """The bundled project, loaded once (read only)."""
    return load_project(REPO)


def every_leaflet(project: object, partnership: str) -> Iterator[Leaflet]:
    """Every leaflet the content can make for a partnership: topic × audience × variant ×
    language × format."""
    cat = project.catalog  # type: ignore[attr-defined]
    for topic, variant, lang, fmt in itertools.product(
        cat.topics.values(), cat.variants, cat.languages, cat.formats
    ):
        for audience in topic.audiences:
            spec = LeafletSpec(
                topic=topic.id,
                audience=audience,
                format=fmt,
                language=lang,
                variant=variant,
                copies=1,
            )
            if not leaflet_problems(cat, spec):
                yield compose(validate(cat), topic.id, audience, fmt, partnership, lang, variant)


def text_of(project: object, leaflet: Leaflet) -> str:
    """A leaflet's final text: its rendered HTML, as a reader sees it."""
    cat = project.catalog  # type: ignore[attr-defined]
    html = render_html(
        render_inputs(leaflet, cat.formats[leaflet.format], REPO / "templates"), WHEN
    )
    return re.sub(r"\s+(?=[.,;:)])", "", visible_text(html))  # a kept-whole number's span


@pytest.mark.parametrize(
    ("partnership", "foreign"), [("example", COVENTRY_LOCAL), ("coventry", EXAMPLE_LOCAL)]
)
def test_every_leaflet_of_each_partnership_passes_the_guard(
    bundled: object, partnership: str, foreign: tuple[str, ...]
) -> None:
    leaflets = list(every_leaflet(bundled, partnership))
    assert len(leaflets) >= 40  # 3 audiences × 4 formats × variants, and 5 languages for parents
    allowed = allowed_for(bundled.catalog, partnership)  # type: ignore[attr-defined]
    for leaflet in leaflets:
        fmt = bundled.catalog.formats[leaflet.format]  # type: ignore[attr-defined]
        html = render_html(render_inputs(leaflet, fmt, REPO / "templates"), WHEN)
        assert guard(leaflet, html, allowed, leaflet_inputs(bundled, leaflet)) == []  # type: ignore[arg-type]
        text = visible_text(html)
        assert [f for f in foreign if f in text] == [], leaflet.filename
        assert leaflet.filename.startswith(f"{partnership}.")


def test_coventry_keeps_its_words_with_details_from_its_file(bundled: object) -> None:
    leaflet = compose(validate(bundled), "internet-offending", "parents", "a4", "coventry")  # type: ignore[attr-defined]
    text = " ".join(text_of(bundled, leaflet).split())
    assert (
        "If you are worried about a child in Coventry, call Children's Social Care at the Multi "
        "Agency Safeguarding Hub (MASH) on 024 7678 8555. Out of hours, call 024 7683 2222."
    ) in text
    pro = compose(validate(bundled), "internet-offending", "professionals", "a4", "coventry")  # type: ignore[attr-defined]
    headings = [s.heading for s in pro.sections]
    assert "Responding and referring in Coventry" in headings
    assert "Coventry Safeguarding Children Partnership (CSCP)" in headings
    assert pro.subtitle == "Child sexual abuse online, the law, and how to refer in Coventry"


def test_the_example_gets_its_own_details_and_a_band_on_every_page(bundled: object) -> None:
    leaflet = compose(validate(bundled), "internet-offending", "parents", "a4", "example")  # type: ignore[attr-defined]
    text = " ".join(text_of(bundled, leaflet).split())
    assert "worried about a child in Exampleton, call Children's Social Care at the" in text
    assert "Children's Advice and Support Hub on 020 7946 0101" in text
    assert leaflet.example and leaflet.draft[0].startswith("example partnership")
    a4 = bundled.catalog.formats["a4"]  # type: ignore[attr-defined]
    html = render_html(render_inputs(leaflet, a4, REPO / "templates"), WHEN)
    assert '<div class="draft-band"><span>Example — not for distribution</span>' in html


def test_contacts_come_in_role_order_national_ones_from_the_national_file(bundled: object) -> None:
    leaflet = compose(validate(bundled), "internet-offending", "carers", "a4", "example")  # type: ignore[attr-defined]
    phones = [c.phone for c in leaflet.contacts]
    # the LADO (020 7946 0103) is listed for professionals; carers meet it in their text
    assert phones == ["999", "020 7946 0101", "020 7946 0102", "101", "020 7946 0104"]
    pro = compose(validate(bundled), "internet-offending", "professionals", "a4", "example")  # type: ignore[attr-defined]
    assert [c.phone for c in pro.contacts] == [
        "999",
        "020 7946 0101",
        "020 7946 0102",
        "101",
        "020 7946 0103",
        "020 7946 0105",
    ]
    dl = compose(validate(bundled), "internet-offending", "carers", "dl-trifold", "example")  # type: ignore[attr-defined]
    assert [c.phone for c in dl.contacts] == ["999", "020 7946 0101", "020 7946 0102", "101"]
    assert list(ROLES)[:4] == ["emergency", "front-door", "out-of-hours", "police-non-emergency"]


def test_a_missing_partnership_translation_falls_back_to_english_as_a_draft(
    bundled: object,
) -> None:
    leaflet = compose(validate(bundled), "internet-offending", "parents", "a4", "example", "pl")  # type: ignore[attr-defined]
    reason = (
        "no 'pl' translation of partnership 'example' (content/partnerships/example.pl.yaml); "
        "English used"
    )
    assert reason in leaflet.draft
    front = next(c for c in leaflet.contacts if c.phone == "020 7946 0101")
    assert front.name == "Children's Advice and Support Hub"
    coventry = compose(validate(bundled), "internet-offending", "parents", "a4", "coventry", "pl")  # type: ignore[attr-defined]
    mash = next(c for c in coventry.contacts if c.phone == "024 7678 8555")
    assert mash.name.startswith("Wieloinstytucjonalny punkt ochrony dzieci")


def line_col(path: Path, needle: str) -> tuple[int, int]:
    """The line and column where needle first appears in a file (a leading newline: the line
    before the one that starts with it)."""
    text = path.read_text(encoding="utf-8")
    at = text.find(needle)
    assert at >= 0, f"{needle!r} not in {path}"
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def tmp_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def drop_role(root: Path, role: str, following: str) -> None:
    """Take a role's contact out of the example partnership's file."""
    text = (root / EXAMPLE).read_text(encoding="utf-8")
    start, end = text.index(f"  - role: {role}\n"), text.index(f"  - role: {following}\n")
    (root / EXAMPLE).write_text(text[:start] + text[end:], encoding="utf-8")


def test_a_role_the_partnership_lacks_is_an_error_at_the_token_naming_its_file(
    tmp_project: Path,
) -> None:
    drop_role(tmp_project, "out-of-hours", "lado")
    result = run_cli(tmp_project, "check")
    assert result.code == 1
    # the parents' "What to do now" (in the example's pack) is the first text to need it
    line, col = line_col(tmp_project / TOPIC, "call\n            {contact:out-of-hours}.")
    line, col = line + 1, 13
    contacts, _ = line_col(tmp_project / EXAMPLE, "contacts:")
    expected = (
        f"{TOPIC}:{line}:{col}: error: {{contact:out-of-hours}}: partnership 'example' has no "
        f"'out-of-hours' contact; add one at {EXAMPLE}:{contacts + 1}:3"
    )
    assert expected in result.err.splitlines()
    assert not (tmp_project / "output").exists()


def test_an_unknown_token_says_what_was_meant(tmp_project: Path) -> None:
    edit(tmp_project, TOPIC, "{contact:out-of-hours}.", "{contact:out-of-hour}.")
    line, col = line_col(tmp_project / TOPIC, "{contact:out-of-hour}")
    result = run_cli(tmp_project, "check")
    assert result.code == 1
    expected = (
        f"{TOPIC}:{line}:{col}: error: unknown token '{{contact:out-of-hour}}' "
        "(did you mean '{contact:out-of-hours}'?)"
    )
    assert expected in result.err.splitlines()


def test_an_easy_read_token_error_names_its_real_line_and_the_partnership(
    tmp_project: Path,
) -> None:
    easy = "content/easy-read/internet-offending.yaml"
    drop_role(tmp_project, "front-door", "out-of-hours")
    result = run_cli(tmp_project, "check")
    line, col = line_col(tmp_project / easy, "{contact:front-door}")
    assert line > 1
    lines = result.err.splitlines()
    mine = [x for x in lines if x.startswith(f"{easy}:{line}:{col}: error: {{contact:front-door}}")]
    assert mine and "partnership 'example' has no 'front-door' contact" in mine[0], result.err


def test_a_local_number_in_shared_guidance_is_refused_at_check(tmp_project: Path) -> None:
    edit(tmp_project, TOPIC, "call\n            {contact:out-of-hours}.", "call 024 7683 2222.")
    line, col = line_col(tmp_project / TOPIC, "024 7683 2222")
    result = run_cli(tmp_project, "check")
    assert result.code == 1
    expected = (
        f"{TOPIC}:{line}:{col}: error: local number in shared guidance ('024 7683 2222'): move "
        "it to the partnership's contacts and write {contact:<role>} here"
    )
    assert result.err.splitlines()[0] == expected


NEITHER = "neither partnership 'example''s nor a national service's"
LEAKS = [
    # (what to plant in the example partnership's file, what the guard must report)
    (
        "Support for families before problems get bigger. Or call 024 7678 8555.",
        "phone number of partnership 'coventry': '024 7678 8555'",
    ),
    (
        "Support for families before problems get bigger. Write to mash@coventry.example.org.",
        f"e-mail address that is {NEITHER}: 'mash@coventry.example.org'",
    ),
    (
        "Support for families before problems get bigger. See https://coventry.example.org/mash.",
        f"web address that is {NEITHER}: 'https://coventry.example.org/mash'",
    ),
    (
        "Support for families in Coventry before problems get bigger.",
        "name or place of partnership 'coventry': 'Coventry'",
    ),
    (
        "Support for families before problems get bigger {Place}.",
        "a token left unfilled: '{Place}'",
    ),
]


# The default `pytest` builds with one kind of leak; tests/unit/test_guard.py finds each kind
# (and where it is written) on the tiny project, and CI builds with each (`pytest -m ""`).
@pytest.mark.parametrize(
    ("planted", "report"),
    [
        pytest.param(*leak, id=name)
        for leak, name in zip(LEAKS, ["phone", "email", "url", "name", "token"], strict=True)
    ],
)
@pytest.mark.slow  # whole builds through the command line
def test_the_guard_fails_the_build_on_each_kind_of_leak_and_writes_nothing(
    tmp_project: Path, planted: str, report: str
) -> None:
    edit(tmp_project, EXAMPLE, "Support for families before problems get bigger.", planted)
    line, _ = line_col(tmp_project / EXAMPLE, planted.split(".")[0][-20:])
    argv = ("build", "-j", "1", "--print-profile", "none", "example-open-day")
    result = run_cli(tmp_project, *argv)
    assert result.code == 1
    leaflet = "example.internet-offending.parents.en.a4.pdf"
    errors = [x for x in result.err.splitlines() if ": error: " in x]
    mine = [x for x in errors if f"error: {leaflet} prints {report};" in x]
    assert len(mine) == 1, result.err
    assert mine[0].startswith(f"{EXAMPLE}:{line}:")
    assert not list((tmp_project / "output").glob("*"))  # nothing written


def test_a_leak_in_shared_text_points_at_the_topic_line(tmp_project: Path) -> None:
    edit(
        tmp_project,
        TOPIC,
        "Stay calm. Listen more than you talk.",
        "Stay calm. Talk to the CSCP team.",
    )
    with pytest.raises(ContentError) as caught:
        project = load_project(tmp_project)
        leaflet = compose(validate(project), "internet-offending", "parents", "a4", "example")
        check_leaflets(project, [leaflet], WHEN)
    line, col = line_col(tmp_project / TOPIC, "CSCP team")
    problem = next(p for p in caught.value.problems if "CSCP" in p.message)
    assert (problem.path, problem.line, problem.column) == (tmp_project / TOPIC, line, col)
    assert "name or place of partnership 'coventry': 'CSCP'" in problem.message


@pytest.mark.slow  # whole builds through the command line
def test_warnings_are_those_of_the_partnerships_a_command_touches(tmp_project: Path) -> None:
    coventry = run_cli(tmp_project, "check", "--partnership", "coventry")
    assert coventry.code == 0
    assert "example.yaml" not in coventry.err and "coventry.yaml" in coventry.err
    example = run_cli(tmp_project, "check", "--partnership", "example")
    assert "coventry.yaml" not in example.err and "example.yaml" in example.err
    strict = run_cli(tmp_project, "--strict", "check", "--partnership", "example")
    assert strict.code == 1 and "(--strict)" in strict.err


def test_release_refuses_the_example_partnership(tmp_project: Path) -> None:
    result = run_cli(tmp_project, "check", "--release")
    line, col = line_col(tmp_project / EXAMPLE, "\nexample: true")
    line, col = line + 1, len("example: ") + 1
    expected = (
        f"{EXAMPLE}:{line}:{col}: error: partnership 'example' is an example (fictional "
        "details): not for distribution (--release)"
    )
    assert result.code == 1 and expected in result.err.splitlines()


def test_leaflet_asks_which_partnership_when_there_are_several(tmp_project: Path) -> None:
    result = run_cli(
        tmp_project, "leaflet", "internet-offending", "--audience", "parents", "--format", "a4"
    )
    assert result.code == 2
    assert "several partnerships (coventry, example): choose one with --partnership" in result.err


def test_new_partnership_writes_every_role_as_todo_and_refuses_to_overwrite(
    tmp_project: Path,
) -> None:
    name = "Northdale Safeguarding Children Partnership"
    result = run_cli(tmp_project, "new-partnership", "northdale", "--name", name)
    assert result.code == 0, result.err
    assert "wrote content/partnerships/northdale.yaml" in result.out and "next steps:" in result.out
    text = (tmp_project / "content/partnerships/northdale.yaml").read_text(encoding="utf-8")
    local = [r for r in ROLES if r not in ("emergency", "police-non-emergency")]
    assert re.findall(r"- role: (\S+)", text) == local
    assert 'short_name: "NSCP"' in text and "place: TODO" in text
    again = run_cli(tmp_project, "new-partnership", "northdale", "--name", name)
    assert again.code == 2 and "already exists" in again.err
    bad = run_cli(tmp_project, "new-partnership", "North Dale", "--name", name)
    assert bad.code == 2 and "lower-case letters" in bad.err


def test_a_todo_contact_is_an_error_for_the_leaflets_that_print_it(tmp_project: Path) -> None:
    run_cli(
        tmp_project,
        "new-partnership",
        "northdale",
        "--name",
        "Northdale SCP",
        "--place",
        "Northdale",
    )
    result = run_cli(
        tmp_project,
        "leaflet",
        "internet-offending",
        "--audience",
        "professionals",
        "--format",
        "a4",
        "--partnership",
        "northdale",
    )
    assert result.code == 1
    part = "content/partnerships/northdale.yaml"
    line, col = line_col(tmp_project / part, "phone: TODO")
    expected = (
        f"{part}:{line}:{col + 7}: error: the 'front-door' contact of partnership 'northdale' "
        "is still TODO; fill it in"
    )
    assert expected in result.err.splitlines()
    assert not list((tmp_project / "output").glob("*"))


FILLED = {
    "front-door": ("Children's Front Door", "020 7946 0201"),
    "out-of-hours": ("Emergency duty team", "020 7946 0202"),
    "lado": ("Local Authority Designated Officer", "020 7946 0203"),
    "early-help": ("Family support", "020 7946 0204"),
    "partnership-team": ("NSCP team", "020 7946 0205"),
}


def fill_in(path: Path) -> None:
    """Fill in a new partnership's TODOs as its officer would (drama numbers)."""
    blocks = path.read_text(encoding="utf-8").split("  - role: ")
    out = [blocks[0]]
    for block in blocks[1:]:
        role = block.split("\n", 1)[0]
        name, phone = FILLED[role]
        block = block.replace("name: TODO", f"name: {name}").replace(
            "phone: TODO", f"phone: {phone}"
        )
        out.append(block.replace("description: TODO", f"description: {name}, Northdale."))
    path.write_text("  - role: ".join(out), encoding="utf-8")


@pytest.mark.slow
def test_a_new_partnership_filled_in_prints_no_coventry_detail(tmp_project: Path) -> None:
    before = {p: p.read_bytes() for p in (tmp_project / "content").rglob("*") if p.is_file()}
    name = "Northdale Safeguarding Children Partnership"
    run_cli(tmp_project, "new-partnership", "northdale", "--name", name, "--place", "Northdale")
    fill_in(tmp_project / "content/partnerships/northdale.yaml")
    out = tmp_project / "out"
    for audience, fmt in (
        ("parents", "a4"),
        ("carers", "a5-booklet"),
        ("professionals", "dl-trifold"),
    ):
        result = run_cli(
            tmp_project,
            "leaflet",
            "internet-offending",
            "--audience",
            audience,
            "--format",
            fmt,
            "--partnership",
            "northdale",
            "-o",
            str(out),
        )
        assert result.code == 0, result.err
    pdfs = sorted(out.glob("northdale.internet-offending.*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert [f for f in COVENTRY_LOCAL if f in text] == [], pdf.name
        assert "Northdale" in text and "020 7946 0201" in text
    after = {p: p.read_bytes() for p in before}
    assert after == before  # no Coventry (or any other) file was edited
