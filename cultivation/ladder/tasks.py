"""The ladder's background tasks (Django's task framework)."""

from django_tasks import task

from registry.dates import today

from .services import expire_designations


@task()
def expire_designations_task():
    """Daily: marks recognitions whose validity has passed as expired; returns how many."""
    return expire_designations(on=today())
