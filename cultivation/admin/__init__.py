from . import eligibility, enterprise, ladder, monitoring  # noqa: F401  (each module registers its ModelAdmins)
