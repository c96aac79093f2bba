"""Fault injection (issue 13): a run killed with SIGKILL at any step, several runs writing at once,
a full disk, a read-only folder and damaged earlier outputs. In every case the earlier outputs
stay intact byte for byte, a run that stops says why in one line on stderr with the user-error
exit code (2), and whatever a killed run left behind is hidden and swept by the next run.

Kills are deterministic: a forked child runs the command with an audit hook that sends it SIGKILL
just before its k-th change to the file system (a folder made, a file opened for writing, a
rename, a chmod, a removal), for every k (every sixth for a panel). Faults are injected in
process through the command line's `main`, and real ones (a tmpfs filled up, a read-only mount,
/dev/full) where the machine allows. Kills from outside at random moments are opt-in (GWR_SLOW_TESTS=1)."""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from _attacks import seed_years

from helpers import atomic
from helpers.cli import main
from helpers.paths import SEED_REPORT, SHARED_CORPUS

SEED_DATASET = ("inner_mongolia", "2025")
# What a killed run may leave: hidden, named after the output, with the pid of the dead run.
LEFTOVER = re.compile(r"^\..+\.(?:stage|old|tmp)-\d+-[0-9a-z_]{8}$")
# The README: panel.duckdb's 4 KiB header holds a random database id, the rest is reproducible.
DUCKDB_HEADER = 4096

slow = pytest.mark.skipif(not os.environ.get("GWR_SLOW_TESTS"),
                          reason="slow fault cases: set GWR_SLOW_TESTS=1 to run them")


# --- helpers ------------------------------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (hidden ones included): relative path -> sha256
    ("dir" for folders). A .duckdb file also gets a `#body` entry without its random header."""
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir():
            out[rel + "/"] = "dir"
            continue
        data = path.read_bytes()
        out[rel] = hashlib.sha256(data).hexdigest()
        if path.suffix == ".duckdb":
            out[rel + "#body"] = hashlib.sha256(data[DUCKDB_HEADER:]).hexdigest() + f":{len(data)}"
    return out


def reproducible(tree: dict[str, str]) -> dict[str, str]:
    """`tree` without the raw hash of .duckdb files (their header differs between runs)."""
    return {k: v for k, v in tree.items() if not k.endswith(".duckdb")}


def leftovers(tree: dict[str, str], before: dict[str, str]) -> list[str]:
    """Paths of `tree` not in `before` that are not inside a hidden leftover of a run."""
    return [p for p in set(tree) - set(before)
            if not any(LEFTOVER.match(part) for part in p.rstrip("/").split("/"))]


def assert_one_line_user_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("gwr ") and ": error: " in err, err
    for word in words:
        assert word in err.lower(), err


def gwr(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=180)


def run_main(capsys, *argv: str) -> tuple[int, str]:
    """`gwr argv` in this process, through the command line's entry point: (exit code, stderr)."""
    capsys.readouterr()
    code = main(list(argv))
    return code, capsys.readouterr().err


def extract_args(data: Path) -> list[str]:
    return ["extract", str(SEED_REPORT), "--data-dir", str(data)]


def panel_args(inputs: Path, out: Path, *more: str) -> list[str]:
    return ["panel", str(inputs), "--out", str(out), "--no-progress", *more]


@pytest.fixture
def seed_dir(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEED_REPORT, folder / SEED_REPORT.name)
    return folder


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, dict[str, str]]:
    """What one run writes alone: the seed's dataset and the seed's panel (the process and the
    serial executors write the same bytes: README)."""
    root = tmp_path_factory.mktemp("reference")
    assert main(["extract", str(SEED_REPORT), "--data-dir", str(root / "data"), "-o", str(root / "data.csv")]) == 0
    (root / "reports").mkdir()
    shutil.copy(SEED_REPORT, root / "reports" / SEED_REPORT.name)
    assert main(panel_args(root / "reports", root / "panel", "--executor", "serial")) == 0
    return {"data": digest(root / "data"), "panel": reproducible(digest(root / "panel"))}


