"""Read caches keyed by a cooperative's version: its events never change, so (id, version) fixes what it was.

A cached body is served after one cheap look-up of the cooperative's latest version (``latest_version``, also the
read's ETag: ``etags``). Per process, thread-safe, and bounded by **bytes** (``Settings.read_cache_bytes``,
``QUALICOOP_READ_CACHE_MIB``): every write makes a new key for a timeline that may weigh hundreds of KB, so a bound
on the number of entries alone let a serving process grow by hundreds of MiB under load. The least recently used
bodies are dropped first; a body larger than an eighth of the bound is not kept (it would flush the others).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from qualicoop_es.queries.log import latest_version

#: What an entry costs beside its body: the key tuple and its items, the ordered dict's node (measured: ~0.4 KB).
ENTRY_OVERHEAD = 512


class VersionedCache:
    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.size = 0  # the bytes held: bodies plus ENTRY_OVERHEAD each
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        cost = len(body) + ENTRY_OVERHEAD
        if cost > self.max_bytes // 8:
            return
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self.size -= len(previous) + ENTRY_OVERHEAD
            self._items[key] = body
            self.size += cost
            while self.size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped) + ENTRY_OVERHEAD

    def __len__(self) -> int:
        return len(self._items)


__all__ = ["VersionedCache", "latest_version"]
