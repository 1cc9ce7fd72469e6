"""Word and Excel documents: exports, imports, and the secretariat's compilations. No Qt here.

Three subjects, one package each, over a common part:

- ``word``: the Word export (official layout and review copy), reading review copies
  back, and the cycle comparison;
- ``excel``: the return workbook, reading and importing returns;
- ``secretariat``: compiling every return of a form and year into a coverage workbook
  and a Word report; it may use ``word`` and ``excel``;
- ``common``: what more than one of them needs (see its docstring).

``word`` and ``excel`` never import each other, and ``common`` imports none of the three
(import-linter contracts in pyproject.toml check both).
"""
