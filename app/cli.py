"""Command-line entry points (`flask --app wsgi …`)."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import with_appcontext


def init_cli(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(create_admin_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(close_publications_command)
    app.cli.add_command(audit_group)
    app.cli.add_command(remind_objections_command)


@click.command("create-admin")
@click.option("--username", prompt=True, help="Log-in name of the administrator.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Password (prompted, hidden, when not given).")
@click.option("--temporary", is_flag=True, default=False,
              help="The password is for someone else: they must change it at first log-in.")
@with_appcontext
def create_admin_command(username: str, password: str, temporary: bool) -> None:
    """Create an administrator account (does nothing if the username exists).

    The operator who runs this usually is the administrator and chose the password, so it
    is kept; with --temporary the administrator must replace it at the first log-in.
    """
    from app.demo.demo_accounts import create_admin
    from app.services.identity.passwords import PasswordError, check_password_strength

    username = username.strip()
    if not username:
        raise click.BadParameter("must not be empty", param_hint="--username")
    try:
        check_password_strength(password, username=username)
    except PasswordError as error:  # the CLI's own error surface: a bad parameter
        raise click.BadParameter(f"{error.code}: {error.message}",
                                 param_hint="--password") from None
    _user, created = create_admin(username, password, temporary=temporary)
    if created:
        click.echo(f"Created administrator '{username}'.")
    else:
        click.echo(f"User '{username}' already exists; nothing changed.")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo contests, people, judges and scores (safe to run again)."""
    from app.demo.demo import load_demo

    started = time.perf_counter()
    summary = load_demo()
    elapsed = time.perf_counter() - started
    added = sum(summary.added.values())
    state = "loaded" if added else "already present, nothing added"
    click.echo(f"Demo data {state} in {elapsed:.1f} s.")
    counts = summary.counts
    click.echo(
        f"  {counts['competitions']} competitions, {counts['projects']} projects, "
        f"{counts['people']} people, {counts['users']} accounts, "
        f"{counts['registrations']} registrations, {counts['score_events']} score events"
    )
    click.echo("")
    click.echo("Log-ins / 演示账号:")
    width = max(len(login.username) for login in summary.logins)
    click.echo(f"  {'ROLE':<12} {'USERNAME':<{width}}  {'PASSWORD':<14} NOTE")
    for login in summary.logins:
        click.echo(
            f"  {login.role:<12} {login.username:<{width}}  {login.password:<14} {login.note}"
        )


@click.command("close-publications")
@with_appcontext
def close_publications_command() -> None:
    """Finalise the results whose 公示 has ended with no appeal or objection open."""
    from app.errors import ServiceError
    from app.models._types import utcnow
    from app.services.results.finalisation import finalize_project, list_due_publications

    now = utcnow()
    closed = 0
    for project_id in list_due_publications(now=now):
        try:
            finalize_project(project_id, actor=None, now=now)
        except ServiceError as error:  # an objection filed meanwhile, a tie: leave it
            click.echo(f"Project {project_id}: {error.code}")
            continue
        closed += 1
        click.echo(f"Project {project_id}: FINAL")
    click.echo(f"{closed} publication(s) closed.")


@click.group("audit")
def audit_group() -> None:
    """Check the audit log."""


@audit_group.command("verify")
@with_appcontext
def audit_verify_command() -> None:
    """Verify the keyed chain, its anchors and every score; exit 1 on any finding."""
    from app.services.scoring.audit_verify import verify_audit

    report = verify_audit()
    click.echo(f"Entries: {report.entries} ({report.legacy_entries} legacy, unkeyed); "
               f"anchors: {report.anchors}; score events: {report.score_events}.")
    if report.head_id is not None:
        click.echo(f"Head: entry {report.head_id}, {report.head_hash}")
    for finding in report.findings:
        click.echo(f"FAIL {finding.kind} at {finding.row_id}: {finding.detail}", err=True)
    if not report.ok:
        raise SystemExit(1)
    click.echo("OK: the audit chain, its anchors and the scores agree.")
@click.command("remind-objections")
@with_appcontext
def remind_objections_command() -> None:
    """Tell entrants, once, that a result's objection period ends within a day (run by cron)."""
    from app.models._types import utcnow
    from app.services.results.objection_reminders import remind_objection_deadlines

    reminded = remind_objection_deadlines(now=utcnow())
    click.echo(f"{len(reminded)} project(s) reminded.")
