"""scaffold: a new partnership's file loads, every local role TODO, and a leaflet says where."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from resourcepack.errors import UsageError
from resourcepack.scaffold import ROLE_AUDIENCES, new_partnership, short_name

from .project import AUDIENCES, BASE, PACK, compose_errors, loaded, make_project, packs_of

DAY = dt.date(2026, 12, 1)
NEW = "content/partnerships/northdale.yaml"
# The new file gives its contacts to the bundled project's audiences, carers among them.
CARERS = {
    AUDIENCES: BASE[AUDIENCES]
    + "  - id: carers\n    name: Carers\n    description: Foster carers\n    body_pt: 14\n"
}


def test_the_new_file_loads_with_every_local_role_todo(tmp_path: Path) -> None:
    root = make_project(tmp_path, CARERS)
    file, logo = new_partnership(root, "northdale", "Northdale Children's Partnership", None, DAY)
    assert (file.name, logo.name) == ("northdale.yaml", "northdale-logo.svg")
    part = loaded(root).partnerships["northdale"]
    assert (part.short_name, part.place) == ("NCP", "TODO")
    assert [c.role for c in part.contacts] == list(ROLE_AUDIENCES)
    assert {c.todo for c in part.contacts} == {"phone"}
    assert part.review.next_review == DAY + dt.timedelta(days=182)


def test_a_leaflet_of_it_points_at_the_first_todo(tmp_path: Path) -> None:
    root = make_project(tmp_path, {**CARERS, PACK: BASE[PACK].replace("north", "northdale")})
    new_partnership(root, "northdale", "Northdale Partnership", "Northdale", DAY)
    assert "evening" in packs_of(root)
    text = (root / NEW).read_text(encoding="utf-8")
    lines = text.splitlines()
    todo = next(n for n, line in enumerate(lines, 1) if line.strip() == "phone: TODO")
    assert compose_errors(root, "tiny", "parents", "a4", "northdale")[0] == (
        f"{NEW}:{todo}:12: error: the 'front-door' contact of partnership 'northdale' is still "
        "TODO; fill it in"
    )


def test_it_refuses_to_overwrite_and_bad_names(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    with pytest.raises(UsageError, match=r"north\.yaml already exists"):
        new_partnership(root, "north", "North", None, DAY)
    with pytest.raises(UsageError) as info:
        new_partnership(root, "North Dale", "a\nb", None, DAY)
    assert [p.message for p in info.value.problems] == [
        "id 'North Dale' must be lower-case letters, digits and single hyphens",
        "--name must be the partnership's name, on one line",
    ]
    assert not (root / "content/partnerships/North Dale.yaml").exists()


def test_short_name_takes_capitals() -> None:
    assert short_name("Example Safeguarding Children Partnership") == "ESCP"
    assert short_name("northdale partnership") == "northdale"


def test_in_a_project_without_carers_each_role_goes_to_the_audiences_it_has(
    tmp_path: Path,
) -> None:
    """The tiny project has parents and professionals only: the new file loads (it named
    carers, an unknown audience, until 2026-12-02), the LADO for professionals alone."""
    root = make_project(tmp_path)
    new_partnership(root, "northdale", "Northdale Children's Partnership", None, DAY)
    part = loaded(root).partnerships["northdale"]
    seen = {c.role: tuple(c.audiences) for c in part.contacts}
    assert seen["lado"] == ("professionals",)
    assert seen["front-door"] == ("parents", "professionals")
    assert seen["early-help"] == ("parents",)
