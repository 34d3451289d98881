"""/api/v1 for boards: snapshot and delta resume, publication, exports, charts, ceremony."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request

from app.models._types import utcnow
from app.security import Role, public, roles_required
from app.services.boards import exports, leaderboard, leaderboard_cache, leaderboard_ceremony
from app.services.boards.board_errors import BoardError
from app.services.boards.leaderboard_charts import get_judge_comparison
from app.services.boards.publication import get_publication, publish_results
from app.services.common.access import Need, get_competition, get_project
from app.web import admission
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.board_schemas import (
    CeremonySchema,
    CeremonyStartSchema,
    ProjectStatusSchema,
    PublicationSchema,
)

blp = ApiBlueprint("boards", __name__, url_prefix="/api/v1",
                   description="Live boards, publication (公示), results exports, ceremony.")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def standings_response(project_id: int, since: int | None) -> Any:
    """Answer the standings endpoint; spectators pass the admission gate first."""
    with admission.public_slot() as admitted:
        if not admitted:
            built = leaderboard_cache.latest_public(project_id) if since is None else None
            return admission.busy_response(None if built is None else built.body)
        ttl = current_app.config.get("JX_PUBLIC_BOARD_TTL", 0)
        if since is None and ttl > 0 and admission.is_spectator():
            # Checked current within the last ``ttl`` seconds: no database work at all.
            fresh = leaderboard_cache.latest_public(project_id, max_age=ttl)
            if fresh is not None:
                return _board_bytes(fresh, shared=True)
        return _standings(project_id, since)


def _standings(project_id: int, since: int | None) -> Any:
    """Answer the standings endpoint: the cached board body, or the deltas since ``since``."""
    project = leaderboard.get_board_project(project_id)
    if project is None:
        raise BoardError("project.not_found", field="project_id")
    now = utcnow()
    view = leaderboard.view_for(api_user(), project, now)
    if since is not None:
        return leaderboard.get_deltas_since(project, view, since)
    built = leaderboard.get_built_board(project, view, now=now)
    if not view.staff:
        leaderboard_cache.note_public(built)  # current as of now: spectators may reuse it
    return _board_bytes(built, shared=not view.staff and admission.is_spectator())


def _board_bytes(built: leaderboard_cache.BuiltBoard, *, shared: bool = False) -> Response:
    """Answer with a built board: 304 when the client has these bytes, else them encoded.

    ``shared``: the caller is anonymous (no session user, no token), so the answer is the
    public board every spectator gets and a shared cache (nginx's microcache) may keep it a
    second; anyone else's answer depends on who asks and stays private."""
    encoding = next((e for e in ("br", "gzip") if e in request.accept_encodings), "")
    etag = built.etag_for(encoding)
    # The browser may keep it a second and then revalidates with If-None-Match (a 304, no
    # body); Vary: Cookie keeps a shared cache from giving one viewer another's board.
    headers = {"Cache-Control": f"{'public' if shared else 'private'}, max-age=1",
               "Vary": "Cookie, Accept-Encoding", "ETag": f'"{etag}"'}
    if request.if_none_match.contains(etag):
        return Response(status=304, headers=headers)
    if encoding:
        headers["Content-Encoding"] = encoding
    return Response(built.encoded(encoding), mimetype="application/json", headers=headers)


def _status(project: Any) -> dict[str, Any]:
    return {"project_id": project.id, "result_status": project.result_status,
            "published_at": project.published_at,
            "publication_ends_at": project.publication_ends_at,
            "finalized_at": project.finalized_at, "seq": project.event_seq}


@blp.route("/projects/<int:project_id>/publish", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.response(200, ProjectStatusSchema)
def post_publish(project_id: int) -> dict[str, Any]:
    """Publish locked results: PUBLISHED for the competition's working days (409 if unlocked)."""
    get_project(api_user(), project_id)
    project = publish_results(api_user(), project_id, now=utcnow())
    return _status(project)


@blp.route("/projects/<int:project_id>/publication", methods=["GET"])
@public
@blp.response(200, PublicationSchema)
def get_publication_list(project_id: int) -> Any:
    """Return the 公示 list (ranks, names, organizations, scores, awards, promotions)."""
    project = get_project(api_user(), project_id)
    if project.published_at is None:
        raise BoardError("publication.not_published")
    return get_publication(project, now=utcnow())


def _xlsx(data: bytes, name: str) -> Response:
    return Response(data, mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blp.route("/projects/<int:project_id>/publication.pdf", methods=["GET"])
@public
@blp.response(200, content_type="application/pdf")
def get_publication_pdf(project_id: int) -> Response:
    """Download the 公示 list as a PDF (published projects)."""
    project = get_project(api_user(), project_id)
    if project.published_at is None:
        raise BoardError("publication.not_published")
    data = exports.publication_pdf_bytes(project, now=utcnow())
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="publication-{project.id}.pdf"'})


@blp.route("/projects/<int:project_id>/results.xlsx", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.response(200, content_type=XLSX)
def get_project_results(project_id: int) -> Response:
    """Download a project's results with every judge's marks (its organizers)."""
    project = get_project(api_user(), project_id, Need.MANAGE, forbid=True)
    return _xlsx(exports.project_results_xlsx(project, detail=True, now=utcnow()),
                 f"results-{project.id}.xlsx")


@blp.route("/competitions/<int:competition_id>/results.xlsx", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.response(200, content_type=XLSX)
def get_competition_results(competition_id: int) -> Response:
    """Download a competition's results: a summary and one sheet per project (organizers)."""
    competition = get_competition(api_user(), competition_id, Need.MANAGE, forbid=True)
    return _xlsx(exports.competition_results_xlsx(competition, detail=True, now=utcnow()),
                 f"results-competition-{competition.id}.xlsx")


@blp.route("/projects/<int:project_id>/judge-chart", methods=["GET"])
@roles_required(Role.ORGANIZER, Role.CHIEF_JUDGE)
@blp.response(200)
def get_judge_chart(project_id: int) -> dict[str, Any]:
    """Return each judge's mean mark per judged aspect (the project's staff)."""
    project = get_project(api_user(), project_id, Need.OVERSEE, forbid=True)
    return get_judge_comparison(project)


@blp.route("/projects/<int:project_id>/ceremony", methods=["GET"])
@public
@blp.response(200, CeremonySchema)
def get_ceremony(project_id: int) -> dict[str, Any]:
    """Return the running ceremony reveal (what the big screens show), if any."""
    project = get_project(api_user(), project_id)
    return _ceremony_body(leaderboard_ceremony.get_ceremony(project))


def _ceremony_body(running: dict[str, Any] | None) -> dict[str, Any]:
    return {"running": False} if running is None else {"running": True, **running}


@blp.route("/projects/<int:project_id>/ceremony", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(CeremonyStartSchema)
@blp.response(201, CeremonySchema)
def post_ceremony(body: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Start (or restart) the reveal on locked scores; nothing is shown yet (its organizers)."""
    return _ceremony_body(leaderboard_ceremony.start_ceremony(
        api_user(), project_id, mode=body["mode"], now=utcnow()))


@blp.route("/projects/<int:project_id>/ceremony/next", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.response(200, CeremonySchema)
def post_ceremony_next(project_id: int) -> dict[str, Any]:
    """Reveal the next place up; at the end nothing more changes (its organizers)."""
    return _ceremony_body(leaderboard_ceremony.reveal_next(api_user(), project_id,
                                                           now=utcnow()))


@blp.route("/projects/<int:project_id>/ceremony", methods=["DELETE"])
@roles_required(Role.ORGANIZER)
@blp.response(204)
def delete_ceremony(project_id: int) -> None:
    """End the reveal; the big screens go back to the board (its organizers)."""
    leaderboard_ceremony.end_ceremony(api_user(), project_id, now=utcnow())
