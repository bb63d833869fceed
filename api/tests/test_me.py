from .base import ApiTestCase


class MeApiTest(ApiTestCase):
    def test_it_tells_each_person_who_they_are(self) -> None:
        for person in (self.alex, self.therapist, self.supporter, self.admin, self.outsider):
            response = self.as_user(person, "/me")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.json()["id"], str(person.public_id))
            self.assertEqual(response.json()["role"], person.role)

    def test_it_gives_the_practice_time_zone_unless_the_person_chose_one(self) -> None:
        self.assertEqual(self.as_user(self.alex, "/me").json()["time_zone"], "Asia/Singapore")
        self.alex.time_zone = "Europe/Paris"
        self.alex.save(update_fields=["time_zone"])
        self.assertEqual(self.as_user(self.alex, "/me").json()["time_zone"], "Europe/Paris")

    def test_it_works_from_the_signed_in_browser(self) -> None:
        self.login(self.therapist)
        response = self.client.get("/api/v1/me")
        self.assertEqual((response.status_code, response.json()["name"]), (200, "Dr Tan"))

    def test_it_says_nothing_about_anyone_else(self) -> None:
        body = self.as_user(self.therapist, "/me").content.decode()
        self.assertNotIn("Alex", body)
        self.assertNotIn(str(self.client_record.public_id), body)
