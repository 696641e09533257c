"""The situation room in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

A server runs in a thread on a free loopback port over a store holding two hand-built documents
(``browser_support``: hostile strings in titles, text and actor names, every date and place
precision, planned and thwarted events, generic actors, one event from 1914), plus the bundled
example article and a hostile article that go in through ``POST /api/documents`` (the real
pipeline). Each page is opened, the actor -> event -> evidence path is clicked through, every
page gets an axe-core accessibility audit at desktop and phone size (390x844), and screenshots
are written to ``$SITROOM_SCREENSHOTS/<page>.png`` and ``<page>-phone.png`` (set it to
``docs/screenshots`` to refresh the documentation's pictures). Skips when chromium or
playwright is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from browser_support import (
    HOSTILE_ACTOR,
    HOSTILE_TITLE,
    IMG_PAYLOAD,
    SCRIPT_PAYLOAD,
    SVG_PAYLOAD,
    chronicle_document,
    hostile_document,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
# Screenshots go to a temporary folder unless SITROOM_SCREENSHOTS names one: refreshing the
# documentation's pictures (SITROOM_SCREENSHOTS=docs/screenshots) is a choice, not a side
# effect of every test run.
SCREENSHOTS = Path(
    os.environ.get("SITROOM_SCREENSHOTS") or tempfile.mkdtemp(prefix="sitroom-screenshots-")
)
AXE = Path(__file__).resolve().parent / "assets" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1360, "height": 900}
PHONE = {"width": 390, "height": 844}
TOKEN = "browser-test-token"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    f"Fighters of the Western Brigade {SCRIPT} stormed an army base near Gao on 12 June 2022, "
    "killing five soldiers, the Malian army said.\n\n"
    f"A note left at the gate read {IMG} and threatened further raids."
)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists() and shutil.which("chromium") is None:
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from sitroom.store import Store
    from sitroom.web import create_app

    db = tmp_path_factory.mktemp("browser") / "browser.db"
    with Store(db) as store:
        for doc, analysis in (hostile_document(), chronicle_document()):
            assert store.add(doc, analysis)
    app = create_app(str(db), token=TOKEN, allowed_hosts=["127.0.0.1"])
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def documents(base_url: str) -> dict[str, str]:
    from sitroom.cli import example_article

    text, published = example_article()
    bodies = {
        "example": {
            "text": text,
            "published": published.isoformat(),
            "title": "Example article (written for sitroom)",
        },
        "hostile": {"text": HOSTILE_TEXT, "published": "2022-06-14", "title": f"Raid {SCRIPT}"},
    }
    ids = {}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for name, body in bodies.items():
        response = httpx.post(f"{base_url}/api/documents", json=body, headers=headers, timeout=120)
        assert response.status_code == 201, response.text
        ids[name] = response.json()["id"]
    return ids


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Watched:
    """A page plus everything that must not happen on it: dialogs, script errors, CSP hits."""

    def __init__(
        self, browser: Any, viewport: dict[str, int] = DESKTOP, audit: bool = False
    ) -> None:
        self.context = browser.new_context(viewport=viewport)
        if audit:
            # An init script runs before the page's own and is not subject to its CSP.
            self.context.add_init_script(path=str(AXE))
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._on_dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", self._on_console)

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def check_clean(self) -> None:
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"
        assert self.errors == [], self.errors
        assert self.page.evaluate("typeof window.__xss") == "undefined", "a payload ran"

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


@pytest.fixture()
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    try:
        yield w
    finally:
        w.context.close()


def test_overview(watched: Watched, base_url: str, documents: dict[str, str]) -> None:
    page = watched.page
    page.goto(f"{base_url}/")
    assert int(page.locator(".card .num").first.inner_text().replace(",", "")) == 4
    assert page.locator("#month-chart rect.bar").count() >= 1
    assert SCRIPT in page.locator("body").inner_text()  # the hostile title, as text
    watched.shot("overview")
    watched.check_clean()


def test_network_click_actor_event_evidence(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/network")
    page.wait_for_selector("#graph[data-ready='true']", timeout=20000)
    n_nodes = page.evaluate("window.sitroomGraph.nodes().length")
    assert n_nodes >= 2
    watched.shot("network")
    # Click the most active node of the pipeline's articles where Cytoscape drew it.
    box = page.locator("#graph").bounding_box()
    x, y = page.evaluate(
        "(() => { const n = window.sitroomGraph.nodes(':visible')"
        ".filter(n => !['northern-front', 'valdorian-army', 'xss-brigade'].includes(n.id()))"
        ".max(n => n.data('size')).ele;"
        " const p = n.renderedPosition(); return [p.x, p.y]; })()"
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    link = page.wait_for_selector("#panel-actor-link", timeout=10000)
    assert page.locator("#panel .event-link").count() >= 1
    link.click()
    page.wait_for_selector("#actor-events")
    watched.shot("actor")
    page.locator("#actor-events a.event-link").first.click()
    page.wait_for_selector("#evidence")
    evidence = page.locator("#evidence").inner_text()
    watched.shot("event")
    page.locator("#evidence-link").click()
    page.wait_for_selector("#article-text .focus")
    focused = " ".join(page.locator("#article-text .focus").all_inner_texts())
    assert evidence.strip()[:30] in " ".join(focused.split())
    assert page.locator("#article-text .focus").first.is_visible()
    watched.shot("document")
    watched.check_clean()


def test_map_shows_markers_and_opens_an_event(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/map")
    page.wait_for_selector("#map[data-ready='true']", timeout=20000)
    assert page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count() > 100
    assert page.evaluate("window.sitroomMap.count") >= 1
    assert page.locator(".event-marker, .marker-cluster").count() >= 1
    watched.shot("map")
    # Take the marker out of its cluster and open its popup without animations, so the test
    # does not depend on how fast the cluster animates on a busy machine.
    page.evaluate(
        "(() => { const m = window.sitroomMap; const layer = m.cluster.getLayers()[0];"
        " m.cluster.removeLayer(layer); layer.addTo(m.map);"
        " m.map.setView(layer.getLatLng(), 12, {animate: false}); layer.openPopup(); })()"
    )
    popup_link = page.wait_for_selector(".popup-link", timeout=10000)
    popup_link.click()
    page.wait_for_selector("#evidence")
    watched.check_clean()


def test_timeline_and_event_table(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/timeline")
    assert page.locator("#timeline circle.dot").count() >= 2
    page.goto(f"{base_url}/events?sort=-date")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() >= 2
    watched.shot("events")
    page.locator("#events-table thead a", has_text="Type").click()
    page.wait_for_url("**sort=-type**")
    assert "sort=-type" in page.url
    watched.check_clean()


def test_hostile_article_renders_as_text(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/documents/{documents['hostile']}")
    article = page.locator("#article-text")
    text = article.inner_text()
    assert SCRIPT in text and IMG in text
    assert article.locator("script, img").count() == 0
    assert SCRIPT in page.locator("h1").inner_text()
    page.goto(f"{base_url}/events?document_id={documents['hostile']}")
    assert page.locator("#events-table img, #events-table script").count() == 0
    watched.check_clean()


def test_api_docs_load_offline(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(f"{base_url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 10
    watched.check_clean()


# --- precision, status and readable views ----------------------------------------------------


def test_timeline_window_precision_and_status(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/timeline")
    # The 1914 event is listed, not drawn, and the axis starts in this century.
    assert "1914-06-28" in (page.locator("#outliers").text_content() or "")
    assert "1914" not in (page.locator("#timeline").text_content() or "")
    assert page.locator("#timeline-window").inner_text().startswith("Axis: 20")
    # Exact days solid, the publication-date fallback hollow, the month a band.
    assert page.locator("#timeline a.m-solid").count() >= 60
    assert page.locator("#timeline a.m-hollow").count() >= 1
    assert page.locator("#timeline a.m-band").count() >= 1
    # The thwarted plot is hidden by default and the count says which statuses it includes.
    thwarted = page.locator("#timeline a.mark[data-status='thwarted']")
    assert thwarted.count() >= 1 and not thwarted.first.is_visible()
    count = page.locator("#status-count").inner_text()
    assert "status occurred." in count and "Hidden:" in count and "thwarted" in count
    page.locator("#status-filter input[value='thwarted']").check()
    assert thwarted.first.is_visible()
    assert "status occurred or thwarted" in page.locator("#status-count").inner_text()
    watched.shot("timeline")
    page.locator("#widen").click()
    page.wait_for_url("**window=all**")
    assert page.locator("#outliers").count() == 0
    assert "1914" in (page.locator("#timeline").text_content() or "")
    watched.check_clean()


def test_overview_axis_leaves_out_the_far_past(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/")
    window = page.locator("#chart-window").inner_text()
    assert "1914-06" in window and page.locator("#widen").is_visible()
    page.locator("#widen").click()
    page.wait_for_url("**window=all**")
    assert page.locator("#chart-window").inner_text().startswith("1914-06 to ")
    assert page.locator("#month-chart rect.bar").count() >= 2
    watched.check_clean()


def test_network_hides_generic_actors_and_thin_edges(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/network")
    page.wait_for_selector("#graph[data-ready='true']", timeout=20000)
    hidden = page.evaluate("window.sitroomGraph.nodes('.hidden').map(n => n.data('label')).sort()")
    assert {"Civilians", "an RPG"} <= set(hidden)
    assert "generic actor" in page.locator("#graph-status").inner_text()
    page.locator("#show-generic").check()
    assert page.evaluate("window.sitroomGraph.nodes('.hidden').length") == 0
    page.locator("#show-generic").uncheck()
    edges = int(page.locator("#graph").get_attribute("data-visible-edges") or 0)
    top = page.locator("#min-weight").get_attribute("max")
    page.locator("#min-weight").fill(str(top))
    assert int(page.locator("#graph").get_attribute("data-visible-edges") or 0) < edges
    assert f"weight under {top}" in page.locator("#graph-status").inner_text()
    # The list of actors opens the same panel as a click on the graph, from the keyboard.
    page.locator("#actor-index summary").focus()
    page.keyboard.press("Enter")
    page.locator("#actor-index-list button").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel-actor-link", timeout=10000)
    watched.check_clean()


def test_map_legend_and_precision(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/map")
    page.wait_for_selector("#map[data-ready='true']", timeout=20000)
    legend = page.locator("#map-legend").inner_text()
    assert "Place precision" in legend and "country centre" in legend
    assert "located events" in page.locator("#map-status").inner_text()
    assert page.locator("#map").get_attribute("aria-busy") is None
    page.goto(f"{base_url}/map?country=NZL")
    page.wait_for_selector("#map[data-ready='true']", timeout=20000)
    assert "No located events" in page.locator("#map-status").inner_text()
    watched.check_clean()


def test_map_draws_coarse_places_as_rings_when_the_api_says_so(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    """The points API does not send place precision yet; the map reads it once it does."""
    page = watched.page
    points = [
        {
            "id": "xss-doc:e1",
            "lat": 16.27,
            "lon": -0.04,
            "type": "ASSAULT",
            "geo_precision": "city",
        },
        {
            "id": "xss-doc:e3",
            "lat": 14.5,
            "lon": -4.2,
            "type": "ASSAULT",
            "geo_precision": "admin1",
        },
        {
            "id": "xss-doc:e2",
            "lat": 17.57,
            "lon": -3.99,
            "type": "ASSAULT",
            "geo_precision": "country",
        },
    ]
    for p in points:
        p.update(mode=None, date="2022-06-12", place=None, killed=None, status="thwarted")
    body = {"items": points, "total": 3, "limit": 5000, "offset": 0}
    page.route("**/api/points*", lambda route: route.fulfill(json=body))
    page.goto(f"{base_url}/map")
    page.wait_for_selector("#map[data-ready='true']", timeout=20000)
    assert page.evaluate("window.sitroomMap.counts") == {"point": 1, "region": 1, "country": 1}
    markers = page.locator(".leaflet-marker-pane .event-marker")
    assert markers.count() == 3
    assert page.locator(".leaflet-marker-pane .pm-point.sw-type-ASSAULT").count() == 1
    assert page.locator(".leaflet-marker-pane .pm-country").count() == 1
    # Rings are hollow: no type colour fills a centroid.
    assert page.locator(".leaflet-marker-pane .pm-country.sw-type-ASSAULT").count() == 0
    assert "precision not reported" not in page.locator("#map-legend").inner_text()
    page.locator(".leaflet-marker-pane .pm-country").click()
    popup = page.wait_for_selector(".popup", timeout=10000)
    assert "country centre" in popup.inner_text() and "thwarted" in popup.inner_text()
    watched.check_clean()


def test_status_badges_and_date_marks_in_tables(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/events?document_id=xss-doc")
    assert "all statuses" in page.locator("h1").inner_text()
    assert page.locator("#events-table .status-thwarted").count() == 1
    assert page.locator("#events-table .dmark-hollow").count() == 1  # publication date
    assert page.locator("#events-table .dmark-band").count() == 1  # July 2022
    assert "(published)" in page.locator("#events-table").inner_text()
    page.goto(f"{base_url}/events?status=thwarted")
    assert "status thwarted only" in page.locator("h1").inner_text()
    watched.check_clean()


def test_actor_and_document_lists_search_page_and_keep_bad_input(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/")
    page.locator("nav a", has_text="Actors").click()
    page.wait_for_url(f"{base_url}/actors")
    names = page.locator("#actors-table tbody td:first-child a")
    assert names.count() >= 6
    page.fill("input[name='q']", "valdorians")  # an alias
    page.locator("form.filters button[type='submit']").click()
    page.wait_for_url("**/actors?q=valdorians*")
    assert names.all_inner_texts() == ["Valdorian Army"]
    watched.shot("actors")
    # A bad value is shown on the form, with what was typed kept in it.
    page.fill("input[name='country']", "Atlantis")
    page.locator("form.filters button[type='submit']").click()
    page.wait_for_selector("#form-errors")
    assert "'Atlantis' is neither a country name" in page.locator("#form-errors").inner_text()
    assert page.input_value("input[name='country']") == "Atlantis"
    assert page.input_value("input[name='q']") == "valdorians"
    # The form's page answers 422, which Chromium logs as a failed load: expected here.
    assert all("status of 422" in e for e in watched.errors)
    watched.errors.clear()

    page.locator("nav a", has_text="Documents").click()
    page.wait_for_url(f"{base_url}/documents")
    rows = page.locator("#documents-table tbody tr")
    assert rows.count() == 4  # two hand-built, two posted
    page.fill("input[name='q']", "Valdorian army")
    page.locator("form.filters button[type='submit']").click()
    page.wait_for_url("**/documents?q=Valdorian*")
    assert rows.count() == 1 and "A year of clashes" in rows.first.inner_text()
    page.goto(f"{base_url}/documents?limit=1")
    assert "1–1 of 4" in page.locator("nav.pager").inner_text()
    page.locator("nav.pager a", has_text="next").click()
    page.wait_for_url("**/documents?limit=1&offset=1")
    assert "2–2 of 4" in page.locator("nav.pager").inner_text()
    page.goto(f"{base_url}/documents")
    watched.shot("documents")
    watched.check_clean()


def test_aggregated_timeline_counts_chosen_statuses_and_network_takes_status(
    browser: Any, base_url: str, documents: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitroom.web import pages

    monkeypatch.setattr(pages, "TIMELINE_MAX_DOTS", 2)  # the server runs in this process
    watched = Watched(browser, PHONE, audit=True)
    try:
        page = watched.page
        page.goto(f"{base_url}/timeline?document_id=xss-doc")
        circles = page.locator("#timeline a.m-aggregate")
        assert circles.count() == 1  # June; the thwarted July plot is not counted by default
        assert "Not counted: thwarted (1)" in page.locator("#status-note").inner_text()
        page.check("#status-counted input[value='thwarted']")
        page.locator("#status-counted button").click()
        page.wait_for_url("**status=occurred&status=thwarted*")
        assert circles.count() == 2
        assert "Not counted" not in page.locator("#status-note").inner_text()
        serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
        assert serious == [], serious
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        watched.shot("timeline-months-phone")
        page.goto(f"{base_url}/network?status=occurred,attempted")
        page.wait_for_selector("#graph[data-ready='true']", timeout=20000)
        assert page.input_value("select[name='status']") == "occurred,attempted"
        watched.check_clean()
    finally:
        watched.context.close()


# --- untrusted text ----------------------------------------------------------------------------


def test_payloads_in_titles_text_and_actor_names_stay_text(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    pages = [
        "/documents/xss-doc",
        "/events?document_id=xss-doc",
        "/events/xss-doc:e1",
        "/actors/xss-brigade",
        "/timeline?document_id=xss-doc",
        "/",
        "/actors?q=brigade",
        "/documents",
    ]
    for url in pages:
        page.goto(base_url + url)
        body = page.locator("body").text_content() or ""  # SVG titles included
        assert HOSTILE_ACTOR in body or HOSTILE_TITLE in body, url
        assert page.locator("script:not([src])").count() == 0, url
        assert page.locator("img[src='x'], svg[onload], [onerror]").count() == 0, url
        watched.check_clean()
    page.goto(f"{base_url}/documents/xss-doc")
    article = page.locator("#article-text")
    for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, SVG_PAYLOAD):
        assert payload in article.inner_text()
    # Names reach the network panel through textContent too.
    page.goto(f"{base_url}/network")
    page.wait_for_selector("#graph[data-ready='true']", timeout=20000)
    page.evaluate("document.getElementById('actor-index').open = true")
    page.locator("#actor-index-list button", has_text="Brigade").click()
    link = page.wait_for_selector("#panel-actor-link", timeout=10000)
    assert link.inner_text() == HOSTILE_ACTOR
    assert page.locator("#panel script, #panel img").count() == 0
    watched.check_clean()


# --- every page: accessibility audit, phone layout, keyboard -----------------------------------

PAGES = [
    "overview",
    "network",
    "timeline",
    "map",
    "events",
    "event",
    "document",
    "actor",
    "docs",
    "actors",
    "documents",
]
READY = {"network": "#graph[data-ready='true']", "map": "#map[data-ready='true']"}


@pytest.fixture(scope="module")
def page_urls(base_url: str, documents: dict[str, str]) -> dict[str, str]:
    example = httpx.get(f"{base_url}/api/documents/{documents['example']}", timeout=30).json()
    actor = max(example["actors"], key=lambda a: len(a["mentions"]))
    return {
        "overview": "/",
        "network": "/network",
        "timeline": "/timeline",
        "map": "/map",
        "events": "/events?sort=-date",
        "event": f"/events/{documents['example']}:{example['events'][0]['id']}",
        "document": f"/documents/{documents['example']}",
        "actor": f"/actors/{actor['id']}",
        "docs": "/docs",
        "actors": "/actors",
        "documents": "/documents?q=gao",
    }


def axe_violations(page: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }"""
    )
    return found


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_an_accessibility_audit_and_fits_a_phone(
    browser: Any, base_url: str, page_urls: dict[str, str], name: str, size: str
) -> None:
    watched = Watched(browser, PHONE if size == "phone" else DESKTOP, audit=True)
    try:
        page = watched.page
        page.goto(base_url + page_urls[name])
        if name in READY:
            page.wait_for_selector(READY[name], timeout=20000)
        if name == "docs":
            page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
        serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
        assert serious == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in serious)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{name} scrolls sideways ({width} px)"
        if size == "phone":
            watched.shot(f"{name}-phone")
        watched.check_clean()
    finally:
        watched.context.close()


def test_keyboard_skip_link_and_visible_focus(
    watched: Watched, base_url: str, documents: dict[str, str]
) -> None:
    page = watched.page
    page.goto(f"{base_url}/events")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert outline not in ("", "none")
    watched.check_clean()
