"""Unit and coach awards end to end: team places, chosen awards, verifiable certificates."""

from __future__ import annotations

import pytest

from app.errors import ConflictError, NotFoundError, ServiceError
from tests.finalisation_setup import FINAL_AT, ready_contest

MARKS = [(80, 20), (85, 25), (90, 28)]


@pytest.fixture()
def contest(db):
    from app.services.results.finalisation import finalize_project

    contest = ready_contest(MARKS)
    contest.registrations[2].coach_name = "王师傅"
    contest.registrations[1].coach_name = "王师傅"
    db.session.commit()
    finalize_project(contest.project.id, actor=contest.organizer, now=FINAL_AT)
    return contest


def test_team_places_and_chosen_awards_get_verifiable_certificates(contest, db):
    from app.services.certification import certificates as certs
    from app.services.results import unit_awards as svc

    user, cid = contest.organizer, contest.project.competition_id
    svc.update_team_rule(user, cid, rule="BEST_K_RANKS", k=1)
    standings = svc.list_team_standings(user, cid)
    winner = contest.registrations[2].person.organization.name
    assert [(s.rank, s.score) for s in standings] == [(1, "1=1"), (2, "2=2"), (3, "3=3")]
    assert standings[0].organization == winner
    team = svc.award_team_places(user, cid, places=2)
    assert [a.rank for a in team] == [1, 2]
    org_award = svc.assign_unit_award(user, cid, svc.UnitAwardData(
        kind="EXCELLENT_ORGANIZATION", organization_id=team[0].organization_id))
    coach = svc.assign_unit_award(user, cid, svc.UnitAwardData(
        kind="EXCELLENT_COACH", coach_name=" 王师傅 "))
    assert [c.coach for c in svc.list_coach_standings(user, cid)] == ["王师傅"]
    issued = svc.issue_unit_certificates(user, cid, now=FINAL_AT)
    assert len(issued) == 4
    assert svc.issue_unit_certificates(user, cid, now=FINAL_AT) == []  # idempotent
    by_award = {c.unit_award_id: c for c in issued}
    assert by_award[org_award.id].content["award"] == "优秀组织奖"
    assert by_award[coach.id].content["name"] == "王师傅"
    assert by_award[team[0].id].content["award"] == "团体第1名"
    for certificate in issued:
        verified = certs.verify_token(certs.certificate_token(certificate))
        assert verified.valid and verified.certificate.kind == "UNIT"
    pdf = certs.render_certificate_pdf(by_award[coach.id])
    assert pdf.startswith(b"%PDF")
    # Re-awarding the team places revokes the old team certificates.
    svc.award_team_places(user, cid, places=1)
    old = by_award[team[0].id]
    db.session.refresh(old)
    assert old.status == "REVOKED" and old.revoked_reason == "团体奖已重新评定"


@pytest.mark.parametrize(
    ("data", "error", "code"),
    [
        ({"kind": "TEAM"}, ServiceError, "unit_award.kind"),
        ({"kind": "EXCELLENT_COACH", "coach_name": "无名氏"}, ServiceError, "unit_award.coach"),
        ({"kind": "OUTSTANDING_CONTRIBUTION"}, ServiceError, "unit_award.organization"),
    ],
)
def test_bad_awards_are_refused(contest, data, error, code):
    from app.services.results import unit_awards as svc

    with pytest.raises(error) as caught:
        svc.assign_unit_award(contest.organizer, contest.project.competition_id,
                              svc.UnitAwardData(**data))
    assert caught.value.code == code


def test_the_same_award_twice_and_scope(contest, make_user):
    from app.services.results import unit_awards as svc

    user, cid = contest.organizer, contest.project.competition_id
    svc.assign_unit_award(user, cid, svc.UnitAwardData(kind="EXCELLENT_COACH",
                                                       coach_name="王师傅"))
    with pytest.raises(ConflictError):
        svc.assign_unit_award(user, cid, svc.UnitAwardData(kind="EXCELLENT_COACH",
                                                           coach_name="王师傅"))
    stranger = make_user("ORGANIZER", username="stranger")
    with pytest.raises(NotFoundError):
        svc.list_unit_awards(stranger, cid)


def test_page_and_api(contest, client, login):
    web = login(contest.organizer)
    cid = contest.project.competition_id
    page = web.get(f"/organizer/competitions/{cid}/unit-awards")
    assert page.status_code == 200 and "王师傅" in page.get_data(as_text=True)
    body = web.get(f"/api/v1/competitions/{cid}/unit-awards").json
    assert body["team_rule"] == "BEST_K_RANKS" and len(body["team_standings"]) == 3
    # The organisations offered are those the entrants came from; the organizer's own body,
    # entering nobody, is refused on its field.
    offered = {o["name"]: o["id"] for o in body["organizations"]}
    assert set(offered) == {s["organization"] for s in body["team_standings"]}
    own = web.post(f"/api/v1/competitions/{cid}/unit-awards", json={
        "kind": "OUTSTANDING_CONTRIBUTION", "organization_id": contest.project.competition
        .organizer_id})
    assert own.status_code == 422 and own.json["error"]["field"] == "organization_id"
    chosen = web.post(f"/api/v1/competitions/{cid}/unit-awards", json={
        "kind": "OUTSTANDING_CONTRIBUTION", "organization_id": min(offered.values())})
    assert chosen.status_code == 201, chosen.json
    given = web.post(f"/api/v1/competitions/{cid}/unit-awards",
                     json={"kind": "EXCELLENT_COACH", "coach_name": "王师傅"})
    assert given.status_code == 201, given.json
    issued = web.post(f"/api/v1/competitions/{cid}/unit-awards/certificates")
    assert issued.status_code == 201 and len(issued.json) == 2
    token = issued.json[0]["verify_url"].rsplit("/", 1)[-1]
    assert web.get(f"/verify/{token}").status_code == 200
    pdf = web.get(f"/organizer/competitions/{cid}/unit-awards/{given.json['id']}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
