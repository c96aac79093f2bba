"""`gwr cite` — not implemented yet."""

from helpers.errors import GwrError


def add_arguments(parser):
    pass


def run(args):
    raise GwrError("'gwr cite' is not implemented yet")
