"""Read ids from Socket.IO payloads, which arrive as untyped JSON."""

from __future__ import annotations

from typing import Any

# Ids are 32-bit INTEGER columns: a larger number would make the query itself fail.
_ID_MAX = 2**31 - 1


def payload_id(data: Any, name: str) -> int | None:
    """Return `data[name]` if it is a plausible row id (a positive 32-bit int), else None."""
    value = data.get(name) if isinstance(data, dict) else None
    if type(value) is not int or not 0 < value <= _ID_MAX:
        return None
    return value


def load_score(data: Any) -> dict[str, Any]:
    """Validate a submit_score payload with the API's own ScoreInSchema, or refuse.

    The same schema as POST /api/v1/scores, so a mark is bounded the same way on both
    surfaces; the refusal keeps the socket's codes: score.bad_value for the value,
    score.bad_request naming any other field.
    """
    from marshmallow import ValidationError

    from app.services.scoring.judging_errors import JudgingError
    from app.web.api.judging_schemas import ScoreInSchema

    try:
        return ScoreInSchema().load(data if isinstance(data, dict) else {})
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {}
        field = "value" if "value" in messages else next(iter(messages), "client_id")
        if field == "value":
            text = messages["value"]
            message = text[0] if isinstance(text, list) and text else str(text)
            raise JudgingError("score.bad_value", field="value", message=str(message)) from None
        raise JudgingError("score.bad_request", field=field, params={"field": field}) from None
