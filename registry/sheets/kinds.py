"""The kinds of file an 导入记录 can record, declared by each app (`import_kinds` on its AppConfig: (code, label) pairs)."""

from django.apps import apps


def import_kinds():
    """Every installed app's import kinds, in app order: the choices of ImportRecord.kind (a callable, so no migration follows a new kind)."""
    return [kind for config in apps.get_app_configs() for kind in getattr(config, "import_kinds", ())]
