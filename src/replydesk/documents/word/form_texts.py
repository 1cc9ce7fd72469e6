"""The texts a review copy's export wrote itself (headings, goal texts, prompts, status lines, page headers).

The import compares what an edited copy holds in those places with what the export wrote there, so a
remark typed into a heading, a goal's text or the page header is named in the report instead of being
dropped with the form's text. The texts are made the way the export makes them (the same composer, the
same reference document, no answers), so they match it word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from replydesk.definitions.model import Form
from replydesk.documents.word.review import STATUS_PREFIX, STRUCTURE_PREFIX


@dataclass
class FormTexts:
    """What the export wrote, by marker, and the pages' header and footer lines."""

    structure: dict[str, str] = field(default_factory=dict)  # rdx_<n> → its paragraph's text
    styles: dict[str, str] = field(default_factory=dict)  # rdx_<n> → its paragraph style
    statuses: dict[str, str] = field(default_factory=dict)  # rdq_<key> → the status line's bookmark, its key
    page: list[str] = field(default_factory=list)  # header and footer paragraphs, folded (see ``fold``)

    def page_has(self, text: str) -> bool:
        return fold(text) in self.page


def fold(text: str) -> str:
    """Text compared as shown whatever the editor did to spaces and field results (page numbers)."""
    return re.sub(r"\d+", "#", "".join(text.split())).casefold()


def same_text(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


_CACHE: dict[tuple[str, str, str, int], FormTexts] = {}


def _form_texts(form: Form, country: str, year: int) -> FormTexts:
    from replydesk.documents.word.export import build_document
    from replydesk.store.tables import Reply

    reply = Reply(id=0, form_id=form.id, form_version=form.version, definition_hash="", country=country, year=year)
    document, _warnings = build_document(form, reply, {}, {}, review=True, by="Reply Desk")
    texts = FormTexts()
    for p in document.element.body.iter(qn("w:p")):
        names = [b.get(qn("w:name")) or "" for b in p.iter(qn("w:bookmarkStart"))]
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        style = p.find(qn("w:pPr"))
        style_id = style.find(qn("w:pStyle")) if style is not None else None
        for name in names:
            if name.startswith(STRUCTURE_PREFIX):
                texts.structure[name] = text
                texts.styles[name] = style_id.get(qn("w:val")) if style_id is not None else ""
            elif name.startswith(STATUS_PREFIX):
                texts.statuses[name] = text
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER):
            for p in rel.target_part.element.iter(qn("w:p")):
                text = "".join(t.text or "" for t in p.iter(qn("w:t")) if _is_result(t))
                if text.strip():
                    texts.page.append(fold(text))
    return texts


def _is_result(node: object) -> bool:
    """A text node shown on the page (not a field's code)."""
    return getattr(node, "tag", "") == qn("w:t")


def form_texts(form: Form, country: str, year: int) -> FormTexts:
    """The export's own texts for ``form`` (resolved for ``year``) and ``country`` (cached: forms are immutable)."""
    key = (form.id, form.version, country, year)
    if key not in _CACHE:
        _CACHE[key] = _form_texts(form, country, year)
    return _CACHE[key]