# --- SIGKILL at every step ------------------------------------------------------------------

# Runs in a fresh interpreter that imports the package once and forks a child per run, so that
# each of the few dozen runs costs a fraction of a second. Prints one JSON line per kill.
_KILLER = r'''
import hashlib, json, os, signal, sys
spec = json.loads(sys.argv[1])
ROOT = spec["root"]
from helpers import atomic
from helpers.cli import main
import helpers.figures.report, helpers.output.dataset, helpers.output.panel_dataset  # noqa: F401
import helpers.pipeline.panel  # noqa: F401
if spec["no_exchange"]:  # as on a system without renameat2(RENAME_EXCHANGE): two renames
    atomic._exchange = lambda a, b: False

CHANGES = {"open", "os.rename", "os.mkdir", "os.chmod", "os.remove", "os.rmdir", "shutil.rmtree"}

def is_change(event, args):
    if event not in CHANGES:
        return False
    path = args[0]
    if event == "open":
        mode, flags = args[1], args[2]
        if isinstance(path, int):  # os.fdopen of a descriptor whose creation was counted
            return False
        writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(
            flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if not writing:
            return False
    if event in ("os.remove", "os.rmdir") and isinstance(args[1], int) and args[1] >= 0:
        return True  # inside shutil.rmtree: a name relative to an open folder under ROOT
    return isinstance(path, (str, bytes, os.PathLike)) and os.fsdecode(os.fspath(path)).startswith(ROOT)

def tree(folder):
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        rel = os.path.relpath(dirpath, folder)
        for d in dirnames:
            out[os.path.normpath(os.path.join(rel, d)) + "/"] = "dir"
        for f in filenames:
            with open(os.path.join(dirpath, f), "rb") as fh:
                data = fh.read()
            key = os.path.normpath(os.path.join(rel, f))
            out[key] = hashlib.sha256(data).hexdigest()
            if f.endswith(".duckdb"):
                out[key + "#body"] = hashlib.sha256(data[4096:]).hexdigest() + f":{len(data)}"
    return out

def run(argv, kill_at=None):
    """gwr argv in a forked child, SIGKILLed just before its kill_at-th change under ROOT:
    (exit code, negative for a signal; the changes made, as event names; stderr)."""
    err = os.path.join(spec["scratch"], "stderr")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        fd = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(fd, 2)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        changes = []
        def hook(event, args):
            if is_change(event, args):
                if len(changes) == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                changes.append(event)
        sys.addaudithook(hook)
        code = main(argv)
        os.write(w, json.dumps(changes).encode())
        os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        changes = fh.read()
    _, status = os.waitpid(pid, 0)
    with open(err, encoding="utf-8") as fh:
        return os.waitstatus_to_exitcode(status), json.loads(changes or "null"), fh.read()

for argv in spec["setup"]:
    code, _, err = run(argv)
    assert code == 0, err
code, changes, err = run(spec["argv"])
assert code == 0, err
print(json.dumps({"changes": changes}), flush=True)
n = len(changes)
if spec["at_renames"]:  # just before and just after each rename
    points = sorted({j for k, event in enumerate(changes) if event == "os.rename" for j in (k, k + 1)} & set(range(n)))
else:
    points = sorted({*range(0, n, spec["every"]), n - 2, n - 1})
for k in points:
    before = tree(ROOT)
    killed, _, _ = run(spec["argv"], k)
    after_kill = tree(ROOT)
    rerun, _, err = run(spec["argv"])
    print(json.dumps({"k": k, "event": changes[k], "before": before, "killed": killed,
                      "after_kill": after_kill, "rerun": rerun, "err": err, "after_rerun": tree(ROOT)}),
          flush=True)
'''


