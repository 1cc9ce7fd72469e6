"""Themes of the secretariat's synthesis and the passages of returns tagged with them.

A theme (an *action* in the Global Alliance's report) belongs to a form, a year and a group
of the form (a Policy Target's goal, a Lanzarote chapter). Passages are quotes from members'
answers. Every change — a theme added, renamed, merged, split, moved; a passage tagged,
untagged, re-anchored or in need of attention — is one transaction and one row of the
append-only ``theme_event`` log, so the synthesis has the same history as the answers.

When an answer changes (typed, imported, accepted), ``reanchor`` runs in the same
transaction: a passage whose quote is still there stays; one rewritten slightly is carried
to the new wording; any other is marked for attention, never dropped.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from replydesk.definitions import quotes
from replydesk.definitions.model import Form, QuestionType
from replydesk.definitions.registry import suggest
from replydesk.store import tables
from replydesk.store.base import StoreBase, UnknownReply, current_user, decode, plain_of
from replydesk.store.database import StoreError
from replydesk.store.tables import Answer, Reply, utcnow

ACTIVE = ("anchored", "attention")


class UnknownTheme(StoreError):
    pass


class QuoteNotFound(StoreError):
    """The quoted text is not in the answer it is said to come from."""


class UnknownKey(StoreError):
    """The question key is not the form's, or not under the theme's group."""


@dataclass(frozen=True)
class TagRequest:
    """One tag of a batch (``tag_many``): where the passage is, its words, and how the report uses it."""

    theme_id: int
    reply_id: int
    key: str
    quote: str
    label: str = ""
    example: bool = False
    where: str = ""  # "tags.csv:4", for messages


@dataclass(frozen=True)
class MarkedPassage:
    """A passage an answer's change left needing attention (⚠): neither quoted nor counted until re-anchored."""

    passage_id: int
    theme_id: int
    theme_title: str
    reply_id: int
    country: str
    key: str
    quote: str


def describe_marked(passages: list[MarkedPassage]) -> list[str]:
    """ "⚠ 2 tagged passages need attention …" and a line per passage, or nothing."""
    if not passages:
        return []
    count = len(passages)
    lines = [f"⚠ {count} tagged passage{'s' if count != 1 else ''} no longer found in the changed "
             f"answer{'s' if count != 1 else ''} (not quoted or counted in the synthesis until re-tagged; "
             "see 'replydesk theme show THEME'):"]
    for p in passages:
        quote = p.quote if len(p.quote) <= 70 else p.quote[:69] + "…"
        lines.append(f"  ⚠ passage {p.passage_id}: {p.country} {p.key} (reply {p.reply_id}), theme {p.theme_id} "
                     f"“{p.theme_title}”: “{quote}”")
    return lines


def _live(query: Any) -> Any:
    return query.where(col(tables.Theme.merged_into).is_(None), col(tables.Theme.deleted_at).is_(None))


def _event(session: Session, theme_id: int, action: str, by: str, passage_id: int | None = None,
           **detail: Any) -> None:
    session.add(tables.ThemeEvent(theme_id=theme_id, passage_id=passage_id, at=utcnow(), by=by, action=action,
                                  detail=json.dumps(detail, ensure_ascii=False) if detail else ""))


def reanchor(session: Session, reply_id: int, values: Mapping[str, Any], by: str) -> None:
    """Follow the passages of changed answers: still there, carried to the new wording, or marked for attention
    (``marked_since`` lists those afterwards, for the command or window that changed the answers to say so)."""
    if not values:
        return
    passage = tables.Passage
    passages = session.exec(select(passage).where(
        passage.reply_id == reply_id, col(passage.key).in_(list(values)), col(passage.state).in_(ACTIVE))).all()
    now = utcnow()
    for passage in passages:
        value = values[passage.key]
        if quotes.contains(value, passage.quote):
            if passage.state == "attention":
                passage.state, passage.changed_at, passage.changed_by = "anchored", now, by
                _event(session, passage.theme_id, "found again", by, passage.id)
            continue
        moved = quotes.relocate(value, passage.quote)
        assert passage.id is not None
        if moved is not None:
            _event(session, passage.theme_id, "re-anchored", by, passage.id, old=passage.quote, new=moved)
            passage.quote, passage.state = moved, "anchored"
        elif passage.state != "attention":
            passage.state = "attention"
            _event(session, passage.theme_id, "needs attention", by, passage.id,
                   reason="the answer no longer holds the quoted text")
        passage.changed_at, passage.changed_by = now, by
        session.add(passage)


