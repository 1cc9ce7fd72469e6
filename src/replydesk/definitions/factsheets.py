"""Reading a Party's Lanzarote factsheet: the recommendations the Committee addresses to it.

The Committee publishes one factsheet per Party ("FACTSHEET – MALTA", "Last update: 25.05.2023"), with
chapters "II. Legal frameworks" … and, in each, recommendation boxes: a lead-in ("Therefore, the
Committee **requests** Malta:", "The Committee **invites** all Parties, including Malta:") and its
bullets, each box ending at a footnote that gives its number(s) ("⁴ Recommendation II-3."). This reads the
text layout the Committee's documents convert to (superscript footnote markers or ``^{4 5}``, "**" bold
markers, page breaks that cut sentences into two paragraphs, bullets "•" and "-", footnote paragraphs
among the body); the Word form (``documents/word/factsheet.py``) is turned into the same layout first.

A box whose footnote gives no number is matched to the definition's recommendation of the same text when a
form is given; anything that cannot be placed — a box without a number, a number cited by a footnote whose
text stands in no box — is listed in ``unplaced``, never dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from replydesk.definitions.model import Form
from replydesk.definitions.recommendations import (
    Recommendation,
    RecommendationSet,
    party_pattern,
    recommendations_of,
)

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
_TITLE_RE = re.compile(r"^\s*FACTSHEET\s*[–—-]\s*(.+?)\s*$", re.MULTILINE)
_UPDATED_RE = re.compile(r"Last update:\s*(\d{1,2})[./](\d{1,2})[./](\d{4})")
_HEADING_RE = re.compile(r"([IVX]+)\. (\S.*)")
_FOOTNOTE_RE = re.compile(rf"[{SUPERSCRIPTS}]+")
_REFERENCE_RE = re.compile(rf"\^\{{([\d ]+)\}}|([{SUPERSCRIPTS}]+)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BULLET_RE = re.compile(r"^[ \t]*[-•][ \t]+")
_LEAD_IN_RE = re.compile(r"Committee (?:also )?(requires|requests|invites) (.*?)(:|,? to )")
_CITATION_RE = re.compile(r"Recommendations? ([IVX]+-\d+(?:(?:, | and )[IVX]+-\d+)*)")
_NUMBER_RE = re.compile(r"[IVX]+-\d+")
_MARKERS_AT_END_RE = re.compile(r"(?:⟦\d+⟧)+\s*$")
_MARKER_RE = re.compile(r"⟦(\d+)⟧")
URGENCY = {"requires": "require", "requests": "request", "invites": "invite"}


class NotAFactsheet(ValueError):
    """The file is not a Lanzarote factsheet (no "FACTSHEET – PARTY" title, or no recommendation in it)."""


@dataclass
class Chapter:
    number: str
    title: str
    recommendations: list[Recommendation] = field(default_factory=list)


@dataclass
class Factsheet:
    """What a factsheet says: its Party (as its title writes it), last update, chapters and what was not placed."""

    title: str
    party: str
    updated: str  # ISO date, "" when the factsheet gives none
    sha256: str
    chapters: list[Chapter]
    unplaced: list[str]

    @property
    def recommendations(self) -> list[Recommendation]:
        return [r for chapter in self.chapters for r in chapter.recommendations]

    def as_set(self) -> RecommendationSet:
        """The reply's own set, recorded with the factsheet it came from."""
        return RecommendationSet(tuple(self.recommendations), self.title, self.party, self.updated, self.sha256)

    def as_json(self) -> dict[str, object]:
        fill = self.party_name()
        return {"party": self.party, "updated": self.updated, "title": self.title, "sha256": self.sha256,
                "chapters": [{"number": c.number, "title": c.title, "recommendations": [
                    {"numbers": list(r.numbers), "urgency": r.urgency, "addressee": r.addressee,
                     "text": r.text.replace("{party}", fill)} for r in c.recommendations]} for c in self.chapters],
                "unplaced": self.unplaced}

    def party_name(self) -> str:
        """The Party as the factsheet's running text writes it ("Malta")."""
        return self.party.title()


