"""Competition set-up use cases: validation, scope, promotion rule rows and the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.domain.presets import PRESETS
from app.errors import RecordNotFound
from app.models import AuditEntry, Competition, Occupation, Organization, RoleAssignment
from app.services.common.access import get_competition
from app.services.identity import link_requests
from app.services.scoring.audit import verify_chain
from app.services.setup import competition_projects as projects
from app.services.setup import competition_rules as rules
from app.services.setup import competitions as svc

NOW = datetime(2026, 3, 1, 8, tzinfo=UTC)


@pytest.fixture()
def world(db, make_user):
    """A province body above a city body, an organizer of each, an admin and an occupation."""
    province = Organization(name="省人社厅", kind="ORGANIZER")
    db.session.add(province)
    db.session.flush()
    city = Organization(name="市人社局", kind="ORGANIZER", parent_id=province.id)
    other = Organization(name="邻市人社局", kind="ORGANIZER")
    electrician = Occupation(code="6-31-01-03", name="电工")
    welder = Occupation(code="6-18-02-04", name="焊工")
    db.session.add_all([city, other, electrician, welder])
    db.session.commit()
    province_org = make_user(username="prov")
    province_org.roles = [RoleAssignment(role="ORGANIZER", organization_id=province.id)]
    city_org = make_user(username="city")
    city_org.roles = [RoleAssignment(role="ORGANIZER", organization_id=city.id)]
    stranger = make_user(username="stranger")
    stranger.roles = [RoleAssignment(role="ORGANIZER", organization_id=other.id)]
    db.session.commit()
    return {
        "province": province, "city": city, "other": other, "electrician": electrician,
        "welder": welder, "prov": province_org, "city_org": city_org, "stranger": stranger,
        "admin": make_user("ADMIN", username="admin"),
    }


# A feeder ends before the competition it feeds starts (issue #17, item 4).
FEEDER_DAYS = dict(starts_on=date(2026, 5, 20), ends_on=date(2026, 5, 21))


def comp_data(org, **changes):
    base = dict(name="市职业技能大赛", tier="MUNICIPAL", category="CLASS_1", year=2026,
                organizer_id=org.id, starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 2),
                registration_opens_at=datetime(2026, 4, 1, 1, tzinfo=UTC),
                registration_closes_at=datetime(2026, 5, 1, 9, tzinfo=UTC))
    base.update(changes)
    return svc.CompetitionData(**base)


def proj_data(occupation, **changes):
    base = dict(occupation_id=occupation.id, group="EMPLOYEE", name="电工（职工组）")
    base.update(changes)
    return projects.ProjectData(**base)


@pytest.fixture()
def pyramid(world):
    """A provincial competition with an electrician project, and a municipal one feeding it."""
    provincial = svc.create_competition(world["prov"], comp_data(
        world["province"], name="省职业技能大赛", tier="PROVINCIAL"))
    target = projects.create_project(world["prov"], provincial.id, proj_data(world["electrician"]))
    municipal = svc.create_competition(world["city_org"], comp_data(
        world["city"], parent_id=provincial.id, **FEEDER_DAYS))
    # The province's competition lies outside the city organizer's scope: the province accepts.
    (request,) = link_requests.pending_for_competition(municipal.id)
    link_requests.accept_link_request(world["prov"], request.id, now=NOW)
    return {**world, "provincial": provincial, "target": target, "municipal": municipal}


def actions():
    from app.extensions import db

    return [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]


def test_create_competition_is_audited_and_scoped(pyramid):
    assert actions() == ["competition.create", "project.create", "competition.create",
                         "link.requested", "link.accepted"]
    assert verify_chain().ok
    # The province organizer sees the municipal contest that feeds theirs; the city one
    # does not see the province's.
    assert get_competition(pyramid["prov"], pyramid["municipal"].id)
    with pytest.raises(RecordNotFound):
        get_competition(pyramid["city_org"], pyramid["provincial"].id)
    with pytest.raises(RecordNotFound):
        get_competition(pyramid["stranger"], pyramid["municipal"].id)
    assert get_competition(pyramid["admin"], pyramid["provincial"].id)


def test_tree_nests_feeders_under_their_parent(pyramid):
    tree = svc.list_competition_tree(pyramid["prov"])
    assert [n.competition.name for n in tree] == ["省职业技能大赛"]
    assert [c.competition.name for c in tree[0].children] == ["市职业技能大赛"]
    city_tree = svc.list_competition_tree(pyramid["city_org"])
    assert [n.competition.tier for n in city_tree] == ["MUNICIPAL"]
    assert svc.list_competition_tree(pyramid["stranger"]) == []


def test_parent_must_be_of_a_higher_tier(pyramid):
    with pytest.raises(svc.SetupError) as err:
        svc.create_competition(pyramid["city_org"], comp_data(
            pyramid["city"], name="区赛", parent_id=pyramid["municipal"].id))
    assert err.value.field == "parent_id"
    assert err.value.code == "competition.parent_tier"
    # Raising the feeder's tier to its parent's is refused too.
    with pytest.raises(svc.SetupError) as err:
        svc.update_competition(pyramid["prov"], pyramid["provincial"].id, comp_data(
            pyramid["province"], name="省职业技能大赛", tier="MUNICIPAL"))
    assert err.value.field == "tier"


def test_organizer_outside_scope_and_bad_fields_change_nothing(pyramid, db):
    before = db.session.query(Competition).count()
    cases = [
        (dict(organizer_id=pyramid["other"].id), "organizer_id"),
        (dict(ends_on=date(2026, 5, 1)), "ends_on"),
        (dict(registration_closes_at=datetime(2026, 3, 1, tzinfo=UTC)),
         "registration_closes_at"),
        (dict(issuer_kind="X", issuer_body_code="1301", issuer_province_code="13"),
         "issuer_kind"),
        (dict(issuer_kind="S", issuer_body_code="13a1", issuer_province_code="13"),
         "issuer_body_code"),
        # Full-width digits would land in 22-character certificate numbers as they are.
        (dict(issuer_kind="S", issuer_body_code="１３０１", issuer_province_code="13"),
         "issuer_body_code"),
        (dict(issuer_kind="S", issuer_body_code="1301", issuer_province_code="１３"),
         "issuer_province_code"),
        (dict(issuer_kind="S", issuer_body_code="1301", issuer_province_code="1",
              issuer_site_serial="000126"), "issuer_province_code"),
        (dict(issuer_kind="S", issuer_body_code="1301", issuer_province_code="13",
              issuer_site_serial="12a456"), "issuer_site_serial"),
        (dict(issuer_kind="S", issuer_body_code="1301", issuer_province_code="13",
              issuer_site_serial="1234567"), "issuer_site_serial"),
        (dict(issuer_kind="S", issuer_body_code="1301", issuer_province_code="13",
              issuer_site_serial="١٢٣٤٥٦"), "issuer_site_serial"),  # Arabic-Indic digits
        # All four parts or none: three without the site serial, or the serial alone.
        (dict(issuer_kind="S", issuer_body_code="1301", issuer_province_code="13"),
         "issuer_site_serial"),
        (dict(issuer_site_serial="000126"), "issuer_kind"),
        (dict(appeal_window_minutes=-5), "appeal_window_minutes"),
        (dict(public_visibility="SOMETIMES"), "public_visibility"),
    ]
    for changes, field in cases:
        with pytest.raises(svc.SetupError) as err:
            svc.create_competition(pyramid["city_org"], comp_data(pyramid["city"], **changes))
        assert err.value.field == field
        db.session.rollback()
    assert db.session.query(Competition).count() == before


def test_update_records_only_the_changes(pyramid, db):
    svc.update_competition(pyramid["city_org"], pyramid["municipal"].id, comp_data(
        pyramid["city"], parent_id=pyramid["provincial"].id, appeal_window_minutes=90,
        **FEEDER_DAYS, issuer_kind="S", issuer_body_code="1301", issuer_province_code="13",
        issuer_site_serial="000126"))
    entry = db.session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
    assert entry.action == "competition.update"
    assert entry.old == {"appeal_window_minutes": 120, "issuer_kind": "",
                         "issuer_body_code": "", "issuer_province_code": "",
                         "issuer_site_serial": ""}
    assert entry.new["issuer_site_serial"] == "000126"
    assert entry.new["appeal_window_minutes"] == 90
    with pytest.raises(RecordNotFound):
        svc.update_competition(pyramid["stranger"], pyramid["municipal"].id,
                               comp_data(pyramid["other"]))


def test_project_feeds_only_the_parent_competitions_same_occupation(pyramid, db):
    municipal, target = pyramid["municipal"], pyramid["target"]
    project = projects.create_project(pyramid["city_org"], municipal.id, proj_data(
        pyramid["electrician"], advances_to_id=target.id, quota=3))
    # The target belongs to the province: a request, then the link once they accept.
    assert (project.advances_to_id, project.quota) == (None, 0)
    (request,) = link_requests.pending_for_competition(municipal.id)
    link_requests.accept_link_request(pyramid["prov"], request.id, now=NOW)
    assert (project.advances_to_id, project.quota) == (target.id, 3)
    assert project.promotion_preset == "PREFECTURE_CITY"  # never a 直辖市 preset
    assert project.promotion_rules and project.title_rules
    # Feeding a project of a competition that is not the parent.
    other = svc.create_competition(pyramid["city_org"], comp_data(pyramid["city"],
                                                                  name="另一市赛"))
    sibling = projects.create_project(pyramid["city_org"], other.id,
                                      proj_data(pyramid["electrician"]))
    with pytest.raises(svc.SetupError) as err:
        projects.create_project(pyramid["city_org"], municipal.id, proj_data(
            pyramid["electrician"], advances_to_id=sibling.id, quota=3))
    assert err.value.code == "project.advances_to"
    with pytest.raises(svc.SetupError) as err:
        projects.create_project(pyramid["city_org"], municipal.id, proj_data(
            pyramid["welder"], name="焊工", advances_to_id=target.id, quota=3))
    assert err.value.code == "project.advances_to_occupation"
    with pytest.raises(svc.SetupError) as err:
        projects.create_project(pyramid["city_org"], municipal.id, proj_data(
            pyramid["electrician"], advances_to_id=target.id, quota=0))
    assert err.value.field == "quota"


@pytest.mark.parametrize(("changes", "field"), [
    (dict(pass_mark=Decimal("101")), "pass_mark"),
    (dict(team_size=0), "team_size"),
    (dict(min_grade="L2", max_grade="L4"), "max_grade"),
    (dict(award_scheme="PERCENT_PRIZES", award_params={"percents": ["0.5", "0.4", "0.3"]}),
     "percents"),
    (dict(award_scheme="FIXED_COUNT", award_params={"counts": [2, -1, 6]}), "counts"),
    (dict(award_scheme="LOTTERY"), "award_scheme"),
    (dict(quota=5), "quota"),
])
def test_project_field_errors(pyramid, changes, field):
    with pytest.raises(svc.SetupError) as err:
        projects.create_project(pyramid["city_org"], pyramid["municipal"].id,
                                proj_data(pyramid["electrician"], **changes))
    assert err.value.field == field


def test_award_params_are_normalised(pyramid):
    project = projects.create_project(pyramid["city_org"], pyramid["municipal"].id, proj_data(
        pyramid["electrician"], award_scheme="FIXED_COUNT", award_params={"counts": ["2", 4, 6]}))
    assert project.award_params == {"counts": [2, 4, 6]}


def test_rule_rows_edit_and_provenance(pyramid, db):
    project = pyramid["target"]
    assert project.promotion_preset == "PROVINCIAL_CLASS_1"
    views = rules.list_rule_rows(project)
    assert [v.provenance for v in views] == ["LOCAL"] * len(PRESETS["PROVINCIAL_CLASS_1"].rows)
    edited = [v.input for v in views]
    edited[0] = rules.RowInput(band="1-8", group="EMPLOYEE", action="TARGET", target="L2")
    edited.append(rules.RowInput(band="top30%", title="ENTERPRISE_TECHNICAL_EXPERT"))
    del edited[3]
    rules.update_promotion_rules(pyramid["prov"], project.id, rows=edited)
    views = rules.list_rule_rows(project)
    assert views[0].input.band == "1-8" and views[0].provenance == "EDITED"
    assert views[1].provenance == "LOCAL"
    assert len(views) == len(PRESETS["PROVINCIAL_CLASS_1"].rows)
    entry = db.session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
    assert entry.action == "project.promotion_rules" and entry.project_id == project.id
    # The stored rows load back into a domain rule set.
    assert len(rules.project_rule_set(project).rows) == len(views)


@pytest.mark.parametrize(("row", "field", "text"), [
    (dict(band="1-ten", action="TARGET", target="L2"), "rows[1].band", "1-ten"),
    (dict(band="5-2", action="TARGET", target="L2"), "rows[1].band", "2"),
    (dict(band="1-3", action="TARGET"), "rows[1].target", "2"),
    (dict(band="1-3", action="TARGET", target="SPECIAL"), "rows[1].target", "2"),
    (dict(band="1-3"), "rows[1].action", "2"),
    (dict(band="1-3", action="RELATIVE", steps=0), "rows[1].steps", "2"),
    (dict(band="1-3", action="PROMOTE", target="L2"), "rows[1].action", "2"),
    (dict(band="1-3", title="KING"), "rows[1].title", "2"),
])
def test_bad_rule_rows_are_refused_naming_row_and_field(pyramid, db, row, field, text):
    project = pyramid["target"]
    before = list(project.promotion_rules)
    rows = [rules.RowInput(band="1-3", action="TARGET", target="L2"), rules.RowInput(**row)]
    with pytest.raises(svc.SetupError) as err:
        rules.update_promotion_rules(pyramid["prov"], project.id, rows=rows)
    assert err.value.field == field
    assert text in err.value.message
    db.session.rollback()
    assert project.promotion_rules == before


def test_apply_preset_and_scope(pyramid, db):
    project = pyramid["target"]
    rules.apply_promotion_preset(pyramid["prov"], project.id, preset="NATIONAL_GENERAL")
    assert project.promotion_preset == "NATIONAL_GENERAL"
    assert [v.provenance for v in rules.list_rule_rows(project)] == ["SRC"] * 3
    with pytest.raises(svc.SetupError) as err:
        rules.apply_promotion_preset(pyramid["prov"], project.id, preset="NOPE")
    assert err.value.field == "promotion_preset"
    with pytest.raises(RecordNotFound):
        rules.apply_promotion_preset(pyramid["city_org"], project.id, preset="ENTERPRISE")
    with pytest.raises(RecordNotFound):
        projects.update_project(pyramid["stranger"], project.id,
                                proj_data(pyramid["electrician"]))


def test_create_occupation(world, db):
    occupation = svc.create_occupation(world["admin"], code="4-01-02", name="车工")
    assert occupation.id and actions() == ["occupation.create"]
    with pytest.raises(svc.SetupError) as err:
        svc.create_occupation(world["admin"], code="4-01-02", name="车工")
    assert err.value.field == "code"


@pytest.mark.parametrize(("closes", "refused"), [
    (datetime(2026, 5, 31, 16, 0, tzinfo=UTC), False),  # 06-01 00:00 in Beijing: the last moment
    (datetime(2026, 5, 31, 16, 1, tzinfo=UTC), True),
    (datetime(2026, 6, 2, 9, 0, tzinfo=UTC), True),     # during the contest
])
def test_registration_may_not_close_after_the_contest_starts(world, closes, refused):
    data = comp_data(world["city"], registration_closes_at=closes)
    if not refused:
        assert svc.create_competition(world["city_org"], data).registration_closes_at == closes
        return
    with pytest.raises(svc.SetupError) as err:
        svc.create_competition(world["city_org"], data)
    assert (err.value.code, err.value.field) == ("competition.registration_after_start",
                                                 "registration_closes_at")
    assert "2026-06-01" in err.value.message


@pytest.mark.parametrize(("days", "refused"), [
    (FEEDER_DAYS, False),
    (dict(starts_on=date(2026, 5, 30), ends_on=date(2026, 5, 31)), False),
    (dict(starts_on=date(2026, 5, 31), ends_on=date(2026, 6, 1)), True),  # overlaps the start
    (dict(starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 2)), True),   # dated after it
])
def test_a_feeder_must_end_before_the_contest_it_feeds(pyramid, days, refused):
    data = comp_data(pyramid["city"], name="另一市赛", parent_id=pyramid["provincial"].id,
                     registration_closes_at=datetime(2026, 5, 1, 9, tzinfo=UTC), **days)
    if not refused:
        svc.create_competition(pyramid["city_org"], data)
        return
    with pytest.raises(svc.SetupError) as err:
        svc.create_competition(pyramid["city_org"], data)
    assert (err.value.code, err.value.field) == ("competition.parent_dates", "ends_on")


def test_moving_a_contest_before_its_feeder_ends_is_refused(pyramid):
    with pytest.raises(svc.SetupError) as err:
        svc.update_competition(pyramid["prov"], pyramid["provincial"].id, comp_data(
            pyramid["province"], name="省职业技能大赛", tier="PROVINCIAL",
            starts_on=date(2026, 5, 21), ends_on=date(2026, 5, 22)))
    assert (err.value.code, err.value.field) == ("competition.feeder_dates", "starts_on")
