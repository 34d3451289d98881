"""Form errors are tied to their fields: aria-invalid, aria-describedby and the message's id."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from wtforms import Form, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired


class _Elements(HTMLParser):
    """Collect every start tag's attributes, and the text under each id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[dict[str, str]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        values["<tag>"] = tag
        self.tags.append(values)
        if "id" in values and tag == "div":
            self._open.append(values["id"])
            self.text.setdefault(values["id"], "")

    def handle_data(self, data: str) -> None:
        for element_id in self._open:
            self.text[element_id] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._open:
            self._open.pop()


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _by_name(parsed: _Elements, name: str) -> dict[str, str]:
    return next(t for t in parsed.tags if t.get("name") == name)


class _Sample(Form):
    name = StringField("Name", validators=[DataRequired(message="Name is required")])
    kind = SelectField("Kind", choices=["a"], validators=[DataRequired(message="Pick")])
    note = TextAreaField("Note", validators=[DataRequired(message="Say something")])


@pytest.mark.parametrize(
    ("call", "name", "described", "invalid"),
    [
        ("field(form.name)", "name", "name-error", "true"),
        ("field(form.name, help='Your full name')", "name", "name-help name-error", "true"),
        ("field(form.note)", "note", "note-error", "true"),
        ("control(form.kind, 'form-select', **{'aria-describedby': 'x'})", "kind",
         "x kind-error", "true"),
        ("field(ok.name)", "name", None, None),
        ("field(ok.name, help='Your full name')", "name", "name-help", None),
    ],
)
def test_control_names_its_error_and_help(app: Any, call: str, name: str,
                                          described: str | None, invalid: str | None) -> None:
    form = _Sample(data={})
    form.validate()
    ok = _Sample(data={"name": "Li", "kind": "a", "note": "n"})
    template = app.jinja_env.from_string(
        '{% from "_form.html" import field, control, errors %}{{ ' + call + " }}"
        + ("{{ errors(form.kind) }}" if call.startswith("control") else "")
    )
    with app.test_request_context():
        parsed = _parse(template.render(form=form, ok=ok))
    control = _by_name(parsed, name)
    assert control.get("aria-describedby") == described
    assert control.get("aria-invalid") == invalid
    for element_id in (described or "").split():
        if element_id.endswith("-error"):
            assert parsed.text[element_id].strip() in {"Name is required", "Pick", "Say something"}


def test_failed_login_marks_the_fields_and_names_the_messages(client: Any) -> None:
    response = client.post("/auth/login", data={"username": "", "password": ""})
    parsed = _parse(response.text)
    username = _by_name(parsed, "username")
    assert username["aria-invalid"] == "true"
    assert "username-error" in username["aria-describedby"].split()
    assert parsed.text["username-error"].strip()


