"""Ranking passages by relevance to a set of terms (BM25), with the matching words marked.

The secretariat looks for what else belongs under a theme across every return of a year.
The ranking runs in Python over the texts it is given, offline, so it answers the same on
any store and any machine. Words are compared folded (case, accents) and with a light
plural stemmer, so "databases" finds "database".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, _count_elements  # type: ignore[attr-defined]
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
#: ASCII bytes → themselves lower-cased if they match ``\w`` (letters, digits, underscore), else a space.
_ASCII_WORDS = bytes(byte if chr(byte).isascii() and _WORD.fullmatch(chr(byte)) else 32
                     for byte in range(256)).lower()

#: Words too common to say what a passage is about.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers him his how i if in into is it its itself just more most no nor not now of off on once only or other our
ours out over own same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
within well many new including include includes included ensure ensuring use used using through reported report
""".split())


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A light English plural stemmer: victims → victim, agencies → agency, databases → database."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The text's searchable terms, in order (stopwords, single letters and bare numbers left out)."""
    return [term for term in map(_term, _WORD.findall(text)) if term is not None]


@dataclass(frozen=True)
class Hit:
    """One ranked passage: its id, its score, and where the query's terms occur in its text."""

    id: Hashable
    score: float
    text: str
    spans: tuple[tuple[int, int], ...]  # (start, end) of each matching word
    matched: frozenset[str]  # the query terms it contains

    def snippet(self, width: int = 220) -> tuple[str, tuple[tuple[int, int], ...]]:
        """The part of the text around its densest matches, and the spans within that part."""
        if len(self.text) <= width or not self.spans:
            return self.text[:width], tuple(s for s in self.spans if s[1] <= width)
        best_start, best_count = 0, -1
        for start, _ in self.spans:
            count = sum(1 for s, e in self.spans if start <= s and e <= start + width)
            if count > best_count:
                best_start, best_count = start, count
        begin = max(0, min(best_start - width // 4, len(self.text) - width))
        while begin > 0 and not self.text[begin - 1].isspace():
            begin -= 1  # start at a word
        end = min(len(self.text), begin + width)
        prefix = "…" if begin else ""
        suffix = "…" if end < len(self.text) else ""
        spans = tuple((s - begin + len(prefix), e - begin + len(prefix)) for s, e in self.spans
                      if begin <= s and e <= end)
        return prefix + self.text[begin:end] + suffix, spans


def marked(text: str, spans: Sequence[tuple[int, int]], before: str = "[", after: str = "]") -> str:
    """The text with each span wrapped (``**`` for Markdown, ``<b>`` for a view)."""
    out, last = [], 0
    for start, end in sorted(spans):
        out += [text[last:start], before, text[start:end], after]
        last = end
    out.append(text[last:])
    return "".join(out)


def rank(query: Counter[str] | Iterable[str], documents: Iterable[tuple[Hashable, str]], *,
         limit: int | None = None, k1: float = 1.2, b: float = 0.75) -> list[Hit]:
    """Documents containing at least one query term, best first (BM25; a query term counted twice weighs double).

    Ties keep the documents' order, so the result is the same on every run.
    """
    found = []
    for hit in ranked(query, documents, k1=k1, b=b):
        found.append(hit)
        if limit is not None and len(found) >= limit:
            break
    return found


def ranked(query: Counter[str] | Iterable[str], documents: Iterable[tuple[Hashable, str]], *,
           k1: float = 1.2, b: float = 0.75) -> Iterator[Hit]:
    """``rank``'s hits, best first, made one at a time as they are asked for.

    The documents are read once, as they come (a generator over 500 returns holds one return at a time); of
    each, only its length and the counts of the query's terms are kept (and the text of those holding one),
    and each word is folded and stemmed once per run, not once per occurrence. A document's length is its
    number of words.
    """
    weights = Counter(query) if not isinstance(query, Counter) else query
    weights = Counter({stem(fold(t)): w for t, w in weights.items() if t})
    if not weights:
        return
    surface = _surface_forms(weights)  # the lower-case words (as ASCII bytes) that stand for a query term
    kept: list[tuple[Hashable, str, tuple[tuple[str, int], ...], int]] = []
    holding: Counter[str] = Counter()
    total = words_in_all = 0
    for doc_id, text in documents:
        total += 1
        if text.isascii():
            # One C-level pass lowers the text and blanks what is not a word character, so splitting it gives
            # exactly the lower-cased \w+ runs (about a third of the time of the regular expression).
            tokens = text.encode("ascii").translate(_ASCII_WORDS).split()
            length = len(tokens)
            found = [surface[token] for token in tokens if token in surface]
        else:
            tokens = _WORD.findall(text)
            length = len(tokens)
            found = [term for term in map(_term, tokens) if term is not None and term in weights]
        words_in_all += length
        if found:
            counts: dict[str, int] = {}
            _count_elements(counts, found)  # Counter(found) without its per-call overhead (~0.2 s at 500 returns)
            _count_elements(holding, counts)  # one more paragraph holds each of its terms
            kept.append((doc_id, text, tuple(counts.items()), length))
    if not kept:
        return
    average = words_in_all / total or 1.0
    # Each term's weight × idf and each length's normalisation are worked out once, with the same operations in the
    # same order as the per-document formula, so the scores are the same floats.
    weighted = {term: weights[term] * math.log(1 + (total - holding[term] + 0.5) / (holding[term] + 0.5))
                for term in holding}
    factor = k1 + 1
    normalised: dict[int, float] = {}
    scored = []
    for position, (_, _, counts_items, length) in enumerate(kept):
        norm = normalised.get(length)
        if norm is None:
            norm = normalised[length] = k1 * (1 - b + b * length / average)
        score = 0.0
        for term, count in counts_items:
            score += weighted[term] * count * factor / (count + norm)
        scored.append((-score, position))
    scored.sort()
    for negative, position in scored:
        doc_id, text, counts_items, _ = kept[position]
        matched = frozenset(term for term, _ in counts_items)
        spans = tuple((m.start(), m.end()) for m in _WORD.finditer(text) if _term(m.group().lower()) in matched)
        yield Hit(doc_id, -negative, text, spans, matched)


def _surface_forms(weights: Counter[str]) -> dict[bytes, str]:
    """Each lower-case ASCII word that ``_term`` turns into a query term (``victim`` and ``victims`` → victim;
    ``agency`` and ``agencies`` → agency), so a document's words are looked up, not folded and stemmed."""
    forms: dict[bytes, str] = {}
    for term in weights:
        for word in (term, term + "s", term[:-1] + "ies" if term.endswith("y") else ""):
            if word and word.isascii() and _term(word) == term:
                forms[word.encode("ascii")] = term
    return forms


def _term(word: str) -> str | None:
    """The searchable term a word stands for, or None (a stopword, a single letter, a bare number)."""
    folded = word.lower() if word.isascii() else fold(word)
    if len(folded) <= 1 or folded in STOPWORDS or folded.isdigit():
        return None
    return stem(folded)
