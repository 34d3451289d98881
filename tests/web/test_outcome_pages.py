"""Pages: verification (public, masked), my certificates, approvals, the lifetime record."""

from __future__ import annotations

import pytest

from app.models import Certificate, Promotion
from app.services.certification import certificates as certs
from tests import outcome_factories as f


@pytest.fixture()
def world(db):
    city = f.organization("市人社局")
    comp = f.competition(city, name="2026年市职业技能大赛")
    proj = f.project(comp, name="电工")
    winner = f.person("张三丰", grade="L3")
    reg = f.registration(proj, winner, rank=1)
    f.award(reg, "FIRST_PRIZE", 1)
    other = f.registration(proj, f.person("李四"), rank=2)
    promo = f.promotion(reg, before="L3", after="L2", rank=1)
    db.session.commit()
    organizer = f.user_with("ORGANIZER", organization_id=city.id, username="org")
    issued = certs.issue_certificates(organizer, proj.id, ["AWARD", "PARTICIPATION"],
                                      now=f.NOW).issued
    return {
        "proj": proj, "reg": reg, "promo": promo, "organizer": organizer,
        "award": next(c for c in issued if c.kind == "AWARD"),
        "others": next(c for c in issued if c.registration_id == other.id),
        "owner": f.user_with("CONTESTANT", person_id=winner.id, username="owner"),
        "approver": f.user_with("APPROVER", organization_id=city.id, username="appr"),
        "winner": winner,
    }


def test_verify_page_shows_valid_and_masks_the_name(client, world):
    token = certs.certificate_token(world["award"])
    page = client.get(f"/verify/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-verdict="valid"' in html and "张*丰" in html and "张三丰" not in html
    assert "一等奖" in html and world["award"].serial in html
    assert f.id_number(1)[:6] not in html  # no ID number anywhere


def test_verify_page_says_invalid_for_tampered_tokens_never_500(client, world):
    token = certs.certificate_token(world["award"])
    for bad in (token[:-2] + "xx", "invented", "a.b.c", "%00"):
        page = client.get(f"/verify/{bad}")
        assert page.status_code == 404
        assert 'data-verdict="invalid"' in page.get_data(as_text=True)


def test_verify_page_shows_revocation_reason(client, world, db):
    certs.revoke_certificate(world["organizer"], world["award"].id, reason="成绩更正", now=f.NOW)
    html = client.get(f"/verify/{certs.certificate_token(world['award'])}").get_data(True)
    assert 'data-verdict="revoked"' in html and "成绩更正" in html


def test_verify_form_takes_the_printed_number_and_surname(client, world):
    serial = world["award"].serial
    page = client.get("/verify", query_string={"number": serial, "surname": "张"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-verdict="valid"' in html and serial in html
    qr = client.get(f"/verify/{certs.certificate_token(world['award'])}").get_data(True)
    assert html.count("<dd") == qr.count("<dd")  # the same verdict and facts as the QR
    wrong = client.get("/verify", query_string={"number": serial, "surname": "李"})
    assert wrong.status_code == 404 and 'data-verdict="invalid"' in wrong.get_data(True)
    half = client.get("/verify", query_string={"number": serial})
    assert half.status_code == 200 and 'id="surname"' in half.get_data(True)


def test_verify_form_accepts_a_pasted_link(client, world):
    token = certs.certificate_token(world["award"])
    page = client.get("/verify", query_string={"token": f"https://x.example/verify/{token}"})
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/verify/{token}")


def test_contestant_downloads_own_and_gets_404_for_others(client, login, world):
    login(world["owner"])
    html = client.get("/certificates/mine").get_data(as_text=True)
    assert world["award"].serial in html
    own = client.get(f"/certificates/{world['award'].id}.pdf")
    assert own.status_code == 200 and own.data.startswith(b"%PDF")
    assert client.get(f"/certificates/{world['others'].id}.pdf").status_code == 404
    assert client.get(f"/certificates/project/{world['proj'].id}").status_code == 403


def test_organizer_issues_and_revokes(client, login, world, db):
    login(world["organizer"])
    page = client.get(f"/certificates/project/{world['proj'].id}")
    assert page.status_code == 200 and world["award"].serial in page.get_data(as_text=True)
    again = client.post(f"/certificates/project/{world['proj'].id}/issue",
                        data={"kinds": ["AWARD", "PARTICIPATION"]})
    assert again.status_code == 302
    assert db.session.query(Certificate).count() == 3  # idempotent
    empty = client.post(f"/certificates/{world['award'].id}/revoke",
                        data={"reason": "", "project_id": world["proj"].id})
    assert empty.status_code == 302 and world["award"].status == "VALID"
    client.post(f"/certificates/{world['award'].id}/revoke",
                data={"reason": "错误", "project_id": world["proj"].id})
    db.session.refresh(world["award"])
    assert world["award"].status == "REVOKED"


def test_progress_endpoint_and_missing_zip(client, login, world, app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    login(world["organizer"])
    body = client.get(f"/certificates/project/{world['proj'].id}/progress").get_json()
    assert body["state"] == "none"
    assert client.get(f"/certificates/project/{world['proj'].id}/certificates.zip"
                      ).status_code == 404
    assert client.get("/certificates/galaxy/1/progress").status_code == 404


def test_approver_page_shows_explanations_and_approves(client, login, world, db):
    login(world["approver"])
    html = client.get(f"/approvals/project/{world['proj'].id}").get_data(as_text=True)
    assert "张三丰" in html and "MUNICIPALITY_CLASS_1" in html and "成绩已终审" in html
    assert client.get("/approvals/").status_code == 200
    done = client.post(f"/approvals/project/{world['proj'].id}/decide",
                       data={"ids": [world["promo"].id], "action": "approve"})
    assert done.status_code == 302
    assert db.session.get(Promotion, world["promo"].id).state == "APPROVED"


def test_organizer_cannot_decide(client, login, world, db):
    login(world["organizer"])
    assert client.get(f"/approvals/project/{world['proj'].id}").status_code == 200
    refused = client.post(f"/approvals/project/{world['proj'].id}/decide",
                          data={"ids": [world["promo"].id], "action": "approve"})
    assert refused.status_code == 403
    assert db.session.get(Promotion, world["promo"].id).state == "PROPOSED"


def test_reject_without_reason_changes_nothing(client, login, world, db):
    login(world["approver"])
    client.post(f"/approvals/project/{world['proj'].id}/decide",
                data={"ids": [world["promo"].id], "action": "reject", "reason": ""})
    assert db.session.get(Promotion, world["promo"].id).state == "PROPOSED"


def test_lifetime_record_own_and_scope(client, login, world):
    login(world["owner"])
    assert client.get("/people/me").status_code == 302
    html = client.get(f"/people/{world['winner'].id}").get_data(as_text=True)
    assert "2026年市职业技能大赛" in html and "张三丰" in html
    stranger = f.user_with("CONTESTANT", person_id=world["others"].registration_id and
                           f.person("路人").id, username="passer")
    login(stranger)
    assert client.get(f"/people/{world['winner'].id}").status_code == 404
    login(world["organizer"])
    assert client.get(f"/people/{world['winner'].id}").status_code == 200


def test_an_empty_promotions_page_names_its_project_and_says_when_they_come(client, login, db):
    from tests.finalisation_setup import ready_contest

    contest = ready_contest([(80, 20), (85, 25)])
    login(contest.organizer)
    html = client.get(f"/approvals/project/{contest.project.id}").get_data(as_text=True)
    assert contest.project.name in html and "成绩终审后才会提出晋升" in html
