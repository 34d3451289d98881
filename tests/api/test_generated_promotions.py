"""Generated contests run through /api/v1 alone: promotions, titles and places after finalisation.

Each seed draws one competition with two projects in two occupations (the second with a lower
ceiling) entered by the same people, a feeder link to a higher contest, shipped promotion
presets, current grades, shared ranks, failed components and DNF/DQ entrants. It runs them over
HTTP from an empty database and compares the promotion decisions, the titles and the places with
the oracle below, written from DOMAIN §2, §6, §7 and §10.7–§10.15 alone: it imports nothing from
app.domain or app.services, so a mistake there cannot hide itself by being repeated here.

The marking is deliberately plain (theory + one panel aspect, one judge): the sibling
test_generated_contests.py checks totals, tie-breaks and awards.

Left out because DOMAIN does not say (see `SILENT`): an ELIGIBLE_TO_APPLY(T) row met by someone
already at T or above, or by a SPECIAL/CHIEF holder; the pass gate of the presets whose §7 row
does not say whether the notice requires passing (国家级、省级、直辖市、企业 — there every entrant
passes); the exact name of 省技术能手 (only its suffix is checked). A withdrawal from a won place
is recorded by the organizer for the contestant (who has no account here), as a committee does
on a written withdrawal.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from tests.api.test_no_back_door import (  # noqa: F401 (fresh is a fixture)
    ADMIN_PASSWORD,
    Client,
    _upload,
    _xlsx,
    fresh,
)
from tests.outcome_factories import id_number

# Chosen so that together they exercise everything `features` names (checked below).
SEEDS = (3, 40, 48, 98, 316, 357, 532, 545)
REGION = "天津市"
OCCUPATIONS = {"A": "焊工", "B": "电工"}
pytestmark = pytest.mark.usefixtures("fast_password_hashes")


# --- the grade ladder and the presets, as DOMAIN §2 and §7 write them --------------------------

LADDER = ("APPRENTICE", "L5", "L4", "L3", "L2", "L1", "SPECIAL", "CHIEF")
ZH = {"APPRENTICE": "学徒工", "L5": "初级工", "L4": "中级工", "L3": "高级工", "L2": "技师",
      "L1": "高级技师", "SPECIAL": "特级技师", "CHIEF": "首席技师"}


def ordinal(grade: str) -> int:
    """Return a grade's place on the ladder (§2)."""
    return LADDER.index(grade)


