"""What the LibreOffice scripts share: reaching the office they started over its UNO pipe.

Imported by ``lo_type.py`` and ``lo_writer.py``, which run under the system Python that has
LibreOffice's ``uno`` module (``/usr/bin/python3``); their folder is on ``sys.path`` as scripts.
"""

from __future__ import annotations

import time
from typing import Any


def resolve(uno: Any, pipe: str, attempts: int = 240) -> Any:
    """The component context of the LibreOffice listening on ``pipe``, once it listens (None after a minute)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(attempts):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.25)
    return None
