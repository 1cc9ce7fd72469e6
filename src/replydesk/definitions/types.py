"""Question types: one object per type, asked by everything that handles an answer.

A type object knows how its answers are validated, how typed text becomes a value, how a
value prints as plain text, when two values are the same answer, when an answer counts as
complete, and which definition options (``word_limit``, ``min``/``max``, ``choices``,
``columns``, ``rows``) a question of the type may carry.  ``TYPES`` maps every
``QuestionType`` to its object; ``value_type(question)`` is the usual way in.

The file formats (the editor in ``ui``, the Excel cell, the Word rendering, the plain text
of the secretariat's compilations) each keep their own table keyed by ``QuestionType`` in
their own layer; ``tests/test_question_types.py`` checks that every type has an entry in
every table.

A "spec" below is a question or a table column: anything with ``type``, ``choices``,
``min`` and ``max`` (a question also has ``word_limit``, ``columns`` and ``rows``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from replydesk.definitions.markdown import word_count

if TYPE_CHECKING:
    from replydesk.definitions.model import Column, Question

    Spec = Question | Column

#: Longest text one answer may hold: far above any real reply, far below a hostile one.
MAX_TEXT_CHARS = 2_000_000
MAX_TABLE_ROWS = 5_000


class QuestionType(StrEnum):
    LONG_TEXT = "long_text"
    SHORT_TEXT = "short_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    YES_PARTLY_NO = "yes_partly_no"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    URL = "url"
    TABLE = "table"
    PERCENTAGE = "percentage"


#: The definition options a question may carry that only some types use.
OPTIONS = ("word_limit", "choices", "min", "max", "columns", "rows")


class ValueProblem(ValueError):
    """A value that does not fit its question; the message says what would."""


def check_text(text: str, *, where: str = "") -> str:
    """Refuse text that cannot be stored faithfully; return it unchanged otherwise."""
    prefix = f"{where}: " if where else ""
    if len(text) > MAX_TEXT_CHARS:
        raise ValueProblem(f"{prefix}the text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueProblem(
            f"{prefix}the text contains an invalid character (a lone surrogate) at position {exc.start + 1}; "
            "save it from a Unicode-aware editor and try again"
        ) from None
    return text


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, list | dict):
        return len(value) == 0
    return False


def format_number(value: Any) -> str:
    """Digits as a reader writes them: never Python's exponent form (``1e-05``), which reads back as no number."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")  # the shortest digits that are this float, written out
    return str(value)


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _option_set(spec: Any, option: str) -> bool:
    value = getattr(spec, option, None)
    return value not in (None, [], ())


def check_unique(keys: list[str], what: str) -> None:
    """Refuse a definition that names two things alike (keys, choice values, columns)."""
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"duplicate {what} {key!r}")
        seen.add(key)


class ValueType:
    """What every question type answers; subclasses change what differs."""

    name: ClassVar[QuestionType]
    #: The kind of question in words a person knows, for messages ("a yes/no question"): never ``name``.
    spoken: ClassVar[str] = ""
    #: The options of ``OPTIONS`` a question of this type may carry.
    options: ClassVar[frozenset[str]] = frozenset()
    #: Answers are prose whose words are counted (and limited by ``word_limit``).
    counts_words: ClassVar[bool] = False
    #: Answers are rows of typed columns (a table), not one value.
    tabular: ClassVar[bool] = False

    # -- the definition ------------------------------------------------------------------
    def check_definition(self, spec: Spec) -> None:
        """Raise ValueError when a question (or column) of this type is defined wrongly."""
        for option in OPTIONS:
            if option not in self.options and _option_set(spec, option):
                users = [t.name.value for t in TYPES.values() if option in t.options]
                raise ValueError(f"{option} belongs to {_or(users)} questions, not {self.name.value}")

    # -- values --------------------------------------------------------------------------
    def validate(self, spec: Spec, raw: Any) -> Any:
        """The stored form of ``raw``, or ValueProblem saying why it does not fit; None for no answer."""
        if raw is None or (isinstance(raw, str) and raw == ""):
            return None
        return self._validate(spec, raw)

    def _validate(self, spec: Spec, raw: Any) -> Any:
        raise NotImplementedError

    def parse_text(self, spec: Spec, text: str) -> Any:
        """Text typed on a command line (or read from a file) as a value."""
        check_text(text)
        return self.validate(spec, text.strip() or None)

    def text(self, spec: Spec, value: Any) -> str:
        """The value as plain text a reader understands (labels, not internal values)."""
        return "" if value is None else str(value)

    def same(self, first: Any, second: Any) -> bool:
        """Whether two stored values are the same answer."""
        return first == second

    def is_complete(self, spec: Spec, value: Any) -> bool:
        """Whether the answer counts as given (for completion and required questions)."""
        return not is_empty(value)

    def incomplete(self, spec: Spec, value: Any) -> str | None:
        """What a given but unfinished answer still lacks (a table's required cells); None when nothing."""
        return None

    def labelled(self, spec: Spec) -> list[tuple[str, str]]:
        """(value, label) of the answers offered, for types that offer a fixed list; else []."""
        return []

    def words_over(self, spec: Spec, value: Any) -> int | None:
        """The answer's word count when it exceeds the question's word limit; else None."""
        return None


