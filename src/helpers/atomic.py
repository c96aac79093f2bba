"""Atomic writes: a failed run must leave earlier outputs intact, never half-written, and a run
must never delete or overwrite anything it did not write itself.

An output folder (a dataset, a notebook run, a panel) is built in a hidden staging folder beside
it and swapped in whole. The folder it replaces must be empty, or one of ours: it carries a
marker (`.gwr-output`) listing the names we wrote into it, and holds nothing else. A folder
with anything else in it (a user's notes, a `.git`, the panel's own inputs) is refused, so
`--out .` or `--out ~/papers` stops with one line instead of emptying the folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fnmatch
import functools
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from helpers.errors import ParameterError

# mkstemp/mkdtemp create private files (0600/0700); outputs are meant to be shared and served.
FILE_MODE, DIR_MODE = 0o644, 0o755
MARKER = ".gwr-output"
# Staging and retired folders, and temporary files, carry the pid of the process that made them,
# so that a later run can tell a killed run's leftovers (dead pid) from a run still under way.
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<role>stage|old|tmp)-(?P<pid>\d+)-[0-9a-z_]{8}$")


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(path.parent, path.name)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-{os.getpid()}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def check_output_file(path: str | Path, *, inputs: Iterable[str | Path] = ()) -> Path:
    """A path given as `-o FILE`: a new path or an existing regular file, never an input.

    `-o report.txt` on the input, a device node, a folder or a symlink (which would be replaced
    by a plain file) are refused before any work is done."""
    path = Path(path)
    shown = str(path)
    if path.is_symlink():
        raise ParameterError(f"-o {shown}: is a symbolic link; give the file it points to, or a new path")
    if path.exists():
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ParameterError(f"-o {shown}: is a folder; give a file name")
        if not stat.S_ISREG(mode):
            raise ParameterError(f"-o {shown}: is not a regular file (a device, pipe or socket)")
        for given in inputs:
            with contextlib.suppress(OSError):
                if Path(given).exists() and path.samefile(given):
                    raise ParameterError(f"-o {shown}: is the input report; give another file name")
    elif not path.parent.is_dir():
        raise ParameterError(f"-o {shown}: the folder {path.parent} does not exist")
    return path


# --- output folders -----------------------------------------------------------------------


def _tree(folder: Path) -> list[str]:
    """Every file and folder under `folder`, as sorted relative POSIX paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _marker_names(folder: Path) -> set[str] | None:
    """The paths our marker says we wrote into `folder`, or None when it has no valid marker."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        names = data["files"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None
    return {n for n in names if isinstance(n, str)}


def _marker_kind(folder: Path) -> str | None:
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8")).get("kind")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return None


def _foreign_entries(folder: Path, legacy: tuple[str, ...]) -> list[str]:
    """Paths in an existing output folder that we did not write (none: safe to replace).

    With a marker, exactly the paths it lists are ours (a file a user added to figures/ is
    not). Without one (a folder written before markers existed), every top-level entry must
    match one of the caller's `legacy` name patterns."""
    listed = _marker_names(folder)
    if listed is not None:
        return [n for n in _tree(folder) if n != MARKER and n not in listed]
    entries = sorted(p.name for p in folder.iterdir())
    return [n for n in entries if not any(fnmatch.fnmatchcase(n, pat) for pat in legacy)]


def check_output_dir(final: str | Path, legacy: tuple[str, ...] = (), kind: str = "") -> Path:
    """The absolute output folder, after checking that replacing it loses nothing of the user's
    (nor an output of another kind: a panel never replaces a dataset or a notebook run)."""
    final = Path(final).expanduser().resolve()
    if final.parent == final:
        raise ParameterError(f"{final}: cannot write an output folder at the file system's root")
    if final.exists() and not final.is_dir():
        raise ParameterError(f"{final}: exists and is not a folder; give a new or empty folder")
    if final.is_dir():
        if (final / MARKER).exists() and _marker_names(final) is None:
            raise ParameterError(
                f"{final}: its {MARKER} marker is damaged, so gwr cannot tell the files it wrote "
                "from yours; move the folder away or give a new one"
            )
        other = _marker_kind(final)
        if kind and other and other != kind:
            raise ParameterError(f"{final}: holds a gwr {other}, not a {kind}; give another folder")
        foreign = _foreign_entries(final, legacy)
        if foreign:
            more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
            raise ParameterError(
                f"{final}: refusing to replace a folder that holds files gwr did not write "
                f"({foreign[0]!r}{more}); give a new or empty folder"
            )
    return final


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def sweep_leftovers(parent: Path, name: str) -> list[Path]:
    """Remove what killed runs left beside `name` in `parent`: staging and retired folders and
    temporary files. A retired folder is put back instead when `name` itself is gone (the run was
    killed between the two renames of a swap without RENAME_EXCHANGE): it is the earlier output."""
    removed = []
    if not parent.is_dir():
        return removed
    for entry in sorted(parent.iterdir()):
        m = _LEFTOVER.match(entry.name)
        if not m or m["name"] != name or pid_alive(int(m["pid"])):
            continue
        if m["role"] == "old" and entry.is_dir() and not entry.is_symlink():
            with _locked(parent):
                if not (parent / name).exists():
                    os.replace(entry, parent / name)
                    continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def _sibling(final: Path, role: str) -> Path:
    return final.with_name(f".{final.name}.{role}-{os.getpid()}-{secrets.token_hex(4)}")


@functools.cache
def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # not Linux, or a C library without it
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE), so that a reader, or
    a run killed at any moment, finds the earlier output or the new one, never neither. False
    where the system or the file system cannot; the swap is then two renames."""
    at_fdcwd, rename_exchange = -100, 2
    function = _renameat2()
    if function is None:
        return False
    if function(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextmanager
def _locked(folder: Path):
    """An exclusive lock on a folder (flock on its descriptor): concurrent runs writing the
    same output swap one after the other instead of colliding on the rename."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextmanager
def staged_dir(final: Path, *, kind: str = "", legacy: tuple[str, ...] = ()):
    """Build a whole output folder beside `final`, then swap it in at once.

    `final` must be new, empty or an earlier output of ours (see the module docstring; `legacy`:
    name patterns that identify an output written before markers). On any error, or when the
    run is interrupted, the staging folder is removed and `final` keeps its earlier contents.
    `kind` (dataset, panel, run) is recorded in the marker; another kind is never replaced."""
    final = check_output_dir(final, legacy, kind)
    final.parent.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(final.parent, final.name)
    stage = _sibling(final, "stage")
    stage.mkdir(mode=DIR_MODE)
    os.chmod(stage, DIR_MODE)
    try:
        yield stage
        names = [n for n in _tree(stage) if n != MARKER]
        marker = {"tool": "gwr-figures", "kind": kind, "files": names}
        (stage / MARKER).write_text(json.dumps(marker, ensure_ascii=False) + "\n", encoding="utf-8")
        os.chmod(stage / MARKER, FILE_MODE)
        with _locked(final.parent):
            # Checked again: the user (or another run) may have written there meanwhile.
            check_output_dir(final, legacy, kind)
            if final.exists() and _exchange(stage, final):
                old = stage  # now holds the earlier output
            else:
                old = _sibling(final, "old") if final.exists() else None
                if old is not None:
                    os.replace(final, old)
                try:
                    os.replace(stage, final)
                except BaseException:
                    if old is not None:  # put the earlier output back
                        os.replace(old, final)
                    raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
