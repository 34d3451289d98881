"""The lot draw (抽签) and anonymous work codes (加密号), reproducible from a seed (DOMAIN §3).

Before the draw the organizer publishes SHA-256(seed); after it the seed itself. Anyone holding
the seed and the list of checked-in registration ids can then re-run `draw` and must get the
same stations and codes, so the organizer could not have picked a convenient outcome.

The algorithm, in one sentence (also shown on the public page, see ALGORITHM):
stations follow the ids sorted by SHA-256("<seed>:<id>") (hex, then id); each code is
HMAC-SHA256 keyed with the seed over "<list digest>:<id>[:<attempt>]", read as a big integer and
written as three letters (A–Z without I and O) and three digits, where the list digest is
SHA-256 of the sorted ids joined by commas, and a repeated code is redrawn with attempt 1, 2, …
in station order.

Codes depend on the whole list, not on one id alone: someone who learns a contestant's ticket
number (which contains the registration id) and the revealed seed still cannot compute that
contestant's code without the exact set of checked-in ids.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.errors import InputError

# No I or O: they are read as 1 and 0 when a code is written on a work piece.
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DIGITS = "0123456789"
CODE_SPACE = len(LETTERS) ** 3 * len(DIGITS) ** 3

ALGORITHM = (
    "Stations follow the registration ids sorted by SHA-256 of \"<seed>:<id>\" (hex digest, "
    "ties by id); each anonymous code is HMAC-SHA256 keyed with the seed over "
    "\"<list digest>:<id>\" (the list digest being SHA-256 of the ascending ids joined by "
    "commas; on a repeated code \":1\", \":2\", … is appended, in station order), read as a "
    "big-endian integer and written as three letters from ABCDEFGHJKLMNPQRSTUVWXYZ and "
    "three digits."
)


@dataclass(frozen=True, slots=True)
class Assignment:
    """One contestant's draw: station (工位号, from 1) and anonymous work code (加密号)."""

    registration_id: int
    station_no: int
    anonymous_code: str


def seed_digest(seed: str) -> str:
    """Return the published commitment of a seed: its SHA-256 as lowercase hex."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def list_digest(registration_ids: Iterable[int]) -> str:
    """Return SHA-256 of the ascending ids joined by commas (the draw's input fingerprint)."""
    joined = ",".join(str(i) for i in sorted(registration_ids))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def _order_key(seed: str, registration_id: int) -> tuple[str, int]:
    digest = hashlib.sha256(f"{seed}:{registration_id}".encode()).hexdigest()
    return digest, registration_id


def _code(seed: str, message: str) -> str:
    mac = hmac.new(seed.encode("utf-8"), message.encode("ascii"), hashlib.sha256).digest()
    value = int.from_bytes(mac, "big") % CODE_SPACE
    digits = value % 1000
    value //= 1000
    letters = ""
    for _ in range(3):
        value, index = divmod(value, len(LETTERS))
        letters = LETTERS[index] + letters
    return f"{letters}{digits:03d}"


def draw(seed: str, registration_ids: Iterable[int]) -> list[Assignment]:
    """Assign stations 1…n and unique codes to the ids; same seed and set, same result.

    The order of `registration_ids` does not matter. An empty seed, a repeated id or a
    non-integer id is refused with InputError.
    """
    if not isinstance(seed, str) or not seed:
        raise InputError("lotdraw.seed_missing", "抽签种子不能为空。", field="seed")
    ids = list(registration_ids)
    if any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        raise InputError("lotdraw.bad_id", "报名编号必须是整数。", field="registration_ids")
    if len(set(ids)) != len(ids):
        raise InputError("lotdraw.duplicate_id", "报名编号重复。", field="registration_ids")
    fingerprint = list_digest(ids)
    ordered = sorted(ids, key=lambda i: _order_key(seed, i))
    used: set[str] = set()
    result: list[Assignment] = []
    for station, registration_id in enumerate(ordered, start=1):
        base = f"{fingerprint}:{registration_id}"
        code, attempt = _code(seed, base), 0
        while code in used:
            attempt += 1
            code = _code(seed, f"{base}:{attempt}")
        used.add(code)
        result.append(Assignment(registration_id, station, code))
    return result
