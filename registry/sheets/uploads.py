"""Uploads kept between an import's preview and its confirm step (or for the full error list), and the clearing of those nobody confirmed.

The one place that knows where they wait: the database (KeptUpload), so whichever app server gets the confirm, or a
background worker on another machine, reads the file; nothing is left on a local disk.
"""

import uuid

from django.utils import timezone

from registry.models import KeptUpload

KEPT_NAME = r"^[0-9a-f]{32}$"  # what keep_upload names a file: a form field holding anything else names no upload


def keep_upload(content):
    """Stores the bytes; returns the name to read them back with."""
    return KeptUpload.objects.create(name=uuid.uuid4().hex, content=content).name


def kept_upload(name):
    """The bytes kept under `name` (a KEPT_NAME); raises FileNotFoundError (an OSError) when they are gone."""
    content = KeptUpload.objects.filter(name=name).values_list("content", flat=True).first()
    if content is None:
        raise FileNotFoundError(name)
    return bytes(content)


def drop_upload(name):
    KeptUpload.objects.filter(name=name).delete()


def clear_stale_uploads(older_than, *, now=None):
    """Delete kept uploads stored more than `older_than` ago; returns how many went."""
    return KeptUpload.objects.filter(created_at__lt=(now or timezone.now()) - older_than).delete()[0]
