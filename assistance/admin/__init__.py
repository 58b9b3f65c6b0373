from . import enterprise, officers, problems, records, reference  # noqa: F401  (each module registers its ModelAdmins)
