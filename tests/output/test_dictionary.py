"""The README's data dictionary is generated from helpers.metadata.columns and kept in step with it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers.metadata.columns import FIGURE_COLUMNS
from helpers.output.dictionary import (
    END_MARKER,
    START_MARKER,
    check_readme,
    has_markers,
    main,
    render_data_dictionary,
    update_readme,
)
from helpers.paths import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"


def test_dictionary_has_one_row_per_column_in_schema_order():
    lines = render_data_dictionary().splitlines()
    assert lines[0] == "| Column | Type | Required | Allowed values | Description |"
    rows = lines[2:]
    assert [r.split("|")[1].strip() for r in rows] == [f"`{c.name}`" for c in FIGURE_COLUMNS]
    kind = next(r for r in rows if r.startswith("| `kind` "))
    assert "| string | yes | `result`, `target`, `context` |" in kind
    direction = next(r for r in rows if r.startswith("| `direction` "))
    assert "| no | `up`, `down` or empty |" in direction
    # Every row has exactly the 5 cells of the header (no stray pipes from descriptions).
    assert all(r.replace(r"\|", "").count("|") == 6 for r in rows)


def test_update_then_check_roundtrip_leaves_the_rest_intact():
    readme = f"# Title\n\nIntro.\n\n{START_MARKER}\nold table\n{END_MARKER}\n\n## After\ntext\n"
    assert has_markers(readme) and not check_readme(readme)
    updated = update_readme(readme)
    assert check_readme(updated)
    assert updated.startswith("# Title\n\nIntro.\n\n") and updated.endswith(f"{END_MARKER}\n\n## After\ntext\n")
    assert update_readme(updated) == updated
    assert not check_readme("no markers here")
    with pytest.raises(ValueError, match="no <!-- data-dictionary:start -->"):
        update_readme("no markers here")


def test_cli_write_and_check(tmp_path, capsys):
    path = tmp_path / "README.md"
    path.write_text(f"x\n{START_MARKER}\n{END_MARKER}\n", encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert "stale" in capsys.readouterr().err
    assert main(["--write", str(path)]) == 0
    assert main(["--check", str(path)]) == 0
    assert check_readme(path.read_text(encoding="utf-8"))
    bare = tmp_path / "bare.md"
    bare.write_text("no block\n", encoding="utf-8")
    assert main(["--write", str(bare)]) == 2
    assert bare.read_text(encoding="utf-8") == "no block\n"
    assert "has no <!-- data-dictionary:start -->" in capsys.readouterr().err


def test_module_entry_point_prints_the_table():
    out = subprocess.run([sys.executable, "-m", "helpers.output.dictionary"], capture_output=True, text=True,
                         check=True).stdout
    assert out == render_data_dictionary()


def test_readme_block_is_up_to_date():
    if not README.is_file():
        pytest.skip("README.md does not exist yet (the lead writes it)")
    text = README.read_text(encoding="utf-8")
    if not has_markers(text):
        pytest.skip(f"README.md lacks the {START_MARKER} … {END_MARKER} markers (the lead adds them)")
    assert check_readme(text), "README data dictionary is stale: run python -m helpers.output.dictionary --write README.md"
