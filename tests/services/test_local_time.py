"""One display zone (Asia/Shanghai): a certificate, a ticket and a 公示 issued at 23:30 UTC all
carry the next (Beijing) day's date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests import outcome_factories as f

LATE = datetime(2026, 5, 20, 23, 30, tzinfo=UTC)   # 2026-05-21 07:30 in Beijing
BEIJING_DAY = date(2026, 5, 21)


@pytest.mark.parametrize(("moment", "text"), [
    (LATE, "2026-05-21 07:30"),
    (datetime(2026, 5, 20, 15, 59, tzinfo=UTC), "2026-05-20 23:59"),
    (datetime(2026, 5, 20, 16, 0, tzinfo=UTC), "2026-05-21 00:00"),
    ("2026-05-20T23:30:00+00:00", "2026-05-21 07:30"),   # boards carry ISO text
    (None, ""),
])
def test_format_local_uses_the_display_zone(app, moment, text):
    from app.services.common.local_time import format_local

    assert format_local(moment) == text


def test_certificate_ticket_and_publication_agree_on_the_beijing_date(db, monkeypatch):
    from app.services.boards import exports
    from app.services.boards.publication import publish_results
    from app.services.certification import certificates
    from app.services.certification.certificate_content import certificate_data
    from app.services.entry import tickets
    from tests.board_setup import locked_contest

    # The certificate of results finalised at 23:30 UTC.
    city = f.organization("市人社局")
    proj = f.project(f.competition(city, name="2026年市职业技能大赛"), name="电工")
    proj.finalized_at = LATE
    reg = f.registration(proj, f.person("张三丰"), rank=1)
    f.award(reg, "FIRST_PRIZE", 1)
    db.session.commit()
    organizer = f.user_with("ORGANIZER", organization_id=city.id, username="org")
    cert = certificates.issue_certificates(organizer, proj.id, ["AWARD"], now=LATE).issued[0]
    assert certificate_data(cert, "https://x/verify/t").issued_on == BEIJING_DAY

    # The ticket printed at 23:30 UTC (the pages and the API pass the local date).
    contest = locked_contest()
    ticket = tickets.ticket_data(contest.registrations[0], issued_on=tickets.local_date(LATE))
    assert ticket.issued_on == BEIJING_DAY

    # The 公示 opened at 23:30 UTC.
    sheets = []
    monkeypatch.setattr(exports, "publication_pdf", lambda sheet: sheets.append(sheet) or b"")
    project = publish_results(contest.organizer, contest.project.id, now=LATE)
    exports.publication_pdf_bytes(project, now=LATE)
    assert sheets[0].period.startswith(f"公示期：{BEIJING_DAY.isoformat()} 07:30")
    assert any(f"生成时间：{BEIJING_DAY.isoformat()}" in note for note in sheets[0].notes)


def test_publication_pdf_is_titled_as_the_official_document(db, monkeypatch):
    """The 公示 PDF says 成绩公示 in its title (not the board's "公示中" status label)."""
    from app.services.boards import exports
    from app.services.boards.publication import publish_results
    from tests.board_setup import locked_contest

    contest = locked_contest()
    sheets = []
    monkeypatch.setattr(exports, "publication_pdf", lambda sheet: sheets.append(sheet) or b"")
    project = publish_results(contest.organizer, contest.project.id, now=LATE)
    exports.publication_pdf_bytes(project, now=LATE)
    assert sheets[0].title == f"{project.name} 成绩公示"
    assert sheets[0].watermark == "公示中"
