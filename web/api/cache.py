"""Read caches keyed by a cooperative's version: its events never change, so (id, version) fixes what it was.

A cached body is served after one cheap look-up of the cooperative's latest version (``latest_version``, also the
read's ETag: ``etags``). Bounded, per process, thread-safe.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from qualicoop_es.queries.log import latest_version


class VersionedCache:
    def __init__(self, maxsize: int = 2048) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        with self._lock:
            self._items[key] = body
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)


__all__ = ["VersionedCache", "latest_version"]
