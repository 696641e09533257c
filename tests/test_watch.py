"""`sitroom ingest --watch`: files dropped into a folder are stored as they arrive."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitroom.batch import IngestOptions
from sitroom.store import DocumentFilter, Store
from sitroom.watch import FolderWatcher

RAID = "Gunmen attacked a police post near the river crossing on Sunday, killing two officers."
TRUCE = "Elders from both valleys agreed to a ten-day truce after talks in the market town."
EDITED = "Gunmen attacked a police post near the river crossing on Sunday, killing three officers."


def stored_texts(store: Store) -> list[str]:
    found = []
    for row in store.documents(DocumentFilter(), limit=100):
        document = store.document(row.id)
        assert document is not None
        found.append(document[0].text)
    return sorted(found)


def test_watch_stores_files_as_they_arrive_and_replaces_edited_ones(
    pipeline, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "first.txt").write_text(TRUCE, encoding="utf-8")
    script = {
        # after poll 1: a new article, and a hidden temporary file that must be ignored
        1: lambda: [
            (folder / "raid.txt").write_text(RAID, encoding="utf-8"),
            (folder / ".raid.txt.part").write_text("half", encoding="utf-8"),
        ],
        # after poll 3: the article is edited (a later modification time, another size)
        3: lambda: [(folder / "raid.txt").write_text(EDITED, encoding="utf-8")],
    }
    seen: list[list[str]] = []
    with Store(str(tmp_path / "w.db")) as store:
        watcher = FolderWatcher(
            folder,
            store,
            pipeline,
            IngestOptions(),
            on_report=lambda paths, report: seen.append([p.name for p in paths]),
        )

        def sleep(_: float) -> None:
            action = script.get(watcher.totals.polls)
            if action:
                action()
                path = folder / "raid.txt"
                stat = path.stat()  # a distinct mtime even on coarse-grained file systems
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + watcher.totals.polls))

        totals = watcher.run(interval=0, max_polls=6, sleep=sleep)
        texts = stored_texts(store)
    # Present at start: poll 1. New: seen at poll 2, unchanged at poll 3 -> stored. Edited after
    # poll 3: seen at poll 4, stored at poll 5; its old version is removed.
    assert seen == [["first.txt"], ["raid.txt"], ["raid.txt"]]
    assert texts == sorted([TRUCE, EDITED])
    assert totals.added == 3 and totals.replaced == 1 and totals.failed == 0


def test_a_file_still_growing_waits_until_it_holds_still(pipeline, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    path = folder / "slow.txt"
    with Store(str(tmp_path / "g.db")) as store:
        watcher = FolderWatcher(folder, store, pipeline)

        def sleep(_: float) -> None:
            if watcher.totals.polls <= 3:  # written a bit more before each of polls 2-4
                with path.open("a", encoding="utf-8") as stream:
                    stream.write(RAID[(watcher.totals.polls - 1) * 30 : watcher.totals.polls * 30])

        watcher.run(interval=0, max_polls=3, sleep=sleep)
        assert store.stats()["documents"] == 0  # never read half-written
        path.write_text(RAID, encoding="utf-8")
        watcher.run(interval=0, max_polls=5, sleep=lambda _: None)
        assert stored_texts(store) == [RAID]


def test_cli_watch_ingests_then_stops_cleanly_on_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import sitroom.watch
    from sitroom.cli import app

    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "a.txt").write_text(RAID, encoding="utf-8")

    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sitroom.watch.time, "sleep", interrupt)
    db = str(tmp_path / "c.db")
    result = CliRunner().invoke(app, ["ingest", "--watch", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert "watching" in result.stderr and "a.txt: stored 1 new document(s)" in result.stderr
    assert "stopped: 1 file(s) ingested" in result.stderr
    with Store(db) as store:
        assert store.stats()["documents"] == 1


@pytest.mark.slow
def test_serve_watch_ingests_beside_the_running_server(tmp_path: Path) -> None:
    """The real CLI: `sitroom serve --watch FOLDER`, an article dropped into the folder, and
    the API answering with it (bounded polling; the server is stopped at the end)."""
    import json
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    folder = tmp_path / "feed"
    folder.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = str(tmp_path / "served.db")
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    server = subprocess.Popen(
        [sys.executable, "-m", "sitroom", "serve", "--db", db, "--port", str(port),
         "--watch", str(folder), "--interval", "0.5"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        (folder / "raid.txt").write_text(RAID, encoding="utf-8")
        deadline = time.monotonic() + 180
        count = 0
        while time.monotonic() < deadline and count == 0:
            time.sleep(1)
            try:
                url = f"http://127.0.0.1:{port}/api/documents"
                with urllib.request.urlopen(url, timeout=5) as answer:
                    count = json.load(answer)["total"]
            except OSError:
                continue  # the server is still starting
        assert count == 1
    finally:
        server.terminate()
        server.wait(timeout=30)
