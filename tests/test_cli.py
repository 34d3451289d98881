"""`flask demo` and `flask create-admin`: idempotent, valid, and every role can log in.

The demo is loaded once for the module (two runs, through the real CLI) and the tables are
emptied afterwards, so these tests read one shared, realistic data set.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from tests.conftest import _truncate_all


@pytest.fixture(scope="module")
def demo(app: Any) -> Iterator[dict[str, Any]]:
    """Run `flask demo` twice on empty tables; yield both outputs and row counts."""
    from app.demo.demo import count_rows
    from app.extensions import db

    runner = app.test_cli_runner()
    with app.app_context():
        _truncate_all(db)
        first = runner.invoke(args=["demo"])
        counts_first = count_rows()
        second = runner.invoke(args=["demo"])
        counts_second = count_rows()
        yield {"first": first, "second": second,
               "counts_first": counts_first, "counts_second": counts_second}
        db.session.remove()
        _truncate_all(db)


def test_demo_runs_twice_without_adding_rows(demo: dict[str, Any]) -> None:
    assert demo["first"].exit_code == 0, demo["first"].output
    assert demo["second"].exit_code == 0, demo["second"].output
    assert "nothing added" in demo["second"].output
    assert demo["counts_second"] == demo["counts_first"]
    counts = demo["counts_first"]
    assert counts["people"] >= 300
    assert counts["registrations"] >= 250
    assert counts["score_events"] > 0


def test_demo_plan_is_deterministic() -> None:
    from app.demo.demo_entries import plan_entries
    from app.demo.demo_people import plan_people

    day = date(2026, 5, 1)
    runs = []
    for _ in range(2):
        rng = random.Random(2026)
        people, judges = plan_people(rng, day)
        runs.append((people, judges, plan_entries(rng, people, day.year)))
    assert runs[0] == runs[1]


def test_demo_id_numbers_pass_the_check_digit(demo: dict[str, Any]) -> None:
    from app.domain.idcard import parse_id_number
    from app.extensions import db
    from app.models import Person

    people = db.session.scalars(select(Person)).all()
    assert len({p.id_number for p in people}) == len(people)
    for person in people:
        info = parse_id_number(person.id_number)
        assert info.birth_date == person.birth_date
        assert info.gender.value == person.gender
        assert 1960 <= person.birth_date.year <= 2006


def test_demo_contests_form_a_pyramid(demo: dict[str, Any]) -> None:
    from app.extensions import db
    from app.models import Competition, Project

    comps = db.session.scalars(select(Competition)).all()
    assert Counter(c.tier for c in comps) == {
        "NATIONAL": 1, "PROVINCIAL": 1, "MUNICIPAL": 2, "ENTERPRISE": 4}
    by_tier = {tier: [c for c in comps if c.tier == tier] for tier in
               ("NATIONAL", "PROVINCIAL", "MUNICIPAL", "ENTERPRISE")}
    national, provincial = by_tier["NATIONAL"][0], by_tier["PROVINCIAL"][0]
    assert (national.category, national.parent_id) == ("GENERAL", None)
    assert (provincial.category, provincial.parent_id) == ("CLASS_1", national.id)
    municipal_ids = {c.id for c in by_tier["MUNICIPAL"]}
    assert all(c.parent_id == provincial.id for c in by_tier["MUNICIPAL"])
    assert Counter(c.parent_id for c in by_tier["ENTERPRISE"]) == {i: 2 for i in municipal_ids}
    for project in db.session.scalars(select(Project)):
        target = project.advances_to
        if project.competition.tier == "NATIONAL":
            assert target is None
            continue
        assert target is not None and project.quota > 0
        assert target.competition_id == project.competition.parent_id
        assert (target.occupation_id, target.group) == (project.occupation_id, project.group)


def test_demo_projects_carry_presets_and_award_schemes(demo: dict[str, Any]) -> None:
    from app.domain.presets import PRESETS
    from app.domain.rulesets import RuleRow
    from app.domain.serde import load
    from app.extensions import db
    from app.models import Project

    schemes = {"NATIONAL": "MEDALS_PLUS_MERIT", "PROVINCIAL": "PERCENT_PRIZES",
               "MUNICIPAL": "PERCENT_PRIZES", "ENTERPRISE": "FIXED_COUNT"}
    for project in db.session.scalars(select(Project)):
        assert project.award_scheme == schemes[project.competition.tier]
        preset = PRESETS[project.promotion_preset]
        rows = tuple(load(RuleRow, r) for r in project.promotion_rules + project.title_rules)
        assert set(rows) == set(preset.rows)
    # 唐山 and 沧州 are prefecture cities: the 石家庄 rows, never a 直辖市's (issue #16).
    city = {p.competition.region: p.promotion_preset for p in db.session.scalars(select(Project))
            if p.competition.tier == "MUNICIPAL"}
    assert city == {"唐山市": "PREFECTURE_CITY", "沧州市": "PREFECTURE_CITY"}


def test_demo_marking_schemes_are_complete(demo: dict[str, Any]) -> None:
    from app.extensions import db
    from app.models import Component, PanelSeat

    seats = Counter(s.aspect_id for s in db.session.scalars(select(PanelSeat)))
    for component in db.session.scalars(select(Component)):
        aspects = [a for c in component.criteria for s in c.sub_criteria for a in s.aspects]
        if component.kind == "THEORY":
            assert component.weight == Decimal("0.3") and not aspects
            continue
        assert component.weight == Decimal("0.7")
        assert [c.code for c in component.criteria] == ["A", "B", "C", "D"]
        assert sum(a.max_mark for a in aspects) == 100
        assert {a.kind for a in aspects} == {"M", "J", "PANEL"}
        for aspect in aspects:
            if aspect.kind == "J":
                assert seats[aspect.id] >= 3
                assert [d["score"] for d in aspect.descriptors] == [0, 1, 2, 3]


def test_demo_scores_are_in_range_and_the_finished_project_is_locked(
    demo: dict[str, Any],
) -> None:
    from app.extensions import db
    from app.models import Aspect, Project, Registration, ScoreEvent

    events = db.session.scalars(select(ScoreEvent)).all()
    aspects = {a.id: a for a in db.session.scalars(select(Aspect))}
    by_sheet: dict[tuple[int, int], list[Decimal]] = {}
    for event in events:
        if event.aspect_id is None:
            assert 0 <= event.value <= 100
            continue
        aspect = aspects[event.aspect_id]
        top = Decimal(3) if aspect.kind == "J" else aspect.max_mark
        assert 0 <= event.value <= top
        if aspect.kind == "J":
            by_sheet.setdefault((event.registration_id, aspect.id), []).append(event.value)
    assert all(max(v) - min(v) <= 1 for v in by_sheet.values())  # no NEEDS_RESCORE

    locked = db.session.scalars(select(Project).where(Project.scores_locked_at.is_not(None))).all()
    assert len(locked) == 1 and locked[0].result_status == "PROVISIONAL"
    assert locked[0].occupation.name == "电工" and locked[0].competition.tier == "MUNICIPAL"
    regs = db.session.scalars(
        select(Registration).where(Registration.project_id == locked[0].id)).all()
    assert regs and all(r.status == "COMPETED" and r.anonymous_code for r in regs)
    scored = Counter(e.registration_id for e in events if e.registration_id in {r.id for r in regs})
    assert len(set(scored.values())) == 1  # every contestant got every seat's score


def test_demo_registrations_cover_the_lifecycle(demo: dict[str, Any]) -> None:
    from app.extensions import db
    from app.models import Registration

    regs = db.session.scalars(select(Registration)).all()
    statuses = Counter(r.status for r in regs)
    assert {"SUBMITTED", "APPROVED", "REJECTED", "CHECKED_IN", "COMPETED"} <= set(statuses)
    for reg in regs:
        assert (reg.ticket_no is not None) == (reg.status in ("APPROVED", "CHECKED_IN",
                                                             "COMPETED"))
        assert (reg.anonymous_code is not None) == (reg.status in ("CHECKED_IN", "COMPETED"))
        assert bool(reg.decision_reason) == (reg.status == "REJECTED")


def test_every_demo_role_can_log_in(demo: dict[str, Any]) -> None:
    from app.demo.demo_accounts import demo_logins
    from app.extensions import db
    from app.models import User
    from app.security import Role

    logins = demo_logins("contestant01")
    assert {login.role for login in logins} == {role.value for role in Role}
    for login in logins:
        user = db.session.scalar(select(User).where(User.username == login.username))
        assert user is not None, login.username
        assert check_password_hash(user.password_hash, login.password)
        assert login.role in {r.role for r in user.roles}
        assert login.password in demo["first"].output and login.username in demo["first"].output
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    assert admin is not None and admin.password_hash.startswith("scrypt:")


def test_demo_judges_and_organizers_are_wired_for_scope_and_recusal(
    demo: dict[str, Any],
) -> None:
    from app.extensions import db
    from app.models import DeclaredConflict, JudgeAssignment, Person, RoleAssignment, User

    organizers = db.session.scalars(
        select(RoleAssignment).where(RoleAssignment.role == "ORGANIZER")).all()
    assert len(organizers) == 8 and all(r.organization_id for r in organizers)
    contestant = db.session.scalar(select(User).where(User.username == "contestant01"))
    assert contestant is not None and contestant.person_id is not None
    chiefs = db.session.scalars(
        select(JudgeAssignment).where(JudgeAssignment.role == "CHIEF_JUDGE")).all()
    assert chiefs and all(a.user.person_id for a in chiefs)
    judge_orgs = {p.organization_id for p in db.session.scalars(
        select(Person).join(User, User.person_id == Person.id).join(JudgeAssignment))}
    employer_orgs = {p.organization_id for p in db.session.scalars(
        select(Person).outerjoin(User, User.person_id == Person.id).where(User.id.is_(None)))}
    assert judge_orgs & employer_orgs  # some judges must recuse from their colleagues
    assert db.session.scalar(select(DeclaredConflict)) is not None


def test_create_admin_is_idempotent(demo: dict[str, Any], app: Any) -> None:
    from app.extensions import db
    from app.models import User

    runner = app.test_cli_runner()
    args = ["create-admin", "--username", "root", "--password", "S3cret-pass"]
    created = runner.invoke(args=args)
    assert created.exit_code == 0, created.output
    assert "Created administrator 'root'" in created.output
    again = runner.invoke(args=args[:-1] + ["other-pass-1"])
    assert again.exit_code == 0 and "already exists" in again.output
    db.session.expire_all()
    users = db.session.scalars(select(User).where(User.username == "root")).all()
    assert len(users) == 1
    assert check_password_hash(users[0].password_hash, "S3cret-pass")
    assert users[0].password_hash.startswith("scrypt:")
    assert [r.role for r in users[0].roles] == ["ADMIN"]


def test_create_admin_prompts_and_applies_the_password_policy(demo: dict[str, Any],
                                                           app: Any) -> None:
    runner = app.test_cli_runner()
    prompted = runner.invoke(args=["create-admin"], input="boss\nLong-enough-1\nLong-enough-1\n")
    assert prompted.exit_code == 0 and "Created administrator 'boss'" in prompted.output
    for weak, code in (("short", "password.too_short"), ("12345678", "password.too_short"),
                       ("1234567890", "password.too_simple"),
                       ("password2024", "password.guessable"),
                       ("Boss2-works", "password.guessable")):  # holds the username
        refused = runner.invoke(args=["create-admin", "--username", "boss2", "--password", weak])
        assert refused.exit_code != 0 and code in refused.output, (weak, refused.output)


def test_demo_locked_project_is_complete_for_the_standings_engine(demo: dict[str, Any]) -> None:
    from app.extensions import db
    from app.models import Project
    from app.services.boards.standings import compute_standings

    project = db.session.scalars(select(Project).where(Project.scores_locked_at.is_not(None))).one()
    standings = compute_standings(project)
    assert standings["complete"] and not standings["problems"]
    assert not standings["unresolved_ties"]  # finalisation will not wait for the chief judge
    assert all(not row["flags"] for row in standings["rows"])
    assert [row["rank"] for row in standings["rows"]] == list(range(1, standings["n"] + 1))


def test_the_demo_data_passes_the_audit_check(demo, app):
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output
