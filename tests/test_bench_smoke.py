"""`make bench` cannot rot: one iteration of the whole harness, on both runtimes.

Not a timed test: it checks that every figure is measured and written, never how fast.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ["1", "1a", "1b", "2", "3", "3v", "4", "5"]
SMOKE = ["--runs", "1", "--warmup", "0", "--moves", "500", "--verifies", "2", "--profiles", "1"]


@pytest.mark.timeout(900)
def test_one_iteration_of_the_benchmarks_writes_every_figure(tmp_path):
    out = tmp_path / "results.md"
    # A subprocess: the harness runs its own servers and Playwright (the sync API cannot
    # nest inside the browser fixture's).
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", *SMOKE, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=880,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    table = out.read_text()
    figures = table.split("## Targets")[0]  # the main table comes first
    rows = [line.split("|")[1:-1] for line in figures.splitlines() if re.match(r"\| \d", line)]
    assert {cells[0].strip() for cells in rows} == set(FIGURES)
    for fig, what, pyodide, micropython in (map(str.strip, cells) for cells in rows):
        assert re.search(r"\d", pyodide), (fig, what)
        assert re.search(r"\d", micropython) or micropython == "(same)", (fig, what)
    assert "## Targets" in table and "wheel < 40 KB" in table
    for heading in ("Machine:", "Versions:", "Pyodide", "MicroPython", "Chromium"):
        assert heading in table
    raw = json.loads(out.with_suffix(".json").read_text())
    assert [len(raw["runs"][rt]) for rt in ("py", "mpy")] == [1, 1]
    assert all(run["python_calls"] == 0 for rt in ("py", "mpy") for run in raw["runs"][rt])
