"""The desktop app (Qt). The only layer that may import PySide6."""
