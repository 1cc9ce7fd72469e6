"""Cell contents back to answer values, and the drop-downs a cell offers (see ``excel.cells``).

What a cell shows for a stored value and how it reads back are each type's entry in
``excel.cells.CELLS``; these are the names the rest of the Excel code has always used.
"""

from __future__ import annotations

from typing import Any

from replydesk.definitions.model import Column, Question
from replydesk.documents.excel.cells import drop_down, read


def from_cell(question: Question | Column, raw: Any) -> Any:
    """The stored value for what a cell holds; ValueProblem says what is wrong."""
    return read(question, raw)


__all__ = ["drop_down", "from_cell"]
