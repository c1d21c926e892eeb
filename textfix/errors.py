"""Errors textfix raises on purpose, each with a message fit for one line.

    TextfixError
     ├── ConfigError      a setting is unknown, mistyped or unreadable (exit 2)
     ├── InputError       an input cannot be read as text: missing, unreadable,
     │                    binary, undecodable, malformed JSONL record (exit 2,
     │                    the rest of the batch is still processed)
     └── OutputError      an output cannot be written (exit 2)

Anything else escaping textfix is a bug: the CLI reports it in one line and
asks for a report instead of printing a traceback.
"""

from __future__ import annotations

__all__ = ["TextfixError", "ConfigError", "InputError", "OutputError"]


class TextfixError(Exception):
    """Base class: the message is one line meant for the user."""


class ConfigError(TextfixError, ValueError):
    """A setting is unknown, has the wrong type, or the config file cannot be read."""


class InputError(TextfixError):
    """An input cannot be read as text."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class OutputError(TextfixError):
    """An output cannot be written."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"{target}: {reason}")
        self.target = target
        self.reason = reason
