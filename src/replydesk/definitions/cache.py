"""Validated definitions, remembered between runs so a command does not parse every form again.

Parsing a definition (PyYAML, the line map, pydantic validation, the checks across the form)
takes hundreds of milliseconds for a large one; every command and every start of the window
needs the forms.  A definition that loaded without problems is therefore written to the user's
cache folder and read back on the next run, as long as its key still matches:

* the sha256 of the file's bytes (an edited file misses, and is parsed and checked again),
* Reply Desk's version, and
* a fingerprint of the validation code: the source of the model, the question types, the loader
  and the relevance language (``model.py``, ``types.py``, ``loader.py``, ``expr.py``), the pydantic version and
  this module's entry format.  Where the source is not on disk (a frozen app) the generated
  JSON schema stands in for it; the version changes with every build anyway.

Format, and why: one small JSON header line (``key``, the payload's sha256, the definition
hash, the form's id — so a registry knows its forms before validating any — and where the
texts use a period parameter, so ``Form.resolved`` need not look through every text of a
large form) followed by the payload, the form's ``model_dump_json()``.  JSON is plain data: a file in
a user-writable folder must never be able to run code, which rules out pickle (and marshal of
code objects) unless signed, and there is no secret to sign with.  The payload is read back
with ``Form.model_validate_json``: pydantic-core parses and validates it in one pass in Rust,
which measured *faster* than ``json.loads`` plus rebuilding the objects with ``model_construct``
without validation (lanzarote: 2.7 ms against 14 ms; the 2,000-question benchmark form: 110 ms
against 160 ms), so nothing is gained by trusting the file, and even an edited entry can only
give a form that passes the model's own validation.  What the cache saves is the rest: PyYAML
composing and constructing the document, the line map and the checks across the form
(relevance conditions, text parameters), and hashing the canonical JSON (kept in the header).

Anything wrong with an entry — missing, unreadable, truncated, another key, a bad checksum,
JSON or shape that does not build — is a miss: the file is parsed and checked as if there were
no cache, and the entry is written anew.  Writes go to a temporary file that is renamed over
the entry (atomic), and a cache that cannot be written (read-only, full disk) is skipped
silently.  Only definitions without problems are ever written: a broken file is parsed on
every load and reported as ``file:line: message`` each time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from replydesk.definitions.model import Form

log = logging.getLogger(__name__)

#: Bump when the layout of an entry changes.
ENTRY_FORMAT = 2
#: The source files whose behaviour decides what a valid definition is and how it is built.
_VALIDATION_SOURCES = ("model.py", "types.py", "loader.py", "expr.py", "cache.py")


@cache
def schema_fingerprint() -> str:
    """sha256 of the code that validates definitions (or of the JSON schema where there is no source)."""
    import pydantic

    from replydesk import __version__

    digest = hashlib.sha256(f"replydesk {__version__}\npydantic {pydantic.VERSION}\nentry {ENTRY_FORMAT}\n".encode())
    here = Path(__file__).resolve().parent
    try:
        for name in _VALIDATION_SOURCES:
            digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    except OSError:  # a frozen app ships bytecode only
        digest.update(json.dumps(Form.model_json_schema(), sort_keys=True).encode())
    return digest.hexdigest()


def entry_key(content: bytes) -> str:
    """The key an entry must carry: the file's content hash and the validation code's fingerprint."""
    return f"{hashlib.sha256(content).hexdigest()}:{schema_fingerprint()}"


@dataclass(frozen=True)
class CachedEntry:
    """An entry whose key and checksum match: the form's id is known, the form is built on ``form()``."""

    form_id: str
    payload: bytes
    header: dict[str, Any]
    path: Path

    def form(self) -> Form | None:
        """The validated form, or None when the entry does not build one (a miss: parse the file instead)."""
        try:
            form = Form.model_validate_json(self.payload)
            if form.id != self.form_id:
                raise ValueError(f"the entry names {self.form_id!r} but holds {form.id!r}")
            form._hash = self.header["definition_hash"]
            form.remember_parameter_paths([tuple(path) for path in self.header["parameter_paths"]])
            return form
        except Exception as exc:  # noqa: BLE001 - a broken entry is a miss, never the user's problem
            log.info("definition cache entry %s unusable (%s); rebuilding it", self.path, exc)
            return None


class DefinitionCache:
    """Entries in ``folder``, one per definition file (named after the file's path)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _entry_path(self, source: Path) -> Path:
        name = hashlib.sha256(str(Path(source).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.folder / f"{name}.json"

    def entry(self, source: Path, content: bytes) -> CachedEntry | None:
        """The entry for ``source`` with these bytes, checked but not yet validated; None on any kind of miss."""
        path = self._entry_path(source)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            header_line, _, payload = data.partition(b"\n")
            header = json.loads(header_line)
            if header.get("key") != entry_key(content):
                return None
            if hashlib.sha256(payload).hexdigest() != header.get("payload_sha256"):
                log.info("definition cache entry %s is corrupt; rebuilding it", path)
                return None
            return CachedEntry(str(header["form_id"]), payload, header, path)
        except Exception as exc:  # noqa: BLE001 - a broken entry is a miss, never the user's problem
            log.info("definition cache entry %s unusable (%s); rebuilding it", path, exc)
            return None

    def load(self, source: Path, content: bytes) -> Form | None:
        """The cached form for ``source`` with these bytes, or None on any kind of miss."""
        found = self.entry(source, content)
        return None if found is None else found.form()

    def store(self, source: Path, content: bytes, form: Form) -> None:
        """Remember ``form`` (valid, loaded from ``content``); atomically, and silently skipped on failure."""
        entry = self._entry_path(source)
        payload = form.model_dump_json().encode("utf-8")
        header = json.dumps({"key": entry_key(content), "source": str(source),
                             "payload_sha256": hashlib.sha256(payload).hexdigest(),
                             "definition_hash": form.definition_hash, "form_id": form.id,
                             "parameter_paths": form.parameter_paths()}, ensure_ascii=True).encode("ascii")
        temp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = entry.with_name(f".{entry.stem}.{os.getpid()}.{time.monotonic_ns()}.tmp")
            with open(temp, "xb") as handle:
                handle.write(header + b"\n" + payload)
            os.replace(temp, entry)
            temp = None
        except OSError as exc:
            log.info("cannot write the definition cache entry %s: %s", entry, exc)
        finally:
            if temp is not None:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
