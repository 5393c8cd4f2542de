"""Issue 14, items 1-4: outputs never destroy a device, one of the run's own files, or a file's mode.

Devices are never the real /dev/null or /dev/full: a test that wrote to them with a broken writer
would replace the device node for the whole machine. The device tests make their own node in a
temporary folder (root only) with the same major and minor numbers.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main

RULES = """\
schema = 1
extends = "default"
"""
GOOD = {"handle": "alpha", "platform": "instagram", "followers": 20000,
        "posts": [{"id": "p1", "posted_at": "2024-05-01T10:00:00Z", "likes": 300, "comments": 2, "caption": "hi"}]}
BAD = {"handle": "", "platform": "instagram", "followers": 5}


@pytest.fixture
def run_files(tmp_path, write_rules, write_creators):
    return write_creators([GOOD, BAD]), write_rules(RULES)


def score(*args: str):
    return CliRunner().invoke(main, ["score", *args, "-q"])


def no_leftovers(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".part")] == []


def make_device(path: Path, minor: int) -> Path:
    """A character device node like /dev/null (minor 3) or /dev/full (minor 7), in a tmp folder."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc}); needs root")
    return path


# --- 1. devices, FIFOs and stdout are written in place, never replaced ---

@pytest.mark.parametrize("option", ["-o", "--rejects"])
def test_output_onto_a_null_device_keeps_the_device(run_files, tmp_path, option):
    creators, rules = run_files
    null = make_device(tmp_path / "null", 3)
    before = os.lstat(null)
    args = [str(creators), "--rules", str(rules), option, str(null)]
    if option == "--rejects":
        args += ["-o", str(tmp_path / "out.csv")]
    result = score(*args)
    assert result.exit_code == 0, result.output
    mode = os.lstat(null).st_mode
    assert stat.S_ISCHR(mode), "the device node was replaced by a regular file"
    assert (stat.S_IMODE(mode), os.lstat(null).st_ino) == (stat.S_IMODE(before.st_mode), before.st_ino)
    no_leftovers(tmp_path)


def test_output_onto_a_full_device_is_one_line_exit_6_and_no_rejects_file(run_files, tmp_path):
    creators, rules = run_files
    full = make_device(tmp_path / "full", 7)
    rejects = tmp_path / "rejects.jsonl"
    result = score(str(creators), "--rules", str(rules), "-o", str(full), "--format", "csv", "--rejects", str(rejects))
    assert result.exit_code == 6
    assert result.output.strip().splitlines() == [f"brandfit: error: -o {full}: cannot write: No space left on device"]
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert not rejects.exists(), "a rejects file was committed beside results that were never written"
    no_leftovers(tmp_path)


def test_output_onto_a_fifo_writes_into_the_fifo(run_files, tmp_path):
    creators, rules = run_files
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = score(str(creators), "--rules", str(rules), "-o", str(fifo), "--format", "jsonl")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [json.loads(line)["handle"] for line in got[0].decode().splitlines()] == ["alpha"]
    no_leftovers(tmp_path)


@pytest.mark.slow
def test_stdout_on_a_full_device_is_one_line_exit_6(run_files, tmp_path):
    creators, rules = run_files
    full = make_device(tmp_path / "full", 7)
    with open(full, "w") as out:
        done = subprocess.run([str(Path(sys.executable).parent / "brandfit"), "score", str(creators), "--rules",
                               str(rules), "--format", "csv", "-q"], stdout=out, stderr=subprocess.PIPE, text=True,
                              timeout=120)
    assert done.returncode == 6
    assert done.stderr.splitlines() == ["brandfit: error: -o -: cannot write: No space left on device"]


# --- 2. an output may not be one of the run's own files ---

def _clash_cases(tmp_path: Path, creators: Path, rules: Path):
    map_file = tmp_path / "map.toml"
    map_file.write_text('format = "jsonl"\n[columns]\nhandle = "handle"\n', encoding="utf-8")
    (tmp_path / "hard.jsonl").hardlink_to(creators)
    (tmp_path / "soft.jsonl").symlink_to(creators)
    child = tmp_path / "child.toml"
    child.write_text(f'schema = 1\nextends = "{rules.name}"\n', encoding="utf-8")
    out = str(tmp_path / "x.csv")
    return {
        "-o input": (["--rules", str(rules), "-o", str(creators)], creators, "-o"),
        "--rejects input": (["--rules", str(rules), "--rejects", str(creators), "-o", out], creators, "--rejects"),
        "-o x --rejects x": (["--rules", str(rules), "-o", out, "--rejects", out], None, "--rejects"),
        "-o rule file": (["--rules", str(rules), "-o", str(rules), "--format", "csv"], rules, "-o"),
        "-o extended rule file": (["--rules", str(child), "-o", str(rules), "--format", "csv"], rules, "-o"),
        "-o map": (["--rules", str(rules), "--map", str(map_file), "-o", str(map_file), "--format", "csv"], map_file, "-o"),
        "hard link to input": (["--rules", str(rules), "-o", str(tmp_path / "hard.jsonl")], creators, "-o"),
        "symlink to input": (["--rules", str(rules), "-o", str(tmp_path / "soft.jsonl")], creators, "-o"),
        "--rejects - and results on stdout": (["--rules", str(rules), "--rejects", "-"], None, "--rejects"),
    }


