"""brandfit-cadence: posting cadence and sponsored-post saturation scorers for brandfit.

This module is the plugin's hook module (the `brandfit` entry-point group), imported by every
brandfit command, so it stays light: it only ships the `cadence-defaults` rule set. The scorers
live in :mod:`brandfit_cadence.scorers`, imported only when a rule file enables one of them.
"""

from __future__ import annotations

from pathlib import Path

import brandfit


@brandfit.hookimpl
def brandfit_rulesets() -> dict[str, str]:
    return {"cadence-defaults": str(Path(__file__).parent / "rulesets" / "cadence-defaults.toml")}
