"""Typed, frozen content models: audiences, languages, formats, resources, partnerships, topics."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, TypeVar, get_args

import phonenumbers
from phonenumbers import shortnumberinfo
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from .errors import Problem
from .impositions import ImpositionName
from .source import SourceDoc

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
URL_RE = re.compile(r"^https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s<>\"]*)?$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_TEXT = 2000


class Model(BaseModel):
    """Base of every content model: frozen, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


def _known(kind: str, value: str, info: ValidationInfo) -> str:
    """Check a reference against the ids the validation context knows."""
    known: set[str] | None = (info.context or {}).get(kind)
    if known is not None and value not in known:
        raise ValueError(unknown_message(kind.rstrip("s"), value, known))
    return value


def unknown_message(kind: str, value: str, known: set[str]) -> str:
    """Say a name is unknown, with a 'did you mean' when one is close."""
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(sorted(known))})"
    return f"unknown {kind} '{value}'{hint}"


def _id(value: str) -> str:
    if not ID_RE.fullmatch(value):
        raise ValueError(f"id '{value}' must be lower-case letters, digits and single hyphens")
    return value


TODO = "TODO"

# The roles a contact can fill, in the order leaflets list them. National roles (999, 101) are
# filled once for everyone in content/national-contacts.yaml; the others by each partnership.
ROLES: dict[str, str] = {
    "emergency": "999, when a child is in immediate danger (national)",
    "front-door": "children's social care referrals: the front door, e.g. a MASH",
    "out-of-hours": "children's social care outside office hours",
    "police-non-emergency": "101, the police when no one is in immediate danger (national)",
    "lado": "the Local Authority Designated Officer: concerns about adults who work with children",
    "early-help": "early help and family support",
    "partnership-team": "the partnership's own team (not for referrals)",
}
NOT_ABOUT_A_CHILD = {"partnership-team"}  # roles not to call about a child: off back covers


def _phone(value: Any) -> str:
    """Parse a UK number with phonenumbers and format it the national way (TODO: not yet known)."""
    text = str(value).strip()
    if text == TODO:
        return text
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as e:
        raise ValueError(f"'{text}' is not a phone number") from e
    if phonenumbers.is_valid_number(number):
        if phonenumbers.region_code_for_number(number) != "GB":  # printed as abroad, +33 ...
            abroad = phonenumbers.PhoneNumberFormat.INTERNATIONAL
            return str(phonenumbers.format_number(number, abroad))
        return _as_published(text, number)
    if text.isdigit() and shortnumberinfo.is_valid_short_number(number):
        return text
    raise ValueError(f"'{text}' is not a valid UK phone number; check every digit")


def phone_problem(text: str) -> str | None:
    """Why text is not a phone number a leaflet may print (as a phone field would say), or None."""
    try:
        _phone(text)
    except ValueError as e:
        return str(e)
    return None


def _role(value: str) -> str:
    if value not in ROLES:
        raise ValueError(unknown_message("role", value, set(ROLES)))
    return value


def _as_published(text: str, number: phonenumbers.PhoneNumber) -> str:
    """A valid number as its owner groups it (Stop It Now publishes 0808 1000 900, which
    phonenumbers would regroup as 0808 100 0900); the national format when it is written
    without grouping or in another form (+44, brackets)."""
    if re.fullmatch(r"0\d+(?: \d+)*", text) and " " in text:
        return text
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))


def _url(value: str) -> str:
    if not URL_RE.match(value):
        raise ValueError(f"'{value}' is not a well-formed https:// URL")
    return value


def _email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise ValueError(f"'{value}' is not a well-formed email address")
    return value


def _colour(value: str) -> str:
    if not COLOUR_RE.match(value):
        raise ValueError(f"'{value}' is not a colour like '#1d3f6e'")
    return value.lower()


def _not_too_long(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise ValueError(f"text is {len(text)} characters, over the {MAX_TEXT} limit; shorten it")
    return text


def _localised(value: Any) -> dict[str, str]:
    """Accept text, or a map from audience id (or 'default') to text."""
    if isinstance(value, str) and value:
        return {"default": _not_too_long(value)}
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(k, str) and isinstance(v, str) and v for k, v in value.items())
    ):
        return {k: _not_too_long(v) for k, v in value.items()}
    raise ValueError("must be text, or a map from audience id (or 'default') to text")