def kill_at_every_step(tmp_path, argv, *, setup=(), every=1, at_renames=False, no_exchange=False) -> list[dict]:
    """SIGKILL `gwr argv` (after the `setup` runs) just before each of its changes to the file
    system (every `every`-th and the last two, or those around a rename); one dict per kill."""
    root = tmp_path / "root"
    root.mkdir(exist_ok=True)
    spec = {"root": str(root), "scratch": str(tmp_path), "argv": argv, "setup": list(setup),
            "every": every, "at_renames": at_renames, "no_exchange": no_exchange}
    done = subprocess.run([sys.executable, "-c", _KILLER, json.dumps(spec)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines[0]["changes"]) >= 3, lines[0]  # the hook saw the run's writes
    return lines[1:]


def check_kills(kills: list[dict], final: str, *, two_renames: bool = False) -> None:
    """After each kill: every earlier file as it was (or, between the two renames of a swap
    without RENAME_EXCHANGE, the whole earlier folder in a hidden retired folder), new paths only
    hidden leftovers; after the next run: exit 0, and exactly the earlier tree, nothing left."""
    for kill in kills:
        k, before, after = kill["k"], kill["before"], kill["after_kill"]
        assert kill["killed"] == -signal.SIGKILL, k
        assert leftovers(after, before) == [], k
        # Byte for byte, but for a .duckdb's random header: a kill after the swap finds the new
        # output, whose panel.duckdb has another one.
        missing = {p: h for p, h in reproducible(before).items() if after.get(p) != h}
        if missing and two_renames:  # the whole earlier folder, retired beside it
            assert final + "/" not in after and all(p.startswith(final + "/") for p in missing), (k, missing)
            parent = os.path.dirname(final)
            retired = [p[:-1] for p in after if p.endswith("/") and os.path.dirname(p[:-1]) == parent
                       and ".old-" in p]
            assert any(all(after.get(r + p[len(final):]) == h for p, h in missing.items())
                       for r in retired), (k, "the earlier output is nowhere")
        else:
            assert missing == {}, (k, sorted(missing))
        assert kill["rerun"] == 0, (k, kill["err"])
        assert reproducible(kill["after_rerun"]) == reproducible(before), (k, sorted(
            set(kill["after_rerun"]) ^ set(before)))


def test_kill_9_at_every_step_of_extract_keeps_the_earlier_dataset(tmp_path):
    """The earlier dataset has a version history (an earlier text, then the seed), so a rerun
    that lost it would write 1.0.0 again instead of the same bytes."""
    first = tmp_path / "first.txt"
    first.write_text("\n".join(SEED_REPORT.read_text(encoding="utf-8").splitlines()[:80]), encoding="utf-8")
    data = str(tmp_path / "root" / "data")
    argv = ["extract", str(SEED_REPORT), "--data-dir", data]
    kills = kill_at_every_step(tmp_path, argv, setup=[["extract", str(first), "--data-dir", data]])
    assert len(kills) >= 15
    check_kills(kills, "data/" + "/".join(SEED_DATASET))


def test_kill_9_between_the_renames_of_a_two_step_swap_loses_nothing(tmp_path):
    """Where folders cannot be exchanged in one step, the swap is two renames; a run killed
    between them leaves the earlier dataset only in its retired folder, and the next run must
    put it back (not sweep it away with the version history it holds)."""
    first = tmp_path / "first.txt"
    first.write_text("\n".join(SEED_REPORT.read_text(encoding="utf-8").splitlines()[:80]), encoding="utf-8")
    data = str(tmp_path / "root" / "data")
    argv = ["extract", str(SEED_REPORT), "--data-dir", data]
    kills = kill_at_every_step(tmp_path, argv, no_exchange=True, at_renames=True,
                               setup=[["extract", str(first), "--data-dir", data]])
    check_kills(kills, "data/" + "/".join(SEED_DATASET), two_renames=True)
    final = "data/" + "/".join(SEED_DATASET) + "/"
    assert any(final not in k["after_kill"] for k in kills), "no kill fell between the two renames"


def test_kill_9_while_writing_o_file_keeps_the_earlier_file(tmp_path):
    out = str(tmp_path / "root" / "figures.csv")
    kills = kill_at_every_step(tmp_path, ["extract", str(SEED_REPORT), "--no-save", "-o", out],
                               setup=[["extract", str(SEED_REPORT), "--no-save", "-o", out]])
    check_kills(kills, "figures.csv")


def test_kill_9_during_a_panel_keeps_the_earlier_panel(tmp_path, seed_dir):
    out = str(tmp_path / "root" / "panel")
    argv = panel_args(seed_dir, Path(out), "--executor", "serial")
    kills = kill_at_every_step(tmp_path, argv, setup=[argv], every=6)
    check_kills(kills, "panel")


@slow
def test_kill_9_from_outside_at_random_moments(tmp_path, reference):
    """Real `gwr extract` processes killed after a range of delays (the deterministic test above
    covers every step; this one also covers the moments between them)."""
    data = tmp_path / "data"
    assert gwr(*extract_args(data)).returncode == 0
    before = digest(data)
    for delay in [0.2 + 0.05 * i for i in range(24)]:
        proc = subprocess.Popen([sys.executable, "-m", "helpers", *extract_args(data)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        now = digest(data)
        assert leftovers(now, before) == [], delay
        assert {p: now.get(p) for p in before} == before, delay
    again = gwr(*extract_args(data))
    assert again.returncode == 0, again.stderr
    assert digest(data) == before == reference["data"]


# --- several writers at once -----------------------------------------------------------------


def run_at_once(commands: list[list[str]]) -> list[tuple[int, str]]:
    procs = [subprocess.Popen([sys.executable, "-m", "helpers", *c], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for c in commands]
    return [(p.wait(timeout=180), p.stderr.read()) for p in procs]


def test_five_extracts_of_one_report_into_one_folder_at_once(tmp_path, reference):
    data = tmp_path / "data"
    results = run_at_once([["extract", str(SEED_REPORT), "--data-dir", str(data)]] * 5)
    assert [code for code, _ in results] == [0] * 5, results
    assert digest(data) == reference["data"]  # one whole dataset, nothing left beside it


def extracts_alone_and_at_once(tmp_path, reports: list[Path]) -> None:
    alone = tmp_path / "alone"
    for report in reports:
        assert main(["extract", str(report), "--data-dir", str(alone), "-o", str(tmp_path / "alone.csv")]) == 0
    together = tmp_path / "together"
    results = run_at_once([["extract", str(r), "--data-dir", str(together)] for r in reports * 2])
    assert [code for code, _ in results] == [0] * len(reports) * 2, results
    assert digest(together) == digest(alone)


def test_extracts_of_two_reports_into_one_data_folder_at_once(tmp_path):
    """Two years of one region: two datasets in one parent folder, under one lock."""
    extracts_alone_and_at_once(tmp_path, sorted(seed_years(tmp_path / "reports", [2025, 2026]).iterdir()))


@slow
def test_extracts_of_several_regions_into_one_data_folder_at_once(tmp_path):
    names = ["national_2025.txt", "guangdong_2025.txt", "jiangsu_2025.txt"]
    if not all((SHARED_CORPUS / n).is_file() for n in names):
        pytest.skip(f"needs {', '.join(names)} in {SHARED_CORPUS}")
    extracts_alone_and_at_once(tmp_path, [SEED_REPORT] + [SHARED_CORPUS / n for n in names])


def test_two_panels_into_one_folder_at_once(tmp_path, seed_dir, reference):
    out = tmp_path / "panel"
    results = run_at_once([panel_args(seed_dir, out, "--jobs", "1")] * 2)
    assert [code for code, _ in results] == [0, 0], results
    assert reproducible(digest(out)) == reference["panel"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["panel", "reports"]


# --- a full disk, a read-only folder (injected) ------------------------------------------------


class Fault:
    """Make the `at`-th change under `root` fail with OSError(`code`): a folder made, a file
    created, a file opened for writing (ENOSPC: its first write fails after half the bytes, as
    on a real disk filling up), a rename. `at=None` only counts the changes."""

    def __init__(self, monkeypatch, root: Path, code: int, at: int | None):
        self.root, self.code, self.at, self.count = str(root), code, at, 0
        real_mkdir, real_open, real_io_open, real_replace = os.mkdir, os.open, io.open, os.replace

        def mkdir(path, *a, **k):
            if not os.path.lexists(path):  # mkdir of an existing folder is no change
                self._step(path)
            return real_mkdir(path, *a, **k)

        def os_open(path, flags, *a, **k):
            if flags & os.O_CREAT:
                self._step(path)
            return real_open(path, flags, *a, **k)

        def io_open(file, mode="r", *a, **k):
            if not any(c in mode for c in "wax+"):
                return real_io_open(file, mode, *a, **k)
            where = os.readlink(f"/proc/self/fd/{file}") if isinstance(file, int) else file
            if self.code == errno.ENOSPC and self._under(where) and self._next():
                return _FillsUp(real_io_open(file, mode, *a, **k), self._error(where))
            if self.code != errno.ENOSPC:
                self._step(where)
            return real_io_open(file, mode, *a, **k)

        def replace(src, dst, *a, **k):
            self._step(dst)
            return real_replace(src, dst, *a, **k)

        monkeypatch.setattr(os, "mkdir", mkdir)
        monkeypatch.setattr(os, "open", os_open)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(io, "open", io_open)
        monkeypatch.setattr(builtins, "open", io_open)

    def _under(self, path) -> bool:
        return not isinstance(path, int) and os.fsdecode(os.fspath(path)).startswith(self.root)

    def _next(self) -> bool:
        """Count one change; True when it is the one that fails."""
        hit = self.count == self.at
        self.count += 1
        return hit

    def _error(self, path) -> OSError:
        return OSError(self.code, os.strerror(self.code), os.fspath(path))

    def _step(self, path) -> None:
        if self._under(path) and self._next():
            raise self._error(path)


class _FillsUp:
    def __init__(self, fh, error: OSError):
        self._fh, self._error = fh, error

    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        raise self._error

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


def fail_at_every_step(monkeypatch, capsys, root: Path, code: int, argv: list[str], *words: str) -> int:
    """Run `argv` once per change it makes under `root`, that change failing with `code`: each
    run stops with one line and leaves `root` exactly as it was. Returns the number of changes."""
    with monkeypatch.context() as m:
        counter = Fault(m, root, code, None)
        assert run_main(capsys, *argv)[0] == 0
        steps = counter.count
    assert steps >= 3
    before = digest(root)
    for at in range(steps):
        with monkeypatch.context() as m:
            Fault(m, root, code, at)
            result = run_main(capsys, *argv)
        assert_one_line_user_error(*result, *words)
        assert digest(root) == before, (at, result)
    return steps


@pytest.mark.parametrize("output", ["dataset", "-o file"])
@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, ("no space left",)),
                                             (errno.EROFS, ("read-only",)),
                                             (errno.EACCES, ("permission denied",))])
def test_extract_on_a_full_or_read_only_disk_fails_in_one_line(tmp_path, monkeypatch, capsys, code, words, output):
    root = tmp_path / "root"
    root.mkdir()
    argv = (["extract", str(SEED_REPORT), "--data-dir", str(root / "data")] if output == "dataset" else
            ["extract", str(SEED_REPORT), "--no-save", "-o", str(root / "figures.csv")])
    assert run_main(capsys, *argv)[0] == 0
    steps = fail_at_every_step(monkeypatch, capsys, root, code, argv, *words)
    assert steps >= (8 if output == "dataset" else 2)  # the stage, its files, the marker, the swap


def test_panel_on_a_full_disk_fails_in_one_line(tmp_path, monkeypatch, capsys, seed_dir):
    """(A read-only one: the real read-only mount below.)"""
    root = tmp_path / "root"
    argv = panel_args(seed_dir, root / "panel", "--executor", "serial")
    assert run_main(capsys, *argv)[0] == 0
    fail_at_every_step(monkeypatch, capsys, root, errno.ENOSPC, argv, "no space left")


def test_figures_to_a_full_standard_output_fail_in_one_line():
    """/dev/full: every write fails with ENOSPC (a real one, no mount needed)."""
    with open("/dev/full", "wb") as full:
        done = gwr("extract", str(SEED_REPORT), "--no-save", stdout=full)
    assert_one_line_user_error(done.returncode, done.stderr, "no space left")


# --- a full disk, a read-only folder (real) ---------------------------------------------------


@contextmanager
def mounted(folder: Path, *options: str):
    """A tmpfs mounted on `folder` for the test (skips where mounting is not permitted)."""
    folder.mkdir(exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command: the injected faults above cover this")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(["size=8m", *options]), "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode}): "
                    "the injected faults above cover this")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True, capture_output=True)


