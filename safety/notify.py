"""Who hears about a risk alert, always without content: the treating therapist, then the clinical lead.

Supporters are never told. When there is no clinical lead to escalate to, the practice's admins
are asked to appoint one, in words that say nothing about anyone's care.
"""

from accounts.models import Role, User
from lib.mail import queue_email
from lib.notify import content_free_body
from practice.models import Practice

LEAD_SUBJECT = "Please check your practice settings"
# Said for both reasons there is nobody to pass an update to: no lead, or the lead is who it waits for.
LEAD_LINE = (
    "An update was not picked up in time and there is no one to pass it to: no lead is chosen, "
    "or the lead is the person it was waiting for. Please sign in and choose a lead in your practice settings."
)


def ask_admins_for_a_lead(practice: Practice) -> list[User]:
    """Email every active admin of the practice; returns who was asked."""
    admins = list(User.objects.filter(practice=practice, role=Role.ADMIN, is_active=True).order_by("pk"))
    for admin in admins:
        queue_email([admin.email], LEAD_SUBJECT, content_free_body(LEAD_LINE), from_name=practice.client_facing_name)
    return admins
