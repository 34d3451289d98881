"""Saving a marking scheme from the plain structure: every §4 problem at once, ids kept, lock."""

from __future__ import annotations

import copy

import pytest

from app.errors import ForbiddenError
from tests.judging_setup import NOW, new_id

SCHEME = {"components": [
    {"code": "T", "kind": "THEORY", "name": "理论知识", "weight": "0.3"},
    {"code": "P", "kind": "PRACTICAL", "name": "技能操作", "weight": "0.7", "criteria": [
        {"code": "A", "name": "质量", "sub_criteria": [
            {"code": "A1", "name": "焊缝", "aspects": [
                {"code": "A1.1", "kind": "M", "max_mark": "40", "allowed": ["40", "20", "0"]},
                {"code": "A1.2", "kind": "J", "max_mark": "30",
                 "descriptors": ["差", "合格", "良好", "优秀"]}]}]},
        {"code": "B", "name": "工艺", "sub_criteria": [
            {"code": "B1", "name": "过程", "aspects": [
                {"code": "B1.1", "kind": "PANEL", "max_mark": "30",
                 "aggregation": "trimmed_mean"}]}]}]},
]}


def test_save_keeps_ids_and_seats_of_what_stayed(contest):
    from app.services.setup.schemes import get_marking_scheme, save_marking_scheme

    saved = save_marking_scheme(contest.organizer, contest.project.id, SCHEME, now=NOW)
    aspects = saved["components"][1]["criteria"][0]["sub_criteria"][0]["aspects"]
    assert aspects[0]["id"] == contest.m.id and aspects[1]["id"] == contest.j.id
    assert aspects[0]["allowed"] == ["40", "20", "0"]
    assert aspects[1]["descriptors"] == ["差", "合格", "良好", "优秀"]
    panel = saved["components"][1]["criteria"][1]["sub_criteria"][0]["aspects"][0]
    assert panel["aggregation"] == "trimmed_mean"
    assert get_marking_scheme(contest.project.id) == saved


def test_every_problem_is_reported_and_nothing_changes(contest):
    from app.services.scoring.judging_errors import JudgingError
    from app.services.setup.schemes import get_marking_scheme, save_marking_scheme

    before = get_marking_scheme(contest.project.id)
    bad = copy.deepcopy(SCHEME)
    bad["components"][0]["weight"] = "0.4"  # theory over 30%, weights sum to 1.1
    bad["components"][1]["criteria"][0]["sub_criteria"][0]["aspects"][0]["max_mark"] = "45"
    with pytest.raises(JudgingError) as refused:
        save_marking_scheme(contest.organizer, contest.project.id, bad, now=NOW)
    codes = sorted(p.code for p in refused.value.problems)
    assert codes == ["scheme.max_sum", "scheme.theory_weight", "scheme.weights_sum"]
    assert refused.value.code == "scheme.invalid"
    assert get_marking_scheme(contest.project.id) == before


@pytest.mark.parametrize(("path", "value"), [
    (("components", 0, "kind"), "SPORT"),
    (("components", 0, "weight"), "abc"),
    (("components", 0, "weight"), "3E-1"),
    (("components", 0, "weight"), 0.30000000000000004),
    (("components", 1, "criteria", 0, "sub_criteria", 0, "aspects", 0, "max_mark"),
     "1E-999999999"),
    (("components", 1, "criteria", 0, "sub_criteria", 0, "aspects", 0, "max_mark"), "１０"),
    (("components", 1, "criteria", 0, "code"), ""),
])
def test_a_malformed_structure_names_the_field(contest, path, value):
    from app.services.scoring.judging_errors import JudgingError
    from app.services.setup.schemes import save_marking_scheme

    bad = copy.deepcopy(SCHEME)
    target = bad
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(JudgingError) as refused:
        save_marking_scheme(contest.organizer, contest.project.id, bad, now=NOW)
    assert refused.value.code == "scheme.bad_structure" and refused.value.field


@pytest.mark.parametrize(("path", "limit"), [
    (("components", 1, "criteria", 0, "sub_criteria", 0, "aspects", 0, "code"), 16),
    (("components", 1, "criteria", 0, "sub_criteria", 0, "aspects", 0, "description"), 2000),
    (("components", 1, "criteria", 0, "name"), 200),
])
def test_a_text_over_its_limit_is_refused_not_cut(contest, path, limit):
    from app.services.scoring.judging_errors import JudgingError
    from app.services.setup.schemes import save_marking_scheme

    bad = copy.deepcopy(SCHEME)
    target = bad
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = "A" * (limit + 1)
    with pytest.raises(JudgingError) as refused:
        save_marking_scheme(contest.organizer, contest.project.id, bad, now=NOW)
    assert refused.value.code == "scheme.too_long"
    assert refused.value.field.endswith(f".{path[-1]}")
    assert str(limit) in refused.value.message


def test_removed_aspects_take_their_seats_with_them(contest):
    from app.extensions import db
    from app.models import PanelSeat
    from app.services.setup.schemes import save_marking_scheme

    smaller = copy.deepcopy(SCHEME)
    aspects = smaller["components"][1]["criteria"][0]["sub_criteria"][0]["aspects"]
    aspects[0]["max_mark"] = "70"
    del aspects[1]
    save_marking_scheme(contest.organizer, contest.project.id, smaller, now=NOW)
    assert db.session.query(PanelSeat).filter_by(aspect_id=contest.j.id).count() == 0


def test_the_scheme_locks_when_judging_starts_and_only_organizers_edit(contest):
    from app.services.scoring.judging import submit_score
    from app.services.scoring.judging_errors import JudgingError
    from app.services.setup.schemes import save_marking_scheme

    with pytest.raises(ForbiddenError) as refused:
        save_marking_scheme(contest.judges[0], contest.project.id, SCHEME, now=NOW)
    assert refused.value.code == "auth.forbidden"
    submit_score(client_id=new_id(), judge=contest.judges[0],
                 registration_id=contest.registrations[0].id, aspect_id=contest.j.id, value=1,
                 now=NOW)
    with pytest.raises(JudgingError) as refused:
        save_marking_scheme(contest.organizer, contest.project.id, SCHEME, now=NOW)
    assert refused.value.code == "scheme.locked"