def _localised_keys(value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    for key in value:
        if key != "default":
            _known("audiences", key, info)
    return value


def _formats(value: Any, info: ValidationInfo) -> dict[str, list[str]]:
    """Format ids for every audience (a list), or by audience (a map, with optional 'default')."""
    by_audience = {"default": value} if isinstance(value, list) else value
    if not isinstance(by_audience, dict) or not all(
        isinstance(ids, list) and all(isinstance(i, str) for i in ids)
        for ids in by_audience.values()
    ):
        raise ValueError("must be a list of format ids, or a map from audience id to such lists")
    _localised_keys(by_audience, info)
    for ids in by_audience.values():
        for i in ids:
            _known("formats", i, info)
    return by_audience


EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2099, 12, 31)  # ZIP dates end in 2107


def _date(value: Any) -> dt.date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError as e:
            raise ValueError(f"'{value}' is not a real date") from e
        if not EARLIEST <= day <= LATEST:
            raise ValueError(f"'{value}' is not a date between {EARLIEST} and {LATEST}")
        return day
    raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD")


Id = Annotated[str, AfterValidator(_id)]
AudienceId = Annotated[str, AfterValidator(lambda v, i: _known("audiences", v, i))]
LanguageId = Annotated[str, AfterValidator(lambda v, i: _known("languages", v, i))]
FormatId = Annotated[str, AfterValidator(lambda v, i: _known("formats", v, i))]
ResourceId = Annotated[str, AfterValidator(lambda v, i: _known("resources", v, i))]
TopicId = Annotated[str, AfterValidator(lambda v, i: _known("topics", v, i))]
PartnershipId = Annotated[str, AfterValidator(lambda v, i: _known("partnerships", v, i))]
VariantId = Annotated[str, AfterValidator(lambda v, i: _known("variants", v, i))]
RoleId = Annotated[str, AfterValidator(lambda v, i: _known("roles", v, i))]
Phone = Annotated[str, BeforeValidator(_phone)]
Url = Annotated[str, AfterValidator(_url)]
Email = Annotated[str, AfterValidator(_email)]
Colour = Annotated[str, AfterValidator(_colour)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


def _font_name(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ]{0,60}", value):
        msg = f"'{value}' is not a font family name (letters, digits and spaces, like 'Noto Sans')"
        raise ValueError(msg)
    return value


FontName = Annotated[str, AfterValidator(_font_name)]
Localised = Annotated[dict[str, str], BeforeValidator(_localised), AfterValidator(_localised_keys)]
FormatIds = Annotated[dict[str, list[str]], BeforeValidator(_formats)]


class Review(Model):
    """Who owns a piece of content and when it was and will next be reviewed."""

    owner: Text
    last_reviewed: Date
    next_review: Date

    @model_validator(mode="after")
    def _order(self) -> Review:
        if self.next_review <= self.last_reviewed:
            raise ValueError("next_review must come after last_reviewed")
        return self


class Verification(Model):
    """When a fact was last checked against its source, and by whom."""

    on: Date
    by: Text


def _verified(value: Any) -> Any:
    """Accept `{on: YYYY-MM-DD, by: ...}`, or `false` for a fact not yet confirmed."""
    if value is False:
        return None
    if value is True or value is None:
        raise ValueError("write when and by whom, {on: YYYY-MM-DD, by: ...}, or false")
    return value


Verified = Annotated[Verification | None, BeforeValidator(_verified)]


class Audience(Model):
    """A group of readers with its own template and type size."""

    id: Id
    name: Text = Field(description="Shown on the leaflet ('For parents').")
    description: Text
    body_pt: float = Field(ge=12, le=36, description="Body text size, in points (at least 12).")
    min_body_pt: float = Field(
        default=12, ge=12, le=36, description="The smallest text allowed, in points."
    )
    citations: Literal["numbered", "listed"] = Field(
        default="listed",
        description="numbered: [1] markers in the text and a numbered list; listed: no "
        "markers (the text names its sources in words) and a plain list (for families).",
    )
    cover_picture: str | None = Field(
        default=None, description="The pictogram (its id) on the cover of its leaflets."
    )
    min_flesch: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="The Flesch reading ease its English text must reach (default: not checked).",
    )


