"""The .xlsx transfer API: scheme export/import, theory template and import, roles and reports."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from tests.documents.helpers import xlsx_bytes
from tests.judging_setup import score_all

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(data: bytes, name: str = "f.xlsx") -> dict[str, Any]:
    return {"file": (io.BytesIO(data), name)}


def _theory(rows: list[list[Any]]) -> bytes:
    return xlsx_bytes([["准考证号或加密号", "姓名", "理论成绩"], *rows])


def test_scheme_export_and_import_round_trip(client, contest, login):
    url = f"/api/v1/projects/{contest.project.id}"
    assert client.get(f"{url}/scheme.xlsx").status_code == 401
    login(contest.organizer)
    exported = client.get(f"{url}/scheme.xlsx")
    assert exported.status_code == 200 and exported.mimetype == XLSX
    before = client.get(f"{url}/scheme").json
    imported = client.post(f"{url}/scheme/import", data=_upload(exported.data),
                           content_type="multipart/form-data")
    assert imported.status_code == 200 and imported.json == before


def test_scheme_import_reports_rows_and_refuses_when_locked(client, contest, login):
    url = f"/api/v1/projects/{contest.project.id}"
    login(contest.organizer)
    workbook = load_workbook(io.BytesIO(client.get(f"{url}/scheme.xlsx").data))
    workbook["评分标准"]["G3"] = "Q"
    out = io.BytesIO()
    workbook.save(out)
    bad = client.post(f"{url}/scheme/import", data=_upload(out.getvalue()),
                      content_type="multipart/form-data")
    assert bad.status_code == 422
    assert bad.json["errors"][0] | {"message": ""} == {
        "sheet": "评分标准", "row": 3, "column": "kind", "header": "类型",
        "code": "scheme.aspect_kind", "message": ""}
    score_all(contest)
    locked = client.post(f"{url}/scheme/import", data=_upload(out.getvalue()),
                         content_type="multipart/form-data")
    assert locked.status_code == 409 and locked.json["errors"][0]["code"] == "scheme.locked"


def test_judges_cannot_import_schemes_or_theory(client, contest, login):
    url = f"/api/v1/projects/{contest.project.id}"
    login(contest.judges[0])
    assert client.post(f"{url}/scheme/import", data=_upload(b"x"),
                       content_type="multipart/form-data").status_code == 403
    assert client.get(f"{url}/theory-template.xlsx").status_code == 403


def test_theory_validate_import_and_replay(client, contest, login):
    url = f"/api/v1/projects/{contest.project.id}/theory-scores/import"
    login(contest.chief)
    template = client.get(f"/api/v1/projects/{contest.project.id}/theory-template.xlsx")
    assert template.status_code == 200 and template.mimetype == XLSX
    data = _theory([["J001", "选手1", 80], ["J002", "", 75]])
    checked = client.post(f"{url}?validate_only=true", data=_upload(data),
                          content_type="multipart/form-data")
    assert checked.status_code == 200 and checked.json["ok"] and checked.json["valid_rows"] == 2
    stored = client.post(url, data=_upload(data), content_type="multipart/form-data")
    assert stored.status_code == 201
    assert (stored.json["imported"], stored.json["unchanged"]) == (2, 0)
    again = client.post(url, data=_upload(data), content_type="multipart/form-data")
    assert (again.json["imported"], again.json["unchanged"]) == (0, 2)


def test_theory_bad_rows_and_only_valid(client, contest, login):
    url = f"/api/v1/projects/{contest.project.id}/theory-scores/import"
    login(contest.organizer)
    data = _theory([["J001", "", 80], ["J009", "", 75], ["J002", "", 120]])
    refused = client.post(url, data=_upload(data), content_type="multipart/form-data")
    assert refused.status_code == 422
    assert refused.json["bad_rows"] == [3, 4]
    assert [e["code"] for e in refused.json["errors"]] == [
        "theory.unknown_contestant", "theory.value"]
    partial = client.post(f"{url}?only_valid=true", data=_upload(data),
                          content_type="multipart/form-data")
    assert partial.status_code == 201
    assert (partial.json["imported"], partial.json["skipped_rows"]) == (1, [3, 4])


def test_operations_are_documented(client):
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    assert "/api/v1/projects/{project_id}/scheme.xlsx" in paths
    operation = paths["/api/v1/projects/{project_id}/theory-scores/import"]["post"]
    assert {"200", "201", "409", "422"} <= set(operation["responses"])
    assert "CHIEF_JUDGE" in operation["description"]
