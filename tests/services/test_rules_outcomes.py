"""Issue #16 end to end: 地级市 preset, title templates on certificates, ceiling, once a year."""

from __future__ import annotations

from sqlalchemy import select

from tests.finalisation_setup import FINAL_AT, ready_contest

# Totals rank contestant 3 first, then 2, then 1 (all pass: every component ≥ 60).
MARKS = [(80, 20), (85, 25), (90, 28)]


def _finalize(contest):
    from app.services.results.finalisation import finalize_project

    return finalize_project(contest.project.id, actor=contest.organizer, now=FINAL_AT)


def _promotions(registration_id):
    from app.extensions import db
    from app.models import Promotion

    return list(db.session.scalars(select(Promotion).where(
        Promotion.registration_id == registration_id).order_by(Promotion.id)))


def _as_prefecture_city(contest, db, region="唐山市"):
    competition = contest.project.competition
    competition.region, competition.is_municipality = region, False
    db.session.commit()


def test_prefecture_city_titles_print_region_and_occupation(db):
    from app.models import TitleAward
    from app.services.certification.certificates import issue_certificates

    contest = ready_contest(MARKS, preset="PREFECTURE_CITY")
    _as_prefecture_city(contest, db)
    _finalize(contest)
    by_rank = {1: contest.registrations[2], 2: contest.registrations[1],
               3: contest.registrations[0]}
    titles = {rank: [(t.title, t.state) for t in db.session.scalars(
        select(TitleAward).where(TitleAward.registration_id == reg.id))]
        for rank, reg in by_rank.items()}
    assert titles == {1: [("唐山市焊工技术状元", "AUTO_GRANTED")],
                      2: [("唐山市焊工技术标兵", "AUTO_GRANTED")],
                      3: [("唐山市焊工技术能手", "AUTO_GRANTED")]}
    report = issue_certificates(contest.organizer, contest.project.id, ["AWARD"], now=FINAL_AT)
    printed = {c.registration_id: c.content["titles"] for c in report.issued}
    assert printed[by_rank[1].id] == ["唐山市焊工技术状元（已授予）"]


def test_prefecture_city_promotes_rank_2_to_senior_worker_and_rank_1_may_apply(db):
    contest = ready_contest(MARKS, preset="PREFECTURE_CITY")
    _as_prefecture_city(contest, db)
    _finalize(contest)
    first, second = contest.registrations[2], contest.registrations[1]
    assert [(p.state, p.grade_after) for p in _promotions(second.id)] == [("PROPOSED", "L3")]
    (eligible,) = _promotions(first.id)
    assert eligible.state == "ELIGIBLE_TO_APPLY"
    assert eligible.explanation["apply_for"] == "L2"


def test_occupation_ceiling_stops_the_promotion_with_the_reason(db):
    contest = ready_contest(MARKS)  # 直辖市 市级一类: 1–10 → TARGET(L2)
    contest.project.occupation.top_grade = "L3"  # the standard tops at 高级工
    db.session.commit()
    _finalize(contest)
    (promotion,) = _promotions(contest.registrations[2].id)
    assert (promotion.state, promotion.grade_after) == ("PROPOSED", "L3")
    cap = next(g for g in promotion.explanation["gates"] if g["gate"] == "CAP_L1")
    assert cap["code"] == "promotion.stopped_at_ceiling"


def test_once_a_year_off_keeps_both_promotions(db):
    first = ready_contest(MARKS, preset="MUNICIPALITY_CLASS_2")  # TARGET(L3)
    second = ready_contest(MARKS)  # TARGET(L2)
    for a, b in zip(first.registrations, second.registrations, strict=True):
        b.person_id = a.person_id
    second.project.occupation_id = first.project.occupation_id
    first.project.competition.once_a_year = False
    db.session.commit()
    _finalize(second)
    _finalize(first)
    assert {p.state for p in _promotions(first.registrations[2].id)} == {"PROPOSED"}


def test_a_contest_without_the_rule_neither_supersedes_nor_is_superseded(db):
    """The later, higher contest keeps the rule; the earlier one opted out and is untouched."""
    first = ready_contest(MARKS, preset="MUNICIPALITY_CLASS_2")  # TARGET(L3), rule off
    second = ready_contest(MARKS)  # TARGET(L2), rule on
    for a, b in zip(first.registrations, second.registrations, strict=True):
        b.person_id = a.person_id
    second.project.occupation_id = first.project.occupation_id
    first.project.competition.once_a_year = False
    db.session.commit()
    _finalize(first)
    _finalize(second)
    assert {p.state for p in _promotions(first.registrations[2].id)} == {"PROPOSED"}
    assert {p.state for p in _promotions(second.registrations[2].id)} == {"PROPOSED"}
