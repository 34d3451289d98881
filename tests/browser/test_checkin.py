"""Check-in in a real browser: a typed ticket number, a QR shown to a (fake) camera, a forgery.

Headless chromium has no camera, so a second chromium is launched with a fake capture
device that plays a Y4M video of the ticket's QR code (written here from the PNG, no ffmpeg):
the page's html5-qrcode scanner decodes it exactly as it would a phone camera's frames.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.browser.confirming import accept_confirm
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.fixtures.services import require_tools

WIDTH, HEIGHT = 640, 480


def write_y4m(png: bytes, path: Path, *, frames: int = 10) -> Path:
    """Write a grey-scale Y4M video (4:2:0) showing the PNG centred on white."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    # Whole pixels per module, and the code well inside the page's 240-pixel scan box (qrbox)
    # whatever the viewport: a code filling the frame was cut by the box on some runs, and a
    # longer token (later ids in the session-wide server) scaled by a fraction blurred modules.
    cells = image.width // 10  # qr_png's default box_size
    side = cells * max(3, 200 // cells)
    image = image.resize((side, side), Image.Resampling.NEAREST)
    canvas = Image.new("L", (WIDTH, HEIGHT), 255)
    canvas.paste(image, ((WIDTH - side) // 2, (HEIGHT - side) // 2))
    luma = canvas.tobytes()
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)  # neutral: no colour
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + luma + chroma + chroma)
    return path


def _seed(live_server: Any, staff: str = "checkin-staff") -> dict[str, Any]:
    def make() -> dict[str, Any]:
        from app.documents.qr import qr_png
        from app.services.entry.tickets import ticket_token
        from tests.ticketing import make_contest, make_organizer, make_registration

        contest = make_contest("2026年市职工职业技能大赛（检录）")
        typed = make_registration(contest.project, name="张伟")
        scanned = make_registration(contest.project, name="李娜")
        make_registration(contest.project, name="王芳")
        elsewhere = make_registration(contest.other_project, name="赵强")
        make_organizer(contest.body, username=staff, display_name="检录员")
        return {
            "project_id": contest.project.id,
            "typed_no": typed.ticket_no,
            "typed_id4": typed.person.id_number[-4:],
            "qr": qr_png(ticket_token(scanned)),
            "elsewhere_token": ticket_token(elsewhere),
            "forged": ticket_token(scanned)[:-4] + "AAAA",
        }

    return live_server.seed(make)


def _log_in(page: Any, url: str, staff: str = "checkin-staff") -> None:
    from tests.factories import PASSWORD

    page.goto(url + "/auth/login")
    page.locator("input[name=username]").fill(staff)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(url + "/home")


@pytest.fixture()
def camera_browser(browser: Any, tmp_path: Path) -> Any:
    """Return launch(y4m) that starts a chromium whose camera plays the given video."""
    launched: list[Any] = []

    def launch(video: Path) -> Any:
        require_tools("chromium")
        instance = browser.browser_type.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, "--use-fake-device-for-media-stream",
                  "--use-fake-ui-for-media-stream", f"--use-file-for-fake-video-capture={video}"],
        )
        launched.append(instance)
        return instance

    yield launch
    for instance in launched:
        instance.close()


