"""Numbered citations: the first time a source is cited it gets the next number.

A number in the brief links to its entry in the Sources section (one click away), which holds
publisher, URL, retrieval date, grade and the verbatim quote.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Citations:
    """Collects source ids in order of first use and renders the links and the list."""

    sources: pd.DataFrame
    order: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = self.sources.set_index("source_id")

    def cite(self, source_ids: str | list[str] | tuple[str, ...] | None) -> str:
        """'[3](#src-id)' links for one or several ids ('a;b' allowed); '' for none."""
        if source_ids is None:
            return ""
        if isinstance(source_ids, str):
            ids = [s for s in source_ids.split(";") if s]
        else:
            ids = [s for part in source_ids for s in str(part).split(";") if s]
        links = []
        for sid in dict.fromkeys(ids):
            if sid not in self._by_id.index:
                raise KeyError(f"source_id {sid!r} is not in sources.yaml")
            if sid not in self.order:
                self.order.append(sid)
            links.append(f"[{self.order.index(sid) + 1}](#src-{sid})")
        return "<sup>" + ",".join(links) + "</sup>" if links else ""

    def entries(self) -> list[dict]:
        """The cited sources, numbered, for the Sources section."""
        out = []
        for number, sid in enumerate(self.order, start=1):
            row = self._by_id.loc[sid]
            out.append({"number": number, "id": sid, "publisher": row["publisher"], "url": row["url"],
                        "retrieved": row["retrieved"], "quote": " ".join(str(row["quote"]).split()),
                        "language": row["language"], "reliability": row["reliability"]})
        return out
