from .areas import Area, AreaKind
from .mixins import PartnershipContentMixin
from .partners import Partner, PartnerKind

__all__ = [
    "Area",
    "AreaKind",
    "Partner",
    "PartnerKind",
    "PartnershipContentMixin",
]
