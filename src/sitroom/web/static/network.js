// Actor network: Cytoscape.js over /api/network; clicking an actor loads its profile.
// Generic actors (civilians, unidentified gunmen, weapons read as actors) start hidden, and a
// weight threshold thins the edges; both run in the browser over the data already loaded.
"use strict";

(function () {
  const S = window.sitroom;
  const container = document.getElementById("graph");
  const panel = document.getElementById("panel");
  if (!container) return;
  const controls = document.getElementById("graph-controls");
  const slider = document.getElementById("min-weight");
  const sliderValue = document.getElementById("min-weight-value");
  const genericBox = document.getElementById("show-generic");
  const statusLine = document.getElementById("graph-status");

  function setStatus(text, loading) {
    statusLine.textContent = text;
    statusLine.classList.toggle("loading", Boolean(loading));
  }

  // Mirrors palette.GenericActors.is_generic (src/sitroom/web/palette.py).
  function genericTest(vocab) {
    const types = new Set(vocab.types);
    const skip = new Set(vocab.skip);
    const words = new Set(vocab.words);
    return function (name, type) {
      if (types.has(type)) return true;
      const tokens = String(name).toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter((t) => t && !skip.has(t));
      return tokens.length > 0 && tokens.every((t) => words.has(t));
    };
  }

  function nodeSize(activity, peak) {
    return 14 + 46 * Math.sqrt(activity / Math.max(peak, 1));
  }

  function elements(data, palette, isGeneric) {
    const peak = Math.max(1, ...data.nodes.map((n) => n.activity));
    const nodes = data.nodes.map((n) => ({
      data: {
        id: n.id,
        label: n.name,
        type: n.type,
        colour: palette.actor_types[n.type] || "#999999",
        shape: palette.actor_shapes[n.type] || "ellipse",
        size: nodeSize(n.activity, peak),
        generic: isGeneric(n.name, n.type),
      },
    }));
    const edges = data.edges.map((e, i) => {
      const style = palette.polarity[e.polarity] || palette.polarity.structural;
      return {
        data: {
          id: "e" + i,
          source: e.source,
          target: e.target,
          colour: style.colour,
          line: style.line,
          weight: e.weight,
          width: Math.min(1 + Math.log2(1 + e.weight) * 1.5, 10),
          label: e.types.join(", ") + " (" + e.weight + statusText(e.statuses) + ")",
        },
      };
    });
    return nodes.concat(edges);
  }

  // "; 4 occurred, 1 attempted": what the edge's weight counts, by status.
  function statusText(statuses) {
    const parts = Object.entries(statuses || {})
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => n + " " + s);
    return parts.length ? "; " + parts.join(", ") : "";
  }

  function eventItem(e) {
    const who = e.source_names.join(", ") + (e.target_names.length ? " → " + e.target_names.join(", ") : "");
    return S.el("li", {}, [
      S.el("a", { href: "/events/" + S.pathPart(e.id), className: "event-link", text: (e.date_start || "undated") + " " + e.type }),
      " ",
      S.el("span", { className: "status status-" + e.status, text: e.status }),
      " " + who,
      S.el("blockquote", { text: e.evidence_text }),
    ]);
  }

  function relationItem(r) {
    const item = S.el("li", {}, [
      S.el("span", { className: "rel rel-" + r.type, text: r.source_name + " " + r.type + " " + r.target_name }),
    ]);
    for (const span of r.evidence.slice(0, 2)) item.appendChild(S.el("blockquote", { text: span.text }));
    return item;
  }

  async function showActor(id) {
    panel.setAttribute("aria-busy", "true");
    panel.replaceChildren(S.el("p", { className: "loading", text: "Loading the actor…" }));
    try {
      const data = await S.getJSON("/api/actors/" + S.pathPart(id) + "?limit=25");
      const actor = data.actor;
      const events = data.events.items.length
        ? S.el("ul", { className: "panel-list" }, data.events.items.map(eventItem))
        : S.el("p", { className: "empty", text: "No events." });
      const relations = data.relation_evidence.length
        ? S.el("ul", { className: "panel-list" }, data.relation_evidence.slice(0, 15).map(relationItem))
        : S.el("p", { className: "empty", text: "No stored relations." });
      panel.replaceChildren(
        S.el("h2", {}, [S.el("a", { href: "/actors/" + S.pathPart(actor.id), id: "panel-actor-link", text: actor.name })]),
        S.el("p", { className: "muted", text: actor.type + (actor.country ? " · " + actor.country : "") + " · " + actor.n_events + " events" }),
        S.el("h3", { text: "Events (" + data.events.total + ", all statuses)" }),
        events,
        S.el("h3", { text: "Relations with evidence" }),
        relations,
      );
    } catch (err) {
      panel.replaceChildren(S.el("p", { className: "error-message", text: String(err.message || err) }));
    } finally {
      panel.removeAttribute("aria-busy");
    }
  }

  // Show what passes the weight threshold and the generic-actor toggle; say what is hidden.
  function applyFilters(cy, data) {
    const minWeight = Number(slider.value);
    const showGeneric = genericBox.checked;
    sliderValue.textContent = String(minWeight);
    cy.batch(() => {
      cy.nodes().forEach((n) => n.toggleClass("hidden", !showGeneric && n.data("generic")));
      cy.edges().forEach((e) => {
        const off = e.data("weight") < minWeight || e.source().hasClass("hidden") || e.target().hasClass("hidden");
        e.toggleClass("hidden", off);
      });
      // Actors left without a visible edge are hidden too (unless the graph is only nodes).
      cy.nodes().forEach((n) => {
        if (!n.hasClass("hidden") && n.connectedEdges().length && !n.connectedEdges().some((e) => !e.hasClass("hidden"))) {
          n.addClass("hidden");
        }
      });
    });
    const nodes = cy.nodes().filter((n) => !n.hasClass("hidden"));
    const edges = cy.edges().filter((e) => !e.hasClass("hidden"));
    const generic = cy.nodes().filter((n) => n.data("generic")).length;
    let text = nodes.length + " of " + cy.nodes().length + " actors, " + edges.length + " of " + cy.edges().length + " edges shown";
    if (minWeight > 1) text += "; edges of weight under " + minWeight + " hidden";
    if (generic && !showGeneric) text += "; " + generic + " generic actor" + (generic === 1 ? "" : "s") + " hidden";
    if (data.truncated) text += " (only the heaviest relations were loaded; raise 'Edges' to see more)";
    setStatus(text + ".", false);
    container.dataset.visibleNodes = String(nodes.length);
    container.dataset.visibleEdges = String(edges.length);
    fillIndex(nodes);
  }

  function fillIndex(nodes) {
    const list = document.getElementById("actor-index-list");
    const sorted = nodes.toArray().sort((a, b) => b.data("size") - a.data("size"));
    list.replaceChildren(...sorted.map((n) => S.el("li", {}, [
      S.el("button", { type: "button", "data-actor": n.id(), text: n.data("label") }),
      S.el("span", { className: "muted", text: " " + n.data("type") }),
    ])));
    document.getElementById("actor-index").hidden = sorted.length === 0;
  }

  async function main() {
    try {
      const [data, palette] = await Promise.all([
        S.getJSON(container.dataset.src),
        S.getJSON(container.dataset.colours),
      ]);
      container.removeAttribute("aria-busy");
      if (!data.nodes.length) {
        setStatus("No relations match these filters. Widen the dates or clear the filters.", false);
        container.classList.add("is-empty");
        container.dataset.ready = "true";
        return;
      }
      const isGeneric = genericTest(palette.generic_actors);
      const cy = window.cytoscape({
        container: container,
        elements: elements(data, palette, isGeneric),
        style: [
          { selector: "node", style: { "background-color": "data(colour)", shape: "data(shape)", "border-width": 1, "border-color": "#333", label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#fff", "text-outline-width": 2 } },
          { selector: "edge", style: { "line-color": "data(colour)", "line-style": "data(line)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", width: "data(width)", "curve-style": "bezier", opacity: 0.8 } },
          { selector: ".hidden", style: { display: "none" } },
          { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
        ],
        layout: { name: "preset" },
        wheelSensitivity: 0.3,
      });
      const maxWeight = Math.max(1, ...data.edges.map((e) => e.weight));
      slider.max = String(maxWeight);
      slider.disabled = maxWeight <= 1;
      controls.hidden = false;
      const relayout = () => cy.elements(":visible").layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90 }).run();
      applyFilters(cy, data);
      relayout();
      slider.addEventListener("input", () => applyFilters(cy, data));
      slider.addEventListener("change", relayout);
      genericBox.addEventListener("change", () => { applyFilters(cy, data); relayout(); });
      cy.on("tap", "node", (evt) => showActor(evt.target.id()));
      document.getElementById("actor-index-list").addEventListener("click", (evt) => {
        const id = evt.target.dataset ? evt.target.dataset.actor : null;
        if (id) {
          cy.nodes().unselect();
          cy.getElementById(id).select();
          showActor(id);
        }
      });
      window.sitroomGraph = cy; // for the browser tests and the console
      container.dataset.ready = "true";
    } catch (err) {
      container.removeAttribute("aria-busy");
      setStatus("Could not load the network: " + (err.message || err), false);
    }
  }

  main();
})();
