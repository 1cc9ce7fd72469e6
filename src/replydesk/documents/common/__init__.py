"""What the Word, Excel and secretariat packages share; it imports none of them.

A package of its own rather than modules at ``documents/`` top level, so that "below
``word`` and ``excel``" is one name an import-linter contract can hold to, and a piece
two subjects need has one obvious home:

- ``atomic``: writing an export to a temporary file and renaming it into place;
- ``progress``: progress and cancellation for long work, without any GUI;
- ``plain`` and ``lists``: answers as plain values and text (what a cell shows and what
  a report line reads), used by the Excel return, the secretariat's compilations and the
  Word cycle comparison;
- ``report``: the import report (``ImportReport``), one format for review copies and returns,
  printed by ``replydesk import``, written beside the file with ``--report``, shown in the window;

Reviewers' proposals and import conflicts are store records: ``Store.proposals``,
``Store.import_review``, ``Store.open_conflicts`` and the like (``replydesk.store``).

Reading an Office package safely is done twice today, with each format's own limits and
messages: ``word.package`` and ``excel.safety``.
"""
