"""An organizer reaches their organizations' competitions and the tiers below."""

from datetime import date

import pytest

from app.models import Competition, Organization, RoleAssignment
from app.services.common.scope import can_manage_competition, managed_competition_ids


@pytest.fixture()
def pyramid(db):
    province = Organization(name="省人社厅", kind="ORGANIZER")
    city = Organization(name="市人社局", kind="ORGANIZER", parent=province)
    other_city = Organization(name="另一市人社局", kind="ORGANIZER", parent=province)
    firm = Organization(name="某机械有限公司", kind="EMPLOYER")
    db.session.add_all([province, city, other_city, firm])
    db.session.flush()

    def comp(name, tier, org, parent=None):
        c = Competition(name=name, tier=tier, category="GENERAL", year=2026, organizer_id=org.id,
                        parent=parent, starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 2))
        db.session.add(c)
        return c

    prov = comp("省赛", "PROVINCIAL", province)
    muni = comp("市赛", "MUNICIPAL", city, prov)
    other = comp("另一市赛", "MUNICIPAL", other_city, prov)
    ent = comp("企业赛", "ENTERPRISE", firm, muni)
    db.session.commit()
    return {"province": province, "city": city, "prov": prov, "muni": muni, "other": other,
            "ent": ent}


def test_city_organizer_reaches_own_contest_and_feeders_only(pyramid, make_user):
    user = make_user()
    user.roles.append(RoleAssignment(role="ORGANIZER", organization_id=pyramid["city"].id))
    ids = managed_competition_ids(user)
    assert ids == {pyramid["muni"].id, pyramid["ent"].id}
    assert not can_manage_competition(user, pyramid["prov"])
    assert not can_manage_competition(user, pyramid["other"])


def test_provincial_organizer_reaches_the_whole_pyramid(pyramid, make_user):
    user = make_user()
    user.roles.append(RoleAssignment(role="ORGANIZER", organization_id=pyramid["province"].id))
    assert managed_competition_ids(user) == {
        pyramid[k].id for k in ("prov", "muni", "other", "ent")
    }


def test_competition_scoped_organizer(pyramid, make_user):
    user = make_user()
    user.roles.append(RoleAssignment(role="ORGANIZER", competition_id=pyramid["ent"].id))
    assert managed_competition_ids(user) == {pyramid["ent"].id}


def test_admin_reaches_everything_and_others_nothing(pyramid, make_user):
    assert managed_competition_ids(make_user("ADMIN")) is None
    assert managed_competition_ids(make_user("JUDGE")) == set()
