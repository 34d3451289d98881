"""Region codes (行政区划代码) and site serials."""

from __future__ import annotations

import pytest

from app.domain.regions import is_municipality, region_code_problem, site_serial_problem


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("110000", None),  # 北京市
        ("370600", None),  # 烟台市
        ("130102", None),  # 石家庄 长安区
        ("820000", None),  # 澳门
        ("990000", "province"),
        ("000000", "province"),
        ("11000", "format"),
        ("1100000", "format"),
        ("11000a", "format"),
        ("１１００００", "format"),  # full-width digits
        ("110001", "format"),  # county part without a city part
        ("", "format"),
    ],
)
def test_region_code(code: str, problem: str | None) -> None:
    assert region_code_problem(code) == problem


@pytest.mark.parametrize(("serial", "problem"),
                         [("000123", None), ("12345", "format"), ("12345x", "format")])
def test_site_serial(serial: str, problem: str | None) -> None:
    assert site_serial_problem(serial) == problem


@pytest.mark.parametrize(("code", "expected"), [("120100", True), ("370600", False)])
def test_municipality(code: str, expected: bool) -> None:
    assert is_municipality(code) is expected
