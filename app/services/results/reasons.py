"""Reasons from the rules engine and the table reader, in the user's language.

The domain and app.documents give every problem a stable code, params and a default Chinese
message. Known codes are shown through the catalogs (the English msgid below, its Chinese in
zh_CN), with coded params (groups, grades) named from app.services.common.labels; an unknown code
keeps the default message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.services.common.labels import label

_TEXTS: dict[str, Any] = {
    "idcard.empty": _l("The ID number is missing."),
    "idcard.length": _l("An ID number has 18 characters; this one has %(length)s."),
    "idcard.format": _l("The first 17 characters must be digits and the last a digit or X."),
    "idcard.birth_date": _l("The birth date inside the ID number is not a real date."),
    "idcard.checksum": _l("The check digit (18th character) is wrong; it should be %(expected)s."),
    "eligibility.id_number": _l("The ID number is not valid."),
    "eligibility.birth_date": _l("The birth date is missing, so the age cannot be checked."),
    "eligibility.age_min": _l("Aged %(age)s on the contest day, under the minimum of %(min_age)s."),
    "eligibility.age_max": _l("Aged %(age)s on the contest day, over this project's maximum of "
                              "%(max_age)s."),
    "eligibility.age_retired": _l("Past the statutory retirement age on the contest day "
                                  "(retires %(retirement_date)s)."),
    "eligibility.group": _l("Wrong group: the project is for %(required)s, the person is "
                            "%(actual)s."),
    "eligibility.grade_min": _l("Current grade %(current)s is below the required %(min_grade)s."),
    "eligibility.grade_max": _l("Current grade %(current)s is above the allowed %(max_grade)s."),
    "eligibility.duplicate": _l("Already registered for this project."),
    "eligibility.quota": _l("This project only admits contestants who won a place in a feeder "
                            "contest."),
    "eligibility.window_not_open": _l("Registration has not opened yet."),
    "eligibility.window_closed": _l("Registration has closed."),
    "eligibility.title_holder": _l("Holders of this skills title may not enter this project."),
    "eligibility.honour_holder": _l("Holders of %(name)s may not enter this project as "
                                    "contestants."),
    "sheet.too_large": _l("The file is too large (limit %(limit_mb)s MB)."),
    "sheet.not_spreadsheet": _l("The file is not a readable .xlsx or CSV table; save it again "
                                "from the template."),
    "sheet.xls_unsupported": _l("Old .xls files are not supported; save the file as .xlsx."),
    "sheet.unsupported_type": _l("Unsupported file type; upload an .xlsx or .csv file."),
    "sheet.encoding": _l("The CSV encoding is not recognised; save it as CSV UTF-8 or GBK."),
    "sheet.empty": _l("The table is empty."),
    "sheet.too_many_rows": _l("More than %(limit)s rows; import in several files."),
    "sheet.header_missing": _l("The required column “%(header)s” is missing; use the template's "
                               "header row."),
    "sheet.header_duplicate": _l("The column “%(header)s” appears twice; keep only one."),
    "sheet.header_not_first_row": _l("The header must be on row 1 but was found on row "
                                     "%(found_row)s; delete the rows above it."),
    "sheet.merged_cells": _l("Merged cells %(range)s: unmerge them, one value per cell."),
    "sheet.formula": _l("Cell %(cell)s (“%(header)s”) is a formula; paste it as a value."),
    "sheet.number_precision": _l("Cell %(cell)s (“%(header)s”) has lost digits in Excel; format "
                                 "the column as text and type the number again."),
    "sheet.cell_error": _l("Cell %(cell)s (“%(header)s”) holds the error value %(value)s."),
    "sheet.cell_too_long": _l("Cell %(cell)s (“%(header)s”) is longer than %(limit)s "
                              "characters."),
}

# Params holding a stored code, and the enum that names it.
_CODED_PARAMS = {"required": "group", "actual": "group", "current": "grade",
                 "min_grade": "grade", "max_grade": "grade"}


def describe(code: str, params: Mapping[str, Any] | None, default: str) -> str:
    """Return the message for a coded reason in the request's language."""
    text = _TEXTS.get(code)
    if text is None:
        return default
    values = {key: _param(key, value) for key, value in (params or {}).items()}
    try:
        return str(text) % values
    except (KeyError, TypeError, ValueError):
        return default


def _param(key: str, value: Any) -> Any:
    enum = _CODED_PARAMS.get(key)
    return label(value, enum) if enum and isinstance(value, str) else value


def describe_reason(reason: Mapping[str, Any]) -> str:
    """Describe a stored reason dict ({"code", "message", "params"}) in the request language."""
    return describe(str(reason.get("code", "")), reason.get("params"),
                    str(reason.get("message", "")))

