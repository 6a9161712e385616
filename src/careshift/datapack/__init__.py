"""The data pack: format (manifest + CSV tables), validation, loader and the shipped Oxfordshire pack.

``load_pack(path=None)`` returns the validated, cached ``DataPack``; ``None`` is the shipped pack.
"""

from careshift.datapack.loader import SHIPPED_PACK, load_pack
from careshift.datapack.pack import (
    AGE_BANDS,
    SEXES,
    Activity,
    DataPack,
    Estimate,
    Place,
    Setting,
    Site,
    Source,
)

__all__ = [
    "AGE_BANDS",
    "SEXES",
    "SHIPPED_PACK",
    "Activity",
    "DataPack",
    "Estimate",
    "Place",
    "Setting",
    "Site",
    "Source",
    "load_pack",
]
