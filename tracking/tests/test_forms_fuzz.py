"""Whatever a browser (or anyone) posts to the client's forms, the answer is a page, never a server error."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from lib.testing import WaymarkTestCase

text = st.text(max_size=30) | st.sampled_from(
    ["", "0", "11", "-1", "yes", "no", "on", "2024-02-30", "2024-06-11T25:00"]
)
FORMS = {
    "tracking_today": ["day", "mood", "urge", "sober", "hungry", "sleep_quality", "sleep_hours", "note", "key"],
    "tracking_urge_new": ["occurred_at", "intensity", "trigger", "new_trigger", "place", "alone", "device", "outcome"],
    "tracking_lapse_new": ["occurred_at", "what_happened", "vulnerability", "review_with_therapist", "key"],
}


class FormFuzzTest(HypothesisTestCase, WaymarkTestCase):
    @settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(name=st.sampled_from(sorted(FORMS)), data=st.data())
    def test_it_never_fails_on_odd_input(self, name: str, data: st.DataObject) -> None:
        self.login(self.alex)
        body = {field: data.draw(text, label=field) for field in FORMS[name] if data.draw(st.booleans())}
        response = self.client.post(reverse(name), body)
        self.assertIn(response.status_code, (200, 302, 400))
