"""The studio in a real browser (Debian's Chromium, driven by Playwright) against a real server
process: filtering, live previews while a file is edited, a broken file and its fix, a pack made
from the form and downloaded, and axe-core on every page and every HTML edition."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import REPO, copy_project
from resourcepack.cache import CACHE_ENV

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PARENTS_A4 = "coventry.internet-offending.parents.standard.en.a4"
TOPIC = "content/topics/internet-offending.yaml"
SENTENCE = "The internet is a big part of your child's life, and most of it is good."
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory, shared_renders: Path) -> Iterator[Any]:
    """`generate.py serve` on a copy of the project, as a user starts it; its address."""
    root = copy_project(tmp_path_factory.mktemp("studio"))
    port = free_port()
    env = {**os.environ, CACHE_ENV: str(shared_renders)}
    command = [sys.executable, str(REPO / "generate.py"), "--project", str(root)]
    command += ["serve", "--port", str(port)]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, text=True)
    assert server.stdout
    first = server.stdout.readline()
    assert first.strip() == f"studio: http://127.0.0.1:{port} (press Ctrl+C to stop)"
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield type("Studio", (), {"url": f"http://127.0.0.1:{port}", "root": root})
    server.terminate()
    assert server.wait(10) == 0
    assert server.stdout.read().strip() == "studio stopped"
    server.stdout.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (.ci/run installs it), never a downloaded browser."""
    assert CHROMIUM.is_file(), "install Debian's chromium package (.ci/run does)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab, desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def no_violations(tab: Page) -> None:
    """axe-core finds no WCAG 2.1 A or AA violation on the page."""
    result = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG}})
    found = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]
    ]
    assert found == [], tab.url


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Save a changed file, as an editor does."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_catalogue_filters_to_one_audience(studio: Any, page: Page) -> None:
    page.goto(studio.url)
    expect(page.get_by_role("heading", name="Catalogue")).to_be_visible()
    page.get_by_label("Audience").select_option("carers")
    page.get_by_label("Partnership").select_option("coventry")
    page.get_by_role("button", name="Filter").click()
    cards = page.locator("li.card h2")
    expect(cards.first).to_contain_text("Carers")
    assert cards.count() == 3 * 6 * 4 and all(
        t.startswith("Carers") for t in cards.all_inner_texts()
    )
    # The first card's thumbnail renders it, and then its page count shows.
    first = page.locator("li.card:has(img)").first
    expect(first).to_contain_text(re.compile(r"\d+ pages"), timeout=60_000)
    no_violations(page)


def test_an_edit_shows_in_the_open_preview_and_a_broken_file_is_located(
    studio: Any, page: Page
) -> None:
    page.goto(studio.url + "/?partnership=coventry&audience=parents&variant=standard&language=en")
    page.get_by_role("link", name="Parents, a4").click()
    expect(page.get_by_role("heading", name="8 pages")).to_be_visible()
    text = page.frame_locator("iframe.text")
    expect(text.get_by_text(SENTENCE)).to_be_visible()
    no_violations(page)

    changed = "The internet is a big part of your child's life, and most of it is fun."
    edit(studio.root, TOPIC, SENTENCE, changed)
    expect(text.get_by_text(changed)).to_be_visible(timeout=30_000)
    expect(page.locator("[data-live-status]")).to_have_text("Preview updated.")

    edit(studio.root, TOPIC, "title:", "title: [unclosed")
    problems = page.get_by_role("alert")
    located = re.compile(rf"{re.escape(TOPIC)}:\d+:\d+: error: ")
    expect(problems).to_contain_text(located, timeout=30_000)
    expect(page.get_by_text("Showing the last good preview.")).to_be_visible()
    expect(text.get_by_text(changed)).to_be_visible()  # the last good preview stays
    no_violations(page)

    edit(studio.root, TOPIC, "title: [unclosed", "title:")
    expect(problems).to_have_count(0, timeout=30_000)
    expect(page.get_by_role("heading", name="8 pages")).to_be_visible()


def test_a_pack_is_made_built_and_downloaded_from_the_form(studio: Any, page: Page) -> None:
    page.goto(studio.url + "/packs/new")
    no_violations(page)
    page.get_by_label("Pack id").fill("spring-event")
    page.get_by_label("Pack name").fill("Spring event pack")
    page.get_by_label("Event").fill("Spring safeguarding event")
    page.get_by_label("Date", exact=True).fill("2027-04-20")
    page.get_by_label("Venue").fill("Council House, Coventry")
    page.get_by_label("Deliver by").fill("2027-04-13")
    page.get_by_label("internet-offending: parents · standard · en · a4").fill("25")
    page.get_by_role("button", name="Save the pack").click()
    expect(page.get_by_role("heading", name="Spring event pack")).to_be_visible()
    assert (studio.root / "packs" / "spring-event.yaml").is_file()
    page.get_by_role("button", name="Build the pack").click()
    expect(page.get_by_text("Built into output/spring-event/")).to_be_visible(timeout=120_000)
    no_violations(page)
    with page.expect_download() as caught:
        page.get_by_role("link", name="spring-event.zip").click()
    path = caught.value.path()
    names = sorted(zipfile.ZipFile(path).namelist())
    assert "spring-event/manifest.json" in names
    assert "spring-event/print/job-sheet.pdf" in names
    assert f"spring-event/print/{PARENTS_A4.replace('.standard', '')}.print.pdf" in names


def test_a_post_without_the_token_and_a_path_outside_are_refused(studio: Any, page: Page) -> None:
    response = page.request.post(studio.url + "/packs", form={"id": "forged", "name": "x"})
    assert response.status == 403
    assert not (studio.root / "packs" / "forged.yaml").exists()
    for address in ("/leaflet/..%2F..%2Fetc%2Fpasswd", "/packs/..%2Fcontent/files/zip"):
        assert page.request.get(studio.url + address).status == 404


def test_every_html_edition_of_the_bundled_packs_passes_axe_and_fits_a_phone(
    browser: Browser, built: Path
) -> None:
    pages = sorted(built.glob("*/*.html"))
    assert len(pages) > 20
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        tab = context.new_page()
        for html in pages:
            tab.goto(html.as_uri())
            no_violations(tab)
            wide = tab.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{html.name} is {wide} px wide in a {width} px window"
        context.close()
