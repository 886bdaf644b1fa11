"""The one error extraction raises to a caller: the page gave no item, and why."""

from __future__ import annotations


class ExtractionError(ValueError):
    """The page gave no item; `reason` says why (`not_article/<verdict>` or a drop reason)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