def _or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# -- text --------------------------------------------------------------------------------------------
class _TextType(ValueType):
    def _validate(self, spec: Spec, raw: Any) -> Any:
        text = raw if isinstance(raw, str) else str(raw)
        check_text(text)
        self._check_text(text)
        return text

    def _check_text(self, text: str) -> None:
        pass

    def parse_text(self, spec: Spec, text: str) -> Any:
        check_text(text)
        return self.validate(spec, text if text != "" else None)


class LongText(_TextType):
    name = QuestionType.LONG_TEXT
    spoken = "a text answer"
    options = frozenset({"word_limit"})
    counts_words = True

    def words_over(self, spec: Spec, value: Any) -> int | None:
        limit = getattr(spec, "word_limit", None)
        if not limit or not isinstance(value, str):
            return None
        words = word_count(value)  # the words a reader counts, not the markup
        return words if words > limit else None


class ShortText(_TextType):
    name = QuestionType.SHORT_TEXT
    spoken = "a short text answer"

    def _check_text(self, text: str) -> None:
        if "\n" in text or "\r" in text:
            raise ValueProblem("a short answer must be one line; use a long-text question for paragraphs")


_URL_RE = re.compile(r"^(https?://|mailto:|www\.)\S+$", re.IGNORECASE)


class Url(_TextType):
    name = QuestionType.URL
    spoken = "a web address"

    def _check_text(self, text: str) -> None:
        if not _URL_RE.match(text.strip()):
            raise ValueProblem(f"{text!r} is not a web address (it should start with https:// or www.)")


# -- choices -------------------------------------------------------------------------------------------
def _choice_value(options: list[tuple[str, str]], raw: str, what: str) -> str:
    folded = raw.strip().casefold()
    for value, label in options:
        if folded in (value.casefold(), label.casefold()):
            return value
    allowed = "; ".join(label for _, label in options)  # as the form and the cell's drop-down say them
    raise ValueProblem(f"{raw!r} is not one of the {what}: {allowed}")


class _ChoiceType(ValueType):
    options = frozenset({"choices"})

    def check_definition(self, spec: Spec) -> None:
        super().check_definition(spec)
        if not spec.choices:
            raise ValueError(f"a {self.name.value} question needs choices")
        check_unique([c.value for c in spec.choices], "choice value")

    def labelled(self, spec: Spec) -> list[tuple[str, str]]:
        return [(c.value, c.label) for c in spec.choices]

    def text(self, spec: Spec, value: Any) -> str:
        if value is None:
            return ""
        labels = dict(self.labelled(spec))
        items = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(item), str(item)) for item in items)


class SingleChoice(_ChoiceType):
    name = QuestionType.SINGLE_CHOICE
    spoken = "a choice of one answer"

    def _validate(self, spec: Spec, raw: Any) -> Any:
        return _choice_value(self.labelled(spec), str(raw), "choices")


