"""Board pages: public project and competition pages, big screen, 公示, organizer actions."""

from __future__ import annotations

import pytest

from tests.board_setup import locked_contest


@pytest.fixture()
def contest(db):
    return locked_contest()


def test_the_public_board_page_shows_masked_names_and_ranks(client, contest):
    page = client.get(f"/live/projects/{contest.project.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "选*1" in html and "选手1" not in html and "J001" not in html
    assert "jx-board-banner" in html and 'id="jx-dist"' in html


def test_a_hidden_board_page_shows_nothing_of_the_results(client, db):
    hidden = locked_contest(visibility="HIDDEN")
    html = client.get(f"/live/projects/{hidden.project.id}").get_data(as_text=True)
    assert "选*" not in html and "jx-award-gold" not in html
    assert 'id="jx-board-hidden" class="p-3 mb-0"' in html


def test_index_competition_and_screen_pages(client, contest):
    assert client.get("/live/").status_code == 200
    comp = client.get(f"/live/competitions/{contest.project.competition_id}")
    assert comp.status_code == 200 and contest.project.name in comp.get_data(as_text=True)
    screen = client.get(f"/live/projects/{contest.project.id}/screen")
    assert screen.status_code == 200 and "jx-screen" in screen.get_data(as_text=True)


def test_publication_pages_exist_only_once_published(client, login, contest):
    pid = contest.project.id
    assert client.get(f"/live/projects/{pid}/publication").status_code == 404
    login(contest.organizer)
    page = client.get(f"/live/projects/{pid}")
    assert "Publish results" in page.get_data(as_text=True) or "发布" in page.get_data(as_text=True)
    done = client.post(f"/live/projects/{pid}/publish")
    assert done.status_code == 302
    listing = client.get(f"/live/projects/{pid}/publication")
    assert listing.status_code == 200 and "选手1" in listing.get_data(as_text=True)
    pdf = client.get(f"/live/projects/{pid}/publication.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    xlsx = client.get(f"/live/projects/{pid}/publication.xlsx")
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")


def test_publishing_an_unlocked_project_is_refused_with_a_message(client, login, contest):
    from app.services.scoring.chief_judge import unlock_project
    from tests.board_setup import ENDS

    unlock_project(contest.chief, contest.project.id, reason="复核", now=ENDS)
    login(contest.organizer)
    page = client.post(f"/live/projects/{contest.project.id}/publish", follow_redirects=True)
    assert contest.project.result_status == "OPEN"
    assert "锁定" in page.get_data(as_text=True) or "locked" in page.get_data(as_text=True)


def test_results_workbooks_are_for_organizers(client, login, contest, make_user):
    pid = contest.project.id
    assert client.get(f"/live/projects/{pid}/results.xlsx").status_code in (302, 401)
    login(make_user("ORGANIZER", username="other-org"))
    assert client.get(f"/live/projects/{pid}/results.xlsx").status_code == 404
    login(contest.organizer)
    data = client.get(f"/live/projects/{pid}/results.xlsx").data
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(data))
    assert len(book.sheetnames) == 2 and book.worksheets[1].max_row > 3
    comp = client.get(f"/live/competitions/{contest.project.competition_id}/results.xlsx")
    assert comp.status_code == 200 and comp.data.startswith(b"PK")


def test_the_ceremony_console_is_for_the_projects_organizer(client, login, contest, make_user):
    pid = contest.project.id
    login(make_user("ORGANIZER", username="other-org2"))
    assert client.get(f"/live/projects/{pid}/ceremony").status_code == 404
    login(contest.organizer)
    assert client.get(f"/live/projects/{pid}/ceremony").status_code == 200


def test_the_public_board_shows_no_debug_sequence_counter(client, contest):
    html = client.get(f"/live/projects/{contest.project.id}").get_data(as_text=True)
    screen = client.get(f"/live/projects/{contest.project.id}/screen").get_data(as_text=True)
    assert "jx-board-seq" not in html and "jx-board-seq" not in screen


def test_the_big_screen_carries_the_start_time_for_before_the_start(client, db, contest):
    from tests.board_setup import ENDS

    contest.project.starts_at = ENDS.replace(hour=0, minute=30)
    db.session.commit()
    screen = client.get(f"/live/projects/{contest.project.id}/screen").get_data(as_text=True)
    assert f'data-starts="{contest.project.starts_at.isoformat()}"' in screen
    assert 'data-starts-text="' in screen and '"starts": ' in screen


def test_the_english_index_counts_one_project_in_the_singular(client, contest):
    client.get("/locale/en?next=/")
    html = client.get("/live/").get_data(as_text=True)
    assert "1 project<" in html or "1 project " in html
    assert "1 projects" not in html
    client.get("/locale/zh_CN")


def test_publishing_asks_first_and_names_how_many_results(client, login, contest):
    login(contest.organizer)
    html = client.get(f"/live/projects/{contest.project.id}").get_data(as_text=True)
    assert 'data-confirm="发布 3 名选手的成绩？' in html
    assert 'id="jx-confirm"' in html and "/static/js/confirm.js" in html


def test_board_and_publication_state_both_channels_in_beijing_time(client, contest):
    from app.models._types import utcnow
    from app.services.boards.publication import publish_results
    from app.services.common.local_time import format_local

    project = publish_results(contest.organizer, contest.project.id, now=utcnow())
    ends = project.publication_ends_at
    for url in (f"/live/projects/{contest.project.id}",
                f"/live/projects/{contest.project.id}/publication"):
        html = client.get(url).get_data(as_text=True)
        # The contest ended 2026-05-20 10:00 UTC: score appeals until 20:00 Beijing time.
        assert "2026-05-20 20:00" in html
        # Objections until the 公示 ends, shown in Beijing time (UTC + 8).
        assert format_local(ends) in html and format_local(ends) != ends.strftime(
            "%Y-%m-%d %H:%M")


@pytest.mark.parametrize(("status", "label"), [("DNF", "未完赛"), ("DQ", "已取消资格")])
def test_a_non_finisher_shows_its_status_not_scoring_progress(client, db, status, label):
    import json
    import re

    from app.services.scoring.penalties import set_finish_status
    from tests.judging_setup import NOW, build_contest, score_all

    contest = build_contest(contestants=3)
    last = contest.registrations[-1]
    set_finish_status(contest.chief, contest.project.id, registration_id=last.id,
                      status=status, reason="中途退出", now=NOW)
    score_all(contest, upto=2)
    html = client.get(f"/live/projects/{contest.project.id}").get_data(as_text=True)
    cells = re.findall(r'<td class="jx-progress-cell">(.*?)</td>', html)
    assert f'<span class="jx-progress-status">{label}</span>' in cells
    done, total = re.search(r'id="jx-progress-overall">(\d+)/(\d+)<', html).groups()
    assert done == total != "0"
    labels = re.search(r'id="jx-board-labels">(.*?)</script>', html, re.S).group(1)
    assert json.loads(labels)["finish"][status] == label
