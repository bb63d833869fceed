from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from connect.models import Scope, SupporterGrant
from lib.testing import WaymarkTestCase


class GrantTest(WaymarkTestCase):
    def test_it_refuses_a_second_open_grant_to_the_same_supporter(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            SupporterGrant.objects.create(client=self.client_record, supporter=self.supporter, scopes=[Scope.STAGE])

    def test_it_allows_a_new_grant_after_the_old_one_is_revoked(self) -> None:
        SupporterGrant.objects.filter(supporter=self.supporter).update(revoked_at=timezone.now())
        SupporterGrant.objects.create(client=self.client_record, supporter=self.supporter, scopes=[Scope.STAGE])
        self.assertEqual(SupporterGrant.objects.active(timezone.now()).count(), 1)

    def test_it_ends_access_when_the_grant_expires(self) -> None:
        grant = SupporterGrant.objects.get(supporter=self.supporter)
        now = timezone.now()
        self.assertTrue(grant.allows(Scope.STREAK, now))
        grant.expires_at = now
        self.assertFalse(grant.allows(Scope.STREAK, now))
        self.assertFalse(grant.allows(Scope.CHECKINS, now - timedelta(days=1)))
