"""Changes to the practice's own settings."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm

from accounts.models import User
from audit.log import record
from audit.models import Action
from practice.models import Practice


def do_save_practice_settings(actor: User, practice: Practice, form: ModelForm, lines: BaseInlineFormSet) -> None:
    """Names, time zone, clinical lead (who receives escalated alerts), how clinical records are kept,
    and crisis lines, all or nothing.

    Whether session notes go into clients' exports is a decision about every client's record, so
    turning it on or off gets an audit row of its own.
    """
    if not actor.is_practice_admin or actor.practice_id != practice.pk:
        raise PermissionDenied("Only the practice's admins change its settings.")
    with transaction.atomic():
        saved = form.save()
        lines.save()
        record(Action.WRITE, "practice.settings", actor=actor, target_ref=practice.public_id)
        if "notes_in_client_export" in form.changed_data:
            what = "practice.notes_export_on" if saved.notes_in_client_export else "practice.notes_export_off"
            record(Action.WRITE, what, actor=actor, target_ref=practice.public_id)
