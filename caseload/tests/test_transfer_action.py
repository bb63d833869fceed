from django.core.exceptions import PermissionDenied

from caseload.actions import do_transfer_client
from lib.testing import WaymarkTestCase, make_user


class TransferActionTest(WaymarkTestCase):
    def test_it_refuses_a_therapist_who_does_not_treat_the_client(self) -> None:
        with self.assertRaises(PermissionDenied):
            do_transfer_client(self.other_therapist, self.client_record, self.other_therapist, "Note")
        assignment = self.client_record.current_assignment()
        assert assignment is not None
        self.assertEqual(assignment.therapist, self.therapist)

    def test_it_lets_the_practice_admin_reassign_a_client(self) -> None:
        do_transfer_client(self.admin, self.client_record, self.other_therapist, "Dr Tan has left.")
        assignment = self.client_record.current_assignment()
        assert assignment is not None
        self.assertEqual(assignment.therapist, self.other_therapist)

    def test_it_refuses_an_admin_of_another_practice(self) -> None:
        elsewhere_admin = make_user(self.outsider.practice, "oz@example.com", "admin", "Oz")  # type: ignore[arg-type]
        with self.assertRaises(PermissionDenied):
            do_transfer_client(elsewhere_admin, self.client_record, self.other_therapist, "Note")
