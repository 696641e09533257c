// Map: Natural Earth countries as an offline basemap (no tiles), clustered event points.
// A solid dot only for a city or an exact point; province and country centroids are hollow
// rings (larger for coarser places), so no centroid looks like a town.
"use strict";

(function () {
  const S = window.sitroom;
  const container = document.getElementById("map");
  if (!container) return;
  const statusLine = document.getElementById("map-status");
  const SIZES = { point: 12, district: 16, region: 22, country: 28, unknown: 16 };

  function setStatus(text, loading) {
    statusLine.textContent = text;
    statusLine.classList.toggle("loading", Boolean(loading));
  }

  const map = window.L.map(container, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([20, 10], 2);

  async function drawCountries() {
    const topology = await S.getJSON(container.dataset.countries);
    const countries = window.topojson.feature(topology, topology.objects.countries);
    window.L.geoJSON(countries, {
      style: { color: "#6f757d", weight: 0.7, fillColor: "#ece8dc", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
  }

  // The points API may not say how precise a place is; then the marker says so too.
  function placeMark(p, palette) {
    const precision = p.geo_precision || p.precision || null;
    return precision ? palette.place_marks[precision] || "unknown" : "unknown";
  }

  function popup(p, mark, palette) {
    const what = p.type + (p.mode ? " / " + p.mode : "");
    return S.el("div", { className: "popup" }, [
      S.el("a", { href: "/events/" + S.pathPart(p.id), className: "popup-link", text: what }),
      p.status ? S.el("span", { className: "status status-" + p.status, text: " " + p.status }) : null,
      S.el("div", { text: (p.date || "undated") + (p.place ? " · " + p.place : "") }),
      S.el("div", { className: "muted", text: "Place: " + palette.place_mark_labels[mark] }),
      p.killed ? S.el("div", { text: p.killed + " killed" }) : null,
    ]);
  }

  function legend(palette, counts) {
    const control = window.L.control({ position: "bottomleft" });
    control.onAdd = function () {
      const box = S.el("div", { className: "map-legend", id: "map-legend" }, [S.el("h2", { text: "Place precision" })]);
      for (const mark of ["point", "district", "region", "country", "unknown"]) {
        if (mark === "unknown" && !counts.unknown) continue;
        box.appendChild(S.el("div", {}, [
          S.el("span", { className: "event-marker pm-" + mark, "aria-hidden": "true" }),
          palette.place_mark_labels[mark] + (counts[mark] ? " (" + counts[mark] + ")" : ""),
        ]));
      }
      box.appendChild(S.el("div", { text: "Circled number: a cluster of events" }));
      window.L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  // The points API answers one object per point ("items") or, more compactly, one list per
  // field ("columns", what the page asks for): the map draws objects.
  function pointsOf(data) {
    if (!data.columns) return data.items;
    const names = Object.keys(data.columns);
    return data.columns.id.map((_, i) => {
      const p = {};
      for (const name of names) p[name] = data.columns[name][i];
      return p;
    });
  }

  async function drawPoints() {
    const [data, palette] = await Promise.all([S.getJSON(container.dataset.points), S.getJSON("/palette.json")]);
    const items = pointsOf(data);
    const cluster = window.L.markerClusterGroup({ maxClusterRadius: 40 });
    const counts = {};
    const markers = items.map((p) => {
      const mark = placeMark(p, palette);
      counts[mark] = (counts[mark] || 0) + 1;
      const size = SIZES[mark];
      const colour = mark === "point" ? " sw-type-" + p.type : "";
      const icon = window.L.divIcon({ className: "event-marker pm-" + mark + colour, iconSize: [size, size] });
      const label = p.type + (p.date ? " " + p.date : "") + (p.place ? ", " + p.place : "");
      const marker = window.L.marker([p.lat, p.lon], { icon: icon, title: label, alt: label, keyboard: true });
      marker.bindPopup(() => popup(p, mark, palette));
      return marker;
    });
    cluster.addLayers(markers);
    map.addLayer(cluster);
    legend(palette, counts);
    if (markers.length) {
      map.fitBounds(window.L.latLngBounds(items.map((p) => [p.lat, p.lon])).pad(0.3), { maxZoom: 7 });
    }
    window.sitroomMap = { map: map, cluster: cluster, count: markers.length, counts: counts };
    let text;
    if (!markers.length) text = "No located events match these filters.";
    else if (data.total > markers.length) text = "Showing the latest " + markers.length + " of " + data.total + " located events (all statuses).";
    else text = markers.length + " located events (all statuses).";
    if (counts.unknown) text += " " + counts.unknown + " have no recorded place precision and are drawn as dashed rings.";
    setStatus(text, false);
    container.removeAttribute("aria-busy");
    container.dataset.ready = "true";
  }

  drawCountries()
    .catch((err) => setStatus("Could not load the basemap: " + (err.message || err), true))
    .then(drawPoints)
    .catch((err) => {
      container.removeAttribute("aria-busy");
      setStatus("Could not load events: " + (err.message || err), false);
    });
})();