class MultipleChoice(_ChoiceType):
    name = QuestionType.MULTIPLE_CHOICE
    spoken = "a choice of several answers"

    def _validate(self, spec: Spec, raw: Any) -> Any:
        items = raw if isinstance(raw, list) else [p for p in re.split(r"[,;\n]", str(raw)) if p.strip()]
        options = self.labelled(spec)
        values = [_choice_value(options, str(item), "choices") for item in items]
        ordered = [value for value, _ in options if value in values]
        return ordered or None

    def parse_text(self, spec: Spec, text: str) -> Any:
        check_text(text)
        if text.lstrip().startswith("["):
            return self.validate(spec, _json(text, "a list"))
        return self.validate(spec, text.strip() or None)


class _FixedAnswers(ValueType):
    """yes/no and yes/partly/no: a fixed list of answers, the only place their labels are spelt."""

    answers: ClassVar[tuple[tuple[str, str], ...]]
    synonyms: ClassVar[Mapping[str, str]]
    expected: ClassVar[str]

    def labelled(self, spec: Spec) -> list[tuple[str, str]]:
        return list(self.answers)

    def _validate(self, spec: Spec, raw: Any) -> Any:
        found = self.synonyms.get(str(raw).strip().casefold())
        if found is None:
            raise ValueProblem(f"{raw!r} is not {self.expected}")
        return found

    def text(self, spec: Spec, value: Any) -> str:
        return "" if value is None else dict(self.answers).get(str(value), str(value))


_YES_NO = {"yes": "yes", "y": "yes", "true": "yes", "no": "no", "n": "no", "false": "no"}


class YesNo(_FixedAnswers):
    name = QuestionType.YES_NO
    spoken = "a yes/no question"
    answers = (("yes", "Yes"), ("no", "No"))
    synonyms = _YES_NO
    expected = "yes or no"


class YesPartlyNo(_FixedAnswers):
    name = QuestionType.YES_PARTLY_NO
    spoken = "a yes/partly/no question"
    answers = (("yes", "Yes"), ("partly", "Partly"), ("no", "No"))
    synonyms = {**_YES_NO, "partly": "partly", "partially": "partly", "p": "partly"}
    expected = "yes, partly or no"


# -- numbers and dates ------------------------------------------------------------------------------
class _NumberType(ValueType):
    options = frozenset({"min", "max"})

    def check_definition(self, spec: Spec) -> None:
        super().check_definition(spec)
        if spec.min is not None and spec.max is not None and spec.min > spec.max:
            raise ValueError(f"min ({spec.min}) is greater than max ({spec.max})")

    def _validate(self, spec: Spec, raw: Any) -> Any:
        if isinstance(raw, bool):
            raise ValueProblem(f"expected a number, got {raw!r}")
        number = self._number(raw)
        if spec.min is not None and number < spec.min:
            raise ValueProblem(f"{number} is below the minimum {_fmt(spec.min)}")
        if spec.max is not None and number > spec.max:
            raise ValueProblem(f"{number} is above the maximum {_fmt(spec.max)}")
        return number

    def _number(self, raw: Any) -> int | float:
        raise NotImplementedError

    def text(self, spec: Spec, value: Any) -> str:
        return "" if value is None else format_number(value)


def _digits(raw: str) -> str:
    return raw.strip().replace("\u00a0", "").replace(" ", "")


class Integer(_NumberType):
    name = QuestionType.INTEGER
    spoken = "a whole number"

    def _number(self, raw: Any) -> int | float:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, str):
            text = _digits(raw)
            if not re.fullmatch(r"[+-]?\d{1,18}", text):
                raise ValueProblem(f"{raw!r} is not a whole number")
            raw = int(text)
        if not isinstance(raw, int):
            raise ValueProblem(f"{raw!r} is not a whole number")
        return raw


class DecimalNumber(_NumberType):
    name = QuestionType.DECIMAL
    spoken = "a number"

    def _number(self, raw: Any) -> int | float:
        if isinstance(raw, str):
            text = _digits(raw)
            if not re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", text):
                raise ValueProblem(f"{raw!r} is not a number")
            raw = float(text.replace(",", "."))
        if not isinstance(raw, int | float) or not math.isfinite(raw):
            raise ValueProblem(f"{raw!r} is not a number")
        return raw


