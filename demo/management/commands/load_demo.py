"""Load (or reload) the demo practice and print how to sign in as each person."""

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from caseload.models import Assignment, Client
from connect.models import Scope, SupporterGrant
from demo import people
from demo.history import add_access_history
from demo.measures_demo import add_measures_history
from devices.demo import add_demo_devices
from goals.demo import add_demo_goals
from homework.demo import add_demo_homework
from intake.demo import add_demo_intakes
from learning.demo import add_demo_learning
from motivation.demo import add_demo_motivation
from narrative.demo import add_demo_narrative
from notes.demo import add_demo_notes
from plan.demo import add_demo_plans, add_demo_prevention_plans
from practice.models import Practice
from privacy.models import Consent, current_consent_version
from safety.demo import add_demo_alerts, add_demo_safety_plans
from skills.demo import add_demo_practices
from stages.demo import add_demo_stages
from tracking.demo import add_tracking_history

# Fixed so the printed secrets stay valid across reloads; demo only.
DEMO_TOTP_SECRETS = {
    people.ADMIN[0]: "ADMINDEMOWAYMARKADMINDEMOWAYMARK",
    people.THERAPISTS[0][0]: "MEITANDEMOWAYMARKMEITANDEMOWAYMA",
    people.THERAPISTS[1][0]: "DANIELDEMOWAYMARKDANIELDEMOWAYMA",
}


class Command(BaseCommand):
    help = "Create the demo practice (idempotent) and print the demo log-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        if not Practice.objects.filter(name=people.PRACTICE_NAME).exists():
            with transaction.atomic():
                self.create_practice()
                add_access_history()
                add_demo_plans()
        add_demo_intakes()
        add_measures_history()
        add_tracking_history()
        add_demo_practices()
        add_demo_safety_plans()
        add_demo_alerts()
        add_demo_prevention_plans()
        add_demo_devices()
        add_demo_narrative()
        add_demo_learning()
        add_demo_motivation()
        add_demo_homework()
        add_demo_notes()
        add_demo_goals()
        add_demo_stages()
        self.print_logins()

    def create_practice(self) -> None:
        now = timezone.now()
        practice = Practice.objects.create(
            name=people.PRACTICE_NAME, client_facing_name="Waymark", time_zone="Asia/Singapore"
        )
        practice.add_default_crisis_lines()
        self.person(practice, *people.ADMIN, Role.ADMIN, joined=now - timedelta(weeks=60))
        therapists = {
            email: self.person(practice, email, name, Role.THERAPIST, joined=now - timedelta(weeks=58))
            for email, name in people.THERAPISTS
        }
        practice.clinical_lead = therapists[people.THERAPISTS[0][0]]
        practice.save(update_fields=["clinical_lead"])
        clients = {}
        for spec in people.CLIENTS:
            joined = now - timedelta(weeks=spec.weeks_ago)
            user = self.person(practice, spec.email, spec.name, Role.CLIENT, joined=joined)
            client = Client.objects.create(
                user=user, practice=practice, stage=spec.stage, stage_since=joined, created_at=joined
            )
            Assignment.objects.create(client=client, therapist=therapists[spec.therapist], started_at=joined)
            Consent.objects.create(user=user, version=current_consent_version(), given_at=joined)
            clients[spec.email] = client
        email, name, client_email, relationship = people.SUPPORTER
        supporter = self.person(practice, email, name, Role.SUPPORTER, joined=now - timedelta(weeks=6))
        SupporterGrant.objects.create(
            client=clients[client_email],
            supporter=supporter,
            relationship=relationship,
            scopes=[Scope.STREAK, Scope.STAGE],
        )

    def person(self, practice: Practice, email: str, name: str, role: Role, joined: Any) -> User:
        user = User.objects.create_user(
            email, people.DEMO_PASSWORD, role=role, practice=practice, display_name=name, date_joined=joined
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if email in DEMO_TOTP_SECRETS:
            TOTP.activate(user, DEMO_TOTP_SECRETS[email])
        return user

    def print_logins(self) -> None:
        out = self.stdout.write
        out("")
        out("Demo practice loaded. Every account's password is: " + people.DEMO_PASSWORD)
        out("Staff use two-step sign-in: add their secret to an authenticator app, or print the current")
        out("code with:  make totp SECRET=<secret>")
        out("")
        rows = [(people.ADMIN[0], "practice admin", DEMO_TOTP_SECRETS[people.ADMIN[0]])]
        rows += [(email, "therapist", DEMO_TOTP_SECRETS[email]) for email, _ in people.THERAPISTS]
        rows += [(c.email, f"client, stage {c.stage}", "") for c in people.CLIENTS]
        rows.append((people.SUPPORTER[0], "supporter", ""))
        for email, role, secret in rows:
            out(f"  {email:<28} {role:<18} {('TOTP secret ' + secret) if secret else ''}")
        out("")
        out(f"({Authenticator.objects.count()} authenticators, {User.objects.count()} accounts in the database)")
