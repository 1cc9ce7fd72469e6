"""A number or date in a cell as Excel shows it, through the cell's number format.

A text question's cell is formatted as Text by the export, so what is typed stays as typed; but a
paste can replace that format, and "50%" typed afterwards is stored as the number 0.5 shown as 50%.
The answer is what the person saw: the number put through its format (percent, fraction, date,
decimals, thousands), never the stored number.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Any

from openpyxl.styles.numbers import is_date_format

_DATE_PARTS = [("yyyy", "%Y"), ("yy", "%y"), ("mmmm", "%B"), ("mmm", "%b"), ("dddd", "%A"), ("ddd", "%a"),
               ("dd", "%d"), ("hh", "%H"), ("ss", "%S")]


def shown(value: Any, number_format: str | None) -> str:
    """``value`` (a number or a date) as a cell with ``number_format`` shows it."""
    fmt = _section(number_format or "General", value)
    if isinstance(value, dt.datetime | dt.date):
        return _date(value, fmt)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if fmt in ("General", "@", ""):
        return _general(value)
    if is_date_format(fmt):
        base = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))
        return _date(base, fmt)
    if "?/?" in fmt or re.search(r"\?+/\d+|#+/#+", fmt):
        return _fraction(value, fmt)
    percent = "%" in fmt
    number = value * 100 if percent else value
    decimals = len(re.search(r"\.([0#?]*)", fmt).group(1)) if re.search(r"\.([0#?]*)", fmt) else 0
    if "E+" in fmt.upper():
        text = f"{number:.{decimals}E}".replace("E+0", "E+").replace("E-0", "E-")
    else:
        text = f"{number:,.{decimals}f}" if "," in fmt.split(".")[0] else f"{number:.{decimals}f}"
    return text + ("%" if percent else "")


def _section(fmt: str, value: Any) -> str:
    """The part of a ``positive;negative;zero;text`` format that applies, without colours and conditions."""
    parts = fmt.split(";")
    index = 0
    if isinstance(value, int | float) and not isinstance(value, bool) and len(parts) > 1:
        index = 1 if value < 0 else 2 if value == 0 and len(parts) > 2 else 0
    part = parts[index]
    part = re.sub(r"\[[^\]]*\]", "", part)  # [Red], [$-409], [>=100]
    part = re.sub(r'"([^"]*)"', r"\1", part).replace("\\", "").replace("_)", "").replace("*", "")
    return part.strip()


def _general(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.10G}"
    return text if "E" not in text else f"{value:.5E}".replace("E+0", "E+").replace("E-0", "E-")


def _fraction(value: float, fmt: str) -> str:
    digits = max(len(m) for m in re.findall(r"/(\?+|#+|\d+)", fmt)) if "/" in fmt else 1
    denominator = re.search(r"/(\d+)", fmt)
    whole = int(value) if "#" in fmt.split("/")[0].split(" ")[0] and " " in fmt else 0
    rest = value - whole
    fraction = (Fraction(round(rest * int(denominator.group(1))), int(denominator.group(1))) if denominator
                else Fraction(rest).limit_denominator(10 ** digits - 1))
    if fraction == 0:
        return str(whole)
    text = f"{fraction.numerator}/{fraction.denominator}"
    return f"{whole} {text}" if whole else text


def _date(value: dt.date | dt.datetime, fmt: str) -> str:
    if fmt in ("General", "", "@"):
        if isinstance(value, dt.datetime) and value.time() != dt.time():
            return value.isoformat(sep=" ")
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    pattern = fmt.lower()
    for excel, python in _DATE_PARTS:
        pattern = pattern.replace(excel, python)
    # what is left: single letters, "m" a month unless it follows hours or precedes seconds
    pattern = re.sub(r"(%H:)mm|(%H:)m", r"\1\2%M", pattern)
    pattern = pattern.replace("mm", "%m").replace("am/pm", "%p")
    pattern = re.sub(r"(?<![%A-Za-z])m(?![A-Za-z])", "%-m", pattern)
    pattern = re.sub(r"(?<![%A-Za-z])d(?![A-Za-z])", "%-d", pattern)
    pattern = re.sub(r"(?<![%A-Za-z])h(?![A-Za-z])", "%-H", pattern)
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value.strftime(pattern)
