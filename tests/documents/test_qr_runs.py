"""The certificate QR's module runs are written exactly as ``path.rect`` would write them."""

from __future__ import annotations

import pytest
from reportlab.pdfgen.pathobject import PDFPathObject

from app.documents.certificates import _module_run


@pytest.mark.parametrize("runs", [
    [(2, 2, 1)],
    [(2, 2, 7), (10, 2, 1), (2, 3, 1), (30, 40, 12)],
    [(0, 0, 1), (99, 177, 33)],
])
def test_module_runs_match_path_rect(runs):
    fast, slow = PDFPathObject(), PDFPathObject()
    for x, y, width in runs:
        _module_run(fast, x, y, width)
        slow.rect(x, y, width, 1)
    assert fast.getCode() == slow.getCode()
