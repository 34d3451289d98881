"""Issue #12: one error family with one handler per surface, and views that do not convert.

Every refusal a service raises is a ServiceError; the API, page and socket handlers answer it.
A view in app/web or app/realtime may catch one only to do something genuinely different
(re-render a form with the error on its field, show a report of every row); such an except
says why on its line with an ``# own-handling:`` comment. Anything else is a per-view
conversion the handlers already do, and fails here.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import app
from app.errors import ServiceError

ROOT = Path(__file__).resolve().parent.parent
VIEW_DIRS = ("app/web", "app/realtime")
MARKER = "# own-handling:"

# The older families (issue #12 item 1) and where they live.
FAMILIES = {
    "app.services.entry.registration_rules": ("RegistrationError", "NotFoundError"),
    "app.services.scoring.judging_errors": ("JudgingError",),
    "app.services.setup.competitions": ("SetupError",),
    "app.services.boards.board_errors": ("BoardError",),
    "app.services.entry.lotdraw": ("LotDrawError",),
    "app.services.entry.tickets": ("TicketError",),
    "app.services.entry.imports": ("ImportRefused",),
    "app.services.setup.transfer_report": ("TransferRefused",),
    "app.services.common.signing": ("BadToken",),
    "app.services.certification.certificates": ("NotGenuine",),
    "app.documents.seals": ("SealImageError",),
    "app.json_limits": ("JsonLimitError",),
    "app.services.results.outcome_errors": ("OutcomeError",),
    "app.services.identity.account_errors": ("AccountError",),
    "app.services.common.numbers": ("NumberInputError",),
    "app.services.identity.staff_imports": ("StaffImportRefused",),
    "app.services.results.result_flow": ("ResultsRefused",),
}


def _service_error_names() -> set[str]:
    """Import every app module, then name every ServiceError subclass."""
    for module in pkgutil.walk_packages(app.__path__, "app."):
        importlib.import_module(module.name)
    names: set[str] = set()
    todo = [ServiceError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _excepts(path: Path) -> list[tuple[int, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            found.append((node.lineno, [ast.unparse(t).rsplit(".", 1)[-1] for t in types]))
    return found


@pytest.mark.parametrize(("module", "names"), sorted(FAMILIES.items()))
def test_every_error_family_is_a_service_error(module: str, names: tuple[str, ...]) -> None:
    loaded = importlib.import_module(module)
    for name in names:
        assert issubclass(getattr(loaded, name), ServiceError), f"{module}.{name}"


def test_views_do_not_convert_service_errors() -> None:
    service_errors = _service_error_names()
    offenders = []
    for folder in VIEW_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            for lineno, names in _excepts(path):
                caught = [n for n in names if n in service_errors]
                if caught and MARKER not in lines[lineno - 1]:
                    offenders.append(f"{path.relative_to(ROOT)}:{lineno} except {caught}")
    assert not offenders, (
        "Let the one handler per surface answer these (or say why on the except line with "
        f"'{MARKER} …'):\n" + "\n".join(offenders))


def test_the_check_sees_a_conversion(tmp_path: Path) -> None:
    sample = tmp_path / "view.py"
    sample.write_text("try:\n    f()\nexcept svc.SetupError as error:\n    flash(error)\n"
                      "try:\n    f()\nexcept SetupError:  # own-handling: field error\n    g()\n")
    assert _excepts(sample) == [(3, ["SetupError"]), (7, ["SetupError"])]
    assert "SetupError" in _service_error_names()


# ---------------------------------------------------------------- web module names

WEB = ROOT / "app" / "web"
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete", "add_url_rule"}


def _page_packages() -> list[Path]:
    """Return the page blueprint packages (the API's modules are named by entity instead)."""
    return sorted(p.parent for p in WEB.glob("*/__init__.py") if p.parent.name != "api")


def _defines_routes(path: Path) -> bool:
    """Tell whether a module adds a URL rule: ``@x.route(…)``, ``@x.get(…)``, ``x.add_url_rule``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ROUTE_DECORATORS and isinstance(node.func.value, ast.Name)
                and node.func.value.id in {"bp", "blueprint", "app"}):
            return True
    return False


def _defines_forms(path: Path) -> bool:
    """Tell whether a module defines a WTForms form class (a base named ``…Form``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef) and any(
                ast.unparse(base).rsplit(".", 1)[-1].endswith("Form") for base in node.bases):
            return True
    return False


def test_page_packages_name_route_and_form_modules_one_way() -> None:
    """In app/web/<page package>/: routes live in routes*.py, forms in forms*.py."""
    offenders = []
    packages = _page_packages()
    assert len(packages) > 10
    for package in packages:
        for path in sorted(package.glob("*.py")):
            name = path.relative_to(ROOT)
            if _defines_routes(path) and not path.stem.startswith("routes"):
                offenders.append(f"{name}: defines routes: routes.py or routes_<topic>.py")
            if _defines_forms(path) and not path.stem.startswith("forms"):
                offenders.append(f"{name}: defines forms: forms.py or forms_<topic>.py")
    assert not offenders, "\n".join(offenders)


def _defines_schemas(path: Path) -> bool:
    """Tell whether a module defines a marshmallow schema class (a base named ``…Schema``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef) and any(
                ast.unparse(base).rsplit(".", 1)[-1].endswith("Schema") for base in node.bases):
            return True
    return False


def test_api_schemas_live_in_schema_modules() -> None:
    """In app/web/api/: an entity's schemas live in <entity>_schemas.py beside <entity>.py."""
    offenders = [str(path.relative_to(ROOT)) for path in sorted((WEB / "api").glob("*.py"))
                 if _defines_schemas(path) and not path.stem.endswith("_schemas")]
    assert not offenders, "Move these schemas into <entity>_schemas.py:\n" + "\n".join(offenders)


def test_the_naming_check_sees_routes_and_forms(tmp_path: Path) -> None:
    views = tmp_path / "views.py"
    views.write_text("@bp.get('/x')\ndef x():\n    pass\n\nclass F(FlaskForm):\n    pass\n")
    helper = tmp_path / "helpers.py"
    helper.write_text("def show(form: FlaskForm) -> None:\n    url_for('bp.x')\n")
    assert _defines_routes(views) and _defines_forms(views)
    assert not _defines_routes(helper) and not _defines_forms(helper)
    schemas = tmp_path / "entity.py"
    schemas.write_text("class InSchema(Schema):\n    pass\n")
    assert _defines_schemas(schemas) and not _defines_schemas(helper)
