"""The one error type for bad rule files, printed as one line: file, key, what was expected."""

from __future__ import annotations

import attrs


@attrs.frozen
class RuleError:
    file: str
    key: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class RuleFileError(Exception):
    """Raised with every error found in a rule file (or its `extends` chain)."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
