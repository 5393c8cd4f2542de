"""Every `$ brandfit ...` example of docs/cli.md runs, and prints what the page shows.

A console block is read as a little session: `$ cat FILE` followed by lines writes FILE (so the
page's bad.toml is the file checked), and each `$ brandfit ...` command runs in a scratch folder
that sees the repository's rules/ and examples/, with its output compared to the lines shown.
A line "..." (or ending in "...") on the page stands for any number of lines, so the page may
shorten long outputs; every other line must appear, in order. Commands with shell pipes,
redirections or environment variables, and examples that need a plugin this repository does not
install, are not run.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs" / "cli.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def sessions() -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(first command, [(command line, expected lines)]) per console block of the page."""
    found = []
    for block in BLOCK.findall(PAGE.read_text()):
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        if steps:
            found.append((steps[0][0], steps))
    return found


def split_env(command: str) -> tuple[dict[str, str], list[str]]:
    """`COLUMNS=100 brandfit ...` -> ({"COLUMNS": "100"}, ["brandfit", ...])."""
    words = shlex.split(command)
    env = {}
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    return env, words


def runnable(command: str, expected: list[str]) -> bool:
    _, words = split_env(command)
    return (bool(words) and words[0] in ("brandfit", "cat") and not {"|", ">", "<"} & set(words)
            and not any("cadence" in line for line in expected))


def _same_line(want: str, got: str) -> bool:
    """A line as the page shows it: equal but for trailing spaces, or "text..." for a line cut short."""
    if want.endswith("..."):
        return got.startswith(want[:-3])
    return got.rstrip() == want.rstrip()


def matches(expected: list[str], actual: list[str]) -> str | None:
    """None if ``actual`` has every expected line in order ("..." lines skip any number), else why not."""
    at = 0
    skipping = False
    for want in expected:
        if want.strip() == "..." or (want.endswith("...") and want.strip().startswith("...")):
            skipping = True
            continue
        while at < len(actual) and not _same_line(want, actual[at]):
            if not skipping:
                return f"expected {want!r}, got {actual[at]!r}"
            at += 1
        if at == len(actual):
            return f"expected {want!r}, not in the output"
        at += 1
        skipping = False
    return None


@pytest.mark.parametrize("first, steps", sessions(), ids=[first for first, _ in sessions()])
def test_docs_cli_example_output(first, steps, tmp_path, monkeypatch):
    for name in ("rules", "examples"):
        (tmp_path / name).symlink_to(REPO / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    ran = 0
    for command, expected in steps:
        if not runnable(command, expected):
            continue
        env, words = split_env(command)
        if words[0] == "cat":
            if not (tmp_path / words[1]).exists():
                (tmp_path / words[1]).write_text("\n".join(expected) + "\n")
            continue
        inputs = [w for before, w in zip(words, words[1:], strict=False) if before not in ("-o", "--output", "--rejects")]
        missing = [w for w in inputs if "/" not in w and w.endswith((".csv", ".jsonl", ".toml")) and not Path(w).exists()]
        if missing:
            continue  # the page's own example files (creators.csv) are not in the repository
        result = CliRunner().invoke(main, _globbed(words[1:]), env=env)
        assert "Traceback" not in result.output
        # the page shows a command's results, then its messages (standard error) as a terminal does
        problem = matches(expected, result.stdout.splitlines() + result.stderr.splitlines())
        assert problem is None, f"docs/cli.md `$ {command}`: {problem}"
        ran += 1
    if not ran:
        pytest.skip("nothing in this example can run here")


def _globbed(words: list[str]) -> list[str]:
    out = []
    for word in words:
        out.extend(sorted(str(p) for p in Path().glob(word)) if "*" in word else [word])
    return out
