"""Release metadata: `.zenodo.json` (what Zenodo archives for a GitHub release) generated from
CITATION.cff, so that the two cannot disagree on title, version, authors, licence, keywords,
description and data version. tests/output/test_release.py fails when .zenodo.json is stale;
`python -m helpers.output.release --write` rewrites it.

Two versions are cited apart:
- the software version: CITATION.cff `version` = pyproject.toml = `gwr --version`;
- the data version: the `version` of the datapackage.json of the data published with the
  release (a panel built by `gwr panel`), bumped by the rules of helpers.output.datapackage.
  CFF 1.2.0 admits no custom keys, so CITATION.cff states it as an identifier
  (`type: other`, `value: data-version X.Y.Z`); .zenodo.json in its `notes`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from helpers.atomic import write_text
from helpers.errors import InputError
from helpers.metadata.layout import canonical_json
from helpers.paths import PROJECT_ROOT

CITATION_CFF = "CITATION.cff"
ZENODO_JSON = ".zenodo.json"
DATA_VERSION_PREFIX = "data-version "
_SEMVER = re.compile(r"\d+\.\d+\.\d+")


def read_cff(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path} is not a YAML mapping")
    return data


def data_version(cff: dict[str, Any]) -> str:
    """The data version CITATION.cff states (identifier `data-version X.Y.Z`)."""
    for ident in cff.get("identifiers") or []:
        value = str(ident.get("value", "")) if isinstance(ident, dict) else ""
        if ident.get("type") == "other" and value.startswith(DATA_VERSION_PREFIX):
            version = value.removeprefix(DATA_VERSION_PREFIX).strip()
            if not _SEMVER.fullmatch(version):
                raise InputError(f"{CITATION_CFF}: data version {version!r} is not MAJOR.MINOR.PATCH")
            return version
    raise InputError(f"{CITATION_CFF} states no data version (an identifier `{DATA_VERSION_PREFIX}X.Y.Z`)")


def _creator(author: dict[str, Any]) -> dict[str, str]:
    if "name" in author:
        creator = {"name": str(author["name"])}
    else:
        creator = {"name": ", ".join(str(author[k]) for k in ("family-names", "given-names") if k in author)}
    if author.get("affiliation"):
        creator["affiliation"] = str(author["affiliation"])
    if author.get("orcid"):
        creator["orcid"] = str(author["orcid"]).removeprefix("https://orcid.org/")
    return creator


def notes(version: str) -> str:
    return (f"Data version {version}: the version of the datapackage.json of the data published "
            "with this release; cite it beside the software version and the report(s) the figures "
            "come from (`gwr cite FIGURE_ID`).")


def zenodo_metadata(cff: dict[str, Any]) -> dict[str, Any]:
    """The .zenodo.json of a release, from CITATION.cff."""
    return {
        "title": str(cff["title"]),
        "version": str(cff["version"]),
        "upload_type": "software",
        "creators": [_creator(a) for a in cff.get("authors", [])],
        "license": str(cff["license"]),
        "keywords": [str(k) for k in cff.get("keywords", [])],
        "description": " ".join(str(cff.get("abstract", "")).split()),
        "notes": notes(data_version(cff)),
    }


def zenodo_json(root: Path = PROJECT_ROOT) -> str:
    return canonical_json(zenodo_metadata(read_cff(Path(root) / CITATION_CFF)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.output.release",
                                     description="Print, check or rewrite .zenodo.json from CITATION.cff.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help=f"rewrite {ZENODO_JSON}")
    group.add_argument("--check", action="store_true", help=f"exit 1 when {ZENODO_JSON} is stale")
    args = parser.parse_args(argv)
    try:
        text = zenodo_json()
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    path = PROJECT_ROOT / ZENODO_JSON
    if args.write:
        write_text(path, text)
    elif args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            print(f"{ZENODO_JSON} is stale; run python -m helpers.output.release --write", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
