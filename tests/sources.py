"""The source documents the forms are copied from, as the tests, benchmarks and tools read them.

They live in ``tests/data/sources/`` (see the README there for each one's title, publisher,
year and place of publication), so a clone of the repository is complete on its own.
"""

from __future__ import annotations

from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "data" / "sources"

#: Denmark's filled Global Alliance 2014 reporting form (converted from Word).
GA_2014_DENMARK = SOURCES / "global-alliance-2014-reporting-form-denmark.txt"
#: The Global Alliance's 2015 report, compiled by the secretariat from the members' returns.
GA_2015_REPORT = SOURCES / "global-alliance-2015-report.txt"
#: The Lanzarote Committee's 2nd-round (CSGSIV) factsheet on Denmark, updated 25.05.2023.
LANZAROTE_FACTSHEET_DENMARK = SOURCES / "lanzarote-2nd-round-csgsiv-factsheet-denmark-2023.txt"
#: The Council of Europe's baseline mapping of member states' responses, second edition (2021).
BASELINE_MAPPING_2021 = SOURCES / "coe-ocsea-baseline-mapping-2021.txt"
