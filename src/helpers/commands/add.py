"""`gwr add` — not implemented yet."""

from helpers.errors import GwrError


def add_arguments(parser):
    pass


def run(args):
    raise GwrError("'gwr add' is not implemented yet")