@dataclass(frozen=True)
class Band:
    """A rank band (§7): from `low` to `high`, where `high` may be "n/2", "n" or "30%"."""

    low: int
    high: int | str

    def holds(self, rank: int, n: int) -> bool:
        """Tell whether a (possibly shared) rank lies in the band among n finishers (§10.9)."""
        top = {"n/2": n // 2, "n": n, "30%": max(1, 3 * n // 10)}.get(str(self.high), self.high)
        return self.low <= rank <= int(top)


@dataclass(frozen=True)
class Row:
    """A promotion row: band, group (None: both), action, target or cap, pass gate, condition."""

    band: Band
    group: str | None
    action: str
    grade: str
    gate: bool = True
    min_grade: str | None = None
    max_grade: str | None = None


@dataclass(frozen=True)
class TitleRow:
    """A title row: band, name template, state, group (None: both, §10.14)."""

    band: Band
    name: str
    state: str
    group: str | None = None


E, S = "EMPLOYEE", "STUDENT"
TNB = "TARGET_NO_BUMP"
ELIGIBLE = "ELIGIBLE_TO_APPLY"
# §6/§14: national and provincial titles are NOMINATED; the 石家庄 rows say AUTO_GRANTED; the
# 天津 rank-1 title is "eligible to apply"; the enterprise title goes to the top 30%, AUTO_GRANTED.
PROVINCIAL_NAME = "…技术能手"  # §7 says only 省技术能手: the suffix is compared
PRESETS: dict[str, tuple[tuple[Row, ...], tuple[TitleRow, ...], bool | None]] = {
    # (promotion rows, title rows, pass gate: True/False as §7 says it, None where it is silent)
    "NATIONAL_GENERAL": (
        (Row(Band(1, "n/2"), E, "TARGET", "L2", gate=False),
         Row(Band(1, "n/2"), S, "TARGET", "L2", gate=False)),
        (TitleRow(Band(1, 5), "全国技术能手", "NOMINATED"),), False),
    "NATIONAL_CLASS": (
        (Row(Band(1, 5), E, "TARGET", "L2"), Row(Band(1, 5), S, TNB, "L3"),
         Row(Band(6, 20), E, "TARGET", "L3")),
        (TitleRow(Band(1, 5), "全国技术能手", "NOMINATED", E),), None),
    "PROVINCIAL_CLASS_2": (
        (Row(Band(1, 5), E, "TARGET", "L2"), Row(Band(1, 5), S, TNB, "L3"),
         Row(Band(6, "n/2"), E, "TARGET", "L3")),
        (TitleRow(Band(1, 1), PROVINCIAL_NAME, "NOMINATED"),), None),
    "MUNICIPALITY_CLASS_1": (
        (Row(Band(1, 10), E, "TARGET", "L2"), Row(Band(1, 10), S, TNB, "L3")),
        (TitleRow(Band(1, 1), "{region}技术能手", ELIGIBLE),), None),
    "MUNICIPALITY_CLASS_2": (
        (Row(Band(1, 6), E, "TARGET", "L3"), Row(Band(1, 6), S, TNB, "L4")), (), None),
    "PREFECTURE_CITY": (
        (Row(Band(1, 1), None, ELIGIBLE, "L2"),
         Row(Band(2, 10), None, TNB, "L3", max_grade="L4"),
         Row(Band(2, 10), None, ELIGIBLE, "L2", min_grade="L3", max_grade="L3"),
         Row(Band(11, "n"), None, "RELATIVE", "L3")),
        (TitleRow(Band(1, 1), "{region}{occupation}技术状元", "AUTO_GRANTED"),
         TitleRow(Band(2, 2), "{region}{occupation}技术标兵", "AUTO_GRANTED"),
         TitleRow(Band(3, 10), "{region}{occupation}技术能手", "AUTO_GRANTED")), True),
    "ENTERPRISE": (
        (Row(Band(1, "30%"), E, "TARGET", "L4"), Row(Band(1, "30%"), S, TNB, "L4")),
        (TitleRow(Band(1, "30%"), "企业技术能手", "AUTO_GRANTED"),), None),
}


# --- the generated contest -------------------------------------------------------------------

@dataclass
class Entry:
    """One person's entry in one project: marks, finish status, grade held in its occupation."""

    name: str
    theory: Decimal
    practical: Decimal
    grade: str | None
    status: str = "FINISHED"


@dataclass
class ProjectSpec:
    """One project: its occupation's top grade, preset, feeder quota and entries."""

    key: str
    top: str
    preset: str
    entries: list[Entry] = field(default_factory=list)
    quota: int = 0


@dataclass
class Contest:
    """Everything one seed decides."""

    seed: int
    group: str
    shares_ranks: bool
    once_a_year: bool
    pass_mark: Decimal
    projects: tuple[ProjectSpec, ProjectSpec]


def _grade(rng: random.Random, top: str) -> str | None:
    """A current grade at or below the occupation's top; none recorded now and then (§10.10).

    特级/首席 exist only in occupations that have 高级技师 (§2, seed 004).
    """
    pool = [None, "APPRENTICE", *LADDER[1:ordinal(top) + 1]]
    if top == "L1":
        pool += ["SPECIAL", "CHIEF"]
    # L3 and L2 are where TARGET bumps, conditions and caps bite: drawn twice as often.
    pool += [g for g in ("L3", "L2") if ordinal(g) <= ordinal(top)]
    return rng.choice(pool)


def _marks(rng: random.Random, pass_mark: Decimal, may_fail: bool,
           earlier: list[Entry]) -> tuple[Decimal, Decimal]:
    """Draw (theory, practical) from small sets so that ties are common; some on the mark."""
    if earlier and rng.random() < 0.35:
        model = rng.choice(earlier)
        return model.theory, model.practical
    theory = [pass_mark, pass_mark + 10, pass_mark + 25]
    practical = [pass_mark + 1, pass_mark + 15, pass_mark + 30]
    if may_fail and rng.random() < 0.3:
        # Below the pass mark on one component: the pass gate's case (§10.12).
        return rng.choice([(pass_mark - 5, rng.choice(practical)),
                           (rng.choice(theory), pass_mark - 8)])
    return (min(Decimal(100), rng.choice(theory)), min(Decimal(100), rng.choice(practical)))


def _may_fail(preset: str) -> bool:
    """Fail components only where §7 says whether the rows gate on passing."""
    return PRESETS[preset][2] is not None


def generate(seed: int) -> Contest:
    """Draw a contest: project A (top L1, feeds a higher contest), B (a lower top, a subset)."""
    rng = random.Random(seed)
    pass_mark = Decimal(rng.choice(["60", "60", "70"]))
    names = list(PRESETS)
    preset_a = rng.choice(["PREFECTURE_CITY", "NATIONAL_GENERAL", *names])
    a = ProjectSpec("A", "L1", preset_a, quota=rng.choice([1, 2, 3, 4]))
    b = ProjectSpec("B", rng.choice(["L3", "L2", "L1"]), rng.choice(names))
    contest = Contest(seed, rng.choice([E, S]), rng.random() < 0.6, rng.random() < 0.8,
                      pass_mark, (a, b))
    # Enough entrants to reach the 11…n row now and then; one finisher now and then.
    size = rng.choice([1, 2, 3, 5, 8, 11, 12, 13, 14])
    for i in range(size):
        theory, practical = _marks(rng, pass_mark, _may_fail(a.preset), a.entries)
        a.entries.append(Entry(f"选手{i:02d}", theory, practical, _grade(rng, a.top)))
    for name in sorted(rng.sample([e.name for e in a.entries], min(size, rng.randint(1, 6)))):
        theory, practical = _marks(rng, pass_mark, _may_fail(b.preset), b.entries)
        b.entries.append(Entry(name, theory, practical, _grade(rng, b.top)))
    for project in (a, b):
        unfinished = min(len(project.entries), rng.choice([0, 0, 1, 2]))
        for entry in rng.sample(project.entries, unfinished):
            entry.status = rng.choice(["DNF", "DQ"])
    return contest


# --- the oracle (DOMAIN §2, §5, §7, §10; nothing imported from the app) ------------------------

SILENT = "SILENT"  # a case DOMAIN does not decide: the entrant's decisions are not compared


def total(entry: Entry) -> Decimal:
    """Return the 2-dp total of theory 30% and practical 70% (§4, §10.1)."""
    return (Decimal("0.3") * entry.theory + Decimal("0.7") * entry.practical).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


def tie_groups(project: ProjectSpec) -> list[list[str]]:
    """Finishers grouped by the §5 chain (total, practical, theory), best first."""
    keyed: dict[tuple[Decimal, ...], list[str]] = {}
    for e in project.entries:
        if e.status == "FINISHED":
            keyed.setdefault((-total(e), -e.practical, -e.theory), []).append(e.name)
    return [sorted(keyed[k]) for k in sorted(keyed)]


def ranks(groups: list[list[str]], orders: dict[frozenset[str], list[str]],
          shares: bool) -> dict[str, int]:
    """Competition ranking ("1224") of shared ties; an ordered tie takes consecutive ranks."""
    out: dict[str, int] = {}
    place = 1
    for group in groups:
        order = orders.get(frozenset(group))
        for offset, name in enumerate(order or group):
            out[name] = place + (offset if order or not shares else 0)
        place += len(group)
    return out


def tie_orders(contest: Contest, project: ProjectSpec) -> dict[frozenset[str], list[str]]:
    """The chief judge's order of every tie where ranks may not be shared (§10.6), drawn."""
    rng = random.Random(f"orders-{contest.seed}-{project.key}")
    return {frozenset(group): rng.sample(group, len(group)) for group in tie_groups(project)
            if len(group) > 1 and not contest.shares_ranks}


def final_ranks(contest: Contest, project: ProjectSpec) -> dict[str, int]:
    """Every finisher's final rank once the chief judge has ordered the ties."""
    return ranks(tie_groups(project), tie_orders(contest, project), contest.shares_ranks)


def passed(entry: Entry, pass_mark: Decimal) -> bool:
    """Every component at or above the pass mark (§10.12)."""
    return entry.theory >= pass_mark and entry.practical >= pass_mark


@dataclass(frozen=True)
class Decision:
    """One matching row's decision as the API lists it: state, action, grades, apply-for."""

    state: str
    action: str
    before: str
    after: str
    apply_for: str | None = None


def act(row: Row, cur: str, ok: bool, top: str) -> Decision | str:
    """One row's decision for one entrant in its band (§7 table and gates, §10.10, §10.12)."""
    if row.gate and not ok:
        return Decision("NOT_PASSED", row.action, cur, cur)
    c, t = ordinal(cur), ordinal(row.grade)
    if row.action == ELIGIBLE:
        # Eligibility to apply for a grade already held, or above the ceiling: §7 is silent.
        if c >= t or t > ordinal(top):
            return SILENT
        return Decision(ELIGIBLE, row.action, cur, cur, row.grade)
    if cur in ("SPECIAL", "CHIEF"):
        return Decision("NO_CHANGE", row.action, cur, cur)
    new: int | None
    if row.action == "TARGET":
        new = t if c < t else (t + 1 if c == t else None)
    elif row.action == TNB:
        new = t if c < t else None
    else:  # RELATIVE(+1, cap C): the row's grade is the cap
        new = min(c + 1, t) if c < t else None
    if new is not None:
        new = min(new, ordinal("L1"), ordinal(top))  # cap L1, then the occupation's ceiling
    if new is None or new <= c:
        return Decision("NO_CHANGE", row.action, cur, cur)
    return Decision("PROPOSED", row.action, cur, LADDER[new])


def promotions(contest: Contest, project: ProjectSpec,
               rank_of: dict[str, int]) -> dict[str, list[Decision] | str]:
    """Every finisher's decisions in one project, before the year is settled across projects."""
    rows = PRESETS[project.preset][0]
    n = len(rank_of)
    out: dict[str, list[Decision] | str] = {}
    for e in project.entries:
        cur = e.grade or "APPRENTICE"  # §10.10: no grade recorded counts as APPRENTICE
        found: list[Decision] = []
        for row in rows:
            if (e.name not in rank_of or row.group not in (None, contest.group)
                    or not row.band.holds(rank_of[e.name], n)):
                continue
            if (row.min_grade and ordinal(cur) < ordinal(row.min_grade)) or (
                    row.max_grade and ordinal(cur) > ordinal(row.max_grade)):
                continue
            decided = act(row, cur, passed(e, contest.pass_mark), project.top)
            if decided == SILENT:
                break
            assert isinstance(decided, Decision)
            found.append(decided)
        else:
            out[e.name] = _one_a_year(found) if contest.once_a_year else found
            continue
        out[e.name] = SILENT
    return out


def _one_a_year(found: list[Decision]) -> list[Decision]:
    """Within one contest the highest promotion stands, the others are SUPERSEDED (§10.10)."""
    best = max((d for d in found if d.state == "PROPOSED"), default=None,
               key=lambda d: ordinal(d.after))
    return [d if d.state != "PROPOSED" or d is best
            else Decision("SUPERSEDED", d.action, d.before, d.after) for d in found]


def settle_year(first: dict[str, list[Decision] | str],
                second: dict[str, list[Decision] | str]) -> None:
    """Once a year across contests (§10.11): the higher grade-after wins, on equal the earlier.

    `first` was finalised before `second`; ELIGIBLE_TO_APPLY is not a promotion (§10.10).
    """
    for name, later in second.items():
        earlier = first.get(name)
        if isinstance(later, str) or not isinstance(earlier, list):
            continue
        for i, old in enumerate(earlier):
            for j, new in enumerate(later):
                if old.state != "PROPOSED" or new.state != "PROPOSED":
                    continue
                if ordinal(new.after) > ordinal(old.after):
                    earlier[i] = Decision("SUPERSEDED", old.action, old.before, old.after)
                else:
                    later[j] = Decision("SUPERSEDED", new.action, new.before, new.after)


def titles(contest: Contest, project: ProjectSpec,
           rank_of: dict[str, int]) -> dict[str, list[tuple[str, str]]]:
    """Titles by (possibly shared) rank, not gated by passing (§6, §10.12, §10.14)."""
    n = len(rank_of)
    occupation = OCCUPATIONS[project.key]
    out: dict[str, list[tuple[str, str]]] = {}
    for e in project.entries:
        out[e.name] = sorted(
            (t.name.format(region=REGION, occupation=occupation), t.state)
            for t in PRESETS[project.preset][1]
            if e.name in rank_of and t.group in (None, contest.group)
            and t.band.holds(rank_of[e.name], n))
    return out


def places(project: ProjectSpec, rank_of: dict[str, int],
           withdrawn: frozenset[str] = frozenset()) -> set[str]:
    """Finishers in rank order, withdrawals skipped, to the quota; a shared last rank all in."""
    left = {name: rank for name, rank in rank_of.items() if name not in withdrawn}
    ordered = sorted(left.values())
    if not ordered or project.quota == 0:
        return set()
    last = ordered[min(project.quota, len(ordered)) - 1]
    return {name for name, rank in left.items() if rank <= last}


def features(contest: Contest) -> set[str]:
    """What a generated contest exercises, for the coverage check over SEEDS."""
    out = {contest.group, "shares" if contest.shares_ranks else "no_shares",
           "once_a_year" if contest.once_a_year else "every_promotion"}
    decided = [promotions(contest, p, final_ranks(contest, p)) for p in contest.projects]
    if contest.once_a_year:
        settle_year(*decided)
    first = contest.projects[0]
    if first.quota and places(first, final_ranks(contest, first)):
        out.add("withdrawal")
    for name, later in decided[1].items():
        earlier = decided[0].get(name)
        if isinstance(later, list) and isinstance(earlier, list) and {
                d.after for d in earlier if d.state in ("PROPOSED", "SUPERSEDED")} & {
                d.after for d in later if d.state == "SUPERSEDED"}:
            out.add("year_tie")  # equal grades after: the earlier stays (§10.11)
    for side, found in zip(("earlier", "later"), decided, strict=True):
        if any(d.state == "SUPERSEDED" for ds in found.values() if isinstance(ds, list)
               for d in ds):
            out.add(f"{side}_superseded")  # the once-a-year gate across projects (§10.11)
    for project in contest.projects:
        rank_of = final_ranks(contest, project)
        n = len(rank_of)
        out |= {project.preset, f"top_{project.top}", *(e.status for e in project.entries)}
        out |= {f"grade_{e.grade}" for e in project.entries}
        if n == 1:
            out.add("n_1")
        out.add("n_odd" if n % 2 else "n_even")
        if any(e.status == "FINISHED" and not passed(e, contest.pass_mark)
               for e in project.entries):
            out.add(f"failed_{project.preset}")
        targets = {r.grade for r in PRESETS[project.preset][0] if r.action == "TARGET"}
        for found in promotions(contest, project, rank_of).values():
            for d in found if isinstance(found, list) else ():
                out.add(f"{d.state}_{d.action}")
                if d.state == "PROPOSED" and d.action == "TARGET" and d.before in targets:
                    out.add("target_bump")  # cur == T → T+1
                if d.state == "PROPOSED" and ordinal(d.after) == ordinal(project.top) < 5:
                    out.add("ceiling")
        if contest.shares_ranks:
            shared = [r for r in rank_of.values() if list(rank_of.values()).count(r) > 1]
            edges = {1, 5, 6, 10, 11, n // 2, max(1, 3 * n // 10)}
            if any(r in edges for r in shared):
                out.add("shared_at_edge")
        if n % 2 and n // 2 + 1 in rank_of.values() and any(
                r.band.high == "n/2" and r.band.low <= n // 2 + 1
                and r.group in (None, contest.group) for r in PRESETS[project.preset][0]):
            out.add("half_band_odd_edge")  # rank ⌈n/2⌉ of an odd n is outside ⌊n/2⌋
        if any(t.group not in (None, contest.group) and t.band.holds(r, n)
               for t in PRESETS[project.preset][1] for r in rank_of.values()):
            out.add("title_of_other_group")
        if project.quota and len(places(project, rank_of)) > project.quota:
            out.add("shared_last_place")
    return out


# --- driving the API -------------------------------------------------------------------------

@dataclass
class Run:
    """The clients and ids of one contest run through the API."""

    admin: Client
    organizer: Client
    chief: Client
    judge: Client
    pids: dict[str, int]
    theory_ids: dict[str, int]
    aspect_ids: dict[str, int]
    ids: dict[str, dict[str, int]]  # project key → name → registration id


SCHEME = {"components": [
    {"code": "T", "kind": "THEORY", "name": "理论知识", "weight": "0.3"},
    {"code": "P", "kind": "PRACTICAL", "name": "技能操作", "weight": "0.7", "criteria": [
        {"code": "A", "name": "操作", "sub_criteria": [{"code": "A1", "name": "操作", "aspects": [
            {"code": "A1.1", "kind": "PANEL", "max_mark": "100", "aggregation": "mean",
             "description": "作品质量"}]}]}]}]}


def _competition(organizer: Client, body_id: int, name: str, tier: str, starts: Any,
                 **extra: Any) -> int:
    now = starts - timedelta(days=20)
    return organizer.call("POST", "/api/v1/competitions", 201, json={
        "name": name, "tier": tier, "category": "CLASS_1", "region": REGION,
        "year": starts.year, "organizer_id": body_id,
        "registration_opens_at": (now - timedelta(days=1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=10)).isoformat(),
        "starts_on": starts.date().isoformat(),
        "ends_on": (starts + timedelta(days=1)).date().isoformat(), **extra})["id"]


def set_up(client: Any, contest: Contest) -> Run:
    """Occupations, a higher contest to feed, the competition, two projects, staff, entrants."""
    from app.models._types import utcnow

    anonymous = Client(client)
    admin = anonymous.login("admin", ADMIN_PASSWORD)
    occupation = {p.key: admin.call("POST", "/api/v1/occupations", 201, json={
        "code": f"6-18-02-0{k}", "name": OCCUPATIONS[p.key], "top_grade": p.top})["id"]
        for k, p in enumerate(contest.projects, start=1)}
    body = admin.call("POST", "/api/v1/organizations", 201, json={
        "name": "天津市人力资源和社会保障局", "kind": "HRSS", "region": REGION,
        "region_code": "120000", "site_serial": "000321"})
    made = admin.call("POST", f"/api/v1/organizations/{body['id']}/organizers", 201,
                      json={"username": "org", "display_name": "竞赛办"})
    organizer = anonymous.first_login("org", made["one_time_password"])
    now = utcnow()
    group_zh = {E: "职工组", S: "学生组"}[contest.group]
    # The higher contest starts after this one ends, so that its places can be won (§1).
    higher = _competition(organizer, body["id"], "全国选拔赛", "NATIONAL", now + timedelta(days=30))
    fed = organizer.call("POST", f"/api/v1/competitions/{higher}/projects", 201, json={
        "occupation_id": occupation["A"], "group": contest.group,
        "name": f"焊工（{group_zh}）"})["id"]
    cid = _competition(organizer, body["id"], f"生成赛{contest.seed}", "PROVINCIAL",
                       now + timedelta(days=20),
                       parent_id=higher, shares_ranks=contest.shares_ranks,
                       once_a_year=contest.once_a_year, is_municipality=True)
    pids, theory_ids, aspect_ids = {}, {}, {}
    for p in contest.projects:
        feeds = {"advances_to_id": fed, "quota": p.quota} if p.quota else {}
        made_project = organizer.call("POST", f"/api/v1/competitions/{cid}/projects", 201, json={
            "occupation_id": occupation[p.key], "group": contest.group,
            "name": f"{OCCUPATIONS[p.key]}（{group_zh}）", "promotion_preset": p.preset,
            "pass_mark": str(contest.pass_mark), **feeds})
        assert made_project["promotion_preset"] == p.preset
        pid = pids[p.key] = made_project["id"]
        organizer.call("PUT", f"/api/v1/projects/{pid}/scheme", json=SCHEME)
        scheme = organizer.call("GET", f"/api/v1/projects/{pid}/scheme")["components"]
        theory_ids[p.key] = next(c["id"] for c in scheme if c["code"] == "T")
        practical = next(c for c in scheme if c["code"] == "P")
        aspect_ids[p.key] = practical["criteria"][0]["sub_criteria"][0]["aspects"][0]["id"]

    staff = {role: organizer.call("POST", f"/api/v1/competitions/{cid}/staff", 201, json={
        "role": role, "username": role.lower(), "name": role, "employer": "市质监站",
        "id_number": id_number(510 + k), "qualification_level": "PROVINCIAL",
        "certificate_no": f"C-{k}", "expires_on": "2030-12-31", "project_ids": list(pids.values())})
        for k, role in enumerate(("JUDGE", "CHIEF_JUDGE"))}
    for key, pid in pids.items():
        organizer.call("PUT", f"/api/v1/projects/{pid}/assignments/"
                       f"{staff['JUDGE']['user_id']}/panel", json={"aspect_ids": [aspect_ids[key]]})
        organizer.call("PUT", f"/api/v1/projects/{pid}/assignments/"
                       f"{staff['CHIEF_JUDGE']['user_id']}/panel",
                       json={"component_ids": [theory_ids[key]]})

    # Current grades go in through the sheet's 当前职业技能等级 column, one row per project.
    people = sorted({e.name for p in contest.projects for e in p.entries})
    numbers = {name: id_number(600 + k) for k, name in enumerate(people)}
    rows = [[e.name, numbers[e.name], f"1380013{8000 + people.index(e.name)}", "第一机械厂",
             group_zh, f"{OCCUPATIONS[p.key]}（{group_zh}）", ZH[e.grade] if e.grade else ""]
            for p in contest.projects for e in p.entries]
    sheet = _xlsx(["姓名", "身份证号", "手机号", "工作单位或学校", "组别", "赛项",
                   "当前职业技能等级"], rows)
    organizer.call("POST", f"/api/v1/registrations/import?competition_id={cid}&approve=true",
                   201, **_upload(sheet, "报名表.xlsx"))
    ids: dict[str, dict[str, int]] = {}
    for key, pid in pids.items():
        listed = organizer.call("GET", f"/api/v1/registrations?competition_id={cid}"
                                f"&project_id={pid}")
        regs = {r["person"]["name"]: r for r in listed["items"]}
        ids[key] = {name: reg["id"] for name, reg in regs.items()}
        for name, reg in regs.items():
            organizer.call("POST", f"/api/v1/projects/{pid}/checkin",
                           json={"ticket_no": reg["ticket_no"], "id_last4": numbers[name][-4:]})
    chief = anonymous.first_login("chief_judge", staff["CHIEF_JUDGE"]["one_time_password"])
    judge = anonymous.first_login("judge", staff["JUDGE"]["one_time_password"])
    return Run(admin, organizer, chief, judge, pids, theory_ids, aspect_ids, ids)


def _score(who: Client, rid: int, value: Decimal, **target: int) -> None:
    who.call("POST", "/api/v1/scores", 201, json={
        "client_id": str(uuid.uuid4()), "registration_id": rid, "value": str(value), **target})


def run_project(run: Run, contest: Contest, project: ProjectSpec) -> dict[str, int]:
    """Marks, finish statuses, the chief's tie orders, lock, publish, finalise; the ranks."""
    key, pid = project.key, run.pids[project.key]
    for e in project.entries:
        rid = run.ids[key][e.name]
        _score(run.chief, rid, e.theory, component_id=run.theory_ids[key])
        _score(run.judge, rid, e.practical, aspect_id=run.aspect_ids[key])
        if e.status != "FINISHED":
            run.chief.call("PUT", f"/api/v1/projects/{pid}/finish/{rid}", json={
                "status": e.status, "reason": "未完成/取消资格", "working_time_seconds": None})
    # Where ranks may not be shared the chief judge must order every tie (§10.6).
    for order in tie_orders(contest, project).values():
        run.chief.call("POST", f"/api/v1/projects/{pid}/tie-order", 201, json={
            "registration_ids": [run.ids[key][name] for name in order],
            "reason": "经裁判组合议排序"})
    run.chief.call("POST", f"/api/v1/projects/{pid}/lock")
    run.organizer.call("POST", f"/api/v1/projects/{pid}/publish")
    run.admin.call("POST", f"/api/v1/projects/{pid}/finalize", 200, json={
        "override_reason": "测试：组委会书面同意提前确认成绩"})
    return final_ranks(contest, project)


def _seen_decision(p: dict[str, Any]) -> Decision:
    """Read one listed promotion as the oracle writes decisions."""
    explanation = p["explanation"] or {}
    after = p["grade_after"]
    if p["state"] == "SUPERSEDED":
        # A superseded decision is compared by the grade it would have given.
        after = explanation.get("proposed_grade") or after
    return Decision(p["state"], p["action"], p["grade_before"], after,
                    explanation.get("apply_for") if p["state"] == ELIGIBLE else None)


def _key(d: Decision) -> tuple[str, ...]:
    return (d.state, d.action, d.before, d.after, d.apply_for or "")


def _title_seen(name: str, state: str, wanted: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """Compare a 省技术能手 by its suffix only: §7 gives no template for it."""
    if any(w == (PROVINCIAL_NAME, state) for w in wanted) and name.endswith("技术能手"):
        return PROVINCIAL_NAME, state
    return name, state


def check(run: Run, contest: Contest, project: ProjectSpec, rank_of: dict[str, int],
          decided: dict[str, list[Decision] | str]) -> None:
    """Ranks, promotions (with states), titles and places of one project agree with the oracle."""
    pid = run.pids[project.key]
    outcomes = run.organizer.call("GET", f"/api/v1/projects/{pid}/outcomes")
    assert outcomes["result_status"] == "FINAL"
    names = {rid: name for name, rid in run.ids[project.key].items()}
    listed = run.organizer.call("GET", f"/api/v1/promotions?project_id={pid}")
    by_entry: dict[str, list[Decision]] = {name: [] for name in names.values()}
    for p in listed:
        by_entry[names[p["registration_id"]]].append(_seen_decision(p))
    wanted_titles = titles(contest, project, rank_of)
    got: dict[str, Any] = {}
    want: dict[str, Any] = {}
    for entry in outcomes["entries"]:
        name = names[entry["registration_id"]]
        live = [t for t in entry["titles"] if not t.get("replaced_at")]
        got[name] = (entry["rank"], sorted(_title_seen(t["title"], t["state"],
                                                       wanted_titles[name]) for t in live))
        want[name] = (rank_of.get(name), wanted_titles[name])
        if decided[name] != SILENT:
            got[name] += (sorted(map(_key, by_entry[name])),)
            want[name] += (sorted(map(_key, decided[name])),)
    context = (contest.seed, project.key, project.preset, project.top, contest.group,
               contest.pass_mark, len(rank_of))
    for name in sorted(want):
        assert got[name] == want[name], (*context, name, _inputs(project, name))
    if project.quota:
        qualified = {names[q["registration_id"]] for q in outcomes["qualifications"]
                     if q["state"] == "QUALIFIED"}
        assert qualified == places(project, rank_of), (*context, project.quota, rank_of)


def _inputs(project: ProjectSpec, name: str) -> Entry:
    return next(e for e in project.entries if e.name == name)


@pytest.mark.usefixtures("fresh")
@pytest.mark.parametrize("seed", SEEDS)
def test_generated_promotions_match_the_oracle(client: Any, seed: int) -> None:
    """Promotions, their once-a-year states, titles and places agree with the oracle."""
    contest = generate(seed)
    run = set_up(client, contest)
    first, second = contest.projects
    ranks_a = run_project(run, contest, first)
    decided_a = promotions(contest, first, ranks_a)
    # Before the second project is finalised A's promotions stand as PROPOSED (§10.11).
    check(run, contest, first, ranks_a, decided_a)
    ranks_b = run_project(run, contest, second)
    decided_b = promotions(contest, second, ranks_b)
    if contest.once_a_year:
        settle_year(decided_a, decided_b)
    check(run, contest, second, ranks_b, decided_b)
    check(run, contest, first, ranks_a, decided_a)
    if first.quota:
        withdraw_one(run, first, ranks_a, random.Random(f"withdraw-{seed}"))


def withdraw_one(run: Run, project: ProjectSpec, rank_of: dict[str, int],
                 rng: random.Random) -> None:
    """The organizer records one winner's written withdrawal; the places refill (§10.15)."""
    pid = run.pids[project.key]
    names = {rid: name for name, rid in run.ids[project.key].items()}
    held = run.organizer.call("GET", f"/api/v1/projects/{pid}/outcomes")["qualifications"]
    open_places = [q for q in held if q["state"] == "QUALIFIED"]
    if not open_places:  # nobody finished: nothing to give up
        return
    place = rng.choice(open_places)
    run.organizer.call("POST", f"/api/v1/qualifications/{place['id']}/withdraw", json={
        "reason": "选手书面放弃晋级资格"})
    gone = frozenset({names[place["registration_id"]]})
    after = run.organizer.call("GET", f"/api/v1/projects/{pid}/outcomes")["qualifications"]
    assert {names[q["registration_id"]] for q in after if q["state"] == "WITHDRAWN"} == gone
    assert {names[q["registration_id"]] for q in after if q["state"] == "QUALIFIED"} == places(
        project, rank_of, gone), (project.quota, rank_of, gone)


def test_the_seeds_cover_every_feature() -> None:
    """The seeds together exercise each preset, action, gate, ceiling and group."""
    covered = set().union(*(features(generate(seed)) for seed in SEEDS))
    wanted = {E, S, "shares", "no_shares", "once_a_year", "every_promotion", "DNF", "DQ",
              "n_1", "n_odd", "n_even", "top_L3", "top_L2", "grade_None", "grade_SPECIAL",
              "PREFECTURE_CITY", "NATIONAL_GENERAL", "ENTERPRISE", "MUNICIPALITY_CLASS_1",
              "failed_PREFECTURE_CITY", "failed_NATIONAL_GENERAL", "ceiling",
              "shared_at_edge", "shared_last_place",
              "PROPOSED_TARGET", "PROPOSED_TARGET_NO_BUMP", "PROPOSED_RELATIVE",
              "NO_CHANGE_TARGET", "NOT_PASSED_RELATIVE", "ELIGIBLE_TO_APPLY_ELIGIBLE_TO_APPLY",
              "earlier_superseded", "later_superseded", "PROVINCIAL_CLASS_2", "grade_CHIEF",
              "top_L1", "NO_CHANGE_TARGET_NO_BUMP", "NO_CHANGE_RELATIVE", "target_bump",
              "NOT_PASSED_ELIGIBLE_TO_APPLY", "NOT_PASSED_TARGET_NO_BUMP", "year_tie",
              "half_band_odd_edge", "title_of_other_group", "NATIONAL_CLASS", "withdrawal"}
    assert wanted <= covered, sorted(wanted - covered)


def test_the_oracle_on_the_domain_worked_examples() -> None:
    """The oracle reproduces the worked examples of DOMAIN §7."""
    tianjin = Row(Band(1, 10), E, "TARGET", "L2")
    for cur, after in (("L3", "L2"), ("L2", "L1"), ("APPRENTICE", "L2")):
        assert act(tianjin, cur, True, "L1") == Decision("PROPOSED", "TARGET", cur, after)
    assert act(tianjin, "L1", True, "L1") == Decision("NO_CHANGE", "TARGET", "L1", "L1")

    def city(rank: int, cur: str, ok: bool = True) -> list[Decision] | str:
        project = ProjectSpec("A", "L1", "PREFECTURE_CITY",
                              [Entry("x", Decimal(80 if ok else 50), Decimal(80), cur)])
        contest = Contest(0, E, True, True, Decimal(60), (project, project))
        others = {f"y{k}": k for k in range(1, 31) if k != rank}
        return promotions(contest, project, {"x": rank, **others})["x"]

    assert city(1, "L3") == [Decision(ELIGIBLE, ELIGIBLE, "L3", "L3", "L2")]
    assert city(8, "APPRENTICE") == [Decision("PROPOSED", TNB, "APPRENTICE", "L3")]
    assert city(8, "L3") == [Decision(ELIGIBLE, ELIGIBLE, "L3", "L3", "L2")]
    assert city(15, "L5") == [Decision("PROPOSED", "RELATIVE", "L5", "L4")]
    assert city(15, "L3") == [Decision("NO_CHANGE", "RELATIVE", "L3", "L3")]
    assert city(15, "L5", ok=False) == [Decision("NOT_PASSED", "RELATIVE", "L5", "L5")]
    national = Row(Band(1, "n/2"), E, "TARGET", "L2", gate=False)
    assert national.band.holds(10, 30) and not national.band.holds(1, 1)
    assert act(national, "L4", False, "L1") == Decision("PROPOSED", "TARGET", "L4", "L2")
    assert Band(1, "30%").holds(1, 2) and not Band(1, "30%").holds(4, 10)
