"""Accessibility and language checks: each rule has a fixture that breaks it, named by file:line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run, leaflet_args, line_of

Cli = Callable[..., Run]
Edit = Callable[[str, str, str], None]
TOPIC = "content/topics/internet-offending.yaml"
EASY = "content/easy-read/internet-offending.yaml"
PL = "content/translations/internet-offending.pl.yaml"


def failing(cli: Cli, root: Path) -> list[str]:
    """Run `check`, which must fail; return its error lines."""
    result = cli(root, "check")
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    return [line for line in result.err.splitlines() if ": error: " in line]


def test_bundled_project_passes_every_check(project: Path, cli: Cli) -> None:
    result = cli(project, "check")
    assert result.code == 0, result.err


def test_body_text_below_the_audience_minimum(project: Path, cli: Cli, edit: Edit) -> None:
    edit("content/audiences.yaml", "body_pt: 14\n", "body_pt: 13\n")
    line = line_of(project, "content/audiences.yaml", "body_pt: 13")
    errors = failing(cli, project)
    assert (
        f"content/audiences.yaml:{line}:14: error: body text for parents in standard is "
        "13pt; needs at least 14pt" in errors
    )


def test_large_print_below_18pt(project: Path, cli: Cli, edit: Edit) -> None:
    edit("content/variants.yaml", "    body_pt: 18", "    body_pt: 16")
    errors = failing(cli, project)
    assert any(
        "body text for professionals in large-print is 16pt; needs at least 18pt" in e
        for e in errors
    )


def test_low_contrast_brand_colour(project: Path, cli: Cli, edit: Edit) -> None:
    edit("content/partnerships/coventry.yaml", 'accent: "#00706b"', 'accent: "#66b2ae"')
    line = line_of(project, "templates/theme.yaml", "background: brand.accent")
    assert failing(cli, project) == [
        f"templates/theme.yaml:{line}:5: error: contrast of inverse on brand.accent (the "
        "audience label) is 2.46:1 for partnership 'coventry'; needs 4.5:1"
    ]


def test_body_text_needs_seven_to_one(project: Path, cli: Cli, edit: Edit) -> None:
    edit("templates/theme.yaml", 'text: "#1a1a1a"', 'text: "#6b6b6b"')
    errors = failing(cli, project)
    expected = "(body text) is 5.33:1 for partnership 'coventry'; needs 7.0:1"
    assert any(expected in e for e in errors)


@pytest.mark.parametrize(
    ("css", "what"),
    [("text-align: justify;", "justified text"), ("font-style: italic;", "italic text")],
)
def test_justified_or_italic_text(project: Path, cli: Cli, edit: Edit, css: str, what: str) -> None:
    edit("templates/styles/a4.css", "@page { size: A4;", f"p {{ {css} }}\n@page {{ size: A4;")
    line = line_of(project, "templates/styles/a4.css", css)
    errors = failing(cli, project)
    assert len(errors) == 1
    assert errors[0].startswith(f"templates/styles/a4.css:{line}:")
    assert what in errors[0]


def test_hard_to_read_parents_text(project: Path, cli: Cli, edit: Edit) -> None:
    hard = (
        "Notwithstanding considerable institutional heterogeneity, multidisciplinary "
        "safeguarding arrangements necessitate comprehensive organisational "
        "accountability, interprofessional communication and documentation."
    )
    path = project / TOPIC
    text = path.read_text(encoding="utf-8")
    for old in (
        "This often happens at home.",
        "It is a growing form of child sexual abuse.",
        "Stay calm. Listen more than you talk.",
    ):
        text = text.replace(old, " ".join([hard] * 6))
    path.write_text(text, encoding="utf-8")
    errors = failing(cli, project)
    assert any(
        "reads at Flesch" in e and "needs 60" in e and "Notwithstanding" in e for e in errors
    )
    assert all(e.startswith(f"{TOPIC}:") for e in errors if "Flesch" in e)


def test_easy_read_long_sentence_and_acronym(project: Path, cli: Cli, edit: Edit) -> None:
    edit(
        EASY,
        "It tells you where to get help.",
        "It tells you where you can go to get help and advice from people who know about this.",
    )
    edit(EASY, "This leaflet is for parents.", "This leaflet is for parents from the CSCP.")
    line = line_of(project, EASY, "This leaflet is for parents from the CSCP.")
    errors = failing(cli, project)
    # Each at the word itself (not at the `>-` that starts the text, a line above).
    column = 13 + len("This leaflet is for parents from the ")
    assert (
        f"{EASY}:{line}:{column}: error: Easy Read text uses the acronym 'CSCP'; write it out"
        in errors
    )
    assert any(
        e.startswith(f"{EASY}:{line + 2}:13: error: Easy Read sentence of 18 words") for e in errors
    )


def test_translation_missing_a_block_and_an_item(project: Path, cli: Cli, edit: Edit) -> None:
    text = (project / PL).read_text(encoding="utf-8")
    start = text.index("  what-it-is-intro:")
    end = text.index("\n  what-it-is-how:")
    (project / PL).write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    errors = failing(cli, project)
    assert any(
        e.startswith(f"{PL}:") and "no pl translation of block 'what-it-is-intro'" in e
        for e in errors
    )


def test_stale_translation_is_reported(project: Path, cli: Cli, edit: Edit) -> None:
    edit(TOPIC, "This often happens at home.", "This often happens at home, in private.")
    result = cli(project, "check")
    assert result.code == 0
    line = line_of(project, PL, "source_hash:")
    assert any(
        w.startswith(f"{PL}:{line}:") and "translation is stale" in w
        for w in result.err.splitlines()
    )
    assert cli(project, "--strict", "check").code == 1


def test_text_only_other_audiences_see_leaves_a_translation_current(
    project: Path, cli: Cli, edit: Edit
) -> None:
    """The Polish overlay translates the parents' leaflet: a professionals-only block is not
    what it was made from."""
    edit(TOPIC, "Indecent images of children are classed", "Indecent images of children are graded")
    result = cli(project, "check")
    assert result.code == 0
    assert "translation is stale" not in result.err
    edit(TOPIC, "This often happens at home.", "This often happens at home, in private.")
    assert "translation is stale" in cli(project, "check").err


def test_poster_text_leaves_a_translation_current(project: Path, cli: Cli, edit: Edit) -> None:
    """A translation carries no poster text (posters print in English): it stays current."""
    edit(
        TOPIC,
        "Do not\n        share, save or delete the image.",
        "Do not\n        share or delete it.",
    )
    result = cli(project, "check")
    assert result.code == 0 and "translation is stale" not in result.err


def test_character_without_a_glyph(project: Path, cli: Cli, edit: Edit) -> None:
    edit(PL, "title: ", "title: 中 ")
    errors = failing(cli, project)
    line = (project / PL).read_text(encoding="utf-8").split("\n").index(
        'title: 中 "Bezpieczeństwo dziecka w internecie"'
    ) + 1
    glyph = [e for e in errors if "U+4E2D '中' in title has no glyph in Atkinson Hyperlegible" in e]
    assert glyph and all(e.startswith(f"{PL}:{line}:8: error: ") for e in glyph)  # at the text


def test_image_without_alt_text(project: Path, cli: Cli, edit: Edit, tmp_path: Path) -> None:
    edit(
        "templates/base.html.j2",
        '<img class="logo" src="{{ logo }}" alt=',
        '<img class="logo" src="{{ logo }}" data-alt=',
    )
    result = cli(
        project,
        *leaflet_args("parents", "a4"),
        "-o",
        str(tmp_path),
    )
    assert result.code == 1
    # located at the template line that writes the image
    text = (project / "templates/base.html.j2").read_text(encoding="utf-8")
    line = text[: text.index('<img class="logo" src="{{ logo }}" data-alt=')].count("\n") + 1
    assert f"templates/base.html.j2:{line}:5: error: an image has no alt text" in result.err


def test_headings_out_of_order(project: Path, cli: Cli, edit: Edit, tmp_path: Path) -> None:
    edit(
        "templates/macros.html.j2", "  <h2>{{ t(s.heading) }}</h2>", "  <h4>{{ t(s.heading) }}</h4>"
    )
    result = cli(
        project,
        *leaflet_args("parents", "a4"),
        "-o",
        str(tmp_path),
    )
    assert result.code == 1
    assert "templates/macros.html.j2:" in result.err and "heading h4 follows h1" in result.err
    assert ":1:1: error: heading" not in result.err


def test_easy_read_page_limit(project: Path, cli: Cli, edit: Edit, tmp_path: Path) -> None:
    edit("content/variants.yaml", "max_pages: 24", "max_pages: 3")
    result = cli(
        project,
        *leaflet_args("parents", "a4"),
        "--variant",
        "easy-read",
        "-o",
        str(tmp_path / "out"),
    )
    assert result.code == 1
    assert (
        "coventry.internet-offending.parents-easy-read.en.a4.pdf has 10 pages; easy-read allows 3"
        in result.err
    )
    assert not (tmp_path / "out").exists()


def test_variant_for_the_wrong_audience_is_a_usage_error(project: Path, cli: Cli) -> None:
    result = cli(
        project,
        *leaflet_args("professionals", "a4"),
        "--variant",
        "easy-read",
    )
    assert result.code == 2
    assert "variant 'easy-read' is only for: parents, carers" in result.err


def test_language_without_translation_in_a_pack(project: Path, cli: Cli, edit: Edit) -> None:
    edit(
        "packs/professionals-briefing.yaml",
        "audience: professionals\n    format: a4\n    language: en",
        "audience: professionals\n    format: a4\n    language: pl",
    )
    errors = failing(cli, project)
    assert any(
        "topic 'internet-offending' has no 'pl' translation for professionals" in e for e in errors
    )


def test_large_print_leaflet_file_name(project: Path, cli: Cli, tmp_path: Path) -> None:
    result = cli(
        project,
        *leaflet_args("carers", "a4"),
        "--variant",
        "large-print",
        "-o",
        str(tmp_path),
    )
    assert result.code == 0, result.err
    assert (tmp_path / "coventry.internet-offending.carers-large-print.en.a4.pdf").is_file()
