"""`gwr run` — not implemented yet."""

from helpers.errors import GwrError


def add_arguments(parser):
    pass


def run(args):
    raise GwrError("'gwr run' is not implemented yet")