class Language(Model):
    """A language that content can be written in, with the fonts that cover its script."""

    id: Id
    name: Text
    locale: Text = Field(description="The locale that formats dates, e.g. en_GB.")
    direction: Literal["ltr", "rtl"] = Field(
        default="ltr", description="Left to right (ltr) or right to left (rtl)."
    )
    fonts: list[FontName] = Field(
        min_length=1, description="Font families that cover its script, first choice first."
    )


class Variant(Model):
    """A version of every leaflet: standard, large print, Easy Read and so on."""

    id: Id
    name: Text
    min_body_pt: float = Field(
        default=12, ge=12, le=48, description="The smallest text allowed, in points."
    )
    body_pt: float | None = Field(
        default=None,
        ge=12,
        le=48,
        description="Body text size, in points (default: the audience's).",
    )
    audiences: list[AudienceId] | None = Field(
        default=None, description="Only for these audiences (default: all)."
    )
    template: Id | None = Field(
        default=None, description="Its template folder in templates/ (default: the audience's)."
    )
    text: Literal["topic", "easy-read"] = Field(
        default="topic", description="Its text: the topic's, or content/easy-read/<topic>.yaml."
    )
    max_pages: int | None = Field(
        default=None, ge=1, description="The most pages a leaflet may have."
    )
    max_sentence_words: int | None = Field(
        default=None,
        ge=1,
        description="The most words a sentence of its own text may have (default: any).",
    )
    back_page: bool = Field(
        default=False,
        description="Always end with the back page (who to contact, large), where the format "
        "has one, not only when a page is spare.",
    )


class Pair(Model):
    """A text colour used on a background colour."""

    text: Text
    background: Text
    body: bool = False
    use: Text


class Theme(Model):
    """The colours the templates use and the pairs they use them in (templates/theme.yaml)."""

    colours: dict[str, Colour]
    pairs: list[Pair] = Field(min_length=1)


class Production(Model):
    """How a format is printed: its imposition, finished size, paper, sides, fold and binding."""

    imposition: ImpositionName = Field(
        description="How pages go onto sheets: loose sheets, a saddle-stitched booklet, a tri-fold."
    )
    finished: Text = Field(description="The finished size, e.g. 'A5, 148 × 210 mm'.")
    paper: Text
    sides: int = Field(ge=1, le=2, description="Printed on 1 or 2 sides.")
    fold: Text
    binding: Text
    safe_mm: float = Field(
        default=5, ge=0, le=25, description="Preflight: no text nearer a trim edge or fold, mm."
    )
    min_ppi: int = Field(
        default=300, ge=72, le=2400, description="Preflight: the least pixels an inch of an image."
    )


class Format(Model):
    """A paper format: its template, stylesheet, trim size, page-count rule and production;
    and, where room is short, the contact roles it lists (default: all)."""

    id: Id
    name: Text
    template: Id = Field(
        default="leaflet",
        description="templates/<audience>/<template>.html.j2, else templates/<template>.html.j2.",
    )
    stylesheet: Text = Field(description="Its stylesheet, a path inside templates/.")
    width_mm: float = Field(
        gt=0, description="Trim width of one printed page (a tri-fold: flat), mm."
    )
    height_mm: float = Field(gt=0, description="Trim height of one printed page, mm.")
    pad_to: int = Field(
        default=1, ge=1, le=8, description="The page count is a multiple of this (4: a booklet)."
    )
    back_cover: Literal["none", "spare", "always"] = Field(
        default="none",
        description="Its last page as a 'who to contact' back cover (every number large, the QR "
        "codes): 'spare' when it is padded (instead of a notes page), 'always' whatever the "
        "content's length.",
    )
    pages: int | None = Field(
        default=None, ge=1, le=64, description="Exactly this many pages; more is an error."
    )
    contacts: list[Annotated[str, AfterValidator(_role)]] | None = Field(
        default=None, description="The contact roles it lists, where room is short (default: all)."
    )
    production: Production = Field(description="How a print shop makes it (on the job sheet).")


