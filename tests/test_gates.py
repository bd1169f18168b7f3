"""Content governance: verification evidence, draft and release modes, release gates."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run, line_of
from resourcepack.compose import compose
from resourcepack.errors import ContentError, Problem, ReleaseError
from resourcepack.gates import GATES, Release, for_release, release_leaflets, release_problems
from resourcepack.project import load_project

Cli = Callable[..., Run]
Edit = Callable[[str, str, str], None]
PART = "content/partnerships/coventry.yaml"
TOPIC = "content/topics/internet-offending.yaml"
CHECKED = 'verified: {on: 2026-11-20, by: "CSCP comms team (domain-facts sheet)"}'
TODAY = dt.date(2026, 11, 27)
TRANSLATED = ("ar", "pa", "pl", "ro", "ur")
CSCP_UNVERIFIED = (
    f"{PART}:48:15: error: contact 'partnership-team' (024 7697 5477) is unverified; verify it and "
    "record when and by whom (--release)"
)
LADO_UNVERIFIED = (
    f"{PART}:60:15: error: contact 'lado' (024 7683 1730) is unverified; verify it and "
    "record when and by whom (--release)"
)
# The professionals' leaflet rests on two sources not yet checked on gov.uk (issue 12).
SOURCES_UNVERIFIED = [
    f"content/topics/internet-offending.yaml:{line}:15: error: source '{source}' is unverified; "
    "verify it and record when and by whom (--release)"
    for line, source in ((86, "working-together-2023-sharing"), (95, "info-sharing-2024"))
]
PRO_UNVERIFIED = [CSCP_UNVERIFIED, LADO_UNVERIFIED, *SOURCES_UNVERIFIED]


def release_errors(root: Path, today: dt.date = TODAY, packs: tuple[str, ...] = ()) -> list[str]:
    """Check the named packs (all when none) for release; they must fail. Return the messages."""
    project = load_project(root, today=today)
    with pytest.raises(ReleaseError) as info:
        for_release(project, release_leaflets(project, packs))
    return [str(p) for p in info.value.problems]


def test_verification_records_when_and_by_whom(project: Path) -> None:
    catalog = load_project(project, today=TODAY).catalog
    mash = next(c for c in catalog.partnerships["coventry"].contacts if c.role == "front-door")
    assert mash.verified is not None
    assert mash.verified.on == dt.date(2026, 11, 20)
    assert mash.verified.by == "CSCP comms team (domain-facts sheet)"
    cscp = catalog.partnerships["coventry"].contact("partnership-team")
    assert cscp is not None
    assert cscp.verified is None
    assert cscp.note == "From the CSCP web page only; not confirmed by any other source."


def test_verified_true_is_not_enough(project: Path, edit: Edit) -> None:
    line = line_of(project, "content/resources.yaml", CHECKED)
    edit("content/resources.yaml", CHECKED, "verified: true")
    with pytest.raises(ContentError) as info:
        load_project(project, today=TODAY)
    assert [str(p) for p in info.value.problems] == [
        f"content/resources.yaml:{line}:15: error: verified: write when and by whom, "
        "{on: YYYY-MM-DD, by: ...}, or false"
    ]


def test_verification_needs_a_real_date_and_a_name(project: Path, edit: Edit) -> None:
    line = line_of(project, TOPIC, CHECKED)
    edit(TOPIC, CHECKED, "verified: {on: 2026-02-30}")
    with pytest.raises(ContentError) as info:
        load_project(project, today=TODAY)
    assert [str(p) for p in info.value.problems] == [
        f"{TOPIC}:{line}:15: error: missing field 'by'",
        f"{TOPIC}:{line}:20: error: on: '2026-02-30' is not a real date",
    ]


def test_check_release_lists_every_reason(project: Path, cli: Cli) -> None:
    result = cli(project, "check", "--release")
    assert result.code == 1
    assert result.err.splitlines() == [
        *(
            f"content/partnerships/coventry.{lang}.yaml:6:9: error: translation of the local "
            f"details into '{lang}' is a draft (--release)"
            for lang in TRANSLATED
        ),
        CSCP_UNVERIFIED,
        LADO_UNVERIFIED,
        "content/partnerships/example.yaml:10:10: error: partnership 'example' is an example "
        "(fictional details): not for distribution (--release)",
        *SOURCES_UNVERIFIED,
        *(
            f"content/translations/internet-offending.{lang}.yaml:{line}:9: error: translation "
            f"into '{lang}' is a draft; have it reviewed (--release)"
            for lang, line in zip(TRANSLATED, (9, 8, 7, 8, 8), strict=True)
        ),
        "15 errors; nothing was written",
    ]
    assert result.out == ""
    assert not (project / "output").exists()


@pytest.mark.slow  # a whole build (or worker processes)
def test_release_of_packs_that_print_only_verified_facts(project: Path, cli: Cli) -> None:
    result = cli(project, "build", "--release", "parents-evening")
    assert result.code == 0, result.err
    manifest = json.loads((project / "output/parents-evening/manifest.json").read_text())
    assert manifest["mode"] == "release"
    assert all(f["built_from"]["draft"] == [] for f in manifest["files"])


def test_release_build_refuses_and_writes_nothing(project: Path, cli: Cli) -> None:
    result = cli(project, "--release", "build", "professionals-briefing")
    assert result.code == 1
    assert result.err.splitlines() == [*PRO_UNVERIFIED, "4 errors; nothing was written"]
    assert not (project / "output").exists()


def test_release_leaflet_command(project: Path, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "one"
    args = [
        "leaflet",
        "internet-offending",
        "--partnership",
        "coventry",
        "--format",
        "a4",
        "--release",
        "-o",
        str(out),
    ]
    refused = cli(project, *args, "--audience", "professionals")
    assert refused.code == 1
    assert refused.err.splitlines() == [*PRO_UNVERIFIED, "4 errors; nothing was written"]
    assert not out.exists()


def test_reviews_past_due_block_release(project: Path) -> None:
    msgs = release_errors(project, today=dt.date(2027, 6, 1), packs=("parents-evening",))
    assert msgs == [
        f"{PART}:15:77: error: partnership 'coventry': review was due on 2027-05-20; review "
        "the content and update next_review (--release)",
        f"{TOPIC}:17:77: error: topic 'internet-offending': review was due on 2027-05-20; "
        "review the content and update next_review (--release)",
    ]


def test_unverified_cited_source_blocks_release(project: Path, edit: Edit) -> None:
    line = line_of(project, TOPIC, CHECKED)
    edit(TOPIC, CHECKED, "verified: false")
    assert release_errors(project, packs=("parents-evening",)) == [
        f"{TOPIC}:{line}:15: error: source 'iwf-2021' is unverified; verify it and record "
        "when and by whom (--release)"
    ]


def test_unverified_resource_blocks_release(project: Path, edit: Edit) -> None:
    line = line_of(project, "content/resources.yaml", CHECKED)
    edit("content/resources.yaml", CHECKED, "verified: false")
    assert release_errors(project, packs=("parents-evening",)) == [
        f"content/resources.yaml:{line}:15: error: resource 'ceop-safety-centre' is "
        "unverified; verify it and record when and by whom (--release)"
    ]


def test_figure_without_citation_warns_then_blocks_release(project: Path, edit: Edit) -> None:
    edit(TOPIC, "        cite: [iwf-2023-sextortion]\n", "")
    line = line_of(project, TOPIC, "- id: sextortion-boys")
    warning = (
        f"{TOPIC}:{line}:9: warning: block 'sextortion-boys' gives a figure ('91%') but cites "
        "no source; add cite: [source id]"
    )
    project_ = load_project(project, today=TODAY)
    assert warning in [str(w) for w in project_.catalog.warnings]
    msgs = release_errors(project, packs=("parents-evening",))
    assert msgs[0] == warning.replace("warning:", "error:") + " (--release)"
    # Changing the English makes every translation of the topic stale: that blocks release too.
    assert [m.split(":")[0] for m in msgs[1:]] == [
        f"content/translations/internet-offending.{lang}.yaml" for lang in TRANSLATED
    ]


def test_draft_reasons_follow_what_the_leaflet_prints(project: Path) -> None:
    catalog = load_project(project, today=TODAY).catalog
    pro = compose(catalog, "internet-offending", "professionals", "a4", "coventry")
    parents = compose(catalog, "internet-offending", "parents", "a4", "coventry")
    assert pro.draft == (
        "contact 'lado' (024 7683 1730) is unverified",
        "contact 'partnership-team' (024 7697 5477) is unverified",
        "source 'info-sharing-2024' is unverified",
        "source 'working-together-2023-sharing' is unverified",
    )
    assert parents.draft == ()
    # The carers' A4 lists no LADO, but its text prints the number through {contact:lado}.
    carers = compose(catalog, "internet-offending", "carers", "a4", "coventry")
    assert "024 7683 1730" not in [c.phone for c in carers.contacts]
    assert carers.draft == ("contact 'lado' (024 7683 1730) is unverified",)
    carers_dl = compose(catalog, "internet-offending", "carers", "dl-trifold", "coventry")
    assert carers_dl.draft == ()
    later = load_project(project, today=dt.date(2027, 6, 1)).catalog
    stale = compose(later, "internet-offending", "parents", "a4", "coventry")
    assert stale.draft == (
        "review was due on 2027-05-20; review the content and update next_review",
    )
    polish = compose(catalog, "internet-offending", "parents", "a4", "coventry", "pl")
    assert polish.draft == (
        "translation into 'pl' is a draft",
        "translation of partnership 'coventry' into 'pl' is a draft",
    )


def test_gates_are_plain_functions_that_can_be_added(project: Path) -> None:
    loaded = load_project(project, today=TODAY)
    release = Release(loaded, TODAY, release_leaflets(loaded, ["parents-evening"]))
    assert release_problems(release) == []

    def no_a5(r: Release) -> list[Problem]:
        return [Problem("packs/x.yaml", 1, 1, "no A5") for x in r.leaflets if "a5" in x.format]

    assert release_problems(release, [*GATES, no_a5]) == [Problem("packs/x.yaml", 1, 1, "no A5")]


@pytest.mark.slow  # a whole build (or worker processes)
def test_manifest_digest_follows_content(project: Path, cli: Cli, edit: Edit) -> None:
    def digest() -> str:
        assert cli(project, "build", "parents-evening", "--print-profile", "none").code == 0
        manifest = json.loads((project / "output/parents-evening/manifest.json").read_text())
        return str(manifest["files"][0]["built_from"]["content_sha256"])

    first = digest()
    assert digest() == first
    edit(TOPIC, "Keeping your child safe", "Keeping your children safe")
    assert digest() != first
