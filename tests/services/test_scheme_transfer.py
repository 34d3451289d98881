"""Scheme export and import: round trip through the database, §4 problems on their rows, lock."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.judging_setup import NOW, score_all


def _edit(data: bytes, change: Any) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_export_then_import_keeps_the_scheme_and_ids(contest):
    from app.services.setup.scheme_transfer import export_scheme, import_scheme
    from app.services.setup.schemes import get_marking_scheme

    before = get_marking_scheme(contest.project.id)
    saved = import_scheme(contest.project, export_scheme(contest.project), "s.xlsx",
                          actor=contest.organizer, now=NOW)
    assert saved == before  # same codes → same rows, same ids


def test_import_changes_the_scheme_and_is_audited(contest):
    from app.models import AuditEntry
    from app.services.setup.scheme_transfer import export_scheme, import_scheme

    def change(workbook: Any) -> None:
        sheet = workbook["评分标准"]
        sheet["H2"] = "尺寸偏差 ≤0.5 mm"
        sheet["O2"] = "40、30、0"

    data = _edit(export_scheme(contest.project), change)
    saved = import_scheme(contest.project, data, "s.xlsx", actor=contest.organizer, now=NOW)
    m = saved["components"][1]["criteria"][0]["sub_criteria"][0]["aspects"][0]
    assert m["description"] == "尺寸偏差 ≤0.5 mm" and m["allowed"] == ["40", "30", "0"]
    from app.extensions import db

    assert db.session.query(AuditEntry).filter_by(action="scheme.saved").count() == 1


def test_domain_problems_point_at_rows_and_nothing_changes(contest):
    from app.services.setup.scheme_transfer import TransferRefused, export_scheme, import_scheme
    from app.services.setup.schemes import get_marking_scheme

    before = get_marking_scheme(contest.project.id)

    def change(workbook: Any) -> None:
        workbook["评分标准"]["I2"] = 45  # A1.1: max marks now add up to 105
        workbook["评分标准"]["O2"] = "50/0"  # and 50 is above its max
        workbook["成绩组成"]["D5"] = 0.4  # theory above 30 %

    with pytest.raises(TransferRefused) as refused:
        import_scheme(contest.project, _edit(export_scheme(contest.project), change), "s.xlsx",
                      actor=contest.organizer, now=NOW)
    errors = {(e.sheet, e.row, e.code) for e in refused.value.report.errors}
    assert ("评分标准", 2, "scheme.allowed_value") in errors
    assert ("成绩组成", 5, "scheme.theory_weight") in errors
    assert ("成绩组成", 6, "scheme.max_sum") in errors
    assert (None, None, "scheme.weights_sum") in errors
    assert refused.value.status == 422
    assert get_marking_scheme(contest.project.id) == before


def test_row_errors_refuse_before_the_domain(contest):
    from app.services.setup.scheme_transfer import TransferRefused, export_scheme, import_scheme

    data = _edit(export_scheme(contest.project), lambda wb: wb["评分标准"].cell(3, 7, "Z"))
    with pytest.raises(TransferRefused) as refused:
        import_scheme(contest.project, data, "s.xlsx", actor=contest.organizer, now=NOW)
    report = refused.value.report.to_dict()
    assert report["bad_rows"] == [3] and not report["ok"]
    assert report["errors"][0]["header"] == "类型"


def test_locked_scheme_is_refused_with_a_clear_message(contest):
    from app.services.setup.scheme_transfer import TransferRefused, export_scheme, import_scheme

    score_all(contest)
    with pytest.raises(TransferRefused) as refused:
        import_scheme(contest.project, export_scheme(contest.project), "s.xlsx",
                      actor=contest.organizer, now=NOW)
    assert refused.value.status == 409
    assert [e.code for e in refused.value.report.errors] == ["scheme.locked"]
    assert "锁定" in refused.value.report.errors[0].message


def test_only_the_projects_organizer_may_import(contest):
    from app.services.scoring.judging_errors import JudgingError
    from app.services.setup.scheme_transfer import export_scheme, import_scheme

    with pytest.raises(JudgingError) as refused:
        import_scheme(contest.project, export_scheme(contest.project), "s.xlsx",
                      actor=contest.judges[0], now=NOW)
    assert refused.value.code == "auth.forbidden"
