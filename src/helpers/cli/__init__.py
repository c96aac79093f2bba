"""The `gwr` command. Each subcommand lives in its own module (`helpers.cli.<name>`):
`add_arguments(parser)` and `run(args) -> exit code`, its heavy imports inside `run`, so that
building the parser stays fast and `gwr extract` does not pay for papermill's import.

Exit codes: 0 done; 2 a user error (bad input or parameter, or a disk that is full, read-only or
not ours to write: one line on stderr); 3 an internal error (a bug of ours, e.g. our own output
failing its schema); 128 + signal when interrupted."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import signal
import sys
import threading

from helpers import __version__
from helpers.errors import GwrError, InternalError

# The machine's errors, not gwr's: a full disk or quota, a read-only file system, a folder the
# user may not write: the user can act on them (output folders are kept whole: helpers.atomic).
MACHINE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM})

SUBCOMMANDS = {
    "extract": "Extract every quantitative figure of a report into a tidy table.",
    "run": "Run the notebook collection on a report with papermill and render HTML.",
    "add": "Register a report (a file, or a URL to fetch) under data/raw/ and in the manifest.",
    "panel": "Extract every report of a folder into one panel dataset.",
    "cite": "Print the citation, quote and BibTeX of one figure.",
    "scorecard": "Judge one report's targets on the next report's outcomes.",
    "export": "Write a dataset's or a panel's figures, or its targets panel, as Stata, Excel, CSV, Parquet or JSON.",
    "diff": "Compare two versions of a dataset or panel: figures changed, added and removed.",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gwr", description="Figures of Chinese government work reports (政府工作报告) as tidy data."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, help_text in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        module = importlib.import_module(f"helpers.cli.{name}")
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every `finally` and staging clean-up runs."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_terminated(signum, _frame):
    raise Terminated(signum)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Only the main thread of the main interpreter may set handlers (tests call main() too).
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    else:  # pragma: no cover
        previous = None
    try:
        return int(args._run(args) or 0)
    except GwrError as exc:
        print(f"gwr {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except InternalError as exc:
        print(f"gwr {args.command}: internal error: {exc} (please report it)", file=sys.stderr)
        return 3
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        print(f"gwr {args.command}: interrupted; earlier outputs were left as they were", file=sys.stderr)
        return 128 + int(signum)
    except Exception as exc:  # a bug: still one line for the user, the traceback on request
        if isinstance(exc, OSError) and exc.errno in MACHINE_ERRNOS:
            where = f": {exc.filename}" if exc.filename else ""
            print(f"gwr {args.command}: error: {os.strerror(exc.errno)}{where}", file=sys.stderr)
            return 2
        if os.environ.get("GWR_DEBUG"):
            raise
        print(
            f"gwr {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(re-run with GWR_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 3
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    raise SystemExit(main())
