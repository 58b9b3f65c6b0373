"""Imports previewed and waiting for their confirm step: one ImportPreview row beside each kept file, from the preview
until the import is confirmed, given up or cleared; each user's own rows are a to-do on their home page."""

import hashlib

from django.utils import timezone

from registry.models import ImportPreview

from .uploads import clear_stale_uploads, drop_upload, keep_upload


def keep_for_confirm(*, content, file_name, options):
    """Keeps the file; returns what the confirm form (or the full error list's link) carries to find it again."""
    return {"import_file_name": keep_upload(content), "original_file_name": file_name, "checksum": hashlib.sha256(content).hexdigest(), **options}


def preview_keep(*, user, model, content, file_name, options, rows=0):
    """Keeps the file for the confirm step and notes it as waiting; returns what the confirm form carries."""
    kept = keep_for_confirm(content=content, file_name=file_name, options=options)
    ImportPreview.objects.create(user=user, model=model._meta.label_lower, file_name=file_name, kept_name=kept["import_file_name"], checksum=kept["checksum"], options=options, rows=rows)
    return kept


def preview_drop(*, kept_name, keep_file=False):
    """The preview waits no more (confirmed, failed, given up): its row goes, and its file unless kept for the full error list."""
    ImportPreview.objects.filter(kept_name=kept_name).delete()
    if not keep_file:
        drop_upload(kept_name)


def previews_waiting(user, model=None):
    waiting = ImportPreview.objects.filter(user=user)
    return waiting if model is None else waiting.filter(model=model._meta.label_lower)


def clear_stale_previews(older_than, *, now=None):
    """Previews nobody confirmed within `older_than`: their rows go first (the home page stops counting them), then every
    kept file as old; returns how many files went."""
    cutoff = (now or timezone.now()) - older_than
    ImportPreview.objects.filter(created_at__lt=cutoff).delete()
    return clear_stale_uploads(older_than, now=now)
