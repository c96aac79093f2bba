"""Real reports from ../shared/corpus/: read in place, never copied into the project."""

import pytest

from helpers.paths import SHARED_CORPUS


def corpus_file(name: str):
    path = SHARED_CORPUS / name
    if not path.is_file():
        pytest.skip(f"../shared/corpus/{name} not present: the real-report corpus is only on developer and CI machines")
    return path
