"""Issue 14, items 17-20: what `rules check` accepts scores, and bad rule files are one-line errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main
from brandfit.rules.loading import key_lines

CREATOR = '{"handle":"ann","platform":"instagram","followers":20000,"posts":[{"id":"p1","likes":300,"caption":"a run"}]}\n'


def check(path: Path):
    return CliRunner().invoke(main, ["rules", "check", str(path)])


def one_error(result, *parts: str) -> str:
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("brandfit: error:")]
    for part in parts:
        assert part in line, line
    return line


# --- 17. bounds: anything `rules check` accepts must score ---

@pytest.mark.parametrize("body, key, expected", [
    ("[scorers.tier]\nweight = 1e308", "scorers.tier.weight", "expected 0 or a number from 1e-06 to 1e+06"),
    ("[scorers.tier]\nweight = 1e-320", "scorers.tier.weight", "expected 0 or a number from 1e-06 to 1e+06"),
    ("[tiers]\nmega = " + "1" + "0" * 41, "tiers.mega", "expected a number from -1e15 to 1e15, got one of 42 digits"),
    ("[scorers.values]\nrecent_posts = 9223372036854775808", "scorers.values.recent_posts", "got one of 19 digits"),
    ("[scorers.controversy.categories.politics]\ntolerance = 9223372036854775808",
     "scorers.controversy.categories.politics.tolerance", "got one of 19 digits"),
    ("[scorers.values]\ntarget_share = 1" + "0" * 400, "scorers.values.target_share", "got one of 401 digits"),
    ("[scorers.values.values.x]\nterms = []", "scorers.values.values.x.terms", "expected at least one term"),
    ('[scorers.values.values.x]\nterms = [""]', "scorers.values.values.x.terms[0]", "a term needs a letter or a digit"),
    ('[scorers.controversy.categories.x]\nterms = ["*"]', "scorers.controversy.categories.x.terms[0]",
     "a term needs a letter or a digit"),
])
def test_out_of_bounds_rules_are_refused_by_rules_check(write_rules, body, key, expected):
    rules = write_rules(f'schema = 1\nextends = "default"\n{body}\n')
    one_error(check(rules), f"{key}: ", expected)


def test_schema_must_be_the_integer_1(write_rules):
    one_error(check(write_rules("schema = 1.0\n[scorers.tier]\n")), "schema: expected 1, got number 1.0")


# --- 18. a regex-looking term is refused, not reinterpreted ---

@pytest.mark.parametrize("term", ["(a+)+$", "a|b", "[abc]", "^start", "colou?r", "run\\\\d", "mid*dle"])
def test_terms_outside_the_term_syntax_are_refused(write_rules, term):
    rules = write_rules(f'schema = 1\n[scorers.values.values.x]\nterms = ["ok", "{term}"]\n')
    one_error(check(rules), "scorers.values.values.x.terms[1]: ")


@pytest.mark.parametrize("term", ["vegan", "plant based", "#zerowaste", "@nike", "sustainab*", "*coin", "don't", "rock-n-roll"])
def test_terms_of_the_term_syntax_are_accepted(write_rules, term):
    rules = write_rules(f'schema = 1\n[scorers.values.values.x]\nterms = ["{term}"]\n')
    assert check(rules).exit_code == 0


# --- 19. the key-line scanner is linear ---

@pytest.fixture
def within_10_seconds():
    def expired(*_):
        raise TimeoutError("took more than 10 s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM")
def test_a_long_multiline_string_does_not_stall_the_key_scanner(within_10_seconds):
    # 31 s for 3 KB and 81 s for 4.5 KB with the old header pattern; cubic in the run of spaces
    text = 'schema = 1\nnote = """\n[' + " " * 4500 + 'a\n"""\n[scorers.tier]\nweight = 2\n'
    assert key_lines(text) == {"schema": 1, "note": 2, "scorers.tier": 5, "scorers.tier.weight": 6}


def test_lines_inside_a_multiline_string_are_not_keys():
    text = 'schema = 1\nnote = """\nweight = 3\n[fake]\n"""\nreal = 2\n'
    assert key_lines(text) == {"schema": 1, "note": 2, "real": 6}


def test_a_rule_file_over_the_size_bound_is_one_line(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text("schema = 1\n" + "# padding\n" * 120_000)
    one_error(check(big), "cannot read rule file: larger than 1 MB")


# --- 20. extends and parser limits ---

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_extends_to_a_fifo_is_refused_without_reading_it(tmp_path, within_10_seconds):
    os.mkfifo(tmp_path / "pipe.toml")
    rules = tmp_path / "rules.toml"
    rules.write_text('schema = 1\nextends = "pipe.toml"\n')
    one_error(check(rules), "pipe.toml: cannot read rule file: not a regular file")


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits")
def test_extends_to_a_device_is_refused(tmp_path):
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    rules = tmp_path / "rules.toml"
    rules.write_text('schema = 1\nextends = "zero.toml"\n')

    def one_gigabyte():  # a brandfit that reads /dev/zero must fail here, not take the machine's memory
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([str(Path(sys.executable).parent / "brandfit"), "rules", "check", str(rules)],
                          capture_output=True, text=True, timeout=60, preexec_fn=one_gigabyte)
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr[-500:]
    assert done.stderr.splitlines()[0] == f"brandfit: error: {tmp_path / 'zero.toml'}: cannot read rule file: not a regular file"


@pytest.mark.parametrize("text", ["schema = 1\nx = " + "[" * 1000 + "]" * 1000 + "\n",
                                  "schema = 1\n" + ".".join(["a"] * 2000) + " = 1\n"])
def test_deep_toml_is_one_line(tmp_path, text):
    rules = tmp_path / "deep.toml"
    rules.write_text(text)
    one_error(check(rules), "TOML nested too deeply")


def test_an_error_never_quotes_a_value_from_an_extended_file(tmp_path):
    (tmp_path / "base.toml").write_text('schema = "s3cr3t-token-value"\n')
    rules = tmp_path / "rules.toml"
    rules.write_text('schema = 1\nextends = "base.toml"\n')
    line = one_error(check(rules), "schema: expected 1, got a string")
    assert "s3cr3t" not in line