def fill_to(folder: Path, spare: int) -> None:
    """Shrink the tmpfs on `folder` to what it holds plus `spare` bytes."""
    st = os.statvfs(folder)
    used = (st.f_blocks - st.f_bfree) * st.f_frsize
    remount(folder, f"size={used + spare}")


@pytest.mark.parametrize("command", ["extract", "panel"])
def test_a_really_full_disk_fails_in_one_line_and_keeps_the_earlier_output(tmp_path, capsys, seed_dir, command):
    with mounted(tmp_path / "fs") as fs:
        argv = (["extract", str(SEED_REPORT), "--data-dir", str(fs / "data")]
                if command == "extract" else panel_args(seed_dir, fs / "panel", "--executor", "serial"))
        assert run_main(capsys, *argv)[0] == 0
        before = digest(fs)
        fill_to(fs, 64 * 1024)  # room for a file or two, not for a second copy of the output
        assert_one_line_user_error(*run_main(capsys, *argv), "no space left")
        assert digest(fs) == before
        remount(fs, "size=8m")
        assert run_main(capsys, *argv)[0] == 0  # with room again, the next run just works
        assert reproducible(digest(fs)) == reproducible(before)


def test_a_read_only_mount_fails_in_one_line(tmp_path, capsys, seed_dir):
    with mounted(tmp_path / "fs") as fs:
        data, out = fs / "data", fs / "figures.csv"
        assert run_main(capsys, "extract", str(SEED_REPORT), "--data-dir", str(data), "-o", str(out))[0] == 0
        assert run_main(capsys, *panel_args(seed_dir, fs / "panel", "--executor", "serial"))[0] == 0
        before = digest(fs)
        remount(fs, "ro")
        for argv in (["extract", str(SEED_REPORT), "--data-dir", str(data)],
                     ["extract", str(SEED_REPORT), "--data-dir", str(fs / "new")],
                     ["extract", str(SEED_REPORT), "--no-save", "-o", str(out)],
                     panel_args(seed_dir, fs / "panel", "--executor", "serial")):
            assert_one_line_user_error(*run_main(capsys, *argv), "read-only file system")
        assert digest(fs) == before


