"""Finding what else belongs under a theme: every return's paragraphs ranked against the theme's terms.

The query is the theme's title and description (counted twice) and the words of the passages
already tagged with it; the documents are the paragraphs of every answer of the year's
returns. Ranking is ``definitions.ranking`` (BM25, in Python, offline), so the analyst gets
the same list on any store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from replydesk import collector
from replydesk.definitions import quotes, ranking
from replydesk.definitions.model import Form
from replydesk.store import Store


@dataclass(frozen=True)
class Found:
    """A paragraph of a member's answer that matches a theme, and whether it is tagged with it already."""

    country: str
    reply_id: int
    key: str
    hit: ranking.Hit
    tagged: bool


def theme_query(store: Store, theme_id: int) -> Counter[str]:
    theme = store.theme(theme_id)
    query: Counter[str] = Counter()
    for word in ranking.terms(f"{theme.title} {theme.description}"):
        query[word] += 2
    for passage in store.passages(theme_id):
        query.update(ranking.terms(passage.quote))
    return query


def search_theme(store: Store, form: Form, theme_id: int, *, limit: int = 20,
                 include_tagged: bool = False) -> list[Found]:
    """The paragraphs of the year's returns that best match the theme, best first (the returns are read one at a
    time, so memory stays flat however many there are)."""
    theme = store.theme(theme_id)
    tagged = {(p.reply_id, p.key, quotes.squeeze(p.quote)) for p in store.passages(theme_id)}
    results = []
    with collector.paused():
        for hit in ranking.ranked(theme_query(store, theme_id), _paragraphs(store, form.id, theme.year)):
            country, reply_id, key, _ = hit.id  # type: ignore[misc]
            squeezed = quotes.squeeze(hit.text)
            is_tagged = any(r == reply_id and k == key and q in squeezed for r, k, q in tagged)
            if is_tagged and not include_tagged:
                continue
            results.append(Found(country, reply_id, key, hit, is_tagged))
            if len(results) >= limit:
                break
    return results


def _paragraphs(store: Store, form_id: str, year: int) -> Iterator[tuple[tuple[str, int, str, int], str]]:
    """Every paragraph of every answer of the year's returns, streamed from one query."""
    for reply_id, country, key, text in store.answer_texts_of_year(form_id, year):
        for number, paragraph in enumerate(text.split("\n")):
            if paragraph.strip():
                yield (country, reply_id, key, number), paragraph.strip()
