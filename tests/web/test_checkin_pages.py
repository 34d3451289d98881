"""Check-in, ticket and lot draw pages: scope, downloads, the two draw steps, the public proof."""

from __future__ import annotations

import html
import re

import pytest

from app.domain.lotdraw import draw
from app.models import RoleAssignment
from app.models._types import utcnow
from app.services.entry.tickets import ticket_token
from tests.ticketing import make_contest, make_contestant_user, make_organizer, make_registration


@pytest.fixture()
def contest(db):
    return make_contest()


@pytest.fixture()
def organizer(contest):
    return make_organizer(contest.body)


@pytest.fixture()
def stranger(make_user, contest, db):
    user = make_user()
    user.roles.append(RoleAssignment(role="ORGANIZER", organization_id=contest.employer.id))
    db.session.commit()  # a refusal rolls the request's session back, as in production
    return user


def test_index_lists_managed_projects_with_counts(client, login, contest, organizer, stranger):
    make_registration(contest.project, status="CHECKED_IN")
    make_registration(contest.project)
    login(organizer)
    page = client.get("/checkin/").text
    assert contest.project.name in page and contest.other_project.name in page
    assert "1 / 2" in page
    login(stranger)
    assert contest.project.name not in client.get("/checkin/").text


def test_scan_page_wires_the_api_and_refuses_other_scopes(client, login, contest, organizer,
                                                          stranger):
    login(organizer)
    page = client.get(f"/checkin/projects/{contest.project.id}")
    assert page.status_code == 200
    assert f'data-checkin-url="/api/v1/projects/{contest.project.id}/checkin"' in page.text
    assert "vendor/html5-qrcode/html5-qrcode.min.js" in page.text
    assert 'id="jx-checkin-labels"' in page.text
    login(stranger)
    assert client.get(f"/checkin/projects/{contest.project.id}").status_code == 404
    assert client.get("/checkin/projects/999999").status_code == 404


def test_roster_masks_ids_and_reissue_revokes(client, login, contest, organizer, stranger):
    registration = make_registration(contest.project, name="李娜")
    old = ticket_token(registration)
    login(organizer)
    page = client.get(f"/checkin/projects/{contest.project.id}/roster").text
    assert "李娜" in page and registration.person.id_number not in page
    assert registration.person.id_number[:6] + "********" in page
    done = client.post(f"/checkin/registrations/{registration.id}/reissue",
                       follow_redirects=True)
    assert done.status_code == 200 and registration.ticket_no in done.text
    assert ticket_token(registration) != old
    login(stranger)
    assert client.post(f"/checkin/registrations/{registration.id}/reissue").status_code == 404


def test_ticket_downloads(client, login, contest, organizer):
    mine = make_registration(contest.project)
    theirs = make_registration(contest.project, name="王芳")
    login(make_contestant_user(mine))
    assert client.get(f"/checkin/tickets/{mine.id}.pdf").data.startswith(b"%PDF")
    assert client.get(f"/checkin/tickets/{theirs.id}.pdf").status_code == 404
    listing = client.get("/checkin/my-tickets").text
    assert mine.ticket_no in listing and f"/checkin/tickets/{mine.id}.pdf" in listing
    login(organizer)
    assert client.get(f"/checkin/tickets/{theirs.id}.pdf").status_code == 200
    whole = client.get(f"/checkin/projects/{contest.project.id}/tickets.pdf")
    assert whole.mimetype == "application/pdf"
    empty = client.get(f"/checkin/projects/{contest.other_project.id}/tickets.pdf")
    assert empty.status_code == 302 and "/roster" in empty.headers["Location"]


def test_contestant_without_tickets_sees_why(client, login, contest):
    pending = make_registration(contest.project, status="SUBMITTED")
    login(make_contestant_user(pending))
    assert client.get("/checkin/my-tickets").status_code == 200
    assert client.get(f"/checkin/tickets/{pending.id}.pdf").status_code == 404


def test_draw_steps_and_public_page(client, login, contest, organizer):
    people = [make_registration(contest.project, name=f"选手{i}", status="CHECKED_IN")
              for i in range(4)]
    public_url = f"/checkin/projects/{contest.project.id}/draw/public"
    before = client.get(public_url)
    assert before.status_code == 200 and 'data-testid="seed-hash"' not in before.text
    login(organizer)
    base = f"/checkin/projects/{contest.project.id}/draw"
    refused = client.post(f"{base}/run", follow_redirects=True)
    assert 'alert-danger' in refused.text
    committed = client.post(f"{base}/commit", follow_redirects=True).text
    seed_hash = re.search(r'data-testid="seed-hash">([0-9a-f]{64})<', committed).group(1)
    drawn = client.post(f"{base}/run", follow_redirects=True).text
    assert all(p.person.name in drawn for p in people)  # the organizer sees the mapping

    with client.session_transaction() as session:
        session.clear()
    sealed = client.get(public_url).text
    assert seed_hash in sealed and 'data-testid="seed-sealed"' in sealed
    from app.extensions import db
    from app.services.entry.lotdraw import reveal_seed

    reveal_seed(contest.project, actor_id=None, now=utcnow())  # what the score lock does
    db.session.commit()
    public = client.get(public_url).text
    assert seed_hash in public
    seed = re.search(r'data-testid="seed">([0-9a-f]{64})<', public).group(1)
    assert 'text-bg-success' in public
    assert not any(p.person.name in public for p in people)  # never the names
    codes = {p.id: p.anonymous_code for p in people}
    assert not any(code in public for code in codes.values() if code)

    # The published stand-alone script reproduces the draw.
    script = html.unescape(re.search(r"<code>(.*?)</code>", public, re.S).group(1))
    scope: dict = {}
    exec(compile(script, "public-page", "exec"), scope)  # noqa: S102 - our own page's code
    ids = [p.id for p in people]
    expected = [(a.registration_id, a.station_no, a.anonymous_code) for a in draw(seed, ids)]
    assert scope["draw"](seed, ids) == expected


def test_draw_page_with_nobody_checked_in_explains(client, login, contest, organizer):
    login(organizer)
    base = f"/checkin/projects/{contest.project.id}/draw"
    client.post(f"{base}/commit")
    page = client.post(f"{base}/run", follow_redirects=True).text
    assert "alert-danger" in page
    assert client.get("/checkin/projects/999999/draw/public").status_code == 404
