"""Every hook brandfit calls, in one module.

Hooks are for discovery and registration only: each is called once per process (never once per
creator), so a plugin costs nothing on the scoring hot path. Scoring itself calls scorer objects
directly, a batch at a time (see :class:`brandfit.Scorer`).

A test (tests/test_docs.py) fails when a hook here is not documented in docs/plugins/hooks.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from brandfit.plugin.scorer import Scorer

hookspec = pluggy.HookspecMarker("brandfit")


@hookspec
def brandfit_scorers() -> list[type[Scorer]]:
    """Return the scorer classes this plugin provides (the eager way to register scorers).

    Called once, when the plugin host starts, for every plugin registered under the ``brandfit``
    entry-point group: the module is imported by every command. Scorers registered under the
    ``brandfit.scorers`` group instead (one entry point per scorer, ``name = "module:Class"``) are
    imported only when a rule file enables them; brandfit's own scorers are registered that way.
    Each item is a subclass of :class:`brandfit.Scorer` with a unique ``name``; two plugins
    returning the same name is an error that names both.

    :returns: a list of :class:`brandfit.Scorer` subclasses (not instances).
    """


@hookspec
def brandfit_rulesets() -> dict[str, str]:
    """Return built-in rule sets this plugin ships, as ``{name: path to a TOML file}``.

    Called once, the first time a rule file says ``extends = "<name>"`` with a name that is not a
    path. Lets a plugin ship a rule set (for example sensible defaults for its own scorer) that
    brand files can extend. Paths should point inside the plugin's package data.

    :returns: a mapping of rule set name to an absolute file path.
    """


@hookspec
def brandfit_lexicons() -> dict[str, str]:
    """Return lexicon packs this plugin ships, as ``{name: path to a TOML file}``.

    Called once per process, when rule files are loaded. A pack holds the terms of one language
    for a scorer's categories (for example ``acme-es``: Spanish brand-safety terms for the
    controversy scorer's ``categories``), each list marked unambiguous or ambiguous and naming
    its sources; a rule file reads it with ``lexicons = ["brandfit-en", "acme-es"]`` in the
    scorer's table. The format is in docs/rule-files.md ("Lexicons"); a malformed pack is a
    one-line error when rules are loaded. brandfit's own packs win on a name clash.

    :returns: a mapping of pack name to an absolute file path.
    """
