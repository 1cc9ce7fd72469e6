"""Where Reply Desk finds its bundled files and keeps the user's data.

The same lookup serves a checkout, an installed wheel and a frozen PyInstaller
folder, so no other module needs to know how the app was installed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "ReplyDesk"
APP_AUTHOR = "ReplyDesk"
DB_ENV = "REPLYDESK_DB"
FORMS_ENV = "REPLYDESK_FORMS"
CACHE_ENV = "REPLYDESK_CACHE"


def _bundled_dir(name: str) -> Path:
    """The bundled folder `name` (forms or resources) for this installation."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / name
    package_dir = Path(__file__).resolve().parent
    checkout = package_dir.parent.parent / name  # src/replydesk -> repo root
    if checkout.is_dir() and (package_dir.parent.parent / "pyproject.toml").is_file():
        return checkout
    return package_dir / "_data" / name


def forms_dir() -> Path:
    """The folder of questionnaire definitions (REPLYDESK_FORMS overrides it)."""
    override = os.environ.get(FORMS_ENV)
    return Path(override) if override else _bundled_dir("forms")


def resources_dir() -> Path:
    return _bundled_dir("resources")


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def user_config_dir() -> Path:
    """Small settings that the command line reads too (who the user is); Qt's own stay in QSettings."""
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def cache_dir() -> Path:
    """Reply Desk's cache folder (validated definitions): REPLYDESK_CACHE, else the user's cache folder.

    Everything in it can be deleted at any time; it is rebuilt as needed.
    """
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def definitions_cache_dir() -> Path:
    return cache_dir() / "definitions"


#: How a PostgreSQL server's database is named where a file path would go (--db, REPLYDESK_DB).
SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_server_url(text: str | Path) -> bool:
    return str(text).lower().startswith(SERVER_SCHEMES)


def database_location(text: str) -> Path | str:
    """--db or REPLYDESK_DB as given: a server's URL stays text (a Path would fold its //), a file is a Path."""
    return text if is_server_url(text) else Path(text)


def database_name(db: Path | str) -> str:
    """A database as the window names it: a file's name, or a server database's name and host."""
    if is_server_url(db):
        from urllib.parse import urlsplit

        parts = urlsplit(str(db))
        return f"{parts.path.lstrip('/') or 'postgres'} on {parts.hostname or 'localhost'}"
    return Path(db).name


def default_db_path() -> Path | str:
    """The draft database: REPLYDESK_DB (a file or a PostgreSQL URL), else the user's data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return database_location(override)
    return user_data_dir() / "replydesk.sqlite3"


def default_export_dir() -> Path:
    """exports/ in a checkout; the user's Documents folder otherwise."""
    if not is_frozen():
        package_dir = Path(__file__).resolve().parent
        checkout_exports = package_dir.parent.parent / "exports"
        if checkout_exports.is_dir():
            return checkout_exports
    return Path(platformdirs.user_documents_dir())