class Resource(Model):
    """A national organisation or service a leaflet points readers to."""

    id: Id
    name: Text
    organisation: Text
    description: Localised
    url: Url
    phone: Phone | None = None
    email: Email | None = None
    hours: Text | None = None
    audiences: list[AudienceId] = Field(min_length=1, description="The audiences it is given to.")
    source: Url = Field(description="The page its facts were checked against.")
    verified: Verified
    note: Text | None = Field(default=None, description="Why a fact is unverified (not printed).")


class Contact(Model):
    """A phone line in a role (national, or a partnership's own) and when to use it."""

    role: RoleId
    name: Text
    short_name: Text | None = Field(default=None, description="{short:<role>} (default: the name).")
    phone: Phone
    description: Localised
    audiences: list[AudienceId] | None = Field(
        default=None, description="Only for these audiences (default: all)."
    )
    source: Url | None = Field(default=None, description="The page its number was checked against.")
    verified: Verified
    note: Text | None = Field(default=None, description="Why a fact is unverified (not printed).")

    @property
    def todo(self) -> str | None:
        """The first field still written TODO (a new partnership's blank), if any."""
        fields = {"phone": self.phone, "name": self.name, **self.description}
        return next((k for k, v in fields.items() if v.strip() == TODO), None)


class Brand(Model):
    """A partnership's colours and logo file."""

    primary: Colour
    accent: Colour
    logo: Text = Field(description="The logo, an SVG file beside the partnership's file.")


class Partnership(Model):
    """A local safeguarding partnership: its name, place, brand, contacts by role and review.

    An example partnership (fictional, drama numbers) prints "Example — not for distribution"
    on every page and is never released.
    """

    id: Id
    name: Text
    short_name: Text
    place: Text = Field(description="The place it serves: {place} in shared text.")
    example: bool = Field(
        default=False, description="Fictional: every page says 'Example — not for distribution'."
    )
    review: Review
    brand: Brand
    contacts: list[Contact] = Field(min_length=1, description="One contact a role.")

    def contact(self, role: str) -> Contact | None:
        """The contact in a role, if the partnership has one."""
        return next((c for c in self.contacts if c.role == role), None)


class NationalContacts(Model):
    """The phone lines that are the same for every partnership (999, 101)."""

    contacts: list[Contact] = Field(min_length=1)


class Source(Model):
    """A citation for a statistic, law or piece of guidance."""

    id: Id
    title: Text
    publisher: Text
    year: int = Field(ge=1900, le=2100, description="The year it was published.")
    url: Url | None = None
    verified: Verified
    note: Text | None = Field(default=None, description="Why a fact is unverified (not printed).")


def _item(value: Any) -> Any:
    """Let a list item be bare text (or a map by audience) as well as {term, text}."""
    if isinstance(value, dict) and ("text" in value or "term" in value):
        return value
    return {"text": value}


def _resource_ref(value: Any, info: ValidationInfo) -> Any:
    """Let a topic's resource be a bare id as well as {id, formats, qr}; the id is checked here,
    so that an unknown one is reported at the list item, like any other id in a list."""
    ref = {"id": value} if isinstance(value, str) else value
    if isinstance(ref, dict) and isinstance(ref.get("id"), str):
        _known("resources", ref["id"], info)
    return ref


class ResourceRef(Model):
    """A resource a topic points to: in every format or only in some; with a QR code or not."""

    id: Id
    formats: FormatIds | None = Field(
        default=None, description="Printed only in these formats (default: every format)."
    )
    qr: bool = Field(default=False, description="Draw a QR code of its url beside it.")
    cover: bool = Field(
        default=False,
        description="Also on the cover of families' leaflets, beside the urgent numbers: its "
        "phone and the first sentence of its description.",
    )


class Poster(Model):
    """A poster's short text: a headline, three key actions, and the resource its QR code opens."""

    headline: Localised
    actions: list[Localised] = Field(
        min_length=3, max_length=3, description="Exactly three key actions."
    )
    qr: ResourceId | None = Field(
        default=None, description="The resource its QR code opens, when there is no online_url."
    )


