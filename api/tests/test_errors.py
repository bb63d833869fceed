import json
from typing import Any
from unittest import mock

from api.api import MAX_BODY_BYTES

from .base import ApiTestCase


class ApiErrorsTest(ApiTestCase):
    def post(self, path: str, body: str | bytes, **extra: Any) -> Any:
        return self.client.post(f"/api/v1{path}", body, content_type="application/json", **extra)

    def test_it_answers_a_method_it_does_not_take_with_json_405(self) -> None:
        token = self.token_for(self.alex)
        for method in ("post", "put", "patch", "delete"):
            response = getattr(self.client, method)("/api/v1/clients", HTTP_AUTHORIZATION=f"Bearer {token}")
            self.assertEqual(response.status_code, 405, method)
            self.assertEqual(response.json(), {"error": "This method is not allowed here."})
            self.assertEqual(response["Allow"], "GET")

    def test_it_answers_malformed_json_in_json_not_with_a_crash(self) -> None:
        for body in ("{not json", '{"a": ', "\x00\xff", json.dumps({"id": "x" * 1000})):
            response = self.post("/me", body)
            self.assertEqual(response.status_code, 405, body)
            self.assertIn("error", response.json())

    def test_it_refuses_an_oversize_body_with_json_413(self) -> None:
        token = self.token_for(self.alex)
        body = json.dumps({"note": "x" * MAX_BODY_BYTES})
        response = self.post("/me", body, HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json(), {"error": "The request is too large (the limit is 64 KB)."})

    def test_it_refuses_a_nonsense_content_length(self) -> None:
        response = self.post("/me", "{}", CONTENT_LENGTH="lots")
        self.assertEqual(response.status_code, 400)
        self.assertIn("error", response.json())

    def test_it_answers_unknown_paths_with_json_404(self) -> None:
        for path in ("/", "/nope", "/clients/", "/me/", "/docs", "/clients/x/y"):
            response = self.api_get(path)
            self.assertEqual((response.status_code, response.json()), (404, {"error": "Not found."}), path)

    def test_it_hides_the_details_of_an_unexpected_error(self) -> None:
        token = self.token_for(self.therapist)
        with (
            mock.patch("api.api.client_for", side_effect=RuntimeError("Alex's secret detail")),
            self.assertLogs("api.api", "ERROR"),
        ):
            response = self.api_get(f"/clients/{self.client_record.public_id}", token)
        self.assertEqual((response.status_code, response.json()), (500, {"error": "Something went wrong."}))

    def test_it_hides_the_details_of_an_error_outside_the_operations_too(self) -> None:
        with (
            mock.patch("api.api.api.get_openapi_schema", side_effect=RuntimeError("internal detail")),
            self.assertLogs("api.api", "ERROR"),
        ):
            response = self.client.get("/api/v1/openapi.json")
        self.assertEqual((response.status_code, response.json()), (500, {"error": "Something went wrong."}))

    def test_it_serves_the_schema_for_reading_only(self) -> None:
        self.assertEqual(self.client.get("/api/v1/openapi.json").status_code, 200)
        response = self.client.post("/api/v1/openapi.json")
        self.assertEqual((response.status_code, response.json()["error"]), (405, "This method is not allowed here."))

    def test_it_offers_no_docs_page_that_would_load_scripts_from_elsewhere(self) -> None:
        self.assertEqual(self.client.get("/api/v1/docs").status_code, 404)
        self.login(self.alex)
        self.assertContains(self.client.get("/account/tokens/"), 'href="/api/v1/openapi.json"')
