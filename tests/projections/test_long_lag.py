"""A catch-up far behind the log (a new follower, a restart after a long stop) replays like a rebuild, in large
pages and one transaction per page for every projection, and ends exactly where a rebuild ends."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from qualicoop_es.projections.runner import BULK_PAGE, Projector
from tests.projections.projection_helpers import digest, random_history, services


def test_a_follower_starting_from_zero_fills_every_read_model_as_a_rebuild_does(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        assert svc.projector is not None
        svc.app.after_save.remove(svc.projector.after_save)  # the log grows, the read models stay behind
        random_history(svc.app, seed=51, coops=6)
        head = svc.projector.head()
        assert all(s["lag"] > 50 for s in svc.projector.status())
        follower = Projector(svc.app, svc.engine, svc.projector.projections.values(), page_size=20)
        follower.long_lag = 50
        with patch.object(Projector, "_replay", autospec=True, side_effect=Projector._replay) as bulk:
            follower.catch_up()
        assert bulk.call_count == 1 and bulk.call_args.args[2] == BULK_PAGE  # the bulk path, not page by page
        assert {position for position, _ in follower.positions().values()} == {head}
        assert all(s["lag"] == 0 and s["error"] is None for s in follower.status())
        caught_up = digest(svc.engine)
        follower.rebuild()
        assert digest(svc.engine) == caught_up
    finally:
        svc.close()
