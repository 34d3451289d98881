"""An administrator changes an account's roles on the users page and through /api/v1."""

from __future__ import annotations

from typing import Any


def _roles(user: Any) -> set[str]:
    from app.extensions import db

    db.session.expire_all()
    return {a.role for a in user.roles}


def test_admin_changes_roles_on_the_users_page_audited(client, make_user, login):
    from app.extensions import db
    from app.models import AuditEntry

    admin = make_user("ADMIN", username="root")
    target = make_user("JUDGE", username="someone")
    login(admin)
    page = client.get("/auth/users")
    assert f'action="/auth/users/{target.id}/roles' in page.text
    assert "data-confirm=" in page.text
    saved = client.post(f"/auth/users/{target.id}/roles",
                        data={"roles": ["APPROVER", "ARBITRATOR"]})
    assert saved.status_code == 302
    assert _roles(target) == {"APPROVER", "ARBITRATOR"}
    entry = db.session.query(AuditEntry).filter_by(action="user.roles_changed").one()
    assert (entry.actor_id, entry.entity_id) == (admin.id, target.id)
    assert entry.old == {"roles": ["JUDGE"]}
    assert entry.new == {"roles": ["APPROVER", "ARBITRATOR"]}


def test_scoped_and_organizer_roles_are_left_alone(client, make_user, login):
    from app.extensions import db
    from app.models import Organization, RoleAssignment

    admin = make_user("ADMIN", username="root")
    body = Organization(name="市人社局", kind="ORGANIZER")
    db.session.add(body)
    db.session.flush()
    target = make_user("JUDGE", username="org")
    target.roles.append(RoleAssignment(role="ORGANIZER", organization_id=body.id))
    db.session.commit()
    login(admin)
    client.put(f"/api/v1/users/{target.id}/roles", json={"roles": []})
    assert _roles(target) == {"ORGANIZER"}
    refused = client.put(f"/api/v1/users/{target.id}/roles", json={"roles": ["ORGANIZER"]})
    assert (refused.status_code, refused.json["error"]["code"]) == (422, "role.not_editable")


def test_api_sets_roles_and_an_admin_keeps_their_own_admin_role(client, make_user, login):
    admin = make_user("ADMIN", username="root")
    target = make_user(username="staff")
    login(admin)
    done = client.put(f"/api/v1/users/{target.id}/roles", json={"roles": ["ADMIN", "JUDGE"]})
    assert done.status_code == 200 and done.json == {"roles": ["ADMIN", "JUDGE"]}
    assert _roles(target) == {"ADMIN", "JUDGE"}
    mine = client.put(f"/api/v1/users/{admin.id}/roles", json={"roles": ["JUDGE"]})
    assert (mine.status_code, mine.json["error"]["code"]) == (409, "user.self_admin_removed")
    assert _roles(admin) == {"ADMIN"}
    page = client.post(f"/auth/users/{admin.id}/roles", data={"roles": ["APPROVER"]})
    assert page.status_code == 303  # refused and flashed
    assert _roles(admin) == {"ADMIN"}
    # Adding a role to oneself while keeping ADMIN is fine; another admin may be demoted.
    assert client.put(f"/api/v1/users/{admin.id}/roles",
                      json={"roles": ["ADMIN", "APPROVER"]}).status_code == 200
    assert client.put(f"/api/v1/users/{target.id}/roles",
                      json={"roles": ["JUDGE"]}).status_code == 200
    assert _roles(target) == {"JUDGE"}


def test_only_admins_change_roles(client, make_user, login):
    organizer = make_user("ORGANIZER", username="org")
    contestant = make_user("CONTESTANT", username="c1")
    login(organizer)
    assert client.put(f"/api/v1/users/{contestant.id}/roles",
                      json={"roles": ["ADMIN"]}).status_code == 403
    assert client.post(f"/auth/users/{contestant.id}/roles",
                       data={"roles": ["ADMIN"]}).status_code == 403
    assert _roles(contestant) == {"CONTESTANT"}
