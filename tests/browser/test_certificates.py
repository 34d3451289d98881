"""A contestant downloads their certificate; the verification page says valid, then invalid."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import PHONE
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _seed() -> dict:
    """A FINAL project with one award winner who has an account; certificates issued."""
    from app.extensions import db
    from app.services.certification import certificates as certs
    from tests import outcome_factories as f

    tag = uuid.uuid4().hex[:6]
    city = f.organization(f"市人社局{tag}")
    proj = f.project(f.competition(city, name="2026年市职业技能大赛"), name="电工")
    winner = f.person("张三丰")
    f.award(f.registration(proj, winner, rank=1), "FIRST_PRIZE", 1)
    db.session.commit()
    organizer = f.user_with("ORGANIZER", organization_id=city.id, username=f"org{tag}")
    issued = certs.issue_certificates(organizer, proj.id, ["AWARD"], now=f.NOW).issued
    f.user_with("CONTESTANT", person_id=winner.id, username=f"zhang{tag}")
    return {"username": f"zhang{tag}", "serial": issued[0].serial,
            "token": certs.certificate_token(issued[0])}


def test_contestant_downloads_own_certificate_and_verifies_it(live_server, new_page,
                                                               screenshot, tmp_path):
    seeded = live_server.seed(_seed)
    page = new_page()
    page.goto(live_server.url + "/auth/login?next=/certificates/mine")
    page.locator("input[name=username]").fill(seeded["username"])
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/certificates/mine")
    assert page.get_by_text(seeded["serial"]).is_visible()
    screenshot(page, "1-my-certificates")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 PDF").first.click()
    path = tmp_path / "certificate.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert info.value.suggested_filename == f"{seeded['serial']}.pdf"

    # Anyone (a phone, logged out) opens the QR link.
    phone = new_page(viewport=PHONE)
    phone.goto(f"{live_server.url}/verify/{seeded['token']}")
    verdict = phone.locator("[data-verdict]")
    assert verdict.get_attribute("data-verdict") == "valid"
    assert "有效" in verdict.inner_text()
    assert phone.get_by_text("张*丰").is_visible()
    assert phone.get_by_text("张三丰").count() == 0
    screenshot(phone, "2-verify-valid")

    tampered = seeded["token"][:-4] + ("AAAA" if not seeded["token"].endswith("AAAA") else "BBBB")
    phone.goto(f"{live_server.url}/verify/{tampered}")
    assert phone.locator("[data-verdict]").get_attribute("data-verdict") == "invalid"
    assert "无效" in phone.locator("[data-verdict]").inner_text()
    screenshot(phone, "3-verify-invalid")
