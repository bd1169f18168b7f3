"""The studio: a local web app to browse every leaflet, preview one while its files are edited,
and put together, save and build an event pack (`python generate.py serve`)."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import re
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import watchfiles
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route

from .errors import Problem, ResourcePackError, UsageError
from .paths import ProjectPaths
from .web import web_path
from .workbench import PARTS, Entry, Preview, Workbench, page_png

PAGES = Path(__file__).parent / "studio_pages"
KEY = re.compile(r"[0-9a-f]{64}")
PNG_WIDTHS = (160, 420, 900)
PACK_FILES = {"zip": "{id}.zip", "job-sheet": "print/job-sheet.pdf", "manifest": "manifest.json"}
HEARTBEAT_S = 15.0
CLOSING_CHECK_S = 0.25  # how often an open event stream checks that the server is stopping


@dataclass
class BuildState:
    """One pack build the studio started: how far it is, and how it ended."""

    total: int = 0
    done: int = 0
    running: bool = True
    problems: tuple[str, ...] = ()
    current: str = ""

    def start(self, total: int) -> None:
        """Renders to do, before the first."""
        self.total = total

    def rendered(self, name: str) -> None:
        """One render finished."""
        self.done, self.current = self.done + 1, name

    def packed(self, pack: str, changed: bool) -> None:
        """The pack assembled."""
        self.current = f"assembled {pack}"


@dataclass
class Studio:
    """The studio's state: the workbench, the change feed and the builds under way."""

    bench: Workbench
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    listeners: set[asyncio.Queue[int]] = field(default_factory=set)
    closing: threading.Event = field(default_factory=threading.Event)  # the server is stopping
    builds: dict[str, BuildState] = field(default_factory=dict)
    pages: jinja2.Environment = field(
        default_factory=lambda: jinja2.Environment(
            loader=jinja2.FileSystemLoader(PAGES), autoescape=True, trim_blocks=True
        )
    )

    def page(self, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        """A studio page from its template."""
        text = self.pages.get_template(name).render(token=self.token, parts=PARTS, **context)
        return HTMLResponse(text, status_code=code)

    def announce(self, generation: int) -> None:
        """Tell every open page that the files changed."""
        for queue in list(self.listeners):
            queue.put_nowait(generation)

    def form_ok(self, form: Any) -> bool:
        """Whether a posted form carries this server's token (no other site can post here)."""
        return hmac.compare_digest(str(form.get("csrf", "")), self.token)


def problems_of(e: ResourcePackError) -> list[str]:
    """An error's lines exactly as the command line prints them."""
    return [str(p) for p in e.problems]


def label(entry: Entry) -> str:
    """What a leaflet is, in words: audience, variant, language and format."""
    return f"{entry.audience} · {entry.variant} · {entry.language} · {entry.format}"


def status(entry: Entry) -> str:
    """ready, draft or cannot."""
    return "cannot" if entry.cannot else "draft" if entry.draft else "ready"


def filtered(entries: tuple[Entry, ...], query: Any) -> list[Entry]:
    """The entries that match the catalogue's filters (a part's value, and a status)."""
    out = [e for e in entries if all(query.get(p) in (None, "", getattr(e, p)) for p in PARTS)]
    return [e for e in out if query.get("status") in (None, "", status(e))]


async def catalogue(request: Request) -> Response:
    """Every leaflet the content can make, with filters, thumbnails, pages and status."""
    studio: Studio = request.app.state.studio
    try:
        entries = await run_in_threadpool(studio.bench.entries)
    except ResourcePackError as e:
        return studio.page("broken.html", 200, problems=problems_of(e))
    shown = filtered(entries, request.query_params)
    pages = await run_in_threadpool(_known_pages, studio.bench, shown)
    choices = {p: sorted({getattr(e, p) for e in entries}) for p in PARTS}
    return studio.page(
        "catalogue.html",
        entries=shown,
        total=len(entries),
        pages=pages,
        failed=studio.bench.failed,
        choices=choices,
        query=request.query_params,
        status=status,
        label=label,
    )


def _known_pages(bench: Workbench, shown: list[Entry]) -> dict[str, int | None]:
    """The page counts the render cache already knows, for the entries shown."""
    return {e.id: bench.cached_pages(e) for e in shown if not e.cannot}


async def leaflet(request: Request) -> Response:
    """One leaflet: its pages, PDF, HTML edition and print file; refreshed on every change."""
    studio: Studio = request.app.state.studio
    try:
        entry = await run_in_threadpool(studio.bench.entry, request.path_params["id"])
    except ResourcePackError as e:
        return studio.page("broken.html", 404, problems=problems_of(e))
    return studio.page(
        "leaflet.html", entry=entry, label=label, status=status, **await _fresh(studio, entry)
    )


async def preview(request: Request) -> Response:
    """The leaflet page's preview, rendered again (what the page fetches after a change)."""
    studio: Studio = request.app.state.studio
    try:
        entry = await run_in_threadpool(studio.bench.entry, request.path_params["id"])
    except ResourcePackError as e:  # the project does not load: its problems, the last good
        made = studio.bench.last_good.get(request.path_params["id"])
        return studio.page("preview.html", problems=problems_of(e), made=made, generation=-1)
    return studio.page("preview.html", entry=entry, **await _fresh(studio, entry))


async def _fresh(studio: Studio, entry: Entry) -> dict[str, Any]:
    """A new preview of an entry, or the problems and the last good preview."""
    if entry.cannot:
        return {"made": None, "problems": [], "cannot": entry.cannot, "generation": -1}
    try:
        made: Preview | None = await run_in_threadpool(studio.bench.preview, entry)
        problems: list[str] = []
    except ResourcePackError as e:
        made, problems = studio.bench.last_good.get(entry.id), problems_of(e)
    return {"made": made, "problems": problems, "generation": studio.bench.generation}


async def page_image(request: Request) -> Response:
    """One page of a rendered leaflet as a PNG (by render key: what was rendered stays)."""
    studio: Studio = request.app.state.studio
    key, number = request.path_params["key"], request.path_params["n"]
    width = int(request.query_params.get("w", PNG_WIDTHS[1]) or PNG_WIDTHS[1])
    if not KEY.fullmatch(key) or width not in PNG_WIDTHS:
        return Response("no such page", status_code=404)
    pdf = studio.bench.cache().pdf(key)
    if not pdf.is_file():
        return Response("no such page", status_code=404)
    try:
        data = await run_in_threadpool(page_png, pdf, number - 1, width)
    except ResourcePackError:
        return Response("no such page", status_code=404)
    return Response(data, media_type="image/png", headers={"Cache-Control": "max-age=3600"})


async def edition(request: Request) -> Response:
    """The HTML edition of a render (by render key), for the leaflet page's text pane."""
    studio: Studio = request.app.state.studio
    key = request.path_params["key"]
    page = web_path(studio.bench.cache().pdf(key)) if KEY.fullmatch(key) else None
    if page is None or not page.is_file():
        return Response("no such page", status_code=404)
    return FileResponse(page, media_type="text/html; charset=utf-8")


async def thumbnail(request: Request) -> Response:
    """The first page of a leaflet as a small PNG: of its current render if the cache has it,
    else of its last (a catalogue open while files change does not render every card again),
    else rendered now."""
    studio: Studio = request.app.state.studio
    try:
        entry = await run_in_threadpool(studio.bench.entry, request.path_params["id"])
        pages = await run_in_threadpool(studio.bench.cached_pages, entry)
        made = studio.bench.last_good.get(entry.id)
        if made is None or pages is not None:
            made = await run_in_threadpool(studio.bench.preview, entry)
    except ResourcePackError:
        return Response("no preview", status_code=404)
    data = await run_in_threadpool(page_png, made.pdf, 0, PNG_WIDTHS[0])
    return Response(data, media_type="image/png", headers={"Cache-Control": "no-cache"})


async def page_count(request: Request) -> Response:
    """How many pages a leaflet's current render has ("8 pages"), if the cache has it."""
    studio: Studio = request.app.state.studio
    try:
        entry = await run_in_threadpool(studio.bench.entry, request.path_params["id"])
        pages = await run_in_threadpool(studio.bench.cached_pages, entry)
    except ResourcePackError:
        pages = None
    if pages is None:
        return Response("not rendered yet", status_code=404, media_type="text/plain")
    return Response(f"{pages} page{'s' if pages != 1 else ''}", media_type="text/plain")


async def leaflet_file(request: Request) -> Response:
    """A leaflet's screen PDF, print PDF or HTML edition, from its last good preview."""
    studio: Studio = request.app.state.studio
    try:
        entry = await run_in_threadpool(studio.bench.entry, request.path_params["id"])
        made = await run_in_threadpool(studio.bench.preview, entry)
    except ResourcePackError as e:
        return studio.page("broken.html", 404, problems=problems_of(e))
    kind = request.path_params["kind"]
    name = made.leaflet.filename
    files = {
        "pdf": (made.pdf, name, "application/pdf"),
        "print.pdf": (made.print_pdf, name.replace(".pdf", ".print.pdf"), "application/pdf"),
        "html": (made.html, name.replace(".pdf", ".html"), "text/html; charset=utf-8"),
    }
    if kind not in files:
        return Response("no such file", status_code=404)
    path, filename, media = files[kind]
    disposition = "inline" if kind != "print.pdf" else "attachment"
    return FileResponse(
        path, media_type=media, filename=filename, content_disposition_type=disposition
    )


async def events(request: Request) -> Response:
    """Server-sent events: the files' generation, each time they change."""
    studio: Studio = request.app.state.studio
    queue: asyncio.Queue[int] = asyncio.Queue()
    studio.listeners.add(queue)

    async def stream() -> AsyncIterator[str]:
        try:
            yield f"retry: 1000\ndata: {studio.bench.generation}\n\n"
            quiet = 0.0
            while not studio.closing.is_set():
                try:
                    generation = await asyncio.wait_for(queue.get(), CLOSING_CHECK_S)
                    yield f"data: {generation}\n\n"
                except TimeoutError:
                    quiet += CLOSING_CHECK_S
                    if quiet >= HEARTBEAT_S:
                        quiet = 0.0
                        yield ": still here\n\n"
        finally:
            studio.listeners.discard(queue)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


async def new_pack(request: Request) -> Response:
    """The pack builder: an event's details, and copies of each leaflet it can have."""
    return await _builder(request, {}, [])


async def _builder(request: Request, values: Any, problems: list[str], code: int = 200) -> Response:
    studio: Studio = request.app.state.studio
    try:
        entries = await run_in_threadpool(studio.bench.entries)
        packs = studio.bench.project().packs
    except ResourcePackError as e:
        return studio.page("broken.html", 200, problems=problems_of(e))
    partnerships = sorted({e.partnership for e in entries})
    chosen = request.query_params.get("partnership") or values.get("partnership") or partnerships[0]
    can = [e for e in entries if not e.cannot and e.partnership == chosen]
    return studio.page(
        "builder.html",
        code,
        entries=can,
        packs=sorted((k, p.name) for k, p in packs.items()),
        partnerships=partnerships,
        chosen=chosen,
        values=values,
        problems=problems,
        label=label,
        status=status,
    )


async def posted(request: Request) -> Any | None:
    """The posted form if it carries this studio's token (else None: refuse it)."""
    form = await request.form()
    studio: Studio = request.app.state.studio
    return form if studio.form_ok(form) else None


async def save_pack(request: Request) -> Response:
    """Save the builder's pack as packs/<id>.yaml (checked as any pack), then show it."""
    studio: Studio = request.app.state.studio
    if (form := await posted(request)) is None:
        return studio.page("refused.html", 403)
    leaflets: dict[str, int | str] = {}
    for name, value in form.multi_items():
        if name.startswith("copies.") and str(value).strip() not in ("", "0"):
            try:
                leaflets[name.removeprefix("copies.")] = int(str(value))
            except ValueError:
                leaflets[name.removeprefix("copies.")] = str(value)  # the pack check says why
    fields = {k: str(v).strip() for k, v in form.items() if not k.startswith("copies.")}
    try:
        if not leaflets:
            msg = "choose at least one leaflet and its copies"
            raise UsageError([Problem("leaflets", 1, 1, msg)])
        pack_id = await run_in_threadpool(studio.bench.save_pack, {**fields, "leaflets": leaflets})
    except ResourcePackError as e:
        return await _builder(
            request,
            {**fields, **{f"copies.{k}": v for k, v in leaflets.items()}},
            problems_of(e),
            422,
        )
    return RedirectResponse(f"/packs/{pack_id}", status_code=303)


async def pack(request: Request) -> Response:
    """A pack: its leaflets, a button to build it, the build's progress and its downloads."""
    studio: Studio = request.app.state.studio
    pack_id = request.path_params["id"]
    try:
        project = await run_in_threadpool(studio.bench.project)
    except ResourcePackError as e:
        return studio.page("broken.html", 200, problems=problems_of(e))
    if pack_id not in project.packs:
        return studio.page(
            "broken.html", 404, problems=[f"address:1:1: error: no pack '{pack_id}'"]
        )
    folder = ProjectPaths(studio.bench.root).output / pack_id
    downloads = {k: v.format(id=pack_id) for k, v in PACK_FILES.items()}
    present = {k: v for k, v in downloads.items() if (folder / v).is_file()}
    return studio.page(
        "pack.html",
        pack=project.packs[pack_id],
        build=studio.builds.get(pack_id),
        downloads=present,
    )


async def build_pack(request: Request) -> Response:
    """Start building a pack in the background; its page shows the progress."""
    studio: Studio = request.app.state.studio
    if await posted(request) is None:
        return studio.page("refused.html", 403)
    pack_id = request.path_params["id"]
    state = studio.builds.get(pack_id)
    if state is None or not state.running:
        state = studio.builds[pack_id] = BuildState()
        threading.Thread(target=_build, args=(studio, pack_id, state), daemon=True).start()
    return RedirectResponse(f"/packs/{pack_id}", status_code=303)


def _build(studio: Studio, pack_id: str, state: BuildState) -> None:
    """Build a pack, keeping its problems (the last good pack stays if it fails)."""
    try:
        studio.bench.build(pack_id, state)
    except ResourcePackError as e:
        state.problems = tuple(problems_of(e))
    finally:
        state.running = False


async def pack_file(request: Request) -> Response:
    """A built pack's zip, job sheet or manifest."""
    studio: Studio = request.app.state.studio
    pack_id, kind = request.path_params["id"], request.path_params["kind"]
    try:
        project = await run_in_threadpool(studio.bench.project)
    except ResourcePackError:
        return Response("no such file", status_code=404)
    if pack_id not in project.packs or kind not in PACK_FILES:
        return Response("no such file", status_code=404)
    path = ProjectPaths(studio.bench.root).output / pack_id / PACK_FILES[kind].format(id=pack_id)
    if not path.is_file():
        return Response("no such file", status_code=404)
    return FileResponse(path, filename=path.name)


async def static(request: Request) -> Response:
    """The studio's own stylesheet and script."""
    name = request.path_params["name"]
    if name not in ("studio.css", "studio.js"):
        return Response("not found", status_code=404)
    media = "text/css" if name.endswith(".css") else "text/javascript"
    return FileResponse(PAGES / name, media_type=media)


async def watch(studio: Studio, stop: asyncio.Event) -> None:
    """Watch the project's files; on each change, reload and tell the open pages."""
    roots = [f for f in ProjectPaths(studio.bench.root).inputs if f.is_dir()]
    async for _ in watchfiles.awatch(*roots, stop_event=stop, debounce=400, step=30):
        studio.bench.changed()
        studio.announce(studio.bench.generation)


def app(root: Path, watching: bool = True) -> Starlette:
    """The studio's web app for a project."""
    studio = Studio(Workbench(root))

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(watch(studio, stop)) if watching else None
        yield
        stop.set()
        if task:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, 2)

    routes = [
        Route("/", catalogue),
        Route("/leaflet/{id}", leaflet),
        Route("/leaflet/{id}/preview", preview),
        Route("/leaflet/{id}/thumb.png", thumbnail),
        Route("/leaflet/{id}/pages", page_count),
        Route("/leaflet/{id}/file.{kind}", leaflet_file),
        Route("/page/{key}/{n:int}.png", page_image),
        Route("/page/{key}/edition.html", edition),
        Route("/events", events),
        Route("/packs/new", new_pack),
        Route("/packs", save_pack, methods=["POST"]),
        Route("/packs/{id}", pack),
        Route("/packs/{id}/build", build_pack, methods=["POST"]),
        Route("/packs/{id}/files/{kind}", pack_file),
        Route("/static/{name}", static),
    ]
    web = Starlette(routes=routes, lifespan=lifespan)
    web.state.studio = studio
    return web


def serve(root: Path, host: str, port: int, say: Callable[[str], None]) -> None:
    """Run the studio until interrupted."""
    import uvicorn

    web = app(root)
    studio: Studio = web.state.studio

    class Server(uvicorn.Server):
        """Uvicorn, which ends the open event streams first when asked to stop."""

        def handle_exit(self, sig: int, frame: Any) -> None:
            studio.closing.set()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(web, host=host, port=port, log_level="warning")
    say(f"studio: http://{host}:{port} (press Ctrl+C to stop)")
    Server(config).run()
