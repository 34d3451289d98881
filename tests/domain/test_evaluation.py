"""The single entry point reproduces every DOMAIN.md example from JSON (§4–§7, §10)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from app.domain.awards import Award
from app.domain.errors import DomainError, InputError, SchemeError, ScoreError
from app.domain.evaluation import evaluate_project_from_dict
from app.domain.evaluation_types import ProjectEvaluation
from app.domain.grades import Grade
from app.domain.promotion import Outcome
from app.domain.rulesets import TitleState
from app.domain.scoring import Flag

D = Decimal
THEORY_PRACTICAL = [
    {"code": "T", "kind": "THEORY", "weight": "0.3"},
    {"code": "P", "kind": "PRACTICAL", "weight": "0.7"},
]


def project(**overrides: Any) -> dict[str, Any]:
    base = {
        "project_id": "P1",
        "occupation": "电工",
        "contest_year": 2025,
        "rule_set": "MUNICIPALITY_CLASS_1",
        "result_status": "FINAL",
        "components": copy.deepcopy(THEORY_PRACTICAL),
    }
    return {**base, **overrides}


def entry(eid: str, theory: Any, practical: Any, **extra: Any) -> dict[str, Any]:
    return {
        "entry_id": eid,
        "person_id": f"p-{eid}",
        "group": "EMPLOYEE",
        "components": {"T": {"value": theory}, "P": {"value": practical}},
        **extra,
    }


def field(n: int, **extra: Any) -> list[dict[str, Any]]:
    """n entries with distinct totals, e1 best."""
    return [entry(f"e{i}", 100 - i, 100 - i, **extra) for i in range(1, n + 1)]


def one_j_aspect_entry(aspects: dict[str, list[int]]) -> dict[str, Any]:
    """A project whose one practical component is a single J aspect A1 (out of 100, a panel of
    three), with one employee entry e1 marked `aspects`."""
    components = [
        {
            "code": "P",
            "kind": "PRACTICAL",
            "weight": "1",
            "scheme": {
                "aspects": [
                    {
                        "code": "A1",
                        "criterion": "A",
                        "max_mark": "100",
                        "kind": "J",
                        "panel_size": 3,
                    }
                ]
            },
        }
    ]
    return {
        "project": project(components=components),
        "entries": [
            {
                "entry_id": "e1",
                "person_id": "p1",
                "group": "EMPLOYEE",
                "components": {"P": {"aspects": aspects}},
            }
        ],
    }


def run(data: dict[str, Any]) -> ProjectEvaluation:
    return evaluate_project_from_dict(json.loads(json.dumps(data, ensure_ascii=False)))


def test_total_87_60() -> None:
    result = run({"project": project(), "entries": [entry("e1", 82, 90)]})
    e1 = result.entry("e1")
    assert e1.total == D("87.60") and str(e1.total) == "87.60"
    assert e1.components["T"].score == D(82) and e1.passed


def test_scheme_examples_82_33_and_1_17() -> None:
    components = [
        {"code": "T", "kind": "THEORY", "weight": "0.3"},
        {
            "code": "P",
            "kind": "PRACTICAL",
            "weight": "0.6",
            "scheme": {
                "aspects": [
                    {"code": "A1", "criterion": "A", "max_mark": "98.5", "kind": "M",
                     "allowed": ["0", "80", "98.5"]},  # a stated deduction table (§4)
                    {
                        "code": "A2",
                        "criterion": "A",
                        "max_mark": "1.5",
                        "kind": "J",
                        "panel_size": 3,
                    },
                ]
            },
        },
        {"code": "D", "kind": "DEFENCE", "weight": "0.1", "aggregation": "trimmed_mean"},
    ]
    data = {
        "project": project(components=components),
        "entries": [
            {
                "entry_id": "e1",
                "person_id": "p1",
                "group": "EMPLOYEE",
                "components": {
                    "T": {"value": "82"},
                    "P": {"aspects": {"A1": ["80"], "A2": [2, 3, 2]}},
                    "D": {"panel": [78, 85, 82, 90, 80]},
                },
            }
        ],
    }
    e1 = run(data).entry("e1")
    assert e1.components["D"].score == D("82.33")
    assert e1.components["P"].aspects[1].display == D("1.17")
    assert e1.components["P"].score == D("81.17")  # 80 + 1.1666… → 81.17
    # 0.3·82 + 0.6·81.17 + 0.1·82.33 = 24.6 + 48.702 + 8.233 = 81.535 → 81.54
    assert e1.total == D("81.54")


def test_national_n25_merit_titles_and_promotions() -> None:
    data = {
        "project": project(rule_set="NATIONAL_GENERAL"),
        "entries": field(25, current_grade="L3"),
    }
    result = run(data)
    assert result.n == 25
    awards = [e.award for e in result.entries]
    assert awards[:3] == [Award.GOLD, Award.SILVER, Award.BRONZE]
    assert [e.rank for e in result.entries if e.award is Award.MERIT] == list(range(4, 13))
    titled = [e.rank for e in result.entries if e.titles]
    assert titled == [1, 2, 3, 4, 5]
    assert result.entries[0].titles[0].state is TitleState.NOMINATED
    promoted = [e.rank for e in result.entries if e.promotions[0].outcome is Outcome.PROMOTED]
    assert promoted == list(range(1, 13))  # 1…⌊25/2⌋ → 技师
    assert result.entries[0].promotions[0].grade_after is Grade.L2


@pytest.mark.parametrize(
    ("cur", "after"),
    [
        ("L3", Grade.L2),
        ("L2", Grade.L1),
        ("L1", Grade.L1),
        ("APPRENTICE", Grade.L2),
        (None, Grade.L2),
    ],
)
def test_municipal_electrician_rank_2(cur: str | None, after: Grade) -> None:
    """DOMAIN.md §7: 高级工 → 技师; 技师 → 高级技师; 高级技师 unchanged; 学徒工 → 技师."""
    entries = field(4)
    entries[1]["current_grade"] = cur
    result = run({"project": project(), "entries": entries})
    e2 = result.entry("e2")
    assert e2.rank == 2
    (decision,) = e2.promotions
    assert decision.grade_after is after
    assert decision.outcome is (Outcome.NO_CHANGE if cur == "L1" else Outcome.PROMOTED)
    assert e2.titles == ()
    assert result.entry("e1").titles[0].state is TitleState.ELIGIBLE_TO_APPLY


def test_worldskills_seven_competitor_example() -> None:
    """Raw totals chosen in test_standardisation.py reproduce 729/718/710/700/692/679/667."""
    raws = ["94.50", "89.00", "85.00", "80.00", "76.00", "69.50", "63.50"]
    data = {
        "project": project(
            components=[{"code": "P", "kind": "PRACTICAL", "weight": "1"}],
            award={"scheme": "WORLDSKILLS"},
        ),
        "entries": [
            {
                "entry_id": f"C{i + 1}",
                "person_id": f"p{i}",
                "group": "EMPLOYEE",
                "components": {"P": {"value": raw}},
            }
            for i, raw in enumerate(raws)
        ],
    }
    result = run(data)
    assert [e.ws_score for e in result.entries] == [729, 718, 710, 700, 692, 679, 667]
    assert [e.award for e in result.entries] == [
        Award.GOLD,
        Award.SILVER,
        Award.BRONZE,
        Award.MEDALLION_FOR_EXCELLENCE,
        None,
        None,
        None,
    ]


def test_everyone_dnf() -> None:
    entries = [
        {"entry_id": f"e{i}", "person_id": f"p{i}", "group": "EMPLOYEE", "status": "DNF"}
        for i in range(3)
    ]
    result = run({"project": project(quota=2), "entries": entries})
    assert result.n == 0
    assert all(e.rank is None and e.award is None and e.total is None for e in result.entries)
    assert {e.promotions[0].outcome for e in result.entries} == {Outcome.NOT_RANKED}
    assert result.qualification is not None and result.qualification.qualified == ()


def test_n_1_and_n_2() -> None:
    one = run({"project": project(rule_set="NATIONAL_GENERAL"), "entries": field(1)})
    assert one.entries[0].award is Award.GOLD
    assert one.entries[0].promotions[0].outcome is Outcome.NOT_IN_BAND  # 1…⌊1/2⌋ is empty
    two = run({"project": project(rule_set="NATIONAL_GENERAL"), "entries": field(2)})
    assert [e.award for e in two.entries] == [Award.GOLD, Award.SILVER]
    assert two.entries[0].promotions[0].outcome is Outcome.PROMOTED


def test_unresolved_tie_blocks_promotion_and_is_reported() -> None:
    entries = [entry("a", 80, 80), entry("b", 80, 80), entry("c", 70, 70)]
    result = run({"project": project(), "entries": entries})
    assert [(t.rank, t.entry_ids) for t in result.unresolved_ties] == [(1, ("a", "b"))]
    assert [r.code for r in result.finality] == ["promotion.unresolved_tie"]
    assert result.entry("a").promotions[0].outcome is Outcome.NOT_FINAL
    ordered = run({"project": project(chief_judge_order=["b", "a"]), "entries": entries})
    assert [e.entry_id for e in ordered.entries] == ["b", "a", "c"]
    assert ordered.finality == () and ordered.entry("a").rank == 2


def test_shared_ranks_and_provisional_results() -> None:
    entries = [entry("a", 80, 80), entry("b", 80, 80), entry("c", 70, 70)]
    result = run(
        {
            "project": project(shares_ranks=True, result_status="PUBLISHED", appeals_open=True),
            "entries": entries,
        }
    )
    assert [e.rank for e in result.entries] == [1, 1, 3]
    assert [e.award for e in result.entries] == [Award.GOLD, Award.GOLD, Award.BRONZE]
    assert [r.code for r in result.finality] == ["promotion.not_final", "promotion.appeals_open"]


def test_pass_mark_gates_promotion_not_awards() -> None:
    entries = [entry("a", 50, 100), entry("b", 70, 70)]
    result = run({"project": project(), "entries": entries})
    a = result.entry("a")
    assert a.rank == 1 and a.award is Award.GOLD and a.titles
    assert not a.passed and a.failed_components == ("T",)
    assert a.promotions[0].outcome is Outcome.NOT_PASSED


def test_countersigned_breach_disqualifies() -> None:
    entries = field(3)
    entries[0]["components"]["P"]["penalties"] = [
        {
            "code": "S1",
            "points": "5",
            "name": "严重违规",
            "disqualifying": True,
            "countersigned_by": "chief",
        }
    ]
    result = run({"project": project(), "entries": entries})
    assert [(e.entry_id, e.rank, e.status.value) for e in result.entries] == [
        ("e2", 1, "FINISHED"),
        ("e3", 2, "FINISHED"),
        ("e1", None, "DQ"),
    ]


def test_qualification_with_withdrawal() -> None:
    entries = field(5)
    entries[1]["withdrawn"] = True
    result = run({"project": project(quota=2, advances_to="PROV-1"), "entries": entries})
    assert result.qualification is not None
    assert result.qualification.qualified == ("e1", "e3")
    assert [e.entry_id for e in result.entries if e.qualified] == ["e1", "e3"]
    assert result.advances_to == "PROV-1"


def test_team_entries_promote_every_member_and_scale_titles() -> None:
    entries = field(6)
    for e in entries:
        e["members"] = [
            {"person_id": e["person_id"] + "a", "current_grade": "L3"},
            {"person_id": e["person_id"] + "b", "current_grade": "L2"},
        ]
    result = run({"project": project(rule_set="NATIONAL_GENERAL", team_size=2), "entries": entries})
    assert [e.rank for e in result.entries if e.titles] == [1, 2, 3]  # team of 2 → top 3
    first = result.entries[0].promotions
    assert [(d.person_id, d.grade_after) for d in first] == [
        ("p-e1a", Grade.L2),
        ("p-e1b", Grade.L1),
    ]


def test_flags_surface_on_entries() -> None:
    data = one_j_aspect_entry({"A1": [1, 3, 3]})
    assert run(data).entry("e1").flags == (Flag.NEEDS_RESCORE,)


def test_round_trip_and_repeatability() -> None:
    data = {"project": project(quota=2), "entries": field(5, current_grade="L4")}
    first = run(data)
    again = run(copy.deepcopy(data))
    assert first == again
    text = json.dumps(first.to_dict(), ensure_ascii=False)
    assert ProjectEvaluation.from_dict(json.loads(text)) == first


@pytest.mark.parametrize(
    ("mutate", "error", "code"),
    [
        (lambda d: d.update(entries=[]), InputError, "project.empty"),
        (
            lambda d: d["project"]["components"][0].update(weight="0.2"),
            SchemeError,
            "scheme.weights_sum",
        ),
        (
            lambda d: d["project"]["components"][0].update(weight="0.4"),
            SchemeError,
            "scheme.theory_weight",
        ),
        (
            lambda d: d["entries"][0]["components"]["T"].update(value=101),
            ScoreError,
            "score.out_of_range",
        ),
        (
            lambda d: d["entries"][0]["components"].update(X={"value": 1}),
            ScoreError,
            "score.unknown_component",
        ),
        (lambda d: d["entries"][0]["components"].pop("P"), ScoreError, "score.missing_component"),
        (
            lambda d: d["entries"][1].update(person_id="p-e1"),
            InputError,
            "project.duplicate_person",
        ),
        (lambda d: d["entries"][0].update(group="RETIREE"), InputError, "input.type"),
        (lambda d: d["entries"][0].update(colour="red"), InputError, "input.unknown_field"),
        (
            lambda d: d["entries"][0]["components"]["T"].update(value="abc"),
            InputError,
            "input.type",
        ),
        (lambda d: d["project"].update(rule_set="NOPE"), DomainError, "ruleset.unknown_preset"),
        (lambda d: d.pop("project"), InputError, "input.shape"),
    ],
)
def test_bad_input_gives_typed_errors(mutate: Any, error: type[DomainError], code: str) -> None:
    data = {"project": project(), "entries": field(2)}
    mutate(data)
    with pytest.raises(error) as exc:
        run(data)
    assert exc.value.code == code and exc.value.message


def test_j_score_of_4_and_unknown_aspect() -> None:
    for aspects, code in (
        ({"A1": [4, 3, 3]}, "score.out_of_range"),
        ({"A1": [3, 3, 3], "Z9": [1]}, "score.unknown_aspect"),
    ):
        data = one_j_aspect_entry(aspects)
        with pytest.raises(ScoreError) as exc:
            run(data)
        assert exc.value.code == code