def test_a_folder_without_write_permission_fails_in_one_line(tmp_path, capsys):
    data = tmp_path / "data"
    argv = ["extract", str(SEED_REPORT), "--data-dir", str(data)]
    assert run_main(capsys, *argv)[0] == 0
    before = digest(data)
    parent = data / SEED_DATASET[0]
    parent.chmod(0o555)
    try:
        try:
            (parent / ".probe").touch()
        except PermissionError:
            pass
        else:
            (parent / ".probe").unlink()
            pytest.skip("permission bits do not stop this user (root): the read-only mount and "
                        "the injected EACCES cover this")
        assert_one_line_user_error(*run_main(capsys, *argv), "permission denied")
    finally:
        parent.chmod(0o755)
    assert digest(data) == before


# --- damaged earlier outputs -----------------------------------------------------------------


def _cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _cut_in_a_character(path: Path) -> None:
    data = path.read_bytes()
    at = next(i for i, b in enumerate(data) if b >= 0xC0)  # the first byte of a multi-byte character
    path.write_bytes(data[: at + 1])


DAMAGES = {
    "datapackage.json cut in half": ("datapackage.json", _cut),
    "datapackage.json cut inside a character": ("datapackage.json", _cut_in_a_character),
    "datapackage.json empty": ("datapackage.json", lambda p: p.write_bytes(b"")),
    "datapackage.json a list": ("datapackage.json", lambda p: p.write_text("[]\n")),
    "marker cut in half": (atomic.MARKER, _cut),
    "figures.parquet cut in half": ("figures.parquet", _cut),
    "figures.csv cut in half": ("figures.csv", _cut),
    "report.json cut in half": ("report.json", _cut),
    "CHANGELOG.md empty": ("CHANGELOG.md", lambda p: p.write_bytes(b"")),
}
# The descriptor holds the version history: without it the next version cannot be told, so the
# run stops and leaves it for the user to look at. The marker tells gwr's files from the user's:
# without it gwr cannot know what it may replace. Anything else is rewritten from the report.
REFUSED = {"datapackage.json": ("datapackage.json",), atomic.MARKER: ("marker",)}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("command", ["extract", "panel"])
def test_a_damaged_earlier_output_does_not_crash_the_next_run(tmp_path, capsys, seed_dir, reference,
                                                              command, damage):
    name, how = DAMAGES[damage]
    if command == "extract":
        out = tmp_path / "data"
        argv = ["extract", str(SEED_REPORT), "--data-dir", str(out)]
        folder = out.joinpath(*SEED_DATASET)
    else:
        out = folder = tmp_path / "panel"
        argv = panel_args(seed_dir, out, "--executor", "serial")
    assert run_main(capsys, *argv)[0] == 0
    how(folder / name)
    before = digest(out)
    code, err = run_main(capsys, *argv)
    if name in REFUSED:
        assert_one_line_user_error(code, err, *REFUSED[name])
        assert digest(out) == before
    else:
        assert code == 0, err
        assert "Traceback" not in err
        expected = reference["data"] if command == "extract" else reference["panel"]
        assert reproducible(digest(out)) == expected


