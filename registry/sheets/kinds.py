"""The kinds of file an 导入记录 can record, declared by each app (`import_kinds` on its AppConfig: (code, label) pairs)."""

from ..declarations import declared


def import_kinds():
    """Every installed app's import kinds, in app order: the choices of ImportRecord.kind (a callable, so no migration follows a new kind)."""
    return declared("import_kinds")
