"""What every list page's view shares: the .xlsx download of a filtered list."""

from __future__ import annotations

import io
from urllib.parse import quote

from flask import Response, send_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(data: bytes, filename: str, *, ascii_name: str) -> Response:
    """Send a workbook as an attachment (UTF-8 name, with an ASCII fallback)."""
    response = send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                         download_name=ascii_name)
    response.headers["Content-Disposition"] = (
        f"attachment; filename={ascii_name}; filename*=UTF-8''{quote(filename)}")
    return response
