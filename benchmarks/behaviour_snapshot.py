"""Record, then check, that a refactoring left behaviour unchanged, byte for byte.

    python benchmarks/behaviour_snapshot.py record snapshot.json   # before the change
    python benchmarks/behaviour_snapshot.py check snapshot.json    # after it: exit 1 on a difference

What it fingerprints, through the public commands only (so it survives any move of modules):
- `gwr extract --no-save` on the seed and on every report of ../shared/corpus/ (figures.csv bytes);
- `gwr panel` on the corpus and the seed (figures.csv, figures.parquet, report.json,
  datapackage.json; panel.duckdb by its tables, since DuckDB stamps a random id in its header);
- `gwr run` on the seed (every chart and table file, and every text output of every notebook cell);
- notebooks 04 and 05 executed with papermill on their defaults (text outputs of every cell).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "seeds" / "000_0d2928c2bee54200.txt"
GWR = [sys.executable, "-m", "helpers"]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, capture_output=True, cwd=ROOT, **kw)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{r.stderr.decode(errors='replace')}")
    return r


def _notebook_outputs(path: Path) -> str:
    """Every text a reader sees in a notebook's outputs, cell by cell (images by digest)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out["output_type"] == "stream":
                parts.append(f"{i}:{out['name']}:{''.join(out['text'])}")
            for mime, value in sorted(out.get("data", {}).items()):
                text = "".join(value) if isinstance(value, list) else str(value)
                parts.append(f"{i}:{mime}:{text if mime.startswith('text/') else _sha(text.encode())}")
            if out["output_type"] == "error":
                parts.append(f"{i}:error:{out['ename']}:{out['evalue']}")
    return "\n".join(parts)


def _duckdb_tables(path: Path) -> str:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        rows = [con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("figures", "reports")]
    return _sha(repr(rows).encode())


def snapshot() -> dict[str, str]:
    out: dict[str, str] = {}
    inputs = [SEED] + (sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else [])
    for path in inputs:
        out[f"extract/{path.name}"] = _sha(_run([*GWR, "extract", str(path), "--no-save"]).stdout)
        print(f"extract {path.name}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        panel = tmp / "panel"
        _run([*GWR, "panel", *map(str, inputs), "--out", str(panel), "--no-progress"])
        for name in ("figures.csv", "figures.parquet", "report.json", "datapackage.json"):
            out[f"panel/{name}"] = _sha((panel / name).read_bytes())
        out["panel/panel.duckdb tables"] = _duckdb_tables(panel / "panel.duckdb")
        print("panel", file=sys.stderr)
        run = tmp / "run"
        _run([*GWR, "run", "--out", str(run)])
        for path in sorted(run.rglob("*")):
            rel = path.relative_to(run).as_posix()
            if path.is_file() and path.suffix not in (".ipynb", ".html") and not rel.startswith("."):
                out[f"run/{rel}"] = _sha(path.read_bytes())
        for nb in sorted(run.glob("*.ipynb")):
            # the output folder as the notebooks print it (…/<tmp>/run) is the one thing that varies
            shown = _notebook_outputs(nb).replace(str(run), "OUT").replace(tmp.name, "TMP")
            out[f"run/{nb.name} outputs"] = _sha(shown.encode())
        print("run", file=sys.stderr)
        if CORPUS.is_dir():
            for name in ("04_target_achievement.ipynb", "05_panel.ipynb"):
                target = tmp / name
                _run([sys.executable, "-m", "papermill", str(ROOT / "notebooks" / name), str(target),
                      "--cwd", str(ROOT / "notebooks"), "--no-progress-bar"])
                out[f"notebook/{name} outputs"] = _sha(_notebook_outputs(target).encode())
                print(name, file=sys.stderr)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("record", "check"))
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    now = snapshot()
    if args.action == "record":
        args.file.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {len(now)} fingerprints in {args.file}")
        return 0
    before = json.loads(args.file.read_text(encoding="utf-8"))
    changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for key in changed:
        print(f"DIFFERS: {key}")
    print(f"{len(before) - len(changed)} of {len(before)} fingerprints identical")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
