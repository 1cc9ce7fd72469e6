"""Reply Desk: drafting, reviewing and compiling replies to recurring questionnaires."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("replydesk")
except _metadata.PackageNotFoundError:  # running from a bare checkout without installing
    __version__ = "0.0.0+checkout"
