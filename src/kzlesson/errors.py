"""One error type for bad data, with a message a teacher can act on.

>>> err = DataError("data/trade.csv", 12, "imports_usd_m", "a number of USD millions >= 0", "-5")
>>> str(err)
"data/trade.csv:12:imports_usd_m: expected a number of USD millions >= 0, got '-5'"
"""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A data file is malformed: names the file, the row (file line), the column and what was expected."""

    def __init__(
        self,
        path: str | Path,
        row: int | None,
        column: str | None,
        expected: str,
        got: object = None,
    ) -> None:
        self.path = str(path)
        self.row = row
        self.column = column
        self.expected = expected
        self.got = got
        where = self.path
        if row is not None:
            where += f":{row}"
        if column:
            where += f":{column}"
        message = f"{where}: expected {expected}"
        if got is not None:
            message += f", got {got!r}"
        super().__init__(message)
