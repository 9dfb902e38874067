"""The library's expected failures; the CLI prints their message as one line."""


class EgovKgError(Exception):
    """Base of every error whose message is meant for the user."""


class OutputError(EgovKgError):
    """The output folder cannot be written or read; the message says why."""


class BuildError(EgovKgError):
    """The build could not produce a valid graph; nothing was written."""
