"""The admin chooses the note template, whether notes go into client exports, and the retention after discharge."""

from typing import Any

from django.urls import reverse

from audit.models import AuditEvent
from lib.testing import WaymarkTestCase
from practice.models import NoteFormat, Practice

URL = reverse("practice_settings")


class RecordSettingsTest(WaymarkTestCase):
    def current_form(self) -> dict[str, Any]:
        page = self.client.get(URL)
        form, lines = page.context["form"], page.context["lines"]
        fields = [*form, *lines.management_form, *(field for line in lines for field in line)]
        # Not "in (None, False)": an order of 0 equals False.
        return {
            bound.html_name: bound.value()
            for bound in fields
            if bound.value() is not None and bound.value() is not False
        }

    def saved(self) -> Practice:
        return Practice.objects.get(pk=self.practice.pk)

    def test_it_shows_the_defaults(self) -> None:
        self.login(self.admin)
        page = self.client.get(URL)
        self.assertContains(page, "Clinical records")
        self.assertContains(page, "DAP: Data, Assessment, Plan")
        self.assertContains(page, "Session notes are included in a client&#x27;s data export")
        practice = self.saved()
        self.assertEqual(
            (practice.note_format, practice.notes_in_client_export, practice.retention_days_after_discharge),
            (NoteFormat.DAP, False, 30),
        )

    def test_it_saves_the_settings_and_audits_the_export_choice(self) -> None:
        self.login(self.admin)
        data = self.current_form()
        data.update({"note_format": "soap", "notes_in_client_export": "on", "retention_days_after_discharge": "0"})
        self.assertRedirects(self.client.post(URL, data), URL, fetch_redirect_response=False)
        practice = self.saved()
        self.assertEqual(
            (practice.note_format, practice.notes_in_client_export, practice.retention_days_after_discharge),
            (NoteFormat.SOAP, True, 0),
        )
        event = AuditEvent.objects.get(what="practice.notes_export_on")
        self.assertEqual(event.actor_ref, self.admin.public_id)
        data = self.current_form()
        data.pop("notes_in_client_export")
        self.client.post(URL, data)
        self.assertFalse(self.saved().notes_in_client_export)
        self.assertTrue(AuditEvent.objects.filter(what="practice.notes_export_off").exists())

    def test_it_does_not_audit_the_export_choice_when_it_did_not_change(self) -> None:
        self.login(self.admin)
        data = self.current_form()
        data["retention_days_after_discharge"] = "60"
        self.client.post(URL, data)
        self.assertEqual(self.saved().retention_days_after_discharge, 60)
        self.assertFalse(AuditEvent.objects.filter(what__startswith="practice.notes_export").exists())

    def test_it_refuses_bad_values_and_changes_nothing(self) -> None:
        self.login(self.admin)
        for field, value, message in (
            ("note_format", "freeform", "Select a valid choice"),
            ("retention_days_after_discharge", "-1", "greater than or equal to 0"),
            ("retention_days_after_discharge", "366", "less than or equal to 365"),
        ):
            with self.subTest(field=field, value=value):
                data = self.current_form()
                data[field] = value
                self.assertContains(self.client.post(URL, data), message, status_code=400)
        practice = self.saved()
        self.assertEqual((practice.note_format, practice.retention_days_after_discharge), (NoteFormat.DAP, 30))
