"""Questionnaire definitions: the typed model, its YAML loader and the relevance language.

Pure Python; nothing here may import Qt.
"""

from replydesk.definitions.loader import DefinitionError, Problem, load_form, load_forms
from replydesk.definitions.model import (
    Choice,
    Column,
    Form,
    Group,
    GroupKind,
    Participant,
    Question,
    QuestionType,
    Slot,
)
from replydesk.definitions.types import TYPES, ValueType, value_type

__all__ = [
    "Choice",
    "Column",
    "DefinitionError",
    "Form",
    "Group",
    "GroupKind",
    "Participant",
    "Problem",
    "Question",
    "QuestionType",
    "Slot",
    "TYPES",
    "ValueType",
    "load_form",
    "load_forms",
    "value_type",
]
