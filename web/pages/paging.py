"""One page of a long list (a history, the accounts): which items, which page of how many, the links' numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from web.pages.forms import parse_int

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int  # from 1
    count: int  # pages in all (at least 1)
    total: int  # items in all
    size: int

    @property
    def first_item(self) -> int:
        """The rank of the page's first item among all (from 1)."""
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last_item(self) -> int:
        return min(self.number * self.size, self.total)

    @property
    def nearby(self) -> list[int | None]:
        """The page numbers a pager shows: the first, the last, and two around this one (None: a gap)."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for n in shown:
            if out and out[-1] is not None and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out


def paged(items: Sequence[T], raw: Any, size: int) -> Page[T]:
    """The page the query string's ``raw`` number asks for (the first when absent or not a page number, the last
    beyond the end)."""
    count = max(1, -(-len(items) // size))
    number = min(parse_int(raw, 1, 1_000_000) or 1, count)
    start = (number - 1) * size
    return Page(list(items[start : start + size]), number, count, len(items), size)


def of_listing(listing: dict[str, Any]) -> Page[Any]:
    """The page a query already cut (``items``, ``page``, ``per_page``, ``total``: the list of cooperatives)."""
    size = int(listing["per_page"])
    count = max(1, -(-int(listing["total"]) // size))
    return Page(list(listing["items"]), int(listing["page"]), count, int(listing["total"]), size)
