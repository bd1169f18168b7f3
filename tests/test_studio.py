"""The studio's web app, through its HTTP interface (Starlette's test client, no browser): the
catalogue, its filters, refused requests, and packs saved from the builder."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from resourcepack.project import load_project
from resourcepack.studio import app

PARENTS_A4 = "coventry.internet-offending.parents.standard.en.a4"
DATE = dt.date(2027, 3, 4)


@pytest.fixture
def client(project: Path) -> Iterator[TestClient]:
    """The studio on a copy of the project (no file watcher: the tests say what changed)."""
    with TestClient(app(project, watching=False)) as c:
        yield c


def token(client: TestClient) -> str:
    """The form token the builder's page carries."""
    page = client.get("/packs/new").text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    return found[1]


def cards(html: str) -> list[str]:
    """The catalogue's cards, as their text."""
    return re.findall(r'<li class="card[^"]*">(.*?)</li>', html, re.DOTALL)


def test_the_catalogue_lists_every_combination_with_why_some_cannot_be(client: TestClient) -> None:
    page = client.get("/").text
    total = int(re.search(r"Every leaflet the content can make: (\d+) combinations", page)[1])  # type: ignore[index]
    assert (
        total == 2 * 1 * 3 * 3 * 6 * 4
    )  # partnerships, topics, audiences, variants, languages, formats
    assert len(cards(page)) == total
    assert "Cannot be made: variant &#39;easy-read&#39; is only for: parents, carers" in page
    assert "Draft: contact &#39;lado&#39; (024 7683 1730) is unverified" in page


def test_the_catalogue_filters(client: TestClient) -> None:
    page = client.get("/", params={"audience": "carers", "status": "ready"}).text
    shown = cards(page)
    assert shown and all("Carers," in c and "Ready to print" in c for c in shown)
    assert "<option selected>carers</option>" in page


def test_a_leaflet_page_shows_its_pages_and_files(client: TestClient) -> None:
    page = client.get(f"/leaflet/{PARENTS_A4}").text
    assert '<h2 id="pages-heading">8 pages</h2>' in page
    key = re.search(r"/page/([0-9a-f]{64})/1\.png", page)
    assert key
    png = client.get(f"/page/{key[1]}/1.png", params={"w": 420})
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    html = client.get(f"/leaflet/{PARENTS_A4}/file.html")
    assert "<main>" in html.text and "Internet offending" in html.text
    assert client.get(f"/leaflet/{PARENTS_A4}/file.pdf").content[:5] == b"%PDF-"
    assert client.get(f"/leaflet/{PARENTS_A4}/pages").text == "8 pages"


@pytest.mark.parametrize(
    "address",
    [
        "/leaflet/..%2F..%2Fetc%2Fpasswd",
        "/leaflet/../../etc/passwd",
        "/leaflet/coventry.internet-offending.parents.standard.en.a4%2F..%2F..",
        "/leaflet/coventry.internet-offending.parents.standard.en.nope",
        "/page/..%2F..%2Fcontent/1.png",
        "/page/" + "0" * 64 + "/1.png",
        "/packs/..%2Fcontent/files/zip",
        "/packs/parents-evening/files/..%2F..%2Fcontent",
        "/static/..%2Fworkbench.py",
    ],
)
def test_ids_outside_the_catalogue_are_refused(client: TestClient, address: str) -> None:
    response = client.get(address)
    assert response.status_code == 404
    assert "root:" not in response.text and "import" not in response.text


def test_a_form_without_the_token_changes_nothing(client: TestClient, project: Path) -> None:
    fields = {"id": "forged", "name": "x", "event": "x", "date": "2027-02-01", "venue": "x"}
    fields |= {f"copies.{PARENTS_A4}": "5"}
    response = client.post("/packs", data=fields)
    assert response.status_code == 403 and "Refused" in response.text
    assert not (project / "packs" / "forged.yaml").exists()
    bad = client.post("/packs/parents-evening/build", data={"csrf": "guess"})
    assert bad.status_code == 403