def read_factsheet_text(text: str, form: Form | None = None) -> Factsheet:
    """Read a factsheet in the text layout; ``form`` places boxes whose footnote gives no number."""
    title_match = _TITLE_RE.search(text)
    if title_match is None:
        raise NotAFactsheet("it has no “FACTSHEET – Party” title line")
    party = title_match.group(1).strip().strip("*").strip()
    updated = ""
    if (date := _UPDATED_RE.search(text)) is not None:
        day, month, year = (int(g) for g in date.groups())
        try:
            updated = dt.date(year, month, day).isoformat()
        except ValueError:
            updated = ""
    body, footnotes = _split_footnotes(text)
    citing = {n: tuple(_NUMBER_RE.findall(" ".join(_CITATION_RE.findall(note))))
              for n, note in footnotes.items() if _CITATION_RE.search(note)}
    name = party_pattern(party.title() if party.isupper() else party)
    chapters: list[Chapter] = []
    unplaced: list[str] = []
    used: set[int] = set()
    sections = _sections(body)
    for number, title, paragraphs in sections:
        chapter = Chapter(number, title)
        for box in _boxes(paragraphs):
            _read_box(box, chapter, citing, used, name, unplaced)
        chapters.append(chapter)
    for note, numbers in sorted(citing.items()):
        if note not in used:
            where = next((p for _, _, ps in sections for p in ps if f"⟦{note}⟧" in p), "")
            unplaced.append(f"footnote {note} cites {', '.join(numbers)}, but no recommendation box ends at it"
                            + (f": “{_clean(where)[:160]}”" if where else ""))
    chapters = [c for c in chapters if c.number != "I" or c.recommendations]
    if not any(c.recommendations for c in chapters) and not unplaced:
        raise NotAFactsheet("it holds no recommendation (no “The Committee requires / requests / invites …”)")
    sheet = Factsheet(title_match.group(0).strip(), party, updated,
                      hashlib.sha256(text.encode("utf-8")).hexdigest(), chapters, [])
    _place_unnumbered(sheet, form, unplaced)
    sheet.unplaced = unplaced
    return sheet


# -- reading ------------------------------------------------------------------------------------------------


def _marked(paragraph: str) -> str:
    """Footnote references as ⟦n⟧ markers, links as their text."""
    def marker(match: re.Match[str]) -> str:
        if match.group(1):
            return "".join(f"⟦{n}⟧" for n in match.group(1).split())
        return f"⟦{int(match.group(2).translate(_DIGITS))}⟧"
    return _REFERENCE_RE.sub(marker, _LINK_RE.sub(r"\1", paragraph))


def _clean(text: str) -> str:
    """Text as a reply shows it: no markers, no bold or italic markers, spaces collapsed."""
    return " ".join(_MARKER_RE.sub("", text).replace("**", "").replace("*", "").split())


def _split_footnotes(text: str) -> tuple[list[str], dict[int, str]]:
    """Body paragraphs (page-break cuts joined again) and the footnotes by number."""
    paragraphs = [line.strip("\n") for block in re.split(r"\n[ \t]*\n", text)
                  for line in re.split(r"\n(?=[ \t]*[-•][ \t])", block) if line.strip()]  # each bullet its own
    footnotes: dict[int, str] = {}
    body: list[str] = []
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i].strip()
        start = _FOOTNOTE_RE.match(paragraph)
        if start is None:
            body.append(paragraphs[i])
        else:
            note = _LINK_RE.sub(r"\1", paragraph[start.end():]).strip()
            while (not note or note[-1].isalpha() or note[-1] == "-") and i + 1 < len(paragraphs) \
                    and not _FOOTNOTE_RE.match(nxt := paragraphs[i + 1].strip()) and not nxt[:1].isupper():
                i += 1
                note = (note + " " + _LINK_RE.sub(r"\1", paragraphs[i])).strip()
            footnotes[int(start.group().translate(_DIGITS))] = note
        i += 1
    joined: list[str] = []
    for paragraph in body:
        stripped = paragraph.strip()
        if joined and stripped[:1].islower() and not _BULLET_RE.match(paragraph):
            joined[-1] = f"{joined[-1].rstrip()} {stripped}"  # a sentence a page break cut in two
        else:
            joined.append(paragraph)
    return [_marked(p) for p in joined], footnotes


