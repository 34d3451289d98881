"""The generated OpenAPI document is valid and documents security and errors."""

from __future__ import annotations

from openapi_spec_validator import validate


def _spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def test_openapi_document_is_valid(client):
    validate(_spec(client))


def test_bearer_scheme_is_declared_and_public_operations_opt_out(client):
    spec = _spec(client)
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/api/v1/health"]["get"]["security"] == []
    assert "security" not in spec["paths"]["/api/v1/me"]["get"]


def test_every_operation_documents_its_responses_with_schemas(client):
    spec = _spec(client)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation.get("summary"), f"{method.upper()} {path} has no docstring"
            assert "default" in operation["responses"], f"{method.upper()} {path}"
    error = spec["components"]["schemas"]["ApiError"]
    assert error["required"] == ["error"]
    assert "Error" not in spec["components"]["schemas"]  # flask-smorest's own format is gone
    default = spec["components"]["responses"]["DEFAULT_ERROR"]
    assert default["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")


def test_request_bodies_are_documented(client):
    post = _spec(client)["paths"]["/api/v1/tokens"]["post"]
    schema_ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert schema_ref.endswith("/TokenCreate")


def test_swagger_ui_page_uses_the_vendored_files(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page.text
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        asset = client.get(f"/static/vendor/swagger-ui/{name}")
        assert asset.status_code == 200 and len(asset.data) > 10_000
        asset.close()
