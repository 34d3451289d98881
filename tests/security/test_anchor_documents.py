"""Finding 8: the anchored chain head is printed on the 公示 PDF, the results workbook and
the certificate, so a copy outside the database can expose a rewritten tail."""

from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from app.documents.certificates import CertificateData, render_certificate
from app.models import AuditAnchor
from app.services.scoring import audit
from tests.documents.helpers import pdf_text


def test_publication_pdf_and_results_workbook_print_the_publication_anchor(db, monkeypatch):
    from app.services.boards import exports
    from app.services.boards.publication import publish_results
    from tests.board_setup import locked_contest

    contest = locked_contest()
    project = publish_results(contest.organizer, contest.project.id,
                              now=contest.project.ends_at + timedelta(hours=1))
    anchor = db.session.scalars(select(AuditAnchor).where(AuditAnchor.kind == "PUBLICATION")
                                ).one()
    label = audit.anchor_label(anchor)
    assert label == f"{anchor.entry_id}:{anchor.head_hash[:16]}"
    now = project.published_at + timedelta(minutes=5)
    printed = []
    monkeypatch.setattr(exports, "publication_pdf",
                        lambda sheet: printed.append(sheet) or b"%PDF")
    exports.publication_pdf_bytes(project, now=now)
    assert printed[0].audit_anchor == label
    book = load_workbook(io.BytesIO(exports.project_results_xlsx(project, detail=True, now=now)))
    assert book.properties.keywords == f"audit-anchor {label}"
    assert all(label in ws.oddFooter.center.text for ws in book.worksheets)


def test_a_certificate_prints_its_anchor(tmp_path):
    data = CertificateData(kind="PARTICIPATION", serial="C-1", name="张三", competition="赛",
                           project="焊工", organizer="人社局", issued_on=date(2026, 5, 20),
                           verify_url="https://example.test/v", audit_anchor="42:0123456789abcdef")
    assert "42:0123456789abcdef" in pdf_text(render_certificate(data), tmp_path)


def test_the_publication_pdf_prints_the_anchor(tmp_path):
    from app.documents.publication import PublicationSheet, publication_pdf

    sheet = PublicationSheet(title="公示", subtitle="", period="", headers=["名次"], rows=[["1"]],
                             audit_anchor="7:fedcba9876543210")
    assert "7:fedcba9876543210" in pdf_text(publication_pdf(sheet), tmp_path)