def test_check_in_by_number_camera_qr_and_forgery(live_server, camera_browser, tmp_path,
                                                  screenshot):
    data = _seed(live_server)
    video = write_y4m(data["qr"], tmp_path / "ticket.y4m")
    context = camera_browser(video).new_context(viewport=PHONE, locale="zh-CN")
    context.grant_permissions(["camera"], origin=live_server.url)
    page = context.new_page()
    _log_in(page, live_server.url)

    page.goto(f"{live_server.url}/checkin/")
    page.get_by_role("link", name="检录", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/checkin/projects/{data['project_id']}")
    assert page.locator("#jx-count-in").inner_text() == "0"
    assert page.locator("#jx-count-all").inner_text() == "3"
    screenshot(page, "1-scan-page")

    # 1. A typed ticket number.
    page.locator("#jx-ticket-no").fill(data["typed_no"])
    page.locator("#jx-id-last4").fill(data["typed_id4"])
    page.get_by_role("button", name="检录", exact=True).click()
    result = page.locator("#jx-result")
    page.wait_for_selector("#jx-result.jx-result-ok")
    assert "张伟" in result.inner_text() and "检录成功" in result.inner_text()
    assert "********" in page.locator("#jx-id").inner_text()
    page.wait_for_function("() => document.getElementById('jx-count-in').textContent === '1'")
    screenshot(page, "2-typed-number-ok")

    # 2. The camera: the fake device shows the ticket's QR code.
    page.get_by_role("button", name="打开摄像头").click()
    page.wait_for_function("() => document.getElementById('jx-name').textContent === '李娜'",
                           timeout=30_000)
    assert "jx-result-ok" in result.get_attribute("class")
    page.wait_for_function("() => document.getElementById('jx-count-in').textContent === '2'")
    screenshot(page, "3-camera-qr-ok")
    page.get_by_role("button", name="停止").click()

    # 3. A forged QR and another project's ticket are refused, in big clear Chinese.
    page.evaluate("text => window.jxCheckin.handleDecoded(text)", data["forged"])
    page.wait_for_selector("#jx-result.jx-result-refused")
    assert "伪造" in page.locator("#jx-result-detail").inner_text()
    assert page.locator("#jx-person").is_hidden()
    screenshot(page, "4-forged-refused")
    page.evaluate("text => window.jxCheckin.handleDecoded(text)", data["elsewhere_token"])
    page.wait_for_function(
        "() => document.getElementById('jx-result-detail').textContent.includes('电工')"
    )
    screenshot(page, "5-wrong-project-refused")

    # 4. The same typed number again: already checked in, nothing changes.
    page.locator("#jx-ticket-no").fill(data["typed_no"])
    page.locator("#jx-id-last4").fill(data["typed_id4"])
    page.get_by_role("button", name="检录", exact=True).click()
    page.wait_for_selector("#jx-result.jx-result-already")
    assert page.locator("#jx-count-in").inner_text() == "2"
    screenshot(page, "6-already-checked-in")


def test_lot_draw_commit_run_and_public_proof(live_server, new_page, screenshot):
    def make() -> dict[str, Any]:
        from tests.ticketing import make_contest, make_organizer, make_registration

        contest = make_contest("2026年市职工职业技能大赛（抽签）")
        for name in ("张伟", "李娜", "王芳", "刘洋", "陈静"):
            make_registration(contest.project, name=name, status="CHECKED_IN")
        make_organizer(contest.body, username="draw-staff", display_name="抽签员")
        return {"project_id": contest.project.id}

    data = live_server.seed(make)
    page = new_page()
    from tests.factories import PASSWORD

    page.goto(live_server.url + "/auth/login")
    page.locator("input[name=username]").fill("draw-staff")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/home")
    draw_url = f"{live_server.url}/checkin/projects/{data['project_id']}/draw"
    page.goto(draw_url)
    page.get_by_role("button", name="提交抽签种子").click()
    accept_confirm(page)
    seed_hash = page.get_by_test_id("seed-hash").inner_text()
    assert len(seed_hash) == 64
    screenshot(page, "1-committed")
    page.get_by_role("button", name="开始抽签").click()
    accept_confirm(page)
    assert "抽签完成" in page.locator(".alert-success").inner_text()
    rows = page.locator("table tbody tr")
    assert rows.count() == 5
    screenshot(page, "2-drawn-with-mapping")

    public = new_page()  # a stranger, not logged in
    public.goto(f"{draw_url}/public")
    assert public.get_by_test_id("seed-hash").inner_text() == seed_hash
    assert "核验通过" in public.get_by_test_id("verification").inner_text()
    assert "张伟" not in public.content()
    screenshot(public, "3-public-verified")


def test_a_refusal_speaks_the_pages_language_not_the_browsers(live_server, new_page):
    """A desk PC running English Windows sends Accept-Language: en; the page is in Chinese."""
    data = _seed(live_server, staff="checkin-staff-en")
    page = new_page(locale="en-US")
    _log_in(page, live_server.url, staff="checkin-staff-en")
    page.goto(f"{live_server.url}/checkin/projects/{data['project_id']}")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.locator("#jx-ticket-no").fill(data["typed_no"])
    page.locator("#jx-id-last4").fill("0000")
    page.get_by_role("button", name="检录", exact=True).click()
    page.wait_for_selector("#jx-result.jx-result-refused")
    assert "身份证号后 4 位" in page.locator("#jx-result-detail").inner_text()


def test_times_read_in_beijing_time_on_a_pc_set_to_another_zone(live_server, browser):
    """The roster and 公示 print 北京时间; a desk PC or big screen set to UTC must agree."""
    from datetime import datetime, timedelta, timezone

    data = _seed(live_server, staff="checkin-staff-utc")
    context = browser.new_context(locale="zh-CN", timezone_id="UTC")
    page = context.new_page()
    _log_in(page, live_server.url, staff="checkin-staff-utc")
    page.goto(f"{live_server.url}/checkin/projects/{data['project_id']}")
    beijing = timezone(timedelta(hours=8))
    before = datetime.now(beijing)
    for _ in range(2):  # checked in, then "already checked in at …"
        page.locator("#jx-ticket-no").fill(data["typed_no"])
        page.locator("#jx-id-last4").fill(data["typed_id4"])
        page.get_by_role("button", name="检录", exact=True).click()
        page.wait_for_selector("#jx-result.jx-result-ok, #jx-result.jx-result-already")
    page.wait_for_selector("#jx-result.jx-result-already")
    after = datetime.now(beijing)
    shown = page.locator("#jx-result").inner_text()
    assert any(moment.strftime("%H:%M") in shown for moment in (before, after)), shown
    page.goto(f"{live_server.url}/live/projects/{data['project_id']}")
    assert page.evaluate("window.JxBoard.localTime('2026-12-15T01:18:00Z')") == (
        "2026-12-15 09:18")
    context.close()
