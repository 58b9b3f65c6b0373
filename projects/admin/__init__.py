from . import enterprise, indicators, lists, progress, project  # noqa: F401  (each module registers its ModelAdmins)
