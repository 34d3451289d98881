"""/api/v1/seals and the seals page: administrators only, a bad image named, audited changes."""

from __future__ import annotations

import io

import pytest

from app.documents.seals import inspect_seal
from tests import outcome_factories as f
from tests.documents.test_seal_image import png


@pytest.fixture()
def world(db):
    body = f.organization("丙市人社局", kind="ORGANIZER")
    db.session.commit()
    return {"body": body, "admin": f.user_with("ADMIN", username="admin"),
            "organizer": f.user_with("ORGANIZER", organization_id=body.id, username="org")}


def upload(client, org_id, data, url="/api/v1/seals/{}", method="put"):
    return getattr(client, method)(url.format(org_id), data={"image": (io.BytesIO(data), "s.png")},
                                   content_type="multipart/form-data")


def test_api_round_trip(client, login, world):
    login(world["admin"])
    body_id = world["body"].id
    put = upload(client, body_id, png())
    assert put.status_code == 200
    assert put.get_json()["has_seal"] is True and put.get_json()["width"] == 200
    listed = client.get("/api/v1/seals").get_json()
    assert [(r["organization"], r["has_seal"]) for r in listed] == [("丙市人社局", True)]
    image = client.get(f"/api/v1/seals/{body_id}/image")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data == inspect_seal(png()).png
    assert client.delete(f"/api/v1/seals/{body_id}").status_code == 204
    assert client.get(f"/api/v1/seals/{body_id}/image").status_code == 404


@pytest.mark.parametrize(("data", "code"), [(b"GIF89a", "seal.not_png"),
                                            (png(mode="RGB"), "seal.no_transparency")])
def test_api_names_the_bad_field(client, login, world, data, code):
    login(world["admin"])
    refused = upload(client, world["body"].id, data)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == code
    assert refused.get_json()["error"]["field"] == "image"


def test_organizers_may_not_touch_seals(client, login, world):
    login(world["organizer"])
    assert upload(client, world["body"].id, png()).status_code == 403
    assert client.get("/certificates/seals").status_code == 403


def test_page_upload_then_preview(client, login, world):
    login(world["admin"])
    page = client.get("/certificates/seals")
    assert page.status_code == 200 and "丙市人社局" in page.get_data(as_text=True)
    sent = upload(client, world["body"].id, png(), url="/certificates/seals/{}", method="post")
    assert sent.status_code == 303
    preview = client.get(f"/certificates/seals/{world['body'].id}.png")
    assert preview.status_code == 200 and preview.data == inspect_seal(png()).png
