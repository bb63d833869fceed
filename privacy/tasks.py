from django_tasks import task


@task()
def erase_account_if_due(user_public_id: str) -> bool:
    """Erase the account if its deletion request is still pending and due; safe to run twice."""
    from privacy.actions import do_erase_due_account  # privacy.actions enqueues this task

    return do_erase_due_account(user_public_id)
