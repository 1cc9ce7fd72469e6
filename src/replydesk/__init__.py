"""Reply Desk: drafting, reviewing and compiling replies to recurring questionnaires."""

#: The only place the version is written: the build reads it from here (``[tool.hatch.version]``).
__version__ = "0.1.0"
