"""Errors a user can act on: the command line prints them as one line, without a traceback."""


class GwrError(Exception):
    """Base of every error whose message is meant for the user as it stands."""


class InputError(GwrError):
    """The input report is missing, empty, binary, undecodable, not a report, or unsupported."""


class ParameterError(GwrError):
    """A parameter is wrong: a region or year that is missing, malformed or contradicted by the text."""


class InternalError(Exception):
    """A bug of ours, such as our own output failing its schema: not the user's to fix. The
    command line reports it as an internal error (exit 3), not as a user error (exit 2)."""
