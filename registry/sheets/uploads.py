"""Uploads kept between an import's preview and its confirm step (or for the full error list), and the clearing of those nobody confirmed.

The one place that knows where they wait: shared storage, so whichever worker gets the confirm reads the file.
"""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

UPLOAD_FOLDER = "django-import-export"  # where django-import-export's admin kept them: a deployment's cleanup still finds them
KEPT_NAME = r"^[0-9a-f]{32}$"  # what keep_upload names a file: a form field holding anything else names no upload


def upload_storage():
    return storages["import_export" if "import_export" in settings.STORAGES else "default"]


def keep_upload(content):
    """Stores the bytes; returns the name to read them back with."""
    name = uuid.uuid4().hex
    upload_storage().save(f"{UPLOAD_FOLDER}/{name}", ContentFile(content))
    return name


def kept_upload(name):
    """The bytes kept under `name` (a KEPT_NAME); raises OSError (FileNotFoundError) when they are gone."""
    with upload_storage().open(f"{UPLOAD_FOLDER}/{name}", "rb") as kept:
        return kept.read()


def drop_upload(name):
    upload_storage().delete(f"{UPLOAD_FOLDER}/{name}")


def clear_stale_uploads(older_than, *, now=None):
    """Delete kept uploads last written more than `older_than` ago; returns how many went."""
    storage, cutoff = upload_storage(), (now or timezone.now()) - older_than
    try:
        _, names = storage.listdir(UPLOAD_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{UPLOAD_FOLDER}/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            removed += 1
    return removed
