"""A review copy whose properties were removed (Word's *Inspect Document ▸ Remove All*), read all the same.

Without its properties a copy does not say which reply it belongs to, nor which revision of each answer
it was exported with. The body still holds the form's own texts (title, country, headings, goals,
prompts) and usually its markers: the copy is matched to the reply of this database whose export writes
the same texts, and read against that reply's current answers. The import then says, first among its
warnings, that the copy's identity could not be checked, and leaves every proposal open for the official.
"""

from __future__ import annotations

from dataclasses import dataclass

from replydesk.definitions.registry import Registry
from replydesk.documents.word.form_texts import form_texts
from replydesk.documents.word.reader import Paragraph
from replydesk.store import Store

#: The share of the form's own texts a copy must hold, as exported, to be taken for a copy of a reply.
MIN_SHARE = 0.8


@dataclass(frozen=True)
class Match:
    reply_id: int
    share: float  # of the export's own texts found in the copy
    found: int
    total: int

    def warning(self, name: str) -> str:
        return (f"{name} carries no Reply Desk properties (removed, as Word's Inspect Document ▸ Remove All does), so "
                f"its identity could not be checked: it was read as a copy of reply {self.reply_id} because "
                f"{self.found} of the {self.total} headings, goals and prompts its export writes are in it; its "
                "answers were compared with the reply's current answers, and every proposal is left for you to "
                "decide")


def match_reply(store: Store, registry: Registry, texts: set[str]) -> Match | None:
    """The reply of ``store`` whose export's own texts the copy holds best (at least ``MIN_SHARE``), if one."""
    best: Match | None = None
    for reply in store.replies():
        if "".join(reply.country.upper().split()) not in texts:
            continue  # the country line is the export's own: a copy of another country's reply
        try:
            form = registry.get(reply.form_id).resolved(reply.year)
        except LookupError:
            continue
        structure = form_texts(form, reply.country, reply.year).structure.values()
        wanted = ["".join(t.split()) for t in structure if t.strip()]
        found = sum(1 for t in wanted if t in texts)
        share = found / len(wanted) if wanted else 0.0
        if share >= MIN_SHARE and (best is None or share > best.share):
            best = Match(reply.id or 0, share, found, len(wanted))
    return best


def body_texts(blocks: list) -> set[str]:
    """Every paragraph's text of a body, whitespace left out (as ``form_texts`` are compared)."""
    return {"".join(b.text.split()) for b in blocks if isinstance(b, Paragraph) and b.text.strip()}


__all__ = ["MIN_SHARE", "Match", "body_texts", "match_reply"]
