"""Write the built-in example (src/replydesk/example/denmark-2014.json) from the source document.

    .venv/bin/python tools/make_example.py

The example is Denmark's filled 2014 Global Alliance reporting form, read from
tests/data/sources/ by tests/denmark.py (which undoes the Word conversion's noise).
The app ships the JSON as package data, so an installed or frozen Reply Desk never
reads the source document; tests/test_example.py fails when the two drift apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src" / "replydesk" / "example" / "denmark-2014.json"


def example_document() -> dict:
    """The example as the app reads it: which form, who, which year, the answers and a reviewer's note."""
    sys.path.insert(0, str(REPO))
    from tests import denmark

    return {
        "source": "Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form, filled in by Denmark "
                  "(tests/data/sources/global-alliance-2014-reporting-form-denmark.txt)",
        "form": "global-alliance-2014",
        "country": denmark.COUNTRY,
        "year": denmark.YEAR,
        "answers": denmark.answers(),
        "notes": [{"key": "pt3.og1.c", "author": "Example reviewer",
                   "text": "Please add the dates of the three seminars."}],
    }


def main() -> int:
    TARGET.write_text(json.dumps(example_document(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
