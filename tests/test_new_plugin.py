"""`brandfit new-plugin` makes a package that installs, passes its own tests and is listed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main


@pytest.mark.slow  # pip install and a pytest run in subprocesses
def test_new_plugin_installs_passes_its_tests_and_is_listed(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new-plugin", "follow_ratio", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    package = tmp_path / "brandfit-follow-ratio"
    assert (package / "pyproject.toml").exists()

    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(package)],
        capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr
    env = dict(os.environ, PYTHONPATH=str(site))

    tests = subprocess.run([sys.executable, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout

    listing = subprocess.run([sys.executable, "-P", "-c", "from brandfit.cli import main; main()", "plugins"],
                             capture_output=True, text=True, env=env)
    line = next(s for s in listing.stdout.splitlines() if s.startswith("follow_ratio"))
    assert "brandfit-follow-ratio" in line and "0.1.0" in line and "ok" in line


def test_new_plugin_refuses_bad_names_and_existing_folders(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["new-plugin", "Bad-Name", "--dir", str(tmp_path)])
    assert bad.exit_code == 5
    assert "lower-case letters, digits and _" in bad.output
    assert runner.invoke(main, ["new-plugin", "dup", "--dir", str(tmp_path)]).exit_code == 0
    again = runner.invoke(main, ["new-plugin", "dup", "--dir", str(tmp_path)])
    assert again.exit_code == 5 and "already exists" in again.output
