"""The secretariat: every return of a form and year as one ``Consolidation``, its coverage
workbook and its Word report. It may use ``word``, ``excel`` and ``common``.
"""
