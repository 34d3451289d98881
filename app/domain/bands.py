"""Rank bands of promotion and title rules: a–b, a…⌊n/2⌋, a…n, top p%, team top N (§6, §7)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import RuleSetError


class BandKind(StrEnum):
    """How a band's upper rank is found."""

    RANGE = "RANGE"  # a–b
    HALF = "HALF"  # a…⌊n/2⌋
    ALL = "ALL"  # a…n: every finisher from rank a (石家庄: 其余合格选手)
    TOP_PERCENT = "TOP_PERCENT"  # rank ≤ max(1, ⌊p·n/100⌋)
    TEAM_TOP = "TEAM_TOP"  # 全国技术能手: top 5; team of 2 → 3; team of 3 → 2 (§6, §10.14)


#: Team size → top N for the national title (§6); other sizes use the individual top 5 (§10.14).
TEAM_TOP_N = {1: 5, 2: 3, 3: 2}

_RANGE = re.compile(r"^(\d+)\s*[-–~]\s*(\d+)$")
_HALF = re.compile(r"^(\d+)\s*[-–~]\s*(?:n/2|⌊n/2⌋|half)$", re.IGNORECASE)
_ALL = re.compile(r"^(\d+)\s*[-–~]\s*n$", re.IGNORECASE)
_TOP = re.compile(r"^top\s*(\d+(?:\.\d+)?)\s*%$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Band:
    """A rank band; ``contains`` tests a (possibly shared) rank against n finishers (§10.9)."""

    kind: BandKind
    start: int = 1
    end: int | None = None
    percent: int | None = None

    def __post_init__(self) -> None:
        if self.start < 1:
            raise RuleSetError(
                "band.start", "名次区间须从第1名或之后开始", params={"start": self.start}
            )
        if self.kind is BandKind.RANGE and (self.end is None or self.end < self.start):
            raise RuleSetError(
                "band.range",
                "名次区间的终点须不小于起点",
                params={"start": self.start, "end": self.end},
            )
        if self.kind is BandKind.TOP_PERCENT and not (self.percent and 0 < self.percent <= 100):
            raise RuleSetError(
                "band.percent", "前百分比须在1到100之间", params={"percent": self.percent}
            )

    @classmethod
    def range(cls, start: int, end: int) -> Band:
        """Return the band a–b."""
        return cls(BandKind.RANGE, start, end)

    @classmethod
    def half(cls, start: int = 1) -> Band:
        """Return the band start…⌊n/2⌋."""
        return cls(BandKind.HALF, start)

    @classmethod
    def rest(cls, start: int = 1) -> Band:
        """Return the band start…n (every finisher from start on)."""
        return cls(BandKind.ALL, start)

    @classmethod
    def top_percent(cls, percent: int) -> Band:
        """Return the band top p% (rank ≤ max(1, ⌊p·n/100⌋))."""
        return cls(BandKind.TOP_PERCENT, 1, None, percent)

    @classmethod
    def team_top(cls) -> Band:
        """Return the national-title band scaled by team size."""
        return cls(BandKind.TEAM_TOP)

    @classmethod
    def parse(cls, text: str) -> Band:
        """Parse "1-3", "4-n/2", "11-n", "top30%" or "team_top"."""
        value = text.strip()
        if m := _RANGE.match(value):
            return cls.range(int(m[1]), int(m[2]))
        if m := _HALF.match(value):
            return cls.half(int(m[1]))
        if m := _ALL.match(value):
            return cls.rest(int(m[1]))
        if m := _TOP.match(value):
            return cls.top_percent(int(float(m[1])))
        if value.lower() in ("team_top", "team-top"):
            return cls.team_top()
        raise RuleSetError("band.syntax", f"无法识别的名次区间：{text}", params={"text": text})

    @classmethod
    def from_json_value(cls, value: object) -> Band:
        """Accept a band written as a string in JSON."""
        if isinstance(value, str):
            return cls.parse(value)
        raise RuleSetError("band.syntax", f"无法识别的名次区间：{value!r}")

    def upper(self, n: int, team_size: int = 1) -> int:
        """Return the last rank inside the band for n finishers (may be < start: empty)."""
        if self.kind is BandKind.RANGE:
            assert self.end is not None
            return self.end
        if self.kind is BandKind.HALF:
            return n // 2
        if self.kind is BandKind.ALL:
            return n
        if self.kind is BandKind.TOP_PERCENT:
            assert self.percent is not None
            return max(1, self.percent * n // 100)
        return TEAM_TOP_N.get(team_size, 5)

    def contains(self, rank: int | None, n: int, team_size: int = 1) -> bool:
        """Return whether a rank lies in the band (§7, §10.9)."""
        return rank is not None and self.start <= rank <= self.upper(n, team_size)

    @property
    def label(self) -> str:
        """Return the band as notices write it."""
        if self.kind is BandKind.RANGE:
            return f"{self.start}-{self.end}"
        if self.kind is BandKind.HALF:
            return f"{self.start}-n/2"
        if self.kind is BandKind.ALL:
            return f"{self.start}-n"
        if self.kind is BandKind.TOP_PERCENT:
            return f"top{self.percent}%"
        return "team_top"
