"""Word and Excel documents: exports, imports, and the secretariat's compilations. No Qt here."""
