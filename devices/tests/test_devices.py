from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from devices.actions import do_add_device, do_remove_device, do_set_step, do_set_steps
from devices.models import Device, DeviceStep
from devices.queries import checklist_complete, devices_of
from devices.steps import STEPS, Step, validate
from lib.testing import WaymarkTestCase

ALL_DONE = {step.id: ("done", "") for step in STEPS}


class ActionTests(WaymarkTestCase):
    def test_it_adds_a_device_and_audits_it_without_its_name(self) -> None:
        device = do_add_device(self.alex, "computer", "  Work laptop ")
        self.assertEqual((device.kind, device.name, device.label), ("computer", "Work laptop", "Work laptop"))
        event = AuditEvent.objects.get(what="devices.add")
        self.assertEqual(event.client_ref, self.client_record.public_id)
        self.assertNotIn("laptop", str(event.__dict__).lower())

    def test_it_refuses_an_unknown_kind_and_a_name_over_sixty_characters(self) -> None:
        with self.assertRaises(ValidationError):
            do_add_device(self.alex, "toaster", "")
        with self.assertRaises(ValidationError):
            do_add_device(self.alex, "phone", "x" * 61)
        do_add_device(self.alex, "phone", "x" * 60)
        self.assertEqual(Device.objects.count(), 1)

    def test_it_lets_only_the_client_write(self) -> None:
        device = do_add_device(self.alex, "phone")
        for person in (self.therapist, self.supporter, self.admin, self.bo_record.user):
            with self.assertRaises(PermissionDenied):
                do_set_step(person, device, "blocker", "done")
            with self.assertRaises(PermissionDenied):
                do_remove_device(person, device)
        with self.assertRaises(PermissionDenied):
            do_add_device(self.therapist, "phone")
        self.assertFalse(DeviceStep.objects.exists())

    def test_it_refuses_an_unknown_step_state_or_a_long_note_and_saves_nothing(self) -> None:
        device = do_add_device(self.alex, "phone")
        for entries in (
            {"blocker": ("done", ""), "teleport": ("done", "")},
            {"blocker": ("maybe", "")},
            {"blocker": ("done", "n" * 301)},
        ):
            with self.assertRaises(ValidationError):
                do_set_steps(self.alex, device, entries)
        self.assertFalse(DeviceStep.objects.exists())
        do_set_step(self.alex, device, "blocker", "done", "n" * 300)
        self.assertEqual(DeviceStep.objects.get().note, "n" * 300)

    def test_it_writes_one_audit_row_per_save_and_none_when_nothing_changed(self) -> None:
        device = do_add_device(self.alex, "phone")
        self.assertEqual(do_set_steps(self.alex, device, {"blocker": ("done", ""), "tracker": ("na", "")}), 2)
        self.assertEqual(do_set_steps(self.alex, device, {"blocker": ("done", ""), "tracker": ("na", "")}), 0)
        self.assertEqual(AuditEvent.objects.filter(what="devices.step").count(), 1)

    def test_it_keeps_names_and_notes_encrypted_at_rest(self) -> None:
        device = do_add_device(self.alex, "computer", "Work laptop")
        do_set_step(self.alex, device, "night_plan", "not_yet", "Lock-box from Friday")
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM devices_device")
            name = cursor.fetchone()[0]
            cursor.execute("SELECT note FROM devices_devicestep")
            note = cursor.fetchone()[0]
        self.assertNotIn("laptop", name)
        self.assertNotIn("Lock-box", note)
        self.assertEqual(DeviceStep.objects.get().note, "Lock-box from Friday")


class CompletionTests(WaymarkTestCase):
    def test_it_counts_done_out_of_the_steps_that_apply(self) -> None:
        device = do_add_device(self.alex, "tv")
        do_set_steps(self.alex, device, {"blocker": ("done", ""), "contacts": ("na", ""), "tracker": ("not_yet", "")})
        [progress] = devices_of(self.client_record)
        self.assertEqual((progress.done, progress.applicable, progress.complete), (1, len(STEPS) - 1, False))

    def test_it_is_complete_only_with_a_device_and_every_applicable_step_done(self) -> None:
        self.assertFalse(checklist_complete(self.client_record))
        phone = do_add_device(self.alex, "phone")
        do_set_steps(self.alex, phone, {**ALL_DONE, "contacts": ("na", "")})
        self.assertTrue(checklist_complete(self.client_record))
        laptop = do_add_device(self.alex, "computer")
        self.assertFalse(checklist_complete(self.client_record))
        do_set_steps(self.alex, laptop, ALL_DONE)
        self.assertTrue(checklist_complete(self.client_record))
        do_set_step(self.alex, laptop, "blocker", "not_yet")
        self.assertFalse(checklist_complete(self.client_record))

    def test_it_refuses_a_checklist_with_a_repeated_id_or_missing_general_guidance(self) -> None:
        step = Step("blocker", "Title", "Why", {"any": "How"})
        with self.assertRaises(ValueError):
            validate([step, step])
        with self.assertRaises(ValueError):
            validate([Step("blocker", "Title", "Why", {"ios": "How"})])
        with self.assertRaises(ValueError):
            validate([Step("blocker", "Title", "Why", {"any": "How", "fridge": "How"})])


