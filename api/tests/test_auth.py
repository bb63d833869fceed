from allauth.mfa.models import Authenticator
from django.conf import settings
from django.test import RequestFactory
from ninja.errors import AuthorizationError

from api.actions import do_revoke_token
from api.auth import ActiveSession
from api.models import ApiToken
from privacy.actions import do_withdraw_consent

from .base import ApiTestCase

ENDPOINTS = ("/me", "/clients", "/clients/{alex}")
SIGN_IN = {"error": "Sign in or send a valid token."}


class ApiAuthTest(ApiTestCase):
    def endpoints(self) -> list[str]:
        return [path.format(alex=self.client_record.public_id) for path in ENDPOINTS]

    def test_it_asks_anonymous_visitors_to_sign_in_in_json(self) -> None:
        for path in self.endpoints():
            response = self.api_get(path)
            self.assertEqual((response.status_code, response.json()), (401, SIGN_IN), path)
            self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="waymark"')

    def test_it_takes_the_token_from_the_header_and_never_the_query_string(self) -> None:
        token = self.token_for(self.alex)
        self.assertEqual(self.api_get("/me", token).status_code, 200)
        for name in ("token", "access_token", "api_key", "key", "bearer"):
            self.assertEqual(self.api_get(f"/me?{name}={token}").status_code, 401, name)

    def test_it_refuses_made_up_and_malformed_tokens(self) -> None:
        token = self.token_for(self.alex)
        for header in (
            "Bearer wmk_made-up",
            "Bearer " + token[4:],
            "Bearer " + token + "x" * 300,
            "Bearer",
            f"Token {token}",
            f"Basic {token}",
            token,
        ):
            response = self.api_get("/me", HTTP_AUTHORIZATION=header)
            self.assertEqual((response.status_code, response.json()), (401, SIGN_IN), header)

    def test_it_refuses_a_revoked_token_on_the_very_next_request(self) -> None:
        token = self.token_for(self.alex)
        self.assertEqual(self.api_get("/me", token).status_code, 200)
        do_revoke_token(self.alex, ApiToken.objects.get(user=self.alex))
        self.assertEqual(self.api_get("/me", token).status_code, 401)

    def test_it_refuses_the_token_of_a_switched_off_account(self) -> None:
        token = self.token_for(self.therapist)
        self.therapist.is_active = False
        self.therapist.save(update_fields=["is_active"])
        for path in self.endpoints():
            self.assertEqual(self.api_get(path, token).status_code, 401, path)

    def test_it_refuses_the_session_of_a_switched_off_account(self) -> None:
        self.login(self.therapist)
        self.assertEqual(self.client.get("/api/v1/me").status_code, 200)
        self.therapist.is_active = False
        self.therapist.save(update_fields=["is_active"])
        response = self.client.get("/api/v1/me")
        self.assertEqual((response.status_code, response.json()), (401, SIGN_IN))

    def test_it_refuses_staff_tokens_until_two_step_sign_in_is_set_up_again(self) -> None:
        token = self.token_for(self.therapist)
        Authenticator.objects.filter(user=self.therapist).delete()
        response = self.api_get("/clients", token)
        self.assertEqual((response.status_code, response.json()), (403, {"error": "Set up two-step sign-in first."}))

    def test_it_refuses_a_clients_token_once_consent_is_withdrawn(self) -> None:
        token = self.token_for(self.alex)
        do_withdraw_consent(self.alex)
        response = self.api_get("/me", token)
        self.assertEqual((response.status_code, response.json()), (403, {"error": "Consent is needed first."}))

    def test_it_notes_when_a_token_was_last_used(self) -> None:
        token = self.token_for(self.alex)
        self.assertIsNone(ApiToken.objects.get(user=self.alex).last_used_at)
        self.api_get("/me", token)
        self.assertIsNotNone(ApiToken.objects.get(user=self.alex).last_used_at)

    def test_it_needs_the_csrf_token_for_unsafe_methods_from_a_browser(self) -> None:
        secret = "Ab3" * 10 + "xy"  # a CSRF secret is 32 letters and digits
        auth = ActiveSession()
        factory = RequestFactory()
        for method in ("post", "put", "patch", "delete"):
            forged = getattr(factory, method)("/api/v1/me")
            forged.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
            forged.user = self.therapist
            with self.assertRaises(AuthorizationError, msg=method):
                auth(forged)
            genuine = getattr(factory, method)("/api/v1/me", HTTP_X_CSRFTOKEN=secret)
            genuine.COOKIES.update({settings.SESSION_COOKIE_NAME: "a-session", settings.CSRF_COOKIE_NAME: secret})
            genuine.user = self.therapist
            self.assertEqual(auth(genuine), self.therapist, method)

    def test_it_does_not_need_the_csrf_token_to_read_from_a_browser(self) -> None:
        browser = self.csrf_checking_browser(self.therapist)
        self.assertEqual(browser.get("/api/v1/clients").status_code, 200)

    def test_it_documents_both_ways_to_sign_in_and_the_401s(self) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        self.assertEqual(schema["components"]["securitySchemes"]["BearerToken"], {"type": "http", "scheme": "bearer"})
        self.assertEqual(
            schema["components"]["securitySchemes"]["ActiveSession"],
            {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME},
        )
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                self.assertEqual(operation["security"], [{"BearerToken": []}, {"ActiveSession": []}], path)
                self.assertEqual(
                    operation["responses"]["401"]["content"]["application/json"]["schema"],
                    {"$ref": "#/components/schemas/Error"},
                    path,
                )
