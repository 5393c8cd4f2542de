"""Documentation is part of the product: these fail when a hook or public name goes undocumented."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import brandfit
import brandfit.testing
from brandfit.plugin import hookspecs

DOCS = Path(__file__).resolve().parents[1] / "docs"
HOOKS_PAGE = DOCS / "plugins" / "hooks.md"
TESTING_PAGE = DOCS / "plugins" / "testing.md"


def headings(page: Path) -> set[str]:
    return set(re.findall(r"^#{2,4} (\S+)\s*$", page.read_text(), flags=re.M))


HOOKS = [name for name, obj in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("brandfit_")]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented(hook: str) -> None:
    assert hook in headings(HOOKS_PAGE), f"hook {hook} has no '### {hook}' section in {HOOKS_PAGE}"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_says_when_it_is_called_and_what_it_returns(hook: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert "Called" in doc and ":returns:" in doc, f"{hook}'s docstring must say when it is called and what it returns"


@pytest.mark.parametrize("name", brandfit.__all__)
def test_every_public_name_is_documented(name: str) -> None:
    assert name in headings(HOOKS_PAGE), f"brandfit.{name} has no section in {HOOKS_PAGE}"


@pytest.mark.parametrize("name", brandfit.testing.__all__)
def test_every_testing_helper_is_documented(name: str) -> None:
    assert name in headings(TESTING_PAGE), f"brandfit.testing.{name} has no section in {TESTING_PAGE}"


def test_hook_count_matches_the_page() -> None:
    documented = {h for h in headings(HOOKS_PAGE) if h.startswith("brandfit_")}
    assert documented == set(HOOKS), "hooks.md documents hooks that do not exist (or misses some)"


def test_tutorial_code_runs_and_scores_as_described() -> None:
    """The tutorial's option class and both scorer forms, executed as written."""
    from brandfit.testing import make_creator, run_scorer

    blocks = re.findall(r"```python\n(.*?)```", (DOCS / "plugins" / "tutorial.md").read_text(), re.S)
    options, per_creator, batch = blocks[0], blocks[1], blocks[2]
    namespace: dict = {}
    exec(options + "\n" + per_creator + "\n" + batch, namespace)  # noqa: S102 - our own docs
    creators = [make_creator(followers=100, following=1000), make_creator()]
    for cls in (namespace["FollowRatioScorer"], namespace["FollowRatioBatchScorer"]):
        low, unknown = run_scorer(cls, creators)
        assert low.score == 5.0 and low.has_flag("follow_ratio.low-ratio")
        assert unknown.score is None and unknown.missing == "followers or following missing"


def test_tutorial_text_scorer_reads_the_declared_text() -> None:
    """A third-party-style scorer that declares a TextNeed gets the engine's matches, with evidence."""
    from brandfit.testing import make_creator, make_post, run_scorer

    blocks = re.findall(r"```python\n(.*?)```", (DOCS / "plugins" / "tutorial.md").read_text(), re.S)
    [block] = [b for b in blocks if "class GearScorer" in b]
    namespace: dict = {}
    exec(block, namespace)  # noqa: S102 - our own docs
    creators = [
        make_creator(bio="running shoes", posts=[make_post(caption="New Trail Shoes!", id="a"),
                                                 make_post(caption="rest day", hashtags=["HOKA"], id="b"),
                                                 make_post(caption="pasta", id="c"), make_post(caption="x", id="d")]),
        make_creator(posts=[]),
    ]
    gear, none = run_scorer(namespace["GearScorer"], creators, options={"recent_posts": 3})
    assert gear.score == 100.0 * 2 / 3  # of the 3 newest posts (file order: no dates), a and b; not the bio
    assert [(e.post, e.term) for e in gear.evidence] == [("a", "trail shoe*"), ("b", "#hoka")]
    assert none.score is None and none.missing == "no posts"


def test_docs_links_resolve() -> None:
    for page in DOCS.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+?\.(?:md|json))(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.relative_to(DOCS)} links to missing {target}"
