"""The `gwr` command. Each subcommand lives in its own module (`helpers.commands.<name>`),
imported only when called, so `gwr extract` does not pay for papermill's import."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from helpers import __version__
from helpers.errors import GwrError

SUBCOMMANDS = {
    "extract": "Extract every quantitative figure of a report into a tidy table.",
    "run": "Run the notebook collection on a report with papermill and render HTML.",
    "add": "Register a report file under data/raw/ and in the manifest.",
    "panel": "Extract every report of a folder into one panel dataset.",
    "cite": "Print the citation, quote and BibTeX of one figure.",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gwr", description="Figures of Chinese government work reports (政府工作报告) as tidy data."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, help_text in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        module = importlib.import_module(f"helpers.commands.{name}")
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except GwrError as exc:
        print(f"gwr {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"gwr {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line for the user, the traceback on request
        if os.environ.get("GWR_DEBUG"):
            raise
        print(
            f"gwr {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(re-run with GWR_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