class Item(Model):
    """One item of a list, or one defined term of a definitions block."""

    term: Text | None = Field(default=None, description="The term a definitions item defines.")
    text: Localised


class Block(Model):
    """A paragraph, list, callout or definitions block, shown to some audiences."""

    id: Id
    type: Literal["paragraph", "list", "callout", "definitions"] = "paragraph"
    audiences: list[AudienceId] | None = Field(
        default=None, description="Shown only to these audiences (default: the section's)."
    )
    formats: FormatIds | None = Field(
        default=None, description="Printed only in these formats (default: every format)."
    )
    text: Localised | None = None
    items: list[Annotated[Item, BeforeValidator(_item)]] | None = None
    cite: list[Id] = Field(default=[], description="Ids of the topic's sources it cites.")

    @model_validator(mode="after")
    def _shape(self) -> Block:
        if self.type in ("list", "definitions") and not self.items:
            raise ValueError(f"a {self.type} block needs 'items'")
        if self.type in ("paragraph", "callout") and self.text is None:
            raise ValueError(f"a {self.type} block needs 'text'")
        if self.type == "definitions" and not all(i.term for i in self.items or []):
            raise ValueError("each item of a definitions block needs 'term' and 'text'")
        return self


class Section(Model):
    """A headed section of a topic."""

    id: Id
    heading: Localised
    audiences: list[AudienceId] | None = Field(
        default=None, description="Shown only to these audiences (default: the topic's)."
    )
    formats: FormatIds | None = Field(
        default=None, description="Printed only in these formats (default: every format)."
    )
    blocks: list[Block] = Field(min_length=1)


class Topic(Model):
    """A guidance topic: its sections, citations, resources and review."""

    id: Id
    language: LanguageId = Field(default="en", description="The language it is written in.")
    title: Text
    subtitle: Localised | None = None
    audiences: list[AudienceId] = Field(min_length=1)
    review: Review
    origin: Text = Field(description="Where its text comes from.")
    online_url: Url | None = Field(
        default=None, description="The online version of this leaflet, if it has a real one."
    )
    sources: list[Source] = Field(
        default=[], description="Citations, referred to by id from blocks."
    )
    resources: list[Annotated[ResourceRef, BeforeValidator(_resource_ref)]] = []
    poster: Poster | None = Field(
        default=None, description="The A3 poster's text; needed for the a3-poster format."
    )
    sections: list[Section] = Field(min_length=1)


class SectionText(Model):
    """A translated section heading."""

    heading: Text


class BlockText(Model):
    """A translated block: its text and/or its items, in the English order."""

    text: Text | None = None
    items: list[Text] | None = None


class ContactText(Model):
    """A translated contact."""

    name: Text
    description: Text


class PartnershipText(Model):
    """A partnership's local details in another language: its place and contacts by role."""

    partnership: PartnershipId
    language: LanguageId
    status: Literal["draft", "reviewed"] = Field(description="A draft prints a band saying so.")
    translated_by: Text
    place: Text | None = None
    contacts: dict[RoleId, ContactText] = Field(default={}, description="By role.")


class ResourceText(Model):
    """A translated resource description (and hours, and name where it is translated)."""

    description: Text
    hours: Text | None = None
    name: Text | None = None


class Translation(Model):
    """A translation overlay of one topic into one language, for some audiences."""

    topic: TopicId
    language: LanguageId
    audiences: list[AudienceId] = Field(min_length=1)
    status: Literal["draft", "reviewed"] = Field(description="A draft prints a band saying so.")
    translated_by: Text
    source_hash: Text = Field(
        description="The English it was made from (a stale one's warning prints the current hash)."
    )
    title: Text
    subtitle: Text | None = None
    sections: dict[str, SectionText] = Field(default={}, description="By section id.")
    blocks: dict[str, BlockText] = Field(default={}, description="By block id.")
    contacts: dict[str, ContactText] = Field(
        default={}, description="The national contacts, by role."
    )
    resources: dict[str, ResourceText] = Field(default={}, description="By resource id.")


PictogramId = Annotated[str, AfterValidator(lambda v, i: _known("pictograms", v, i))]