class Themes(StoreBase):
    """The store's methods for themes and passages."""

    # -- reading -------------------------------------------------------------------------------------------------
    def themes(self, form_id: str, year: int, *, include_merged: bool = False) -> list[tables.Theme]:
        """A form's themes for a year, by group and position (merged ones only when asked)."""
        with self._read() as session:
            query = select(tables.Theme).where(tables.Theme.form_id == form_id, tables.Theme.year == year)
            if not include_merged:
                query = _live(query)
            return list(session.exec(query.order_by(tables.Theme.under, tables.Theme.position, tables.Theme.id)).all())

    def theme(self, theme_id: int) -> tables.Theme:
        with self._read() as session:
            return self._theme(session, theme_id)

    def passages(self, theme_id: int, *, include_removed: bool = False) -> list[tables.Passage]:
        with self._read() as session:
            query = select(tables.Passage).where(tables.Passage.theme_id == theme_id)
            if not include_removed:
                query = query.where(col(tables.Passage.state).in_(ACTIVE))
            return list(session.exec(query.order_by(tables.Passage.id)).all())

    def passages_of_year(self, form_id: str, year: int, *, anchored_only: bool = False) -> list[tables.Passage]:
        """Every tagged passage of a form's year (merged themes' passages live in their target); ``anchored_only``
        leaves out those needing attention (⚠), which the report neither quotes nor counts."""
        with self._read() as session:
            states = ("anchored",) if anchored_only else ACTIVE
            return list(session.exec(_live(
                select(tables.Passage).join(tables.Theme, col(tables.Theme.id) == col(tables.Passage.theme_id))
                .where(tables.Theme.form_id == form_id, tables.Theme.year == year,
                       col(tables.Passage.state).in_(states)))
                .order_by(tables.Passage.theme_id, tables.Passage.id)).all())

    def answer_texts_of_year(self, form_id: str, year: int) -> Iterator[tuple[int, str, str, str]]:
        """(reply id, country, key, plain text) of every answer of a form's year, streamed in one query, reply
        by reply: what a search over 500 returns reads without holding them all. The plain text kept with each
        answer is read; a row without it (copied from an older version) is worked out from its value."""
        answer, reply = tables.Answer.__table__.c, tables.Reply.__table__.c  # type: ignore[attr-defined]
        with self._read() as session:
            rows = session.execute(
                sa_select(answer.reply_id, reply.country, answer.key, answer.plain,
                          case((answer.plain.is_(None), answer.value), else_=None).label("value"))
                .join_from(tables.Answer.__table__, tables.Reply.__table__, answer.reply_id == reply.id)
                .where(reply.form_id == form_id, reply.year == year, answer.value.is_not(None))
                .order_by(answer.reply_id, answer.id).execution_options(yield_per=2000))
            for row in rows:
                plain = row.plain if row.plain is not None else plain_of(decode(row.value))
                yield row.reply_id, row.country, row.key, plain or ""

    def passage(self, passage_id: int) -> tables.Passage:
        with self._read() as session:
            return self._passage(session, passage_id)

    def marked_since(self, since: dt.datetime, reply_ids: Iterable[int] | None = None) -> list[MarkedPassage]:
        """Passages marked as needing attention (⚠) since ``since`` and still so: what a save or import did."""
        event, passage, theme = tables.ThemeEvent, tables.Passage, tables.Theme
        with self._read() as session:
            query = (select(passage, theme.title, Reply.country)
                     .join(event, col(event.passage_id) == col(passage.id))
                     .join(theme, col(theme.id) == col(passage.theme_id))
                     .join(Reply, col(Reply.id) == col(passage.reply_id))
                     .where(event.action == "needs attention", col(event.at) >= since, passage.state == "attention"))
            if reply_ids is not None:
                query = query.where(col(passage.reply_id).in_(list(reply_ids)))
            rows = session.exec(query.order_by(passage.reply_id, passage.key, passage.id)).all()
        found = {p.id: MarkedPassage(p.id, p.theme_id, title, p.reply_id, country, p.key, p.quote)
                 for p, title, country in rows if p.id is not None}
        return list(found.values())

    def theme_events(self, theme_id: int) -> list[tables.ThemeEvent]:
        with self._read() as session:
            return list(session.exec(select(tables.ThemeEvent).where(tables.ThemeEvent.theme_id == theme_id)
                                     .order_by(tables.ThemeEvent.id)).all())

    # -- themes --------------------------------------------------------------------------------------------------
    def add_theme(self, form: Form, year: int, under: str, title: str, *, description: str = "",
                  by: str | None = None) -> tables.Theme:
        """A new theme at the end of its group's themes."""
        _check_group(form, under)
        title = _check_title(title)
        by = by or current_user()
        with self._write() as session:
            position = session.exec(select(func.coalesce(func.max(tables.Theme.position), 0)).where(
                tables.Theme.form_id == form.id, tables.Theme.year == year, tables.Theme.under == under)).one() + 1
            now = utcnow()
            theme = tables.Theme(form_id=form.id, year=year, under=under, title=title, description=description.strip(),
                                 position=position, created_at=now, created_by=by, updated_at=now, updated_by=by)
            session.add(theme)
            session.flush()
            assert theme.id is not None
            _event(session, theme.id, "added", by, title=title, under=under)
            return theme

    def edit_theme(self, theme_id: int, *, title: str | None = None, description: str | None = None,
                   narrative: str | None = None, under: str | None = None, form: Form | None = None,
                   by: str | None = None) -> tables.Theme:
        """Rename, describe, write the narrative of, or move a theme to another group (``form`` to check it)."""
        by = by or current_user()
        with self._write() as session:
            theme = self._live_theme(session, theme_id)
            changes: dict[str, tuple[str, str]] = {}
            if title is not None and _check_title(title) != theme.title:
                changes["title"] = (theme.title, title.strip())
            if description is not None and description.strip() != theme.description:
                changes["description"] = (theme.description, description.strip())
            if narrative is not None and narrative != theme.narrative:
                changes["narrative"] = (theme.narrative, narrative)
            if under is not None and under != theme.under:
                if form is not None:
                    _check_group(form, under)
                changes["under"] = (theme.under, under)
            actions = {"title": "renamed", "description": "described", "narrative": "narrative written",
                       "under": "moved to another group"}
            for name, (old, new) in changes.items():
                setattr(theme, name, new)
                _event(session, theme_id, actions[name], by, old=old, new=new)
            if changes:
                theme.updated_at, theme.updated_by = utcnow(), by
                session.add(theme)
            return theme

    def move_theme(self, theme_id: int, position: int, *, by: str | None = None) -> list[tables.Theme]:
        """Put a theme at ``position`` (1 = first) among its group's themes; returns them in their new order."""
        by = by or current_user()
        with self._write() as session:
            theme = self._live_theme(session, theme_id)
            siblings = self._siblings(session, theme)
            siblings.remove(theme)
            place = min(max(position, 1), len(siblings) + 1)
            siblings.insert(place - 1, theme)
            for number, sibling in enumerate(siblings, start=1):
                sibling.position = number
                session.add(sibling)
            _event(session, theme_id, "reordered", by, position=place)
            return siblings

    def merge_themes(self, source_id: int, into_id: int, *, by: str | None = None) -> tables.Theme:
        """Move a theme's passages into another (same form and year) and retire it; the narratives are joined."""
        by = by or current_user()
        if source_id == into_id:
            raise StoreError(f"theme {source_id} cannot be merged into itself")
        with self._write() as session:
            source, target = self._live_theme(session, source_id), self._live_theme(session, into_id)
            if (source.form_id, source.year) != (target.form_id, target.year):
                raise StoreError(f"theme {source_id} ({source.form_id} {source.year}) and theme {into_id} "
                                 f"({target.form_id} {target.year}) belong to different syntheses; nothing merged")
            held = {(p.reply_id, p.key, quotes.squeeze(p.quote)) for p in self._active(session, into_id)}
            for passage in self._active(session, source_id):
                if (passage.reply_id, passage.key, quotes.squeeze(passage.quote)) in held:
                    passage.state = "removed"  # the target quotes it already
                passage.theme_id = into_id
                passage.changed_at, passage.changed_by = utcnow(), by
                session.add(passage)
            if source.narrative.strip() and source.narrative.strip() not in target.narrative:
                target.narrative = "\n\n".join(t for t in (target.narrative.strip(), source.narrative.strip()) if t)
            source.merged_into = into_id
            source.updated_at = target.updated_at = utcnow()
            source.updated_by = target.updated_by = by
            session.add(source)
            session.add(target)
            _event(session, source_id, "merged into", by, theme=into_id, title=target.title)
            _event(session, into_id, "merged from", by, theme=source_id, title=source.title)
            session.flush()
            self._renumber(session, source)
            return target

    def delete_theme(self, theme_id: int, *, force: bool = False, by: str | None = None) -> int:
        """Delete a theme (kept in the history); refused while passages are tagged with it unless ``force``,
        which untags them. Returns how many passages were untagged."""
        by = by or current_user()
        with self._write() as session:
            theme = self._live_theme(session, theme_id)
            tagged = self._active(session, theme_id)
            if tagged and not force:
                raise StoreError(f"theme {theme_id} ({theme.title}) has {len(tagged)} tagged passage"
                                 f"{'s' if len(tagged) != 1 else ''}; untag them, merge the theme into another, or "
                                 "delete it with --force (which untags them); nothing was deleted")
            now = utcnow()
            for passage in tagged:
                passage.state, passage.changed_at, passage.changed_by = "removed", now, by
                session.add(passage)
                _event(session, theme_id, "untagged", by, passage.id)
            theme.deleted_at, theme.updated_at, theme.updated_by = now, now, by
            session.add(theme)
            _event(session, theme_id, "deleted", by, title=theme.title, untagged=len(tagged))
            session.flush()
            self._renumber(session, theme)
            return len(tagged)

    def split_theme(self, theme_id: int, title: str, passage_ids: Iterable[int], *, narrative: str = "",
                    by: str | None = None) -> tables.Theme:
        """A new theme right after this one, taking the given passages with it (and its own narrative)."""
        by = by or current_user()
        title = _check_title(title)
        wanted = set(passage_ids)
        with self._write() as session:
            theme = self._live_theme(session, theme_id)
            mine = {p.id: p for p in self._active(session, theme_id)}
            strangers = sorted(wanted - set(mine))
            if strangers:
                raise StoreError(f"passage{'s' if len(strangers) > 1 else ''} {', '.join(map(str, strangers))} "
                                 f"{'are' if len(strangers) > 1 else 'is'} not tagged with theme {theme_id}; "
                                 "nothing was split (see 'replydesk theme show')")
            now = utcnow()
            siblings = self._siblings(session, theme)
            self._renumber(session, theme)
            new = tables.Theme(form_id=theme.form_id, year=theme.year, under=theme.under, title=title,
                               narrative=narrative, position=theme.position + 1, created_at=now, created_by=by,
                               updated_at=now, updated_by=by)
            for sibling in siblings:
                if sibling.position > theme.position:
                    sibling.position += 1
                    session.add(sibling)
            session.add(new)
            session.flush()
            assert new.id is not None
            for passage_id in sorted(wanted):
                passage = mine[passage_id]
                passage.theme_id, passage.changed_at, passage.changed_by = new.id, now, by
                session.add(passage)
            _event(session, theme_id, "split", by, theme=new.id, title=title, passages=sorted(wanted))
            _event(session, new.id, "split from", by, theme=theme_id, passages=sorted(wanted))
            if narrative:
                _event(session, new.id, "narrative written", by, old="", new=narrative)
            return new

    def carry_themes(self, form_id: str, from_year: int, to_year: int, *, tags: bool = False,
                     by: str | None = None) -> list[tables.Theme]:
        """Copy a year's themes (titles, descriptions, narratives, groups, order) into another year's synthesis;
        with ``tags``, also each passage the member's reply of the new year still holds (its example flag and
        label too). Themes carried before are not carried twice; returns the themes created.
        """
        by = by or current_user()
        with self._write() as session:
            theme = tables.Theme
            already = set(session.exec(select(theme.carried_from).where(
                theme.form_id == form_id, theme.year == to_year, col(theme.carried_from).is_not(None))).all())
            now = utcnow()
            created = []
            for old in session.exec(_live(select(theme).where(theme.form_id == form_id, theme.year == from_year))
                                    .order_by(theme.under, theme.position, theme.id)).all():
                if old.id in already:
                    continue
                new = tables.Theme(form_id=form_id, year=to_year, under=old.under, title=old.title,
                                   description=old.description, narrative=old.narrative, position=old.position,
                                   carried_from=old.id, created_at=now, created_by=by, updated_at=now, updated_by=by)
                session.add(new)
                session.flush()
                assert new.id is not None and old.id is not None
                _event(session, new.id, "carried", by, theme=old.id, year=from_year)
                if tags:
                    self._carry_passages(session, old.id, new.id, to_year, by)
                created.append(new)
            return created

    def _carry_passages(self, session: Session, old_id: int, new_id: int, to_year: int, by: str) -> None:
        """Tag the new theme with each anchored passage of the old one that the member's next reply still holds."""
        now = utcnow()
        for passage in self._active(session, old_id):
            if passage.state != "anchored":
                continue
            before = session.get(Reply, passage.reply_id)
            assert before is not None
            after = session.exec(select(Reply).where(Reply.form_id == before.form_id, Reply.year == to_year,
                                                     Reply.country == before.country)).first()
            if after is None or after.id is None:
                continue
            answer = session.exec(select(Answer).where(Answer.reply_id == after.id, Answer.key == passage.key)).first()
            if answer is None or not quotes.contains(decode(answer.value), passage.quote):
                continue
            carried = tables.Passage(theme_id=new_id, reply_id=after.id, key=passage.key, quote=passage.quote,
                                     example=passage.example, label=passage.label, created_at=now, created_by=by,
                                     changed_at=now, changed_by=by)
            session.add(carried)
            session.flush()
            _event(session, new_id, "tagged", by, carried.id, reply=after.id, country=after.country, key=passage.key,
                   carried_from=passage.id)

    # -- passages ------------------------------------------------------------------------------------------------
    def tag(self, theme_id: int, reply_id: int, key: str, quote: str, *, example: bool = False, label: str = "",
            form: Form | None = None, by: str | None = None) -> tables.Passage:
        """Tag a passage of a member's answer; refused when the answer does not hold the quote, or (given the
        ``form``) when the key is not a question of the theme's group. ``example``: quoted in the report."""
        by = by or current_user()
        with self._write() as session:
            return self._tag(session, TagRequest(theme_id, reply_id, key, quote, label, example), form, by)

    def tag_many(self, requests: Sequence[TagRequest], *, form: Form | None = None,
                 by: str | None = None) -> list[tables.Passage]:
        """Tag a batch in one transaction: every tag or, when one is refused (named by its ``where``), none."""
        by = by or current_user()
        with self._write() as session:
            done = []
            for request in requests:
                try:
                    done.append(self._tag(session, request, form, by))
                except StoreError as exc:
                    raise type(exc)(f"{request.where + ': ' if request.where else ''}{exc}; "
                                    "nothing of the batch was tagged") from None
            return done

    def set_example(self, passage_id: int, example: bool, *, by: str | None = None) -> tables.Passage:
        """Choose a tagged passage as one of the report's quoted examples, or no longer."""
        by = by or current_user()
        with self._write() as session:
            passage = self._passage(session, passage_id)
            if passage.example != example:
                passage.example, passage.changed_at, passage.changed_by = example, utcnow(), by
                session.add(passage)
                _event(session, passage.theme_id, "chosen as example" if example else "no longer an example", by,
                       passage.id)
            return passage

    def _tag(self, session: Session, request: TagRequest, form: Form | None, by: str) -> tables.Passage:
        theme_id, reply_id, key = request.theme_id, request.reply_id, request.key
        theme = self._live_theme(session, theme_id)
        quote = request.quote
        if form is not None:
            check_key(form, theme, key)
            quote = choice_value(form, key, quote)
        if not quotes.squeeze(quote):
            raise QuoteNotFound("the quote is empty: select or give the words of the answer to tag")
        reply = session.get(Reply, reply_id)
        if reply is None:
            raise UnknownReply(f"no reply with id {reply_id}")
        if (reply.form_id, reply.year) != (theme.form_id, theme.year):
            raise StoreError(f"reply {reply_id} is {reply.country}'s {reply.form_id} {reply.year}, but theme "
                             f"{theme_id} belongs to {theme.form_id} {theme.year}; nothing was tagged")
        answer = session.exec(select(Answer).where(Answer.reply_id == reply_id, Answer.key == key)).first()
        value = decode(answer.value) if answer is not None else None
        if not quotes.contains(value, quote):
            shown = quotes.squeeze(quote)
            raise QuoteNotFound(f"{reply.country}'s answer {key} (reply {reply_id}) does not contain "
                                f"“{shown[:80]}{'…' if len(shown) > 80 else ''}”; nothing was tagged. Quote "
                                "the answer's words as 'replydesk show' prints them")
        same = next((p for p in self._active(session, theme_id)
                     if p.reply_id == reply_id and p.key == key
                     and quotes.squeeze(p.quote) == quotes.squeeze(quote)), None)
        if same is not None:  # tagged again: it may now be an example, or carry a label
            example, label = request.example or same.example, request.label.strip() or same.label
            if (same.example, same.label) != (example, label):
                same.example, same.label, same.changed_at, same.changed_by = example, label, utcnow(), by
                session.add(same)
                _event(session, theme_id, "tagged again", by, same.id, example=example, label=label)
            return same
        now = utcnow()
        passage = tables.Passage(theme_id=theme_id, reply_id=reply_id, key=key, quote=quote.strip(),
                                 example=request.example, label=request.label.strip(), created_at=now,
                                 created_by=by, changed_at=now, changed_by=by)
        session.add(passage)
        session.flush()
        _event(session, theme_id, "tagged", by, passage.id, reply=reply_id, country=reply.country, key=key,
               **({"example": True} if request.example else {}), **({"label": passage.label} if passage.label else {}))
        return passage

    def untag(self, passage_id: int, *, by: str | None = None) -> tables.Passage:
        """Take a passage off its theme (kept in the history as removed)."""
        by = by or current_user()
        with self._write() as session:
            passage = self._passage(session, passage_id)
            passage.state, passage.changed_at, passage.changed_by = "removed", utcnow(), by
            session.add(passage)
            _event(session, passage.theme_id, "untagged", by, passage_id)
            return passage

    # -- helpers -------------------------------------------------------------------------------------------------
    @staticmethod
    def _theme(session: Session, theme_id: int) -> tables.Theme:
        theme = session.get(tables.Theme, theme_id)
        if theme is None:
            raise UnknownTheme(f"no theme with id {theme_id} (see 'replydesk theme list')")
        return theme

    def _live_theme(self, session: Session, theme_id: int) -> tables.Theme:
        theme = self._theme(session, theme_id)
        if theme.merged_into is not None:
            raise StoreError(f"theme {theme_id} was merged into theme {theme.merged_into}; use that one")
        if theme.deleted_at is not None:
            raise UnknownTheme(f"theme {theme_id} was deleted (see 'replydesk theme list')")
        return theme

    @staticmethod
    def _passage(session: Session, passage_id: int) -> tables.Passage:
        passage = session.get(tables.Passage, passage_id)
        if passage is None or passage.state == "removed":
            raise StoreError(f"no tagged passage with id {passage_id} (see 'replydesk theme show THEME')")
        return passage

    @staticmethod
    def _active(session: Session, theme_id: int) -> list[tables.Passage]:
        return list(session.exec(select(tables.Passage).where(tables.Passage.theme_id == theme_id,
                                                              col(tables.Passage.state).in_(ACTIVE))).all())

    @staticmethod
    def _siblings(session: Session, theme: tables.Theme) -> list[tables.Theme]:
        return list(session.exec(_live(select(tables.Theme).where(
            tables.Theme.form_id == theme.form_id, tables.Theme.year == theme.year, tables.Theme.under == theme.under))
            .order_by(tables.Theme.position, tables.Theme.id)).all())

    def _renumber(self, session: Session, theme: tables.Theme) -> list[tables.Theme]:
        """The group's live themes numbered 1, 2, 3… in their order: no gap after a merge, split or delete."""
        siblings = self._siblings(session, theme)
        for number, sibling in enumerate(siblings, start=1):
            if sibling.position != number:
                sibling.position = number
                session.add(sibling)
        return siblings


