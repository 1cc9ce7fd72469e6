"""The body of an export in each questionnaire's official layout, chosen by group kind.

* Global Alliance (``policy_target`` → ``operational_goal``): "Policy Target No. N"
  as Heading 1, the target's text, "Operational Goal: …" with the label
  underlined, bold prompts "A) …", answers beneath. Nothing else.
* Lanzarote (``chapter`` → ``recommendation``): "II. Legal frameworks" as Heading 1,
  "Recommendation II-5" as Heading 2, its urgency and text in a shaded box, then
  status, measures, date and links.
* Anything else (the baseline's areas, sections, appendix): a heading per group,
  its introduction, then each typed answer under its prompt; tables as Word tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from replydesk.definitions.markdown import parse
from replydesk.definitions.model import Form, Group, GroupKind
from replydesk.documents.word.compose import Composer, group_lead
from replydesk.store.tables import Note


def compose_reply(composer: Composer, form: Form, country: str, values: Mapping[str, Any],
                  statuses: Mapping[str, str], notes: Mapping[str, Sequence[Note]]) -> None:
    """Title, country, then the questions in the form's slot order, each group's heading where it starts."""
    composer.paragraph("Title", form.title)
    composer.paragraph("Country", country.upper())
    shown: tuple[Group, ...] = ()
    for slot in form.slots:
        common = 0
        while common < min(len(shown), len(slot.path)) and shown[common] is slot.path[common]:
            common += 1
        for depth, group in enumerate(slot.path[common:], common + 1):
            _group_heading(composer, group, depth, country)
        shown = slot.path
        composer.question(slot, values.get(slot.key), status=statuses.get(slot.key, "draft"),
                          notes=notes.get(slot.key, ()))


def _group_heading(composer: Composer, group: Group, depth: int, country: str) -> None:
    kind = group.kind
    if kind is GroupKind.OPERATIONAL_GOAL:
        composer.labelled(group.label or "Operational Goal", group.text)
    elif kind is GroupKind.POLICY_TARGET:
        composer.heading(group.label or group.title, 1)
        if group.text:
            composer.text(group.text)
    elif kind is GroupKind.RECOMMENDATION:
        composer.heading(group.label or group.title, 2)
        composer.box(group_lead(group, country), parse(composer.clean(group.text, group.label or group.key)))
    else:
        composer.heading(_heading_text(group), depth)
        if group.text:
            composer.text(group.text)


def _heading_text(group: Group) -> str:
    """"II. Legal frameworks", "1. Governance …", "Fig. 1: Select …", or whichever part exists."""
    label = group.label.strip()
    title = group.title.strip()
    if group.kind is GroupKind.CHAPTER and group.number and title:
        return f"{group.number}. {title}"
    if label and title:
        return f"{label} {title}" if label.endswith(".") else f"{label}: {title}"
    return label or title or group.key
