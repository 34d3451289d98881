"""/api/v1 promotions, certificates and person records."""

from __future__ import annotations

import pytest

from app.services.certification import certificates as certs
from tests import outcome_factories as f


@pytest.fixture()
def world(db):
    city = f.organization("市人社局")
    comp = f.competition(city, name="2026年市职业技能大赛")
    proj = f.project(comp)
    winner = f.person("张三丰", grade="L3")
    reg = f.registration(proj, winner, rank=1)
    f.award(reg)
    promo = f.promotion(reg, before="L3", after="L2", rank=1)
    db.session.commit()
    return {
        "proj": proj, "promo": promo, "winner": winner,
        "organizer": f.user_with("ORGANIZER", organization_id=city.id, username="org"),
        "approver": f.user_with("APPROVER", organization_id=city.id, username="appr"),
        "owner": f.user_with("CONTESTANT", person_id=winner.id, username="owner"),
    }


def test_promotion_flow_over_the_api(client, login, world):
    login(world["organizer"])
    listed = client.get(f"/api/v1/promotions?project_id={world['proj'].id}")
    assert listed.status_code == 200
    body = listed.get_json()
    assert body[0]["explanation"]["rank"] == 1 and body[0]["person_name"] == "张三丰"
    refused = client.post("/api/v1/promotions/approve", json={"ids": [world["promo"].id]})
    assert refused.status_code == 403
    login(world["approver"])
    ok = client.post("/api/v1/promotions/approve", json={"ids": [world["promo"].id]})
    assert ok.status_code == 200 and ok.get_json()[0]["state"] == "APPROVED"
    cert = client.post("/api/v1/promotions/certify", json={"ids": [world["promo"].id]})
    assert cert.status_code == 200 and len(cert.get_json()[0]["certificate_no"]) == 22


def test_bad_input_names_the_field(client, login, world):
    login(world["approver"])
    empty = client.post("/api/v1/promotions/approve", json={"ids": []})
    assert empty.status_code == 422 and empty.get_json()["error"]["field"] == "ids"
    no_reason = client.post("/api/v1/promotions/reject", json={"ids": [world["promo"].id]})
    assert no_reason.status_code == 422
    assert no_reason.get_json()["error"]["field"] == "reason"
    missing = client.post("/api/v1/promotions/approve", json={"ids": [99999]})
    assert missing.status_code == 404
    no_scope = client.get("/api/v1/promotions")
    assert no_scope.status_code == 422


def test_certify_without_issuer_is_a_clear_409(client, login, world, db):
    world["proj"].competition.issuer_body_code = ""
    world["promo"].state = "APPROVED"
    db.session.commit()
    login(world["approver"])
    refused = client.post("/api/v1/promotions/certify", json={"ids": [world["promo"].id]})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "promotion.issuer_missing"


def test_certificates_issue_verify_revoke_download(client, login, world):
    login(world["organizer"])
    issued = client.post(f"/api/v1/certificates/projects/{world['proj'].id}/issue",
                         json={"kinds": ["AWARD"]})
    assert issued.status_code == 200
    cert_id = issued.get_json()["issued"][0]["id"]
    from app.extensions import db
    from app.models import Certificate

    token = certs.certificate_token(db.session.get(Certificate, cert_id))
    client.post("/auth/logout")
    anon = client.application.test_client()
    good = anon.get(f"/api/v1/certificates/verify/{token}")
    assert good.status_code == 200
    assert good.get_json()["valid"] and good.get_json()["name"] == "张*丰"
    assert good.get_json()["content"]["name"] == "张*丰"
    bad = anon.get(f"/api/v1/certificates/verify/{token[:-3]}abc")
    assert bad.status_code == 404
    assert bad.get_json()["error"]["code"] == "certificate.invalid_token"
    # The printed number with the surname gives the same answer as the QR token.
    serial = good.get_json()["serial"]
    by_number = anon.get("/api/v1/certificates/verify", query_string={
        "number": serial, "surname": "张"})
    assert by_number.status_code == 200 and by_number.get_json() == good.get_json()
    wrong = anon.get("/api/v1/certificates/verify", query_string={
        "number": serial, "surname": "李"})
    assert wrong.status_code == 404 and wrong.get_json() == bad.get_json()
    assert anon.get("/api/v1/certificates/verify", query_string={
        "number": serial}).status_code == 422

    login(world["owner"])
    assert client.get(f"/api/v1/certificates/{cert_id}/pdf").data.startswith(b"%PDF")
    assert [c["id"] for c in client.get("/api/v1/certificates/mine").get_json()] == [cert_id]
    login(world["organizer"])
    revoked = client.post(f"/api/v1/certificates/{cert_id}/revoke", json={"reason": "更正"})
    assert revoked.status_code == 200 and revoked.get_json()["status"] == "REVOKED"
    assert anon.get(f"/api/v1/certificates/verify/{token}").get_json()["valid"] is False


def test_other_contestant_gets_404(client, login, world):
    login(world["organizer"])
    cert_id = client.post(f"/api/v1/certificates/projects/{world['proj'].id}/issue",
                          json={"kinds": ["AWARD"]}).get_json()["issued"][0]["id"]
    login(f.user_with("CONTESTANT", person_id=f.person("李四").id, username="li"))
    assert client.get(f"/api/v1/certificates/{cert_id}/pdf").status_code == 404
    assert client.get(f"/api/v1/people/{world['winner'].id}/record").status_code == 404


def test_person_record(client, login, world):
    login(world["owner"])
    body = client.get(f"/api/v1/people/{world['winner'].id}/record").get_json()
    assert body["name"] == "张三丰"
    assert body["grades"][0]["grade"] == "L3"
    assert body["entries"][0]["promotions"][0]["grade_after"] == "L2"
