"""Typed domain errors and reasons: a stable machine code, params, a default Chinese message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Reason:
    """One explained outcome of a rule: a machine code, its params and a default message."""

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "code": self.code,
            "message": self.message,
            "params": {k: _plain(v) for k, v in self.params.items()},
            "field": self.field,
        }


def _plain(value: Any) -> Any:
    """Turn a param into a JSON-ready value (Decimal and enums become strings)."""
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


class DomainError(ValueError):
    """Bad input to a rule: never a wrong number, always a code, params and a message."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
        problems: tuple[Reason, ...] = (),
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field
        self.params: dict[str, Any] = dict(params or {})
        self.problems = problems

    @property
    def reason(self) -> Reason:
        """Return the error as a Reason."""
        return Reason(self.code, self.message, self.params, self.field)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict, with every problem when several were found."""
        data = self.reason.to_dict()
        data["problems"] = [p.to_dict() for p in self.problems]
        return data


class IdCardError(DomainError):
    """A malformed 居民身份证 number."""


class SchemeError(DomainError):
    """An invalid marking scheme, component set or weight."""


class ScoreError(DomainError):
    """A score out of range, for an unknown aspect, or otherwise unusable."""


class RuleSetError(DomainError):
    """An invalid promotion/title rule set or band."""


class InputError(DomainError):
    """A malformed project or entry description."""
