"""Pages: claim my record, possible duplicates, claim codes, links between contests."""

from __future__ import annotations

import pytest

from tests.fixtures.links import pending_competition_link
from tests.registration_data import id_number, make_competition, organizer_of

pytestmark = pytest.mark.usefixtures("frozen_clock")

NUMBER = id_number(serial=455)


def form_data(project_ids, **changes):
    data = {"name": "赵六", "id_number": NUMBER, "phone": "13812345678",
            "group": "EMPLOYEE", "organization_name": "沧州电力", "organization_kind": "EMPLOYER",
            "project_ids": [str(i) for i in project_ids], "action": "submit"}
    data.update(changes)
    return data


def _pair(client, db, make_user, login):
    """An existing record without account, and a newcomer with a pending duplicate of it."""
    from app.models import Person

    competition = make_competition()
    helper = make_user("CONTESTANT", username="helper")
    login(helper)
    client.post("/registrations/register", data=form_data([competition.projects[0].id]))
    record = db.session.get(Person, helper.person_id)
    helper.person_id = None
    db.session.commit()
    newcomer = make_user("CONTESTANT", username="newcomer")
    login(newcomer)
    page = client.post("/registrations/register", data=form_data([competition.projects[1].id]))
    assert page.status_code == 302
    return competition, record, newcomer


def test_duplicate_is_listed_and_linked_with_a_code(client, db, make_user, login):
    competition, record, newcomer = _pair(client, db, make_user, login)
    mine = client.get("/registrations/mine").get_data(as_text=True)
    assert "/registrations/claim" in mine
    organizer = organizer_of(competition, make_user)
    login(organizer)
    listing = client.get(f"/registrations/competitions/{competition.id}")
    assert "data-duplicate" in listing.get_data(as_text=True)
    page = client.get("/registrations/duplicates").get_data(as_text=True)
    assert f'data-duplicate="{newcomer.person_id}"' in page
    shown = client.post(f"/registrations/people/{record.id}/claim-code")
    assert shown.status_code == 200
    import re

    code = re.search(r"data-claim-code>([0-9A-Z-]+)<", shown.get_data(as_text=True)).group(1)
    login(newcomer)
    assert client.get("/registrations/claim").status_code == 200
    wrong = client.post("/registrations/claim", data={"code": "ABCDE-FGHJK"},
                        headers={"Referer": "/registrations/claim"})
    assert wrong.status_code == 303
    assert newcomer.person_id != record.id
    done = client.post("/registrations/claim", data={"code": code})
    assert done.status_code == 302 and done.location.endswith("/registrations/mine")
    db.session.refresh(newcomer)
    assert newcomer.person_id == record.id


def test_organizer_approves_a_duplicate_on_the_page(client, db, make_user, login):
    competition, record, newcomer = _pair(client, db, make_user, login)
    login(organizer_of(competition, make_user))
    done = client.post(f"/registrations/duplicates/{newcomer.person_id}/approve")
    assert done.status_code == 303
    db.session.refresh(newcomer)
    assert newcomer.person_id == record.id


def test_links_page_accepts_a_request(client, db, make_user, login):
    link = pending_competition_link(make_user)
    requester, owner, parent, child = link.requester, link.owner, link.parent, link.child
    login(requester)
    assert "data-pending-links" in client.get(
        f"/organizer/competitions/{child.id}").get_data(as_text=True)
    login(owner)
    page = client.get("/organizer/links").get_data(as_text=True)
    (request_id,) = [r.id for r in svc_requests(child.id)]
    assert f'data-link="{request_id}"' in page
    assert client.post(f"/organizer/links/{request_id}/accept").status_code == 303
    db.session.refresh(child)
    assert child.parent_id == parent.id


def svc_requests(competition_id):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import LinkRequest

    return list(db.session.scalars(select(LinkRequest).where(
        LinkRequest.competition_id == competition_id)))


def test_record_page_offers_a_claim_code_only_without_account(client, db, make_user, login):
    competition, record, newcomer = _pair(client, db, make_user, login)
    organizer = organizer_of(competition, make_user)
    login(organizer)
    action = f"/registrations/people/{record.id}/claim-code"
    assert action in client.get(f"/people/{record.id}").get_data(as_text=True)
    login(newcomer)  # their own pending record: nothing to claim there
    assert action not in client.get(f"/people/{newcomer.person_id}").get_data(as_text=True)
