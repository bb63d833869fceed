from email.utils import parseaddr

from django.core import mail
from django.test import override_settings

from lib.notify import notify_update
from lib.smtp_testing import CLINICAL_WORDS
from lib.testing import WaymarkTestCase


class NotifyUpdateTest(WaymarkTestCase):
    @override_settings(SITE_URL="https://app.example.org", DEFAULT_FROM_EMAIL="no-reply@example.org")
    def test_it_says_only_that_there_is_something_to_read(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            notify_update(self.therapist)
        [message] = mail.outbox
        self.assertEqual(message.to, ["tan@example.com"])
        self.assertEqual(message.subject, "You have a new update")
        self.assertEqual(parseaddr(message.from_email), ("Harbour", "no-reply@example.org"))
        self.assertEqual(
            message.body,
            "You have a new update — sign in to read.\n\n"
            "https://app.example.org/accounts/login/\n\n"
            "This mailbox is not watched.\n",
        )
        for word in CLINICAL_WORDS:
            self.assertNotIn(word, message.subject.lower())
            self.assertNotIn(word, str(message.body).lower())

    def test_it_sends_nothing_until_the_transaction_commits(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            notify_update(self.therapist)
        self.assertEqual(mail.outbox, [])

    def test_it_sends_nothing_to_a_deactivated_account(self) -> None:
        self.therapist.is_active = False
        self.therapist.save()
        with self.captureOnCommitCallbacks(execute=True):
            notify_update(self.therapist)
        self.assertEqual(mail.outbox, [])
