"""Word: the official-layout export and the review copy, reading review copies back, the cycle comparison.

Uses python-docx and ``common``; never ``excel`` (an import-linter contract checks it).
"""
