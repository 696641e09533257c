"""Ingest a folder as files arrive: ``sitroom ingest --watch FOLDER``.

The models load once; the folder is polled (portable, no extra dependency) and every new or
changed file is ingested once its size and modification time have held still for one poll, so
a file still being written is not read half-way. Hidden files (``.name``, the usual temporary
name of a file being written before a rename) are ignored. When a file changes, the documents
its previous version gave and its new version no longer gives are removed from the store
(``Store.remove``), so an edited article replaces its old analysis instead of sitting beside
it. Deleting a file removes nothing (use ``sitroom delete``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitroom.batch import IngestOptions, IngestReport, run_ingest
from sitroom.ingest import iter_documents
from sitroom.ingest.core import KNOWN_SUFFIXES
from sitroom.models import Document

if TYPE_CHECKING:
    from sitroom.pipeline import Pipeline
    from sitroom.store import Store

Signature = tuple[int, int]  # (modification time in ns, size)


@dataclass
class WatchTotals:
    polls: int = 0
    files: int = 0  # files ingested (new or changed)
    added: int = 0
    replaced: int = 0  # old versions removed after their file changed
    failed: int = 0


@dataclass
class FolderWatcher:
    """Polls ``folder`` and ingests what is new or changed into ``store``."""

    folder: Path
    store: Store
    pipeline: Pipeline
    options: IngestOptions = field(default_factory=IngestOptions)
    on_report: Callable[[list[Path], IngestReport], None] | None = None
    totals: WatchTotals = field(default_factory=WatchTotals)
    _done: dict[Path, Signature] = field(default_factory=dict)  # as last ingested
    _pending: dict[Path, Signature] = field(default_factory=dict)  # seen once, maybe still growing
    _ids: dict[Path, set[str]] = field(default_factory=dict)  # documents each file gave

    def scan(self) -> dict[Path, Signature]:
        found: dict[Path, Signature] = {}
        for root, dirs, names in os.walk(self.folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                path = Path(root) / name
                if name.startswith(".") or path.suffix.lower() not in KNOWN_SUFFIXES:
                    continue
                try:
                    stat = path.stat()
                except OSError:
                    continue  # removed or renamed between listing and stat
                found[path] = (stat.st_mtime_ns, stat.st_size)
        return found

    def ready(self) -> list[Path]:
        """Files new or changed since they were last ingested, and unchanged since last poll."""
        ready: list[Path] = []
        current = self.scan()
        for path, signature in current.items():
            if self._done.get(path) == signature:
                continue
            if self._pending.get(path) == signature:
                ready.append(path)
            self._pending[path] = signature
        for path in list(self._pending):
            if path not in current or path in ready:
                del self._pending[path]
        for path in ready:
            self._done[path] = current[path]
        return ready

    def poll(self) -> IngestReport | None:
        """One poll: ingest the files that are ready; None when there were none."""
        self.totals.polls += 1
        paths = self.ready()
        if not paths:
            return None
        before = {p: self._ids.get(p, set()) for p in paths}
        now = {p: _document_ids(p, self.options) for p in paths}
        report = run_ingest(
            [str(p) for p in paths], self.store, self.options, pipeline=self.pipeline
        )
        self._ids.update(now)
        for path in paths:
            claimed = {i for other, ids in self._ids.items() if other != path for i in ids}
            for gone in sorted(before[path] - now[path] - claimed):
                if self.store.remove(gone):
                    self.totals.replaced += 1
        self.totals.files += len(paths)
        self.totals.added += report.added
        self.totals.failed += report.failed
        if self.on_report is not None:
            self.on_report(paths, report)
        return report

    def run(
        self,
        *,
        interval: float = 1.0,
        max_polls: int | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> WatchTotals:
        """Poll until Ctrl-C (or ``max_polls``). Files already there are ingested first (those
        already stored are skipped without analysis)."""
        for path, signature in self.scan().items():
            self._pending[path] = signature  # present at start: ready on the first poll
        try:
            while max_polls is None or self.totals.polls < max_polls:
                report = self.poll()
                if report is not None and report.interrupted:
                    break
                if max_polls is None or self.totals.polls < max_polls:
                    (sleep or time.sleep)(interval)
        except KeyboardInterrupt:
            pass
        return self.totals


def _document_ids(path: Path, options: IngestOptions) -> set[str]:
    return {
        item.id
        for item in iter_documents([path], published=options.published)
        if isinstance(item, Document)
    }