def test_a_damaged_earlier_table_still_gives_the_next_version(tmp_path, capsys):
    """A new version reads the earlier figures to count what changed; damaged, it is written
    without the counts rather than not at all."""
    first = tmp_path / "first.txt"
    first.write_text("\n".join(SEED_REPORT.read_text(encoding="utf-8").splitlines()[:80]), encoding="utf-8")
    data = tmp_path / "data"
    assert run_main(capsys, "extract", str(first), "--data-dir", str(data))[0] == 0
    folder = data.joinpath(*SEED_DATASET)
    for name in ("figures.parquet", "figures.csv"):
        _cut(folder / name)
    code, err = run_main(capsys, "extract", str(SEED_REPORT), "--data-dir", str(data))
    assert code == 0, err
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "1.0.1"


def test_leftovers_of_dead_runs_are_swept_and_a_live_runs_are_not(tmp_path):
    """The sweep tells a killed run's leftovers (dead pid) from those of a run under way."""
    parent = tmp_path / "data"
    parent.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    names = [f".2025.stage-{dead}-0123abcd", f".2025.tmp-{dead}-a_b3c4d5", f".2025.stage-{os.getpid()}-0123abcd",
             f".2024.stage-{dead}-0123abcd"]
    for name in names:
        (parent / name).mkdir()
    atomic.sweep_leftovers(parent, "2025")
    assert sorted(p.name for p in parent.iterdir()) == sorted(names[2:])