class ClientPageTests(WaymarkTestCase):
    def test_it_adds_a_device_from_the_list_and_shows_its_progress(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("device_add"), {"kind": "phone", "name": "My phone"}, follow=True)
        self.assertContains(response, "My phone")
        device = Device.objects.get()
        do_set_step(self.alex, device, "blocker", "done")
        response = self.client.get(reverse("devices"))
        self.assertContains(response, f"1 of {len(STEPS)} done")

    def test_it_explains_a_bad_device_and_keeps_what_was_typed(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("device_add"), {"kind": "phone", "name": "n" * 61})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Device.objects.exists())

    def test_it_saves_the_whole_checklist_in_one_form(self) -> None:
        device = do_add_device(self.alex, "phone")
        self.login(self.alex)
        page = self.client.get(reverse("device", args=[device.public_id]))
        self.assertContains(page, "Content &amp; Privacy Restrictions")
        self.assertContains(page, "<details>")
        data = {f"state-{step.id}": "not_yet" for step in STEPS} | {f"note-{step.id}": "" for step in STEPS}
        data |= {"state-blocker": "done", "note-night_plan": "Charge it in the kitchen"}
        response = self.client.post(reverse("device", args=[device.public_id]), data)
        self.assertRedirects(response, reverse("devices"))
        [progress] = devices_of(self.client_record)
        self.assertEqual(progress.done, 1)
        self.assertEqual(progress.statuses[-1].note, "Charge it in the kitchen")

    def test_it_shows_the_problem_beside_a_bad_state_or_long_note_and_saves_nothing(self) -> None:
        device = do_add_device(self.alex, "phone")
        self.login(self.alex)
        data = {f"state-{step.id}": "done" for step in STEPS} | {"state-blocker": "maybe", "note-tracker": "n" * 301}
        response = self.client.post(reverse("device", args=[device.public_id]), data)
        self.assertContains(response, "n" * 301, status_code=400)
        self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertFalse(DeviceStep.objects.exists())

    def test_it_answers_404_for_another_clients_device(self) -> None:
        bos = do_add_device(self.bo_record.user, "phone", "Bo's phone")
        self.login(self.alex)
        self.assertEqual(self.client.get(reverse("device", args=[bos.public_id])).status_code, 404)
        self.assertEqual(self.client.post(reverse("device_remove", args=[bos.public_id])).status_code, 404)
        self.assertTrue(Device.objects.filter(pk=bos.pk).exists())

    def test_it_removes_a_device_with_its_checklist(self) -> None:
        device = do_add_device(self.alex, "phone")
        do_set_step(self.alex, device, "blocker", "done")
        self.login(self.alex)
        self.client.post(reverse("device_remove", args=[device.public_id]))
        self.assertFalse(Device.objects.exists() or DeviceStep.objects.exists())

    def test_it_shows_progress_on_the_home_page(self) -> None:
        do_set_steps(self.alex, do_add_device(self.alex, "phone"), ALL_DONE)
        do_add_device(self.alex, "computer")
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("home")), "1 of 2 devices fully protected")

    def test_it_lists_any_number_of_devices_in_the_same_number_of_queries(self) -> None:
        self.login(self.alex)
        do_set_steps(self.alex, do_add_device(self.alex, "phone"), ALL_DONE)
        self.client.get(reverse("devices"))  # warm the session and caches
        counts = []
        for total in (1, 8):
            while Device.objects.count() < total:
                do_set_steps(self.alex, do_add_device(self.alex, "tablet"), ALL_DONE)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(reverse("devices")).status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])


class TherapistPageTests(WaymarkTestCase):
    def test_it_shows_completion_per_device_and_step_and_audits_the_read(self) -> None:
        phone = do_add_device(self.alex, "phone", "Alex's phone")
        do_set_steps(self.alex, phone, {**ALL_DONE, "contacts": ("na", "Nobody to block")})
        do_add_device(self.alex, "computer", "Laptop")
        self.login(self.therapist)
        response = self.client.get(reverse("client_devices", args=[self.client_record.public_id]))
        self.assertContains(response, "Alex&#x27;s phone")
        self.assertContains(response, f"{len(STEPS) - 1} of {len(STEPS) - 1} done")
        self.assertContains(response, "Nobody to block")
        self.assertTrue(AuditEvent.objects.filter(what="devices.view", action="read").exists())
        record = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(record, "Devices: 1 of 2 fully protected")

    def test_it_hides_the_checklist_from_another_therapist(self) -> None:
        self.login(self.other_therapist)
        response = self.client.get(reverse("client_devices", args=[self.client_record.public_id]))
        self.assertEqual(response.status_code, 404)
