"""Public board pages: competitions, a project's board, the big screen, the 公示 list."""

from __future__ import annotations

import io

from flask import Response, render_template, send_file

from app.models._types import utcnow
from app.security import public
from app.services.boards import exports, leaderboard_competition
from app.services.boards.publication import get_publication
from app.services.common.access import Need, get_competition, get_project
from app.services.scoring.judging_access import can_manage
from app.web.leaderboard import bp
from app.web.leaderboard.forms import ConfirmForm
from app.web.leaderboard.helpers import (
    board_for,
    label_texts,
    viewer,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/")
@public
def index() -> str:
    """List the competitions with live or published results."""
    return render_template("leaderboard/index.html",
                           competitions=leaderboard_competition.list_public_competitions())


@bp.get("/competitions/<int:competition_id>")
@public
def competition(competition_id: int) -> str:
    """Show a competition's projects and its medal table by organization and region."""
    item = get_competition(viewer(), competition_id, Need.VIEW)
    result = leaderboard_competition.get_competition_board(item, now=utcnow())
    return render_template("leaderboard/competition.html", result=result,
                           **label_texts())


def _page(template: str, project_id: int) -> str:
    project = get_project(viewer(), project_id)
    view, board = board_for(project)
    user = viewer()
    return render_template(
        template, project=project, board=board, view=view, now=utcnow(),
        manage=user is not None and can_manage(user, project), form=ConfirmForm(),
        **label_texts(),
    )


@bp.get("/projects/<int:project_id>")
@public
def project(project_id: int) -> str:
    """Show a project's live board (mobile first): rank, name, organization, scores, progress."""
    return _page("leaderboard/project.html", project_id)


@bp.get("/projects/<int:project_id>/screen")
@public
def screen(project_id: int) -> str:
    """Show the big-screen board (1920×1080): large type, auto-scroll, clock, ceremony."""
    return _page("leaderboard/screen.html", project_id)


@bp.get("/projects/<int:project_id>/publication")
@public
def publication(project_id: int) -> str:
    """Show the 公示 list of a published project with its period and downloads."""
    project = get_project(viewer(), project_id, Need.PUBLISHED)
    listing = get_publication(project, now=utcnow())
    return render_template("leaderboard/publication.html", project=project, listing=listing,
                           **label_texts())


@bp.get("/projects/<int:project_id>/publication.pdf")
@public
def publication_pdf(project_id: int) -> Response:
    """Download the 公示 list as a PDF."""
    project = get_project(viewer(), project_id, Need.PUBLISHED)
    data = exports.publication_pdf_bytes(project, now=utcnow())
    return send_file(io.BytesIO(data), mimetype="application/pdf",
                     download_name=f"publication-{project.id}.pdf")


@bp.get("/projects/<int:project_id>/publication.xlsx")
@public
def publication_xlsx(project_id: int) -> Response:
    """Download the 公示 list as an .xlsx workbook."""
    project = get_project(viewer(), project_id, Need.PUBLISHED)
    data = exports.publication_xlsx_bytes(project, now=utcnow())
    return send_file(io.BytesIO(data), mimetype=XLSX,
                     download_name=f"publication-{project.id}.xlsx")
