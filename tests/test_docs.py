"""Documentation is part of the product: these fail when a hook or public name goes undocumented,
or when the signature a page shows is not the code's (as datasette's test_plugin_hooks_are_documented)."""

from __future__ import annotations

import functools
import inspect
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

import brandfit
import brandfit.testing
from brandfit.plugin import hookspecs

DOCS = Path(__file__).resolve().parents[1] / "docs"
HOOKS_PAGE = DOCS / "plugins" / "hooks.md"
TESTING_PAGE = DOCS / "plugins" / "testing.md"

HOOKS = [name for name, obj in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("brandfit_")]
# built by the engine, never by a plugin: their members are the API, not their constructors
ENGINE_BUILT = {"BatchContext"}
# the classes whose every member a plugin author reads or overrides
MEMBERS_OF = [brandfit.Scorer, brandfit.BatchContext]


def sections(page: Path) -> dict[str, str]:
    """Heading (``## name`` .. ``#### name``) -> its text up to the next heading, whitespace folded."""
    parts = re.split(r"^#{2,4} (\S+)[ \t]*$", page.read_text(), flags=re.M)
    return {name: " ".join(body.split()) for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def _annotation(annotation: Any) -> str | None:
    if annotation is inspect.Parameter.empty:
        return None
    return annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)


def signature_text(name: str, obj: Any) -> str:
    """``name(param: type = default, ...) -> type`` as the code declares it (a default made by a
    factory shows as ``...``); what a page must show for each public callable."""
    signature = inspect.signature(obj)
    params: list[str] = []
    for p in signature.parameters.values():
        if p.kind == p.KEYWORD_ONLY and not any(t.startswith("*") for t in params):
            params.append("*")
        text = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "") + p.name
        annotation = _annotation(p.annotation)
        if annotation:
            text += f": {annotation}"
        if p.default is not p.empty:
            made = p.default is attrs.NOTHING or isinstance(p.default, type(attrs.Factory(list)))
            default = "..." if made else repr(p.default)
            text += f" = {default}" if annotation else f"={default}"
        params.append(text)
    returns = _annotation(signature.return_annotation)
    return f"{name}({', '.join(params)})" + (f" -> {returns}" if returns and not inspect.isclass(obj) else "")


def expected_text(name: str, obj: Any) -> str:
    """What the section of a public name must show: its signature, or ``name: type`` for a value."""
    if inspect.isclass(obj) and name in ENGINE_BUILT:
        return f"class {name}"
    if inspect.isclass(obj) or inspect.isfunction(obj):
        try:
            return signature_text(name, obj)
        except ValueError:  # an exception class without an __init__ of its own
            return f"class {name}"
    return f"{name}: {type(obj).__name__}"


def members(cls: type) -> dict[str, str]:
    """Every public member of ``cls`` a plugin uses, with the text its section must show."""
    found = {name: f"{name}: {annotation}" for name, annotation in vars(cls).get("__annotations__", {}).items()
             if not name.startswith("_")}
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, (classmethod, staticmethod)):
            found[name] = f"@{type(member).__name__} def {signature_text(name, member.__func__)}"
        elif inspect.isfunction(member):
            found[name] = f"def {signature_text(name, member)}"
        elif isinstance(member, (property, functools.cached_property)):
            getter = member.fget if isinstance(member, property) else member.func
            found[name] = f"{name}: {_annotation(inspect.signature(getter).return_annotation)}"
    return found


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_its_signature(hook: str) -> None:
    section = sections(HOOKS_PAGE).get(hook)
    assert section is not None, f"hook {hook} has no '### {hook}' section in {HOOKS_PAGE}"
    expected = f"def {signature_text(hook, getattr(hookspecs, hook))}"
    assert fold(expected) in section, f"{HOOKS_PAGE.name}, ### {hook}: show the hook as `{expected}`"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_says_when_it_is_called_and_what_it_returns(hook: str) -> None:
    spec = getattr(hookspecs, hook)
    doc = inspect.getdoc(spec) or ""
    assert "Called" in doc and ":returns:" in doc, f"{hook}'s docstring must say when it is called and what it returns"
    assert inspect.signature(spec).return_annotation is not inspect.Signature.empty, f"{hook} must declare its return type"


def test_hook_count_matches_the_page() -> None:
    documented = {h for h in sections(HOOKS_PAGE) if h.startswith("brandfit_")}
    assert documented == set(HOOKS), "hooks.md documents hooks that do not exist (or misses some)"


@pytest.mark.parametrize("name", brandfit.__all__)
def test_every_public_name_is_documented_with_its_signature(name: str) -> None:
    section = sections(HOOKS_PAGE).get(name)
    assert section is not None, f"brandfit.{name} has no '### {name}' section in {HOOKS_PAGE}"
    expected = expected_text(name, getattr(brandfit, name))
    assert fold(expected) in section, f"{HOOKS_PAGE.name}, ### {name}: show `{expected}`"


@pytest.mark.parametrize("member", [f"{cls.__name__}.{m}" for cls in MEMBERS_OF for m in members(cls)])
def test_every_scorer_and_context_member_is_documented(member: str) -> None:
    cls_name, name = member.split(".")
    expected = members(getattr(brandfit, cls_name))[name]
    assert fold(expected) in sections(HOOKS_PAGE)[cls_name], f"{HOOKS_PAGE.name}, ### {cls_name}: show `{expected}`"


def test_the_page_documents_only_public_names() -> None:
    """A section per public name, hook or testing helper: no helper documented that is not exported."""
    allowed = {*brandfit.__all__, *HOOKS}
    documented = set(sections(HOOKS_PAGE)) - {"Hooks"}
    assert documented <= allowed, f"{HOOKS_PAGE.name} documents names not in brandfit.__all__: {documented - allowed}"


@pytest.mark.parametrize("name", brandfit.testing.__all__)
def test_every_testing_helper_is_documented_with_its_signature(name: str) -> None:
    section = sections(TESTING_PAGE).get(name)
    assert section is not None, f"brandfit.testing.{name} has no '### {name}' section in {TESTING_PAGE}"
    obj = getattr(brandfit.testing, name)
    if not (inspect.isclass(obj) or inspect.isfunction(obj)):  # the pytest fixture
        return
    expected = expected_text(name, obj)
    assert fold(expected) in section, f"{TESTING_PAGE.name}, ### {name}: show `{expected}`"


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
    # the per-creator form's one-line reason reaches the results' reasons column
    [low] = run_scorer(namespace["FollowRatioScorer"], creators[:1])
    assert low.reason == "0.10 followers per account followed"


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


def test_architecture_lists_every_module() -> None:
    """docs/architecture.md is the map of core/: each module in it, by its path in the package."""
    core = Path(__file__).resolve().parents[1] / "core"
    page = (DOCS / "architecture.md").read_text()
    modules = [p.relative_to(core).as_posix() for p in core.rglob("*.py")
               if p.name != "__init__.py" or p.parent == core]
    assert [m for m in modules if f"`{m}`" not in page] == [], "modules missing from docs/architecture.md"
