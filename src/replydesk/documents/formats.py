"""The file formats Reply Desk reads and writes: one entry each, and which file goes where.

The command line (``replydesk export`` / ``replydesk import``) and the window (File ▸
Export, File ▸ Import, dropping files on it) both ask this module, so they agree on
which suffix goes to which importer and refuse the same files with the same sentence.

A format imports files with its own ``suffix`` and with the ``recognised`` suffixes of
its family: those go to its importer too, which refuses them with its reason (a
macro-enabled workbook, an old .doc).  Any other suffix is ``UnknownFormat``.

Only names and data here: the importers and exporters load when a command runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Export:
    """One thing a format writes, and the ``replydesk export`` option that asks for it."""

    option: str
    kind: str
    help: str


@dataclass(frozen=True)
class Option:
    """A further option of ``replydesk export`` or ``replydesk import`` for this format."""

    flag: str
    help: str


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    suffix: str
    #: What files of this format are to the importer, for messages: "Word review copies".
    imported: str
    #: What importing such a file does (the ``import`` command's help).
    imports: str
    #: Other suffixes of the family: handed to this format's importer, which refuses them with its reason.
    recognised: tuple[str, ...] = ()
    exports: tuple[Export, ...] = ()
    export_options: tuple[Option, ...] = ()
    import_options: tuple[Option, ...] = ()

    @property
    def suffixes(self) -> tuple[str, ...]:
        """Every suffix this format's importer is given."""
        return (self.suffix, *self.recognised)

    @property
    def file_filter(self) -> str:
        """A file-dialog filter for the files this format writes: ``Word documents (*.docx)``."""
        return f"{self.title}s (*{self.suffix})"

    def export(self, option: str) -> Export:
        return next(e for e in self.exports if e.option == option)


WORD = Format(
    name="word",
    title="Word document",
    suffix=".docx",
    imported="Word review copies",
    imports="changed answers become proposals, new comments become notes",
    recognised=(".doc",),
    exports=(
        Export("--docx", "official layout", "the reply in the form's official Word layout (the return to submit)"),
        Export("--review-docx", "review copy",
               "a review copy: notes as comments, review status, markers to read it back with import"),
    ),
    import_options=(
        Option("--accept-all", "apply every proposal at once (those whose answer changed since the export stay open)"),
    ),
)

EXCEL = Format(
    name="excel",
    title="Excel workbook",
    suffix=".xlsx",
    imported="Excel returns",
    imports="each file checked and imported on its own",
    recognised=(".xlsm", ".xltx", ".xltm", ".xlam", ".xls", ".xlsb", ".ods"),
    exports=(Export("--xlsx", "return workbook", "write the return workbook (.xlsx) to this file or folder"),),
    export_options=(
        Option("--only", "export only these groups (e.g. pt2): a package for another ministry"),
        Option("--blank", "export the empty template, without answers"),
    ),
    import_options=(
        Option("--force", "import a return even if it was exported before the last one imported into its reply "
                          "(merged as usual: answers changed since become conflicts)"),
    ),
)

#: Every format, in the order the command line tries its export options and lists them.
FORMATS: tuple[Format, ...] = (WORD, EXCEL)


class UnknownFormat(ValueError):
    """A file whose suffix no format imports; the message names the file and the accepted suffixes."""

    def __init__(self, path: Path):
        self.path = Path(path)
        suffix = self.path.suffix
        what = f"{suffix} files" if suffix else "files without a suffix"
        super().__init__(f"{self.path}: Reply Desk does not import {what}; it imports {accepted()}")


def accepted() -> str:
    """The accepted suffixes, as a sentence: ``.docx (Word review copies) or .xlsx (Excel returns)``."""
    return " or ".join(f"{f.suffix} ({f.imported})" for f in FORMATS)


def import_suffixes() -> frozenset[str]:
    """Every suffix some format imports (lower case, with the dot)."""
    return frozenset(s for f in FORMATS for s in f.suffixes)


def format_of(path: Path) -> Format:
    """The format that imports ``path``, by its suffix (any case); ``UnknownFormat`` if none does."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    raise UnknownFormat(path)


def by_format(paths: Iterable[Path]) -> dict[Format, list[Path]]:
    """``paths`` sorted by format, each list in the order given; ``UnknownFormat`` for the first unknown."""
    grouped: dict[Format, list[Path]] = {}
    for path in paths:
        grouped.setdefault(format_of(path), []).append(Path(path))
    return grouped


def unknown(paths: Iterable[Path]) -> list[UnknownFormat]:
    """A refusal for each of ``paths`` no format imports."""
    refused = []
    for path in paths:
        try:
            format_of(path)
        except UnknownFormat as exc:
            refused.append(exc)
    return refused


def import_filter() -> str:
    """The file-dialog filter of File ▸ Import: every accepted suffix, then all files."""
    patterns = " ".join(f"*{f.suffix}" for f in FORMATS)
    return f"Returns and review copies ({patterns});;All files (*)"


def file_stem(country: str, form_id: str, year: int) -> str:
    """The default name of a reply's exported file, without its suffix: "Denmark-global-alliance-2014".

    The year is added only when the form's id does not already end with it (no "…-2014-2014").
    """
    slug = re.sub(r"[^A-Za-z0-9]+", "-", country.title()).strip("-") or "Reply"
    return f"{slug}-{form_id}" if form_id.endswith(f"-{year}") else f"{slug}-{form_id}-{year}"
