"""Optimistic concurrency seen from a caller: an expected version that is no longer current is refused."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import StaleVersion
from tests.support import STAFF


def test_a_write_with_a_stale_expected_version_raises_and_stores_nothing(
    app: QualicoopApplication, engaged_coop: UUID
) -> None:
    app.hold_checkpoint(
        engaged_coop, actor=STAFF, summary="Premier", effective_on=date(2022, 6, 1), expected_version=31
    )
    with pytest.raises(StaleVersion) as caught:
        app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Second", effective_on=date(2022, 7, 1),
                            expected_version=31)  # fmt: skip
    assert (caught.value.current_version, caught.value.code) == (32, "stale_version")
    events = app.history(engaged_coop)
    assert (len(events), events[-1].summary) == (32, "Premier")


def test_a_write_with_the_current_expected_version_is_accepted(app: QualicoopApplication, engaged_coop: UUID) -> None:
    result = app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Point", effective_on=date(2022, 6, 1),
                                 expected_version=31)  # fmt: skip
    assert (result.version, app.cooperative(engaged_coop).checkpoints) == (32, 1)
