from .eligibility import AnnualProfile, ExportColumn, ExportLayout, ProvincialIndicator, ProvincialScore
from .ladder import Batch, PoolEntry, PoolEvent, Target, Tier
from .monitoring import MonthlyReport

__all__ = [
    "AnnualProfile",
    "Batch",
    "ExportColumn",
    "ExportLayout",
    "MonthlyReport",
    "PoolEntry",
    "PoolEvent",
    "ProvincialIndicator",
    "ProvincialScore",
    "Target",
    "Tier",
]
