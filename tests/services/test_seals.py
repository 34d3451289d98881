"""Seals: administrators upload a body's own image; it is audited and printed only for that body."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.documents.seals import inspect_seal
from app.errors import ForbiddenError, NotFoundError, ServiceError
from app.models import AuditEntry
from app.services.certification import certificates as certs
from app.services.certification.certificate_content import certificate_data
from app.services.setup import seals
from tests import outcome_factories as f
from tests.documents.test_seal_image import png

NOW = f.NOW


@pytest.fixture()
def world(db):
    """Two organizing bodies, each with a competition and one finished contestant."""
    ours, theirs = f.organization("甲市人社局", kind="ORGANIZER"), f.organization("乙市人社局",
                                                                                kind="ORGANIZER")
    regs = []
    for body in (ours, theirs):
        proj = f.project(f.competition(body, name=f"{body.name}大赛"), name="电工")
        regs.append(f.registration(proj, f.person(f"{body.name[:2]}选手"), rank=1))
    db.session.commit()
    return {"ours": ours, "theirs": theirs, "regs": regs,
            "admin": f.user_with("ADMIN", username="admin"),
            "organizer": f.user_with("ORGANIZER", organization_id=ours.id, username="org")}


def test_upload_is_audited_and_replaces_the_previous_image(db, world):
    first = seals.upload_seal(world["admin"], world["ours"].id, png(), now=NOW)
    second = seals.upload_seal(world["admin"], world["ours"].id, png((180, 180)), now=NOW)
    assert first.id == second.id and (second.width, second.height) == (180, 180)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "seal.upload")
                                 .order_by(AuditEntry.id)).all()
    assert [e.entity_id for e in entries] == [world["ours"].id] * 2
    assert entries[0].old is None and entries[1].old == {"sha256": entries[0].new["sha256"]}
    assert entries[1].actor_id == world["admin"].id


def test_only_an_administrator_manages_seals(db, world):
    for call in (lambda u: seals.upload_seal(u, world["ours"].id, png(), now=NOW),
                 lambda u: seals.list_seals(u)):
        with pytest.raises(ForbiddenError):
            call(world["organizer"])


@pytest.mark.parametrize(("data", "code"), [(b"not a png", "seal.not_png"),
                                            (png(mode="RGB"), "seal.no_transparency"),
                                            (png((20, 20)), "seal.dimensions")])
def test_a_bad_image_names_the_field_and_stores_nothing(db, world, data, code):
    with pytest.raises(ServiceError) as refused:
        seals.upload_seal(world["admin"], world["ours"].id, data, now=NOW)
    assert (refused.value.code, refused.value.field) == (code, "image")
    assert seals.list_seals(world["admin"])[0].seal is None


def test_the_seal_prints_only_on_its_own_bodys_certificates(db, world):
    seals.upload_seal(world["admin"], world["ours"].id, png(), now=NOW)
    ours, theirs = world["regs"]
    assert seals.issuer_seal(ours.id) == inspect_seal(png()).png
    assert seals.issuer_seal(theirs.id) is None
    for reg, has_seal in ((ours, True), (theirs, False)):
        certs.issue_certificates(world["admin"], reg.project_id, ["PARTICIPATION"], now=NOW)
        certificate = certs.list_project_certificates(world["admin"], reg.project_id)[0]
        data = certificate_data(certificate, "https://jx.example/v")
        assert (data.seal_png is not None) is has_seal


def test_removal_restores_the_empty_stamp_area_and_is_audited(db, world):
    seals.upload_seal(world["admin"], world["ours"].id, png(), now=NOW)
    seals.remove_seal(world["admin"], world["ours"].id, now=NOW)
    assert seals.issuer_seal(world["regs"][0].id) is None
    assert db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()[-1] == (
        "seal.remove")
    with pytest.raises(NotFoundError):
        seals.remove_seal(world["admin"], world["ours"].id, now=NOW)
