from .eligibility import AnnualProfile, ExportColumn, ExportLayout, ProvincialIndicator, ProvincialScore
from .ladder import Batch, PoolEntry, PoolEvent, Target, Tier
from .monitoring import MonthlyAreaTotal, MonthlyReport, MonthlySummary

__all__ = [
    "AnnualProfile",
    "Batch",
    "ExportColumn",
    "ExportLayout",
    "MonthlyReport",
    "MonthlyAreaTotal",
    "MonthlySummary",
    "PoolEntry",
    "PoolEvent",
    "ProvincialIndicator",
    "ProvincialScore",
    "Target",
    "Tier",
]
