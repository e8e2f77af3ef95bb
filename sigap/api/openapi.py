"""The OpenAPI 3.1 document of /api/v1/. Each app adds its paths here as it lands."""

PERSON_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "full_name": {"type": "string"},
        "sex": {"type": "string", "enum": ["L", "P", ""]},
        "birth_date": {"type": ["string", "null"], "format": "date"},
        "village": {"type": ["string", "null"], "description": "Kemendagri code of the kelurahan"},
        "unit": {"type": "string", "description": "code of the owning unit"},
    },
    "required": ["id", "full_name", "sex", "birth_date", "village", "unit"],
}

ERRORS = {
    "401": {"description": "no valid bearer token"},
    "403": {"description": "the token's user may not use this endpoint"},
    "404": {"description": "not found, or not visible to this user (the two answer alike)"},
}


def document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sigap API",
            "version": "1",
            "description": "Bearer tokens come from `manage.py issue_api_token USERNAME`. "
            "Every read of personal data is written to the access log.",
        },
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Person": PERSON_SCHEMA},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/me": {
                "get": {
                    "summary": "The token's user and roles",
                    "responses": {"200": {"description": "the user"}, "401": ERRORS["401"]},
                }
            },
            "/api/v1/people": {
                "get": {
                    "summary": "People visible to the token's user (50 per page)",
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    ],
                    "responses": {
                        "200": {
                            "description": "a page of people",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Person"},
                                            },
                                            "next_page": {"type": ["integer", "null"]},
                                        },
                                    }
                                }
                            },
                        },
                        "401": ERRORS["401"],
                        "403": ERRORS["403"],
                    },
                }
            },
            "/api/v1/people/{id}": {
                "get": {
                    "summary": "One person",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {
                            "description": "the person",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Person"}}},
                        },
                        **ERRORS,
                    },
                }
            },
        },
    }
