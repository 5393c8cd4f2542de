"""brandfit: an open, explainable rules engine that vets social-media creators for brands.

Everything a plugin author may use is re-exported here (as pytest re-exports from _pytest), and
documented in docs/plugins/hooks.md; test helpers are in :mod:`brandfit.testing`. Every other
module is internal and may change without notice (see docs/architecture.md).
"""

from importlib.metadata import PackageNotFoundError, version as _dist_version

import pluggy

try:
    __version__ = _dist_version("brandfit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

#: Version of the plugin API (hooks and the Scorer contract). A plugin declares the range it
#: supports with ``api_version`` on its scorer class; see docs/plugins/compatibility.md.
PLUGIN_API_VERSION = 1

hookimpl = pluggy.HookimplMarker("brandfit")

from brandfit.plugin.scorer import BatchContext, Scorer, ScorerSetup  # noqa: E402
from brandfit.plugin.results import Evidence, Flag, ScoreBatch, ScoreResult  # noqa: E402
from brandfit.inputs.creator import Creator, Post  # noqa: E402
from brandfit.text.service import TextMatches, TextNeed  # noqa: E402
from brandfit.rules.options import OptionError, at_least, between, each_value  # noqa: E402
from brandfit.columnar.posts import recent_posts  # noqa: E402

__all__ = [
    "PLUGIN_API_VERSION",
    "BatchContext",
    "Creator",
    "Evidence",
    "Flag",
    "OptionError",
    "Post",
    "ScoreBatch",
    "ScoreResult",
    "Scorer",
    "ScorerSetup",
    "TextMatches",
    "TextNeed",
    "__version__",
    "at_least",
    "between",
    "each_value",
    "hookimpl",
    "recent_posts",
]
