"""Uploads kept between an import's preview and its confirm step, and the clearing of those nobody confirmed."""

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

# Where django-import-export's MediaStorage (our IMPORT_EXPORT_TMP_STORAGE_CLASS) keeps them.
UPLOAD_FOLDER = "django-import-export"


def upload_storage():
    return storages["import_export" if "import_export" in settings.STORAGES else "default"]


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
