"""Theory scores from .xlsx: all or nothing, only valid rows, idempotent, refused when locked."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.documents.helpers import xlsx_bytes
from tests.judging_setup import NOW, build_contest, new_id

HEAD = ["准考证号或加密号", "姓名", "理论成绩"]


@pytest.fixture()
def contest(db):
    c = build_contest(contestants=4)
    c.registrations[0].ticket_no = "T2026-0001"
    c.registrations[3].status = "APPROVED"  # never checked in
    db.session.commit()
    return c


def _values(contest: Any) -> dict[int, list[Decimal]]:
    from app.extensions import db
    from app.models import ScoreEvent

    out: dict[int, list[Decimal]] = {}
    for event in db.session.query(ScoreEvent).filter_by(component_id=contest.theory.id).order_by(
            ScoreEvent.id):
        out.setdefault(event.registration_id, []).append(event.value)
    return out


def _import(contest: Any, rows: list[list[Any]], **kwargs: Any) -> Any:
    from app.services.scoring.theory_import import import_theory_scores

    kwargs.setdefault("actor", contest.chief)
    return import_theory_scores(contest.project, xlsx_bytes([HEAD, *rows]), "theory.xlsx",
                                now=NOW, **kwargs)


def test_good_file_stores_every_mark_once_in_one_go(contest):
    from app.extensions import db
    from app.models import AuditEntry, Project

    regs = contest.registrations
    result = _import(contest, [["T2026-0001", "选手1", 88.5], ["J002", "", "91"],
                               ["j003", "选手3", 0]])
    assert (result.imported, result.unchanged, result.skipped_rows) == (3, 0, [])
    assert _values(contest) == {regs[0].id: [Decimal("88.5")], regs[1].id: [Decimal(91)],
                                regs[2].id: [Decimal(0)]}
    project = db.session.get(Project, contest.project.id)
    assert project.scheme_locked_at is not None  # the first score locks the scheme
    assert project.event_seq == 1  # one change, one sequence number
    actions = [a.action for a in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions.count("score.submitted") == 3 and actions[-1] == "theory.imported"


def test_bad_rows_are_reported_with_row_numbers_and_nothing_is_stored(contest):
    from app.services.scoring.theory_import import TransferRefused

    rows = [["J001", "选手1", 80], ["X999", "", 70], ["J002", "别人", 70], ["J001", "", 81],
            ["J003", "", "一百"], ["J003", "", 101], ["J004", "", 60], ["", "", 50],
            ["J002", "", ""]]
    with pytest.raises(TransferRefused) as refused:
        _import(contest, rows)
    found = {(e.row, e.column, e.code) for e in refused.value.report.errors}
    assert found == {
        (3, "contestant", "theory.unknown_contestant"), (4, "name", "theory.name_mismatch"),
        (5, "contestant", "theory.duplicate"), (6, "score", "theory.value"),
        (7, "score", "theory.value"), (7, "contestant", "theory.duplicate"),
        (8, "contestant", "theory.not_checked_in"),
        (9, "contestant", "theory.key_missing"), (10, "contestant", "theory.duplicate"),
        (10, "score", "theory.value_missing")}
    assert refused.value.report.bad_rows == [3, 4, 5, 6, 7, 8, 9, 10]
    assert _values(contest) == {}


def test_only_valid_stores_the_good_rows(contest):
    regs = contest.registrations
    result = _import(contest, [["J001", "", 80], ["J002", "", 200], ["J003", "", 75]],
                     only_valid=True)
    assert (result.imported, result.skipped_rows) == (2, [3])
    assert _values(contest) == {regs[0].id: [Decimal(80)], regs[2].id: [Decimal(75)]}


def test_reimporting_the_same_file_stores_nothing_more(contest):
    rows = [["J001", "", 80], ["J002", "", 70]]
    assert _import(contest, rows).imported == 2
    again = _import(contest, rows)
    assert (again.imported, again.unchanged) == (0, 2)
    assert sum(len(v) for v in _values(contest).values()) == 2


def test_a_corrected_file_appends_and_the_old_file_restores(contest):
    reg = contest.registrations[0]
    _import(contest, [["J001", "", 80]])
    _import(contest, [["J001", "", 85]])
    _import(contest, [["J001", "", 80]])
    assert _values(contest)[reg.id] == [Decimal(80), Decimal(85), Decimal(80)]


def test_locked_project_is_refused(contest):
    from app.extensions import db
    from app.services.scoring.theory_import import TransferRefused

    contest.project.scores_locked_at = NOW
    db.session.commit()
    with pytest.raises(TransferRefused) as refused:
        _import(contest, [["J001", "", 80]])
    assert refused.value.status == 409
    assert [e.code for e in refused.value.report.errors] == ["score.project_locked"]


def test_a_mark_entered_by_someone_else_is_not_overwritten(contest):
    from app.services.scoring.judging import submit_score
    from app.services.scoring.theory_import import TransferRefused

    submit_score(client_id=new_id(), judge=contest.chief,
                 registration_id=contest.registrations[0].id,
                 component_id=contest.theory.id, value=77, now=NOW)
    with pytest.raises(TransferRefused) as refused:
        _import(contest, [["J001", "", 80]], actor=contest.organizer)
    assert [e.code for e in refused.value.report.errors] == ["theory.other_entrant"]


def test_judges_may_not_import(contest):
    from app.services.scoring.judging_errors import JudgingError

    with pytest.raises(JudgingError):
        _import(contest, [["J001", "", 80]], actor=contest.judges[0])


def test_template_lists_checked_in_contestants(contest):
    from app.services.scoring.theory_import import theory_template

    sheet = load_workbook(io.BytesIO(theory_template(contest.project))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == HEAD
    assert ["T2026-0001", "选手1", None] in rows and ["J002", "选手2", None] in rows
    assert all(row[0] != "J004" for row in rows)


def test_filled_template_imports(contest):
    from app.services.scoring.theory_import import import_theory_scores, theory_template

    workbook = load_workbook(io.BytesIO(theory_template(contest.project)))
    for n, row in enumerate(workbook.active.iter_rows(min_row=2), start=60):
        row[2].value = n
    out = io.BytesIO()
    workbook.save(out)
    result = import_theory_scores(contest.project, out.getvalue(), "t.xlsx",
                                  actor=contest.organizer, now=NOW)
    assert result.imported == 3


@pytest.mark.parametrize("cell", ["1E-999999999", "８０", "80.12345", "1e2", "NaN", "8_0"])
def test_a_score_cell_not_in_plain_bounded_notation_is_refused(contest, cell):
    from app.services.scoring.theory_import import TransferRefused

    with pytest.raises(TransferRefused) as refused:
        _import(contest, [["J001", "", cell]])
    assert [(e.row, e.column, e.code) for e in refused.value.report.errors] == [
        (2, "score", "theory.value")]
    assert _values(contest) == {}
