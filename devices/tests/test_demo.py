from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caseload.models import Client
from devices.models import Device
from devices.queries import checklist_complete


class DemoTests(TestCase):
    def test_it_loads_jordan_part_way_and_the_others_complete_once(self) -> None:
        call_command("load_demo", stdout=StringIO())
        call_command("load_demo", stdout=StringIO())
        clients = {c.user.email.split("@")[0]: c for c in Client.objects.select_related("user")}
        self.assertEqual(Device.objects.filter(client=clients["jordan"]).count(), 2)
        self.assertFalse(checklist_complete(clients["jordan"]))
        for name in ("sam", "ravi", "lin"):
            self.assertTrue(checklist_complete(clients[name]), name)
        self.assertFalse(checklist_complete(clients["alex"]))