class Percentage(DecimalNumber):
    """A number of percent: "12.5 %" is stored as 12.5 (not 0.125), within the question's min and max."""

    name = QuestionType.PERCENTAGE
    spoken = "a percentage"

    def _number(self, raw: Any) -> int | float:
        if isinstance(raw, str):
            text = raw.strip().replace("\u2212", "-")  # the typographic minus of printed figures
            raw = text[:-1] if text.endswith("%") else text
        return super()._number(raw)

    def text(self, spec: Spec, value: Any) -> str:
        """``−44.43 %``: a typographic minus, a no-break space before the sign."""
        if value is None:
            return ""
        return format_number(value).replace("-", "\u2212") + "\u00a0%"


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_MONTHS = {name.casefold(): number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_NUMERIC_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")
_YEAR_FIRST_DATE = re.compile(r"(\d{4})[./](\d{1,2})[./](\d{1,2})")
_WORDED_DATE = re.compile(r"(\d{1,2})\.?\s+([a-z]+)\.?,?\s+(\d{4})|([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")


def parse_date(text: str, *, day_first: bool = True) -> dt.date:
    """A date as people type it: ISO (``2023-12-31``), day/month/year with ``/``, ``.`` or ``-``
    (``31/12/2023``, ``31.12.2023``), year/month/day with ``/`` or ``.``, or with the month's English name
    (``1 February 2023``, ``February 1, 2023``).

    With two numbers that could each be the day, a day above 12 settles the order; otherwise ``day_first``
    does (the window passes its locale's order; the command line and imports pass day-first).
    Raises ValueProblem saying which forms are understood.
    """
    raw = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return dt.date.fromisoformat(raw)
        if found := _NUMERIC_DATE.fullmatch(raw):
            first, second, year = int(found[1]), int(found[3]), int(found[4])
            if first > 12 >= second:
                day, month = first, second
            elif second > 12 >= first:
                day, month = second, first
            else:
                day, month = (first, second) if day_first else (second, first)
            return dt.date(year, month, day)
        if found := _YEAR_FIRST_DATE.fullmatch(raw):
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        if found := _WORDED_DATE.fullmatch(raw.casefold()):
            day, name, year = (found[1], found[2], found[3]) if found[1] else (found[5], found[4], found[6])
            if name in _MONTHS:
                return dt.date(int(year), _MONTHS[name], int(day))
    except ValueError as exc:  # a 31 April, a 13th month
        raise ValueProblem(f"{text!r} is not a date in the calendar ({exc})") from None
    raise ValueProblem(f"{text!r} is not a date; write it as day/month/year (31/12/2023), "
                       "or YYYY-MM-DD (2023-12-31)")


def long_date(value: dt.date | str) -> str:
    """A date nobody can misread, whatever their locale: ``1 February 2023``."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"  # not %B: the process's C locale may differ


class Date(ValueType):
    """Stored as ISO (``2023-12-31``); typed in any of the forms ``parse_date`` reads (ambiguous: day first)."""

    name = QuestionType.DATE
    spoken = "a date"

    def _validate(self, spec: Spec, raw: Any) -> Any:
        return self.parse_typed(raw)

    def parse_typed(self, raw: Any, *, day_first: bool = True) -> str:
        """The stored (ISO) form of a typed date; ``day_first`` settles 03/04/2023 (the window's locale)."""
        if isinstance(raw, dt.datetime):
            raw = raw.date()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        return parse_date(str(raw), day_first=day_first).isoformat()


# -- tables -----------------------------------------------------------------------------------------
class Table(ValueType):
    name = QuestionType.TABLE
    spoken = "a table"
    options = frozenset({"columns", "rows"})
    tabular = True

    def check_definition(self, spec: Spec) -> None:
        super().check_definition(spec)
        if not getattr(spec, "columns", None):
            raise ValueError("a table question needs columns")
        check_unique([c.key for c in spec.columns], "column key")

    def validate(self, spec: Spec, raw: Any) -> Any:
        if raw is None or raw == [] or raw == "":
            return None
        if not isinstance(raw, list):
            raise ValueProblem("a table answer is a list of rows, each a mapping of column key to value")
        if len(raw) > MAX_TABLE_ROWS:
            raise ValueProblem(f"the table has {len(raw)} rows; the limit is {MAX_TABLE_ROWS}")
        columns = {c.key: c for c in spec.columns}
        fixed = {r.value for r in spec.rows}
        row_labels = {r.value: r.label for r in spec.rows}
        rows = []
        for index, row in enumerate(raw, 1):
            if not isinstance(row, Mapping):
                raise ValueProblem(f"row {index}: expected a mapping of column key to value")
            clean: dict[str, Any] = {}
            for key, cell in row.items():
                if key == "row" and fixed:
                    if not isinstance(cell, str) or cell not in fixed:
                        raise ValueProblem(
                            f"row {index}: {cell!r} is not one of the rows: {', '.join(sorted(fixed))}")
                    clean["row"] = cell
                    continue
                if key not in columns:
                    raise ValueProblem(f"row {index}: unknown column {key!r} (columns: {', '.join(columns)})")
                try:
                    checked = value_type(columns[key]).validate(columns[key], cell)
                except ValueProblem as exc:
                    named = row_labels.get(row.get("row")) if isinstance(row.get("row"), str) else None
                    where = f"row {index} ({_short(named)})" if named else f"row {index}"
                    raise ValueProblem(f"{where}, column “{columns[key].label}”: {exc}") from None
                if checked is not None:
                    clean[key] = checked
            if any(k != "row" for k in clean):
                rows.append(clean)
        return rows or None

    def parse_text(self, spec: Spec, text: str) -> Any:
        check_text(text)
        if text.strip() == "":
            return None
        return self.validate(spec, _json(text, "a list of rows"))

    def is_complete(self, spec: Spec, value: Any) -> bool:
        return not is_empty(value) and self.incomplete(spec, value) is None

    def incomplete(self, spec: Spec, value: Any) -> str | None:
        """A table is complete when every fixed row (or, without fixed rows, every row given) has its
        required columns filled: one score of the 21 MNR capabilities is not an assessment."""
        required = [c for c in spec.columns if c.required]
        if not required or is_empty(value) or not isinstance(value, list):
            return None
        if spec.rows:
            by_row = {row.get("row"): row for row in value if isinstance(row, Mapping)}
            rows = [(r.label, by_row.get(r.value, {})) for r in spec.rows]
        else:
            rows = [(f"row {index}", row) for index, row in enumerate(value, 1) if isinstance(row, Mapping)]
        missing = [(label, [c.label for c in required if is_empty(row.get(c.key))]) for label, row in rows]
        missing = [(label, columns) for label, columns in missing if columns]
        if not missing:
            return None
        columns = sorted({c for _, cs in missing for c in cs}, key=[c.label for c in required].index)
        first = _short(missing[0][0])
        return (f"{len(missing)} of {len(rows)} rows still need {_or(['“' + c + '”' for c in columns])} "
                f"(first: {first})")

    def text(self, spec: Spec, value: Any) -> str:
        """One line per row: "row label — Column: value; Column: value"."""
        if not value:
            return ""
        labels = {row.value: row.label for row in spec.rows}
        lines = []
        for row in value:
            cells = [f"{c.label}: {value_type(c).text(c, row[c.key])}" for c in spec.columns
                     if row.get(c.key) is not None]
            lead = f"{labels.get(row.get('row'), row.get('row'))} — " if row.get("row") else ""
            lines.append(lead + "; ".join(cells))
        return "\n".join(lines)


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueProblem("the JSON is nested too deeply to be an answer") from None
    except json.JSONDecodeError as exc:
        raise ValueProblem(f"expected JSON ({what}): {exc.msg} at line {exc.lineno}, column {exc.colno}") from None


#: Every question type's object.
TYPES: dict[QuestionType, ValueType] = {
    t.name: t
    for t in (LongText(), ShortText(), SingleChoice(), MultipleChoice(), YesNo(), YesPartlyNo(), Integer(),
              DecimalNumber(), Date(), Url(), Table(), Percentage())
}


def value_type(spec: Spec | QuestionType) -> ValueType:
    """The type object of a question, a table column or a ``QuestionType``."""
    return TYPES[spec if isinstance(spec, QuestionType) else spec.type]
