import re

from django.urls import URLPattern, get_resolver

from sigap.test import BaseTestCase


class OpenApiTests(BaseTestCase):
    def test_the_document_describes_every_api_path(self):
        document = self.client.get("/api/v1/openapi.json").json()
        self.assertEqual(document["openapi"], "3.1.0")
        api = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api")
        routes = {"/api/v1/" + str(p.pattern) for p in api.url_patterns if isinstance(p, URLPattern)}
        # OpenAPI writes parameters as {name}; the URLconf as <converter:name>.
        documented = {
            re.sub(r"\{(id|pk)\}", "<int:pk>", re.sub(r"\{(receipt_code|code)\}", "<str:code>", path))
            for path in document["paths"]
        }
        missing = {route for route in routes if route not in documented and not route.endswith("openapi.json")}
        self.assertEqual(missing, set(), "API paths missing from the OpenAPI document")
