""".zenodo.json is CITATION.cff for Zenodo: the same title, version, authors, licence, keywords,
description and data version, and regenerated rather than edited."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from helpers.errors import InputError
from helpers.output import release
from helpers.paths import PROJECT_ROOT

SEMVER = re.compile(r"\d+\.\d+\.\d+")


@pytest.fixture(scope="module")
def cff():
    return yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def zenodo():
    return json.loads((PROJECT_ROOT / ".zenodo.json").read_text(encoding="utf-8"))


def test_zenodo_json_is_generated_from_citation_cff():
    text = (PROJECT_ROOT / ".zenodo.json").read_text(encoding="utf-8")
    assert text == release.zenodo_json(), "stale: run python -m helpers.output.release --write"
    assert release.main(["--check"]) == 0


def test_the_two_agree_field_by_field(cff, zenodo):
    assert zenodo["title"] == cff["title"]
    assert zenodo["version"] == cff["version"]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert zenodo["license"] == cff["license"]
    assert zenodo["keywords"] == cff["keywords"]
    assert zenodo["description"] == " ".join(cff["abstract"].split())
    assert zenodo["upload_type"] == "software"


def test_both_state_the_same_data_version(cff, zenodo):
    version = release.data_version(cff)
    assert SEMVER.fullmatch(version)
    assert zenodo["notes"].startswith(f"Data version {version}:")
    assert version != "" and cff["version"] != f"data-version {version}"  # two versions, cited apart


def test_a_stale_or_broken_citation_is_caught(tmp_path, cff):
    shutil.copy(PROJECT_ROOT / "CITATION.cff", tmp_path / "CITATION.cff")
    assert release.zenodo_json(tmp_path) == release.zenodo_json()
    changed = dict(cff, version="9.9.9")
    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    assert json.loads(release.zenodo_json(tmp_path))["version"] == "9.9.9"
    without = {k: v for k, v in cff.items() if k != "identifiers"}
    with pytest.raises(InputError, match="states no data version"):
        release.data_version(without)
    with pytest.raises(InputError, match="not MAJOR.MINOR.PATCH"):
        release.data_version({"identifiers": [{"type": "other", "value": "data-version v1"}]})


def test_person_authors_become_zenodo_creators():
    creator = release._creator({"family-names": "Li", "given-names": "Xing", "orcid": "https://orcid.org/0000-0002-1694-233X",
                                "affiliation": "PKU"})
    assert creator == {"name": "Li, Xing", "orcid": "0000-0002-1694-233X", "affiliation": "PKU"}