def _sections(body: list[str]) -> list[tuple[str, str, list[str]]]:
    sections: list[tuple[str, str, list[str]]] = []
    for paragraph in body:
        heading = _HEADING_RE.fullmatch(paragraph.strip())
        if heading and "\t" not in paragraph:
            sections.append((heading.group(1), heading.group(2).strip(), []))
        elif sections:
            sections[-1][2].append(paragraph)
    return sections


def _is_lead_in(paragraph: str) -> re.Match[str] | None:
    return _LEAD_IN_RE.search(_clean(paragraph))


def _boxes(paragraphs: list[str]) -> list[list[str]]:
    """Each lead-in paragraph with the bullets that follow it."""
    boxes: list[list[str]] = []
    current: list[str] | None = None
    for paragraph in paragraphs:
        if _is_lead_in(paragraph):
            current = [paragraph]
            boxes.append(current)
        elif current is not None and _BULLET_RE.match(paragraph):
            current.append(paragraph)
        else:
            current = None
    return boxes


def _addressee(words: str) -> str:
    if "not already doing so" in words:
        return "some_parties"
    return "all_parties" if re.search(r"\ball Parties\b", words) else "party"


def _read_box(box: list[str], chapter: Chapter, citing: dict[int, tuple[str, ...]], used: set[int],
              name: re.Pattern[str], unplaced: list[str]) -> None:
    lead = _is_lead_in(box[0])
    assert lead is not None
    urgency, addressee = URGENCY[lead.group(1)], _addressee(lead.group(2))
    shared = lead.group(3) == ":"  # "… invites Malta:" introduces bullets; "… requests Malta to …" is its own
    pieces: list[tuple[list[str], tuple[str, ...]]] = []
    current: list[str] = []
    for paragraph in box:
        current.append(paragraph)
        end = _MARKERS_AT_END_RE.search(paragraph.rstrip())
        notes = [int(n) for n in _MARKER_RE.findall(end.group())] if end else []
        numbers = tuple(n for note in notes for n in citing.get(note, ()))
        if numbers:
            used.update(n for n in notes if n in citing)
            pieces.append((current, numbers))
            current = []
    if current and (len(current) > 1 or not pieces):
        pieces.append((current, ()))
    whole = shared and len(pieces) == 1
    for index, (paragraphs, numbers) in enumerate(pieces):
        if shared and not whole and index == 0:
            paragraphs = paragraphs[1:]  # the lead-in shared by several recommendations is not part of any
        lines = [_clean(_BULLET_RE.sub("", p)) for p in paragraphs]
        text = "\n".join([lines[0], *(f"- {line}" for line in lines[1:])]) if lines else ""
        text = name.sub("{party}", text)
        # a box without a number stays until ``_place_unnumbered`` finds it in the definition or lists it
        chapter.recommendations.append(Recommendation(chapter.number, numbers, urgency, addressee, text))


def _place_unnumbered(sheet: Factsheet, form: Form | None, unplaced: list[str]) -> None:
    """Give a box without a number the number of the definition's recommendation with the same text."""
    known = {} if form is None else {(chapter.number, " ".join(group.text.split())): tuple(group.number.split(", "))
                                     for chapter, group in recommendations_of(form)}
    for chapter in sheet.chapters:
        kept: list[Recommendation] = []
        for r in chapter.recommendations:
            if r.numbers:
                kept.append(r)
                continue
            numbers = known.get((chapter.number, " ".join(r.text.split())))
            if numbers:
                kept.append(Recommendation(r.chapter, numbers, r.urgency, r.addressee, r.text))
            else:
                unplaced.append(f"chapter {chapter.number}: a recommendation box without a number (no footnote "
                                f"cites it, and the definition has no recommendation of its text): “{r.text[:160]}”")
        chapter.recommendations = kept