def test_the_builder_saves_a_valid_pack_as_yaml(client: TestClient, project: Path) -> None:
    fields = {
        "csrf": token(client),
        "partnership": "coventry",
        "id": "autumn-fair",
        "name": "Autumn fair pack",
        "event": "Autumn fair",
        "date": "2027-03-04",
        "venue": "Community centre",
        "deliver_by": "2027-02-25",
        f"copies.{PARENTS_A4}": "40",
        "copies.coventry.internet-offending.parents.standard.en.dl-trifold": "120",
        "copies.coventry.internet-offending.carers.standard.en.a4": "",
    }
    response = client.post("/packs", data=fields, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/packs/autumn-fair"
    data = yaml.safe_load((project / "packs" / "autumn-fair.yaml").read_text())
    assert data["event"] == {"name": "Autumn fair", "date": DATE, "venue": "Community centre"}
    assert [(s["format"], s["copies"]) for s in data["leaflets"]] == [
        ("a4", 40),
        ("dl-trifold", 120),
    ]
    assert "autumn-fair" in load_project(project).packs  # a pack like any other
    assert "Build the pack" in client.get("/packs/autumn-fair").text


def test_the_builder_refuses_an_invalid_pack_and_writes_nothing(
    client: TestClient, project: Path
) -> None:
    fields = {
        "csrf": token(client),
        "id": "late",
        "name": "Late pack",
        "event": "An event",
        "date": "2027-03-04",
        "venue": "Hall",
        "deliver_by": "2027-03-10",
        f"copies.{PARENTS_A4}": "5",
    }
    response = client.post("/packs", data=fields)
    assert response.status_code == 422
    assert re.search(
        r"packs/late\.yaml:\d+:\d+: error: .*deliver_by must not come after the event&#39;s date",
        response.text,
    )
    assert not (project / "packs" / "late.yaml").exists()
    taken = client.post("/packs", data={**fields, "id": "parents-evening", "deliver_by": ""})
    assert (
        taken.status_code == 422
        and "there is a pack &#39;parents-evening&#39; already" in taken.text
    )


def test_a_broken_file_shows_its_located_error(client: TestClient, project: Path) -> None:
    topic = project / "content" / "topics" / "internet-offending.yaml"
    topic.write_text(topic.read_text() + "\n  broken: [\n")
    client.app.state.studio.bench.changed()  # type: ignore[attr-defined]
    page = client.get(f"/leaflet/{PARENTS_A4}/preview").text
    assert re.search(r"content/topics/internet-offending\.yaml:\d+:\d+: error: ", page)


def test_a_leaflet_that_does_not_fit_its_format_says_so_in_the_catalogue(
    client: TestClient, project: Path
) -> None:
    topic = project / "content" / "topics" / "internet-offending.yaml"
    short = "person. Do not delete anything, and report it to the police on 101."
    longer = " ".join([short] + ["Keep calm and ask for help; you are not alone in this."] * 28)
    topic.write_text(topic.read_text().replace(short, longer, 1))
    client.app.state.studio.bench.changed()  # type: ignore[attr-defined]
    dl = "coventry.internet-offending.parents.standard.en.dl-trifold"
    page = client.get(f"/leaflet/{dl}").text
    assert "does not fit the dl-trifold format" in page and 'role="alert"' in page
    card = next(
        c
        for c in cards(client.get("/", params={"format": "dl-trifold"}).text)
        if "Parents, dl-trifold" in c and "coventry" in c and "· standard · en" in c
    )
    assert (
        "Does not build: leaflet coventry.internet-offending.parents.en.dl-trifold does not fit"
        in card
    )
    assert "thumb.png" not in card


def test_a_leaflet_the_content_cannot_make_says_why(client: TestClient) -> None:
    page = client.get("/leaflet/coventry.internet-offending.professionals.easy-read.en.a4")
    assert page.status_code == 200
    why = "variant &#39;easy-read&#39; is only for: parents, carers."
    assert f"The content cannot make this leaflet:</strong> {why}" in page.text
    assert 'role="alert"' not in page.text
