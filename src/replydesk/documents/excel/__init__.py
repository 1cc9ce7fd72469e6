"""Excel: the return workbook (export, template, package of one part), reading and importing returns.

Uses openpyxl and ``common``; never ``word`` (an import-linter contract checks it).
"""
