"""Signed tokens verify only unaltered and for their own purpose."""

import pytest

from app.services.common.signing import BadToken, sign, unsign


def test_round_trip(app):
    with app.app_context():
        token = sign("ticket", {"r": 12, "v": 1})
        assert unsign("ticket", token) == {"r": 12, "v": 1}


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # altered signature
        lambda t: "eyJyIjoxMywidiI6MX0" + t[t.index("."):],  # swapped payload
        lambda t: "not-a-token",
        lambda t: "",
    ],
)
def test_altered_or_invented_tokens_are_refused(app, mangle):
    with app.app_context():
        token = sign("ticket", {"r": 12, "v": 1})
        with pytest.raises(BadToken):
            unsign("ticket", mangle(token))


def test_a_token_for_one_purpose_fails_for_another(app):
    with app.app_context(), pytest.raises(BadToken):
        unsign("certificate", sign("ticket", {"r": 1}))