@pytest.mark.parametrize("case", ["-o input", "--rejects input", "-o x --rejects x", "-o rule file",
                                  "-o extended rule file", "-o map", "hard link to input", "symlink to input",
                                  "--rejects - and results on stdout"])
def test_an_output_that_is_a_run_file_is_refused_with_exit_2(run_files, tmp_path, case):
    creators, rules = run_files
    args, kept, option = _clash_cases(tmp_path, creators, rules)[case]
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = score(str(creators), *args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"brandfit: error: {option} "), lines
    assert {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
    if kept is not None:
        assert str(kept) in lines[0] or kept.name in lines[0]


def test_two_outputs_on_a_null_device_are_allowed(run_files, tmp_path):
    creators, rules = run_files
    null = make_device(tmp_path / "null", 3)
    result = score(str(creators), "--rules", str(rules), "-o", str(null), "--rejects", str(null), "--format", "csv")
    assert result.exit_code == 0, result.output


# --- 3. an output that cannot be written fails before scoring, in one line ---

@pytest.fixture
def no_scoring(monkeypatch):
    import brandfit.run.pipeline

    def scored(*args, **kwargs):
        raise AssertionError("scoring started before the outputs were checked")

    monkeypatch.setattr(brandfit.run.pipeline, "stream_scoring", scored)


@pytest.mark.parametrize("where, message", [
    ("missing/out.csv", "directory {tmp}/missing does not exist"),
    (".", "is a directory; give a file name"),
])
def test_an_unwritable_output_fails_before_scoring(run_files, tmp_path, no_scoring, where, message):
    creators, rules = run_files
    target = str(tmp_path / where)
    rejects = tmp_path / "rejects.jsonl"
    result = score(str(creators), "--rules", str(rules), "-o", target, "--rejects", str(rejects))
    assert result.exit_code == 6
    assert result.output.strip().splitlines() == [f"brandfit: error: -o {target}: " + message.format(tmp=tmp_path)]
    assert not rejects.exists()
    no_leftovers(tmp_path)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_fails_before_scoring(run_files, tmp_path, no_scoring):
    creators, rules = run_files
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = score(str(creators), "--rules", str(rules), "-o", str(folder / "out.csv"))
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 6
    assert result.output.startswith(f"brandfit: error: -o {folder / 'out.csv'}: cannot create a file in")


def test_an_input_error_leaves_no_rejects_file(tmp_path, write_rules):
    rules = write_rules(RULES)
    bad = tmp_path / "in.jsonl"
    bad.write_bytes(b'{"handle": "a"}\n')
    rejects = tmp_path / "rejects.jsonl"
    result = score(str(tmp_path / "absent.jsonl"), "--rules", str(rules), "--rejects", str(rejects))
    assert result.exit_code == 4
    assert not rejects.exists()
    no_leftovers(tmp_path)


# --- 4. modes, umask and symlinks ---

@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_a_new_output_gets_the_umask_mode(run_files, tmp_path, umask_027):
    creators, rules = run_files
    out, rejects = tmp_path / "out.csv", tmp_path / "rejects.jsonl"
    assert score(str(creators), "--rules", str(rules), "-o", str(out), "--rejects", str(rejects)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o640


def test_an_existing_output_keeps_its_mode(run_files, tmp_path, umask_027):
    creators, rules = run_files
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    out.chmod(0o664)
    assert score(str(creators), "--rules", str(rules), "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o664
    assert out.read_text().startswith("rank,")


def test_an_output_symlink_is_written_through(run_files, tmp_path):
    creators, rules = run_files
    real = tmp_path / "real" / "out.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    assert score(str(creators), "--rules", str(rules), "-o", str(link)).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("rank,")
    no_leftovers(tmp_path)
    no_leftovers(real.parent)
