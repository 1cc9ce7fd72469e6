"""``ReplyContext``: a reply with its form and answers, built in one place for the CLI, the window and imports.

A reply's form exists twice: as registered (the registry's definition, what the Excel return
and the secretariat's consolidation work from, resolving per year themselves) and resolved for
the reply's year (titles and prompts with ``{year}`` filled in: what the Word export, the window
and the reply's problems use). The context carries both, named so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from replydesk.definitions.model import Form
from replydesk.definitions.recommendations import RecommendationSet, for_party, has_addressees
from replydesk.definitions.registry import Registry
from replydesk.store.base import decode
from replydesk.store.tables import Reply, StoredAnswer

if TYPE_CHECKING:
    from replydesk.store.drafts import Store


@dataclass(frozen=True)
class ReplyContext:
    reply: Reply
    #: The form as the registry has it, with the reply's own recommendations (Excel return, consolidation).
    form_as_registered: Form
    #: The same form resolved for ``reply.year`` (Word export, the window, problems).
    form_for_year: Form
    #: The stored answers by key (value as JSON, review status, carried-over mark...).
    answers: dict[str, StoredAnswer]

    @property
    def values(self) -> dict[str, Any]:
        return {key: decode(answer.value) for key, answer in self.answers.items()}


def reply_context(store: Store, registry: Registry, reply_id: int) -> ReplyContext:
    """The reply, its form (as registered and for its year) and its answers.

    Raises ``UnknownReply`` for a reply not in the store and ``LookupError`` (the registry's
    ``UnknownName``) when its form is not in the registry.
    """
    reply = store.reply(reply_id)
    registered = reply_form(store, registry.get(reply.form_id), reply)
    return ReplyContext(reply, registered, registered.resolved(reply.year), store.answers(reply_id))


def reply_form(store: Store, form: Form, reply: Reply) -> Form:
    """The definition as this reply holds it: its own recommendations, its Party in the texts."""
    if not has_addressees(form):
        return form
    assert reply.id is not None
    recorded = store.recommendation_set(reply.id)
    return for_party(form, reply.country, RecommendationSet.from_json(recorded) if recorded else None)
