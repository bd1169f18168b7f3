"""Read a tagged PDF as assistive technology does: its structure tree in order, each element's
/ActualText where it has one, else the text of its marked content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf


def _marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """The text of every marked-content sequence, by (page index, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages):
            for c in page.chars:
                if c.get("mcid") is not None:
                    key = (n, int(c["mcid"]))
                    texts[key] = texts.get(key, "") + c["text"]
    return texts


def tagged_text(path: Path) -> str:
    """A tagged PDF's text in the order of its structure tree, runs separated by spaces."""
    texts = _marked_texts(path)
    out: list[str] = []
    with pikepdf.open(path) as pdf:
        pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages)}

        def walk(node: Any, page: int | None) -> None:
            if isinstance(node, int) and page is not None:
                out.append(texts.get((page, node), ""))
                return
            if not isinstance(node, pikepdf.Dictionary):
                return
            if "/Pg" in node:
                page = pages.get(node.Pg.objgen, page)
            if node.get("/Type") == "/MCR":
                out.append(texts.get((page, int(node.MCID)), "") if page is not None else "")
                return
            if "/ActualText" in node:
                out.append(str(node.ActualText))
                return
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
                walk(kid, page)

        walk(pdf.Root.StructTreeRoot, None)
    return " ".join(t for t in out if t)


def elements(pdf: pikepdf.Pdf) -> list[Any]:
    """Every structure element of an open PDF, in the tree's order."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found
