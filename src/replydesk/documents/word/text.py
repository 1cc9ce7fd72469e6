"""Text that XML cannot hold: dropped before it reaches Word, and reported.

XML 1.0 forbids most C0 control characters (a stray U+0007 pasted from an old
system would otherwise abort the whole export). Tabs and line breaks are kept:
the writers turn them into ``w:tab`` and ``w:br``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> tuple[str, list[str]]:
    """The text without characters XML forbids, and the code points dropped (as U+XXXX)."""
    dropped = [f"U+{ord(ch):04X}" for ch in _FORBIDDEN.findall(text)]
    return (_FORBIDDEN.sub("", text) if dropped else text), dropped


@dataclass
class Cleaner:
    """Cleans every text an export writes and remembers what it dropped, per place.

    ``names``: each question's key → the question as the form numbers it, so that a warning names the place as
    the official knows it (the export passes keys as places).
    """

    warnings: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def __call__(self, text: str, where: str) -> str:
        clean, dropped = xml_safe(text)
        if dropped:
            shown = ", ".join(sorted(set(dropped)))
            self.warnings.append(
                f"{self.names.get(where, where)}: dropped {len(dropped)} control "
                f"character{'s' if len(dropped) > 1 else ''} that Word cannot store ({shown})"
            )
        return clean
