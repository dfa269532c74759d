"""Response schemas of the API: every read body typed, so the OpenAPI document describes what a client gets.

The read layer (``qualicoop_es.presenters``, ``projections.queries``) already gives JSON-ready data: dates as ISO
strings, decimals as text. So dates are declared as strings of format ``date`` (dumped as they are, never
re-parsed), and dumping a read through its schema gives back the very same body: a test dumps every read of a
demonstration network through its schema and compares. Bodies served from the read cache as ready bytes (a
cooperative, its timeline) are documented by the same schemas.

Open schemas (``unknown = INCLUDE``): a client must accept fields added later.
"""

from web.api.responses.base import Open
from web.api.responses.cooperative import (
    ChecklistOut,
    CooperativeItemOut,
    CooperativeOut,
    CooperativePageOut,
    DiffOut,
    DossierOut,
    StatusOut,
)
from web.api.responses.integrity import IntegrityOut, VerificationOut
from web.api.responses.network import (
    AuditPageOut,
    CatalogueOut,
    CommandOut,
    DeadlinesOut,
    EventKindsOut,
    EventOut,
    FiguresOut,
    HealthOut,
    MeOut,
    RoleHistoryOut,
    TimelineOut,
)

__all__ = ["AuditPageOut", "CatalogueOut", "ChecklistOut", "CommandOut", "CooperativeItemOut", "CooperativeOut",
           "CooperativePageOut", "DeadlinesOut", "DiffOut", "DossierOut", "EventKindsOut", "EventOut", "FiguresOut",
           "HealthOut", "IntegrityOut", "MeOut", "Open", "RoleHistoryOut", "StatusOut", "TimelineOut", "VerificationOut"]  # fmt: skip
