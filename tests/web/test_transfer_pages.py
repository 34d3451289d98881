"""The theory score import page: template download, row-by-row report, check only, store."""

from __future__ import annotations

import io
from typing import Any

from tests.documents.helpers import xlsx_bytes


def _post(client: Any, url: str, rows: list[list[Any]], **flags: Any) -> Any:
    data = xlsx_bytes([["准考证号", "姓名", "理论成绩"], *rows])
    form = {"file": (io.BytesIO(data), "t.xlsx"), **{k: "y" for k, v in flags.items() if v}}
    return client.post(url, data=form, content_type="multipart/form-data",
                       headers={"Accept-Language": "zh-CN"})


def test_page_and_template_for_the_chief_judge_only(client, contest, login):
    url = f"/transfers/projects/{contest.project.id}/theory"
    login(contest.judges[0])
    assert client.get(url).status_code in {403, 404}
    login(contest.chief)
    page = client.get(url)
    assert page.status_code == 200 and b"theory-template.xlsx" in page.data
    template = client.get(f"/transfers/projects/{contest.project.id}/theory-template.xlsx")
    assert template.status_code == 200 and template.data[:2] == b"PK"


def test_bad_rows_are_listed_in_chinese_and_nothing_is_stored(client, contest, login):
    from app.models import ScoreEvent

    login(contest.organizer)
    url = f"/transfers/projects/{contest.project.id}/theory"
    page = _post(client, url, [["J001", "", 80], ["J999", "", 70], ["J002", "", "八十"]])
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'data-row="3" data-code="theory.unknown_contestant"' in html
    assert 'data-row="4" data-code="theory.value"' in html
    assert "理论成绩" in html
    from app.extensions import db

    assert db.session.query(ScoreEvent).count() == 0


def test_check_only_then_store(client, contest, login):
    from app.extensions import db
    from app.models import ScoreEvent

    login(contest.organizer)
    url = f"/transfers/projects/{contest.project.id}/theory"
    checked = _post(client, url, [["J001", "选手1", 80]], check_only=True)
    assert checked.status_code == 200 and b'id="report-summary"' in checked.data
    assert db.session.query(ScoreEvent).count() == 0
    stored = _post(client, url, [["J001", "选手1", 80]])
    assert stored.status_code == 302
    assert db.session.query(ScoreEvent).count() == 1


def test_only_valid_rows(client, contest, login):
    from app.extensions import db
    from app.models import ScoreEvent

    login(contest.chief)
    url = f"/transfers/projects/{contest.project.id}/theory"
    stored = _post(client, url, [["J001", "", 80], ["J002", "", 101]], only_valid=True)
    assert stored.status_code == 302
    assert db.session.query(ScoreEvent).count() == 1
