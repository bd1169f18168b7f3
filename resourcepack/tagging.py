"""Tagging: what WeasyPrint 70's PDF/UA-1 tags lack, added while it writes the PDF.

WeasyPrint marks the text of page margin boxes (footer, page number, draft band) with MCIDs
that no structure element reaches, writes no /Scope on table header cells, no /Lang on an
element in another language than the page's, no ID tree for the IDs its header cells carry,
and no /ActualText, so that copying text set in Arabic or Gurmukhi gives the glyphs' first
uses in the font (wrong letters, vowel signs before their consonant). `use_our_tags()` routes
its tagging through the functions below (as subset.use_harfbuzz does its subsetting):

- the contents of margin boxes are marked /Artifact (pagination), in no structure element;
- a TH gets /Scope (/Row for scope="row", else /Column), an element with its own lang
  attribute gets /Lang, the structure tree root an /IDTree;
- each run of text in a right-to-left or combining script carries its text as written in
  /ActualText on its marked content (a Span), which copy tools and screen readers read;

What viewers need to copy Arabic and Urdu out in order is in copyout.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .copyout import (
    LEFT_TO_RIGHT,
    VISUAL,
    WORDS,
    actual_text,
    needs_actual_text,
    right_to_left,
    right_to_left_document,
    segments_reversed,
    use_copy_order,
)

BAND = "draft-band"  # the class of a draft's band (templates/base.html.j2)


FURNITURE = "resourcepack_furniture"  # the attribute that marks a box drawn as an artifact


def mark_furniture(document: Any) -> None:
    """Mark every box in a page's margin boxes (footer, page number) and its draft band (a
    fixed box the body draws on every page) as furniture."""
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        for box in page._page_box.children:
            if isinstance(box, boxes.MarginBox):
                _mark(box)
            else:
                for band in _bands(box):
                    _mark(band)
                    _mark(getattr(band, "_box", band))  # an absolute box's placeholder


def _bands(root: Any) -> Iterator[Any]:
    """The draft bands of a page: in its body on the first page, in its root on the others."""
    for box in getattr(root, "children", ()):
        if box.element is not None and BAND in (box.element.get("class") or "").split():
            yield box
        elif box.element_tag == "body":
            yield from _bands(box)


def _mark(box: Any) -> None:
    setattr(box, FURNITURE, True)
    for child in getattr(box, "children", ()):
        _mark(child)


def _marked(original: Any) -> Any:
    """Stream.marked, drawing furniture as an artifact and giving script runs /ActualText (a
    left-to-right run in a right-to-left document one for PDFium too, in visual order)."""
    import pydyf
    from weasyprint.formatting_structure import boxes

    @contextmanager
    def marked(stream: Any, box: Any, tag: str) -> Iterator[None]:
        ltr, furniture = getattr(box, LEFT_TO_RIGHT, False), getattr(box, FURNITURE, False)
        if stream._tags is None or not (
            furniture or ltr or (isinstance(box, boxes.TextBox) and needs_actual_text(box.text))
        ):
            with original(stream, box, tag):
                yield
            return
        if furniture:
            properties = pydyf.Dictionary({"Type": "/Pagination"})
            if ltr:
                properties["ActualText"] = pydyf.String(segments_reversed(box.text))
            pydyf.Stream.begin_marked_content(stream, "Artifact", properties)
        else:
            mcid, text = len(stream._tags), actual_text(box.text)
            stream._tags[box] = {"tag": tag, "mcid": mcid, "actual": text}
            properties = pydyf.Dictionary({"MCID": mcid})
            if right_to_left(text):
                setattr(stream, WORDS, True)
            elif not ltr:
                properties["ActualText"] = pydyf.String(text)
            pydyf.Stream.begin_marked_content(stream, tag, properties)
        nested = ltr and not furniture  # its /ActualText for PDFium, in visual order
        if nested:
            reordered = pydyf.Dictionary({"ActualText": pydyf.String(segments_reversed(box.text))})
            pydyf.Stream.begin_marked_content(stream, VISUAL, reordered)
        try:
            yield
        finally:
            setattr(stream, WORDS, False)
            if nested:
                pydyf.Stream.end_marked_content(stream)
            pydyf.Stream.end_marked_content(stream)

    marked.ours = True  # type: ignore[attr-defined]
    return marked


def _box_tree(original: Any) -> Any:
    """tags._build_box_tree, leaving out furniture and adding /Scope and /Lang."""
    import pydyf

    def build(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        if getattr(box, FURNITURE, False):
            return
        nums, tags = args[1], args[3]
        lang = None
        if box.element is not None and box.element_tag != "html":
            lang = box.element.get("lang")
        actual = dict(_actual_texts(box, tags))
        for element in original(box, parent, pdf, *args):
            if element["S"] == "/TH" and box.element_tag == "th":
                scope = "/Row" if box.element.get("scope") == "row" else "/Column"
                element["A"]["Scope"] = scope
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            for mcid, text in actual.items():
                span = pdf.objects[int(nums[mcid].split()[0])]
                if span["S"] == "/Span":
                    span["ActualText"] = pydyf.String(text)
            yield element

    build.ours = True  # type: ignore[attr-defined]
    return build


def _actual_texts(box: Any, tags: dict[Any, Any]) -> Iterator[tuple[int, str]]:
    """(MCID, text as written) of the box's own runs of text that carry one."""
    from weasyprint.formatting_structure import boxes

    for child in getattr(box, "children", ()):
        for run in child.children if isinstance(child, boxes.LineBox) else [child]:
            if isinstance(run, boxes.TextBox) and "actual" in tags.get(run, {}):
                yield tags[run]["mcid"], tags[run]["actual"]


def _add_tags(original: Any) -> Any:
    """tags.add_tags, then an /IDTree for the IDs of the header cells."""
    import pydyf

    def add_tags(pdf: Any, document: Any, *args: Any) -> None:
        original(pdf, document, *args)
        if right_to_left_document(document):  # PDFium then reads every line right to left
            pdf.catalog["ViewerPreferences"]["Direction"] = "/R2L"
        ids = sorted(
            (str(obj["ID"].string), obj.reference)
            for obj in pdf.objects
            if isinstance(obj, pydyf.Dictionary)
            and obj.get("Type") == "/StructElem"
            and "ID" in obj
        )
        if ids:
            root = next(
                o
                for o in pdf.objects
                if isinstance(o, pydyf.Dictionary) and o.get("Type") == "/StructTreeRoot"
            )
            names = pydyf.Array(x for key, ref in ids for x in (pydyf.String(key), ref))
            root["IDTree"] = pydyf.Dictionary({"Names": names})

    add_tags.ours = True  # type: ignore[attr-defined]
    return add_tags


def use_our_tags() -> None:
    """Route WeasyPrint's tagging (and its text drawing, copyout.py) through ours (once a
    process)."""
    import weasyprint.pdf
    from weasyprint.pdf import stream, tags

    if getattr(stream.Stream.marked, "ours", False):
        return
    stream.Stream.marked = _marked(stream.Stream.marked)
    tags._build_box_tree = _box_tree(tags._build_box_tree)
    weasyprint.pdf.add_tags = _add_tags(weasyprint.pdf.add_tags)
    use_copy_order()  # and what viewers need to copy Arabic and Urdu out in order
