"""Answer values: what each question type accepts, how text input becomes a value.

Values are plain JSON data (str, int, float, list, dict) so the store, the
command line and the Word/Excel files all agree on one representation.
``None`` means unanswered.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from replydesk.definitions import expr
from replydesk.definitions.model import Column, Form, Question, QuestionType, Slot

#: Longest text one answer may hold: far above any real reply, far below a hostile one.
MAX_TEXT_CHARS = 2_000_000
MAX_TABLE_ROWS = 5_000

YES_NO = {"yes": "yes", "y": "yes", "true": "yes", "no": "no", "n": "no", "false": "no"}
YES_PARTLY_NO = {**YES_NO, "partly": "partly", "partially": "partly", "p": "partly"}
_URL_RE = re.compile(r"^(https?://|mailto:|www\.)\S+$", re.IGNORECASE)


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


def _choice_value(choices: list, raw: str, what: str) -> str:
    folded = raw.strip().casefold()
    for choice in choices:
        if folded in (choice.value.casefold(), choice.label.casefold()):
            return choice.value
    allowed = ", ".join(c.value for c in choices)
    raise ValueProblem(f"{raw!r} is not one of the {what}: {allowed}")


def _number(qtype: QuestionType, raw: Any, minimum: float | None, maximum: float | None) -> int | float:
    if isinstance(raw, bool):
        raise ValueProblem(f"expected a number, got {raw!r}")
    if qtype is QuestionType.INTEGER:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, str):
            text = raw.strip().replace("\u00a0", "").replace(" ", "")
            if not re.fullmatch(r"[+-]?\d{1,18}", text):
                raise ValueProblem(f"{raw!r} is not a whole number")
            raw = int(text)
        if not isinstance(raw, int):
            raise ValueProblem(f"{raw!r} is not a whole number")
        number: int | float = raw
    else:
        if isinstance(raw, str):
            text = raw.strip().replace("\u00a0", "").replace(" ", "")
            if not re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", text):
                raise ValueProblem(f"{raw!r} is not a number")
            raw = float(text.replace(",", "."))
        if not isinstance(raw, int | float) or not math.isfinite(raw):
            raise ValueProblem(f"{raw!r} is not a number")
        number = raw
    if minimum is not None and number < minimum:
        raise ValueProblem(f"{number} is below the minimum {_fmt(minimum)}")
    if maximum is not None and number > maximum:
        raise ValueProblem(f"{number} is above the maximum {_fmt(maximum)}")
    return number


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _cell(column: Column | Question, raw: Any) -> Any:
    """Validate one scalar value (a question's, or a table cell's) by its type."""
    qtype = column.type
    if raw is None or (isinstance(raw, str) and raw == ""):
        return None
    if qtype in (QuestionType.LONG_TEXT, QuestionType.SHORT_TEXT, QuestionType.URL):
        if not isinstance(raw, str):
            raw = str(raw)
        check_text(raw)
        if qtype is QuestionType.SHORT_TEXT and ("\n" in raw or "\r" in raw):
            raise ValueProblem("a short answer must be one line; use a long-text question for paragraphs")
        if qtype is QuestionType.URL and not _URL_RE.match(raw.strip()):
            raise ValueProblem(f"{raw!r} is not a web address (it should start with https:// or www.)")
        return raw
    if qtype is QuestionType.SINGLE_CHOICE:
        return _choice_value(column.choices, str(raw), "choices")
    if qtype is QuestionType.MULTIPLE_CHOICE:
        items = raw if isinstance(raw, list) else [p for p in re.split(r"[,;\n]", str(raw)) if p.strip()]
        values = [_choice_value(column.choices, str(item), "choices") for item in items]
        ordered = [c.value for c in column.choices if c.value in values]
        return ordered or None
    if qtype is QuestionType.YES_NO:
        return YES_NO.get(str(raw).strip().casefold()) or _refuse(raw, "yes or no")
    if qtype is QuestionType.YES_PARTLY_NO:
        return YES_PARTLY_NO.get(str(raw).strip().casefold()) or _refuse(raw, "yes, partly or no")
    if qtype in (QuestionType.INTEGER, QuestionType.DECIMAL):
        return _number(qtype, raw, column.min, column.max)
    if qtype is QuestionType.DATE:
        if isinstance(raw, dt.datetime):
            raw = raw.date()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return dt.date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError:
            raise ValueProblem(f"{raw!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-03-01") from None
    raise ValueProblem(f"unsupported type {qtype}")


def _refuse(raw: Any, expected: str) -> Any:
    raise ValueProblem(f"{raw!r} is not {expected}")


def validate(question: Question, value: Any) -> Any:
    """The stored form of ``value`` for ``question``, or ValueProblem saying why not."""
    if question.type is not QuestionType.TABLE:
        return _cell(question, value)
    if value is None or value == [] or value == "":
        return None
    if not isinstance(value, list):
        raise ValueProblem("a table answer is a list of rows, each a mapping of column key to value")
    if len(value) > MAX_TABLE_ROWS:
        raise ValueProblem(f"the table has {len(value)} rows; the limit is {MAX_TABLE_ROWS}")
    columns = {c.key: c for c in question.columns}
    fixed = {r.value for r in question.rows}
    rows = []
    for index, row in enumerate(value, 1):
        if not isinstance(row, Mapping):
            raise ValueProblem(f"row {index}: expected a mapping of column key to value")
        clean: dict[str, Any] = {}
        for key, cell in row.items():
            if key == "row" and fixed:
                if not isinstance(cell, str) or cell not in fixed:
                    raise ValueProblem(f"row {index}: {cell!r} is not one of the rows: {', '.join(sorted(fixed))}")
                clean["row"] = cell
                continue
            if key not in columns:
                raise ValueProblem(f"row {index}: unknown column {key!r} (columns: {', '.join(columns)})")
            try:
                checked = _cell(columns[key], cell)
            except ValueProblem as exc:
                raise ValueProblem(f"row {index}, column {key!r}: {exc}") from None
            if checked is not None:
                clean[key] = checked
        if any(k != "row" for k in clean):
            rows.append(clean)
    return rows or None


def parse_text(question: Question, text: str) -> Any:
    """Turn text typed on a command line (or read from a file) into a value."""
    check_text(text)
    if question.type in (QuestionType.LONG_TEXT, QuestionType.SHORT_TEXT, QuestionType.URL):
        return validate(question, text if text != "" else None)
    if question.type is QuestionType.TABLE or (
        question.type is QuestionType.MULTIPLE_CHOICE and text.lstrip().startswith("[")
    ):
        if text.strip() == "":
            return None
        try:
            data = json.loads(text)
        except RecursionError:
            raise ValueProblem("the JSON is nested too deeply to be an answer") from None
        except json.JSONDecodeError as exc:
            raise ValueProblem(
                f"expected JSON ({'a list of rows' if question.type is QuestionType.TABLE else 'a list'}): "
                f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
        return validate(question, data)
    return validate(question, text.strip() or None)


def relevant_slots(form: Form, answers: Mapping[str, Any]) -> list[Slot]:
    """The slots whose relevance condition holds for these answers."""
    result = []
    for slot in form.slots:
        condition = slot.question.relevant
        if condition and not expr.parse(condition).evaluate(answers):
            continue
        result.append(slot)
    return result


def completion(form: Form, answers: Mapping[str, Any]) -> tuple[int, int]:
    """(answered, total) over the relevant slots."""
    slots = relevant_slots(form, answers)
    return sum(1 for s in slots if not is_empty(answers.get(s.key))), len(slots)
