"""Real reports from ../shared/corpus/: read in place, never copied into the project."""

import pytest

from helpers.paths import SHARED_CORPUS


def corpus_file(name: str):
    path = SHARED_CORPUS / name
    if not path.is_file():
        pytest.skip(f"../shared/corpus/{name} not present: the real-report corpus is only on developer and CI machines")
    return path


def corpus_texts():
    """Every report text of the corpus, whatever it holds (for parametrize: ids are the stems);
    one skipped parameter saying why when the folder is absent."""
    if not SHARED_CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(
            reason="../shared/corpus/ not present: the real-report corpus is only on developer and CI machines"))]
    return sorted(SHARED_CORPUS.glob("*.txt"))