def theme_groups(form: Form) -> list[str]:
    """The groups a theme may go under: any but one that only holds goals (a Policy Target)."""
    from replydesk.definitions.model import GroupKind

    return [key for key in form.group_keys()
            if not any(child.kind is GroupKind.OPERATIONAL_GOAL for child in form.group(key).groups)]


def _check_group(form: Form, under: str) -> None:
    allowed = theme_groups(form)
    if under in allowed:
        return
    try:
        group = form.group(under)
    except KeyError:
        near = difflib.get_close_matches(under, allowed, n=3, cutoff=0.5)
        raise StoreError(f"{form.id} has no group {under!r}; a theme goes under a group such as "
                         f"{', '.join(near or allowed[:6])}") from None
    inside = [key for key in allowed if key.startswith(under + ".")]
    raise StoreError(f"{under!r} ({group.label or group.title or under}) holds goals, not actions: put the theme "
                     f"under one of its goals ({', '.join(inside[:6])}); nothing was changed")


def check_key(form: Form, theme: tables.Theme, key: str) -> None:
    """A tagged key must be a question of the form, under the theme's group (UnknownKey with near matches)."""
    keys = form.keys()
    if not form.has_key(key):
        inside = [k for k in keys if k.startswith(theme.under + ".")]
        hint = suggest(key, inside or keys) or f" Its questions under {theme.under} are keyed like " \
                                                f"{', '.join((inside or keys)[:3])}."
        raise UnknownKey(f"{form.id} has no question {key!r}.{hint} Nothing was tagged")
    if not key.startswith(theme.under + "."):
        inside = [k for k in keys if k.startswith(theme.under + ".")]
        raise UnknownKey(f"question {key} is not under {theme.under}, the group of theme {theme.id} "
                         f"({theme.title}); its questions are {', '.join(inside[:6])}"
                         f"{'…' if len(inside) > 6 else ''}. Nothing was tagged")


def choice_value(form: Form, key: str, quote: str) -> str:
    """A choice is tagged by its label ("Implemented") and kept as its stored value, which re-imports compare."""
    question = form.slot(key).question
    wanted = quotes.squeeze(quote).casefold()
    for choice in question.choices:
        if wanted in (choice.label.casefold(), str(choice.value).casefold()):
            return str(choice.value)
    return quote


def choice_label(form: Form, key: str, quote: str) -> str:
    """The label of a tagged choice, as a reader knows it (the quote itself for other questions)."""
    if not form.has_key(key):
        return quote
    question = form.slot(key).question
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        for choice in question.choices:
            if str(choice.value) == quote:
                return choice.label
    return quote


def _check_title(title: str) -> str:
    if not title.strip():
        raise StoreError("a theme needs a title")
    return title.strip()
