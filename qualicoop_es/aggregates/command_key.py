"""An Idempotency-Key, recorded in the same transaction as the command it keyed (one ``save`` of both).

Its id is derived from the key (and the caller), so a second command with the same key cannot be stored: the key's
version 1 is taken, the whole transaction is refused, and the first command's answer is given again. It records
which command it keyed (the aggregate and the version its last event took) and a digest of the request, so the
same key sent with another request is refused instead of answered with an unrelated result.
"""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_KEYS = uuid5(NAMESPACE_URL, "https://qualicoop.coophlm.fr/cles-d-idempotence")


class CommandKey(Aggregate):
    TOPIC = "qualicoop.command_key"

    class Created(Aggregate.Created):
        TOPIC = "qualicoop.command_key.recorded.v1"
        effective_on: date
        actor: str
        request_digest: str
        aggregate_id: UUID
        version: int

    @event(Created)
    def __init__(self, *, id: UUID, effective_on: date, actor: str, request_digest: str, aggregate_id: UUID,
                 version: int) -> None:  # fmt: skip
        """The ``Created`` event's apply (it runs again on every replay)."""
        self.request_digest = request_digest
        self.aggregate_id = aggregate_id
        self.version = version

    @staticmethod
    def id_for(key: str, actor: str) -> UUID:
        """One id per caller and key: two callers who happen to choose the same key never meet."""
        return uuid5(_KEYS, f"{actor}\n{key}")
