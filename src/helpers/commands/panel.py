"""`gwr panel` — not implemented yet."""

from helpers.errors import GwrError


def add_arguments(parser):
    pass


def run(args):
    raise GwrError("'gwr panel' is not implemented yet")