class Pictogram(Model):
    """A simple picture drawn for the project, with the alt text a screen reader speaks."""

    id: Id
    file: Text
    alt: Text


class Point(Model):
    """One Easy Read point: a picture on the left, words on the right."""

    id: Id
    picture: PictogramId = Field(description="The pictogram on the left.")
    text: Localised
    cover: bool = Field(
        default=False,
        description="Also shown on the cover, under the title: a number to call first.",
    )


class EasySection(Model):
    """A headed group of Easy Read points."""

    id: Id
    heading: Localised
    points: list[Point] = Field(min_length=1)


class EasyRead(Model):
    """The Easy Read text of a topic, written for its readers."""

    topic: TopicId
    language: LanguageId = "en"
    title: Text
    audiences: list[AudienceId] = Field(min_length=1)
    review: Review
    sections: list[EasySection] = Field(min_length=1)
    glossary: list[Item] = Field(default=[], description="Hard words, each with its meaning.")


def topic_hash(topic: Topic, audiences: list[str] | None = None) -> str:
    """A short hash of a topic's English as these audiences (all when None) see it: what a
    translation for them records it was made from, so that text only others see leaves it
    current."""
    import hashlib

    seen = set(audiences or topic.audiences)
    view = topic.model_copy(
        update={
            "audiences": sorted(seen),
            "subtitle": _seen_text(topic.subtitle, seen),
            "sections": [
                _seen_section(s, seen) for s in topic.sections if _seen(s.audiences, seen)
            ],
        }
    )
    # Checks and layout, not text to translate: a source's verification, a helpline on the cover;
    # and the poster, whose text a translation does not carry (posters are printed in English).
    untranslated: dict[str, Any] = {
        "sources": {"__all__": {"verified", "note"}},
        "resources": {"__all__": {"cover"}},
        "poster": True,
    }
    text = view.model_dump_json(exclude=untranslated)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _seen(tags: list[str] | None, seen: set[str]) -> bool:
    return tags is None or bool(seen & set(tags))


def _seen_text(text: dict[str, str] | None, seen: set[str]) -> dict[str, str] | None:
    return None if text is None else {k: v for k, v in text.items() if k == "default" or k in seen}


def _seen_section(section: Section, seen: set[str]) -> Section:
    blocks = [
        b.model_copy(
            update={
                "text": _seen_text(b.text, seen),
                "items": [i.model_copy(update={"text": _seen_text(i.text, seen)}) for i in b.items]
                if b.items
                else b.items,
            }
        )
        for b in section.blocks
        if _seen(b.audiences, seen)
    ]
    return section.model_copy(
        update={"heading": _seen_text(section.heading, seen), "blocks": blocks}
    )


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type can hold (through lists, unions and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The innermost model along an error location: the one whose field the location names."""
    for step in loc[:-1]:
        if isinstance(step, str) and step in model.model_fields:
            inner = _models_in(model.model_fields[step].annotation)
            model = inner[0] if inner else model
    return model


def _message(err: Any, model: type[BaseModel]) -> str:
    """Turn one pydantic error into a plain sentence."""
    loc = err["loc"]
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    kind = err["type"]
    if kind == "extra_forbidden":
        fields = set(model_at(model, _where(err)).model_fields)
        return unknown_message("field", field, fields).replace(" (known:", " (fields:")
    if kind == "missing":
        return f"missing field '{field}'"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{field}: {msg}"


def _where(err: Any) -> tuple[str | int, ...]:
    """The path to point at: a missing field's parent, otherwise the value itself."""
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    return loc[:-1] if err["type"] == "missing" else loc


M = TypeVar("M", bound=BaseModel)


def parse(
    doc: SourceDoc, model: type[M], data: Any, loc: tuple[str | int, ...], context: dict[str, Any]
) -> tuple[M | None, list[Problem]]:
    """Validate data (found at loc in doc) as model; return it or its located problems."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data, context=context), []
    except ValidationError as e:
        return None, [
            doc.problem(
                loc + _where(err), _message(err, model), key=err["type"] == "extra_forbidden"
            )
            for err in e.errors()
        ]
