"""Questionnaire definitions: the typed model, its YAML loader and the relevance language.

Pure Python; nothing here may import Qt.
"""

from replydesk.definitions.loader import DefinitionError, Problem, load_form, load_forms
from replydesk.definitions.model import (
    Choice,
    Column,
    Form,
    Group,
    Participant,
    Question,
    QuestionType,
    Slot,
)

__all__ = [
    "Choice",
    "Column",
    "DefinitionError",
    "Form",
    "Group",
    "Participant",
    "Problem",
    "Question",
    "QuestionType",
    "Slot",
    "load_form",
    "load_forms",
]
