"""Imports previewed and waiting for their confirm step: one ImportPreview row beside each kept file, from the preview
until the import is confirmed, given up or cleared; each user's own rows are a to-do on their home page."""

import hashlib

from registry.models import ImportPreview

from .uploads import drop_upload, keep_upload


def preview_keep(*, user, model, content, file_name, options):
    """Keeps the file for the confirm step and notes it as waiting; returns what the confirm form carries."""
    kept = {"import_file_name": keep_upload(content), "original_file_name": file_name, "checksum": hashlib.sha256(content).hexdigest(), **options}
    ImportPreview.objects.create(user=user, model=model._meta.label_lower, file_name=file_name, kept_name=kept["import_file_name"], checksum=kept["checksum"], options=options)
    return kept


def preview_drop(*, kept_name, keep_file=False):
    """The preview waits no more (confirmed, failed, given up): its row goes, and its file unless kept for the full error list."""
    ImportPreview.objects.filter(kept_name=kept_name).delete()
    if not keep_file:
        drop_upload(kept_name)


def previews_waiting(user, model=None):
    waiting = ImportPreview.objects.filter(user=user)
    return waiting if model is None else waiting.filter(model=model._meta.label_lower)


def forget_stale_previews(cutoff):
    """The rows of previews older than `cutoff`, whose files clear_stale_uploads deletes; returns how many."""
    return ImportPreview.objects.filter(created_at__lt=cutoff).delete()[0]
