from . import eligibility, ladder, monitoring  # noqa: F401  (each module registers its ModelAdmins)
