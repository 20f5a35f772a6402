/* exomine report viewer. Data comes from the JSON block written by exomine.htmlreport; every string from a
 * document is put on the page with textContent / createTextNode / setAttribute, never as markup. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("exomine-data").textContent);
  var TRIPLES = DATA.triples;
  var NODES = DATA.nodes;        // [id, name, label]
  var EDGES = DATA.edges;        // [source index, target index, predicate]
  var DOCS = DATA.docs;
  var MAX_NODES = 250;           // the network draws at most this many nodes (strongest edges first)
  var COLORS = {MIRNA: "#d9480f", CIRCRNA: "#ae3ec9", LNCRNA: "#7048e8", GENE: "#1971c2", DRUG: "#2b8a3e",
    CANCER: "#c2255c", CELL: "#e67700", PATHWAY: "#0c8599", OTHER: "#868e96"};
  var PRED_COLORS = {targets: "#1971c2", sponges: "#ae3ec9", upregulates: "#2f9e44", activates: "#2f9e44",
    downregulates: "#e03131", inhibits: "#e03131", confers_resistance: "#c92a2a", confers_sensitivity: "#2b8a3e",
    chain: "#adb5bd"};

  // ------------------------------------------------------------------------------------------ helpers

  function el(tag, props) {
    var e = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === undefined || v === null) return;
        if (k === "text") e.textContent = String(v);
        else if (k === "cls") String(v).split(" ").forEach(function (c) { if (c) e.classList.add(c); });
        else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function safeClass(s) { return String(s || "OTHER").replace(/[^A-Za-z0-9_-]/g, "_"); }
  function byId(id) { return document.getElementById(id); }
  function plural(n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); }
  function labelColor(label) { return COLORS[label] || COLORS.OTHER; }
  function badge(text, cls) { return el("span", {cls: "badge " + (cls || ""), text: text}); }

  function countBy(items, key) {
    var m = new Map();
    items.forEach(function (x) { var k = key(x); if (k === "" || k === undefined) return; m.set(k, (m.get(k) || 0) + 1); });
    return Array.from(m.entries()).sort(function (a, b) { return b[1] - a[1] || String(a[0]).localeCompare(String(b[0])); });
  }

  // ---------------------------------------------------------------------------------- documents, sentences

  var sentenceIndex = {};  // doc -> Map(sentence id -> [sid, section, start, end])
  function sentence(doc, sid) {
    var d = DOCS[doc];
    if (!d) return null;
    if (!sentenceIndex[doc]) {
      var m = new Map();
      d.sents.forEach(function (s) { m.set(s[0], s); });
      sentenceIndex[doc] = m;
    }
    var s = sentenceIndex[doc].get(sid);
    if (!s) return null;
    var text = d.text !== null ? d.text.slice(s[2], s[3]) : d.snips[String(sid)];
    return {sid: sid, section: s[1], start: s[2], end: s[3], text: text || ""};
  }

  function sectionAt(doc, offset) {
    var d = DOCS[doc];
    if (!d) return null;
    for (var i = 0; i < d.sections.length; i++) {
      var paras = d.sections[i][2];
      for (var j = 0; j < paras.length; j++) if (paras[j][0] <= offset && offset < paras[j][1]) return d.sections[i];
    }
    return null;
  }

  function entitiesIn(doc, start, end) {  // ents are sorted by start
    var ents = (DOCS[doc] || {ents: []}).ents, lo = 0, hi = ents.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (ents[mid][0] < start) lo = mid + 1; else hi = mid; }
    var out = [];
    for (var i = lo; i < ents.length && ents[i][0] < end; i++) if (ents[i][1] <= end) out.push(ents[i]);
    return out;
  }

  /* text with spans marked: spans are [start, end, label, title, extra classes] relative to text */
  function marked(text, spans) {
    var frag = document.createDocumentFragment(), pos = 0;
    spans.slice().sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; }).forEach(function (s) {
      if (s[0] < pos || s[1] > text.length || s[1] <= s[0]) return;  // overlapping or out of range: skip
      if (s[0] > pos) frag.appendChild(document.createTextNode(text.slice(pos, s[0])));
      var m = el("mark", {cls: "ent L-" + safeClass(s[2]) + " " + (s[4] || ""), "data-label": s[2], title: s[3] || s[2]},
        text.slice(s[0], s[1]));
      frag.appendChild(m);
      pos = s[1];
    });
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  function entitySpans(doc, start, end, argStarts) {
    return entitiesIn(doc, start, end).map(function (e) {
      return [e[0] - start, e[1] - start, e[2], e[2] + " · " + (e[4] || "") + (e[3] ? " (" + e[3] + ")" : ""),
        argStarts && argStarts.has(e[0]) ? "arg" : ""];
    });
  }

  // ------------------------------------------------------------------------------------------- filters

  var state = {search: "", effect: "", label: "", drug: "", cancer: "", cls: "", hedged: "", ndocs: 1, node: null,
    sortKey: "nDocs", sortDir: -1, page: 0, pageSize: 100, filtered: [], open: new Set()};

  var haystack = TRIPLES.map(function (t) {
    return [t.reg, t.regId, t.targets.map(function (x) { return x[0]; }).join(" "), t.drug, t.cancer, t.cell,
      t.docs.join(" "), t.evidence, t.rules.join(" ")].join("\u0001").toLowerCase();
  });
  var tripleNodes = TRIPLES.map(function (t) {
    var s = new Set();
    t.edges.forEach(function (i) { s.add(EDGES[i][0]); s.add(EDGES[i][1]); });
    return s;
  });

  function fillSelect(select, entries, labelOf) {
    entries.forEach(function (e) {
      select.appendChild(el("option", {value: e[0], text: (labelOf ? labelOf(e[0]) : e[0]) + " (" + e[1] + ")"}));
    });
  }

  var drugNames = new Map();
  TRIPLES.forEach(function (t) { if (!drugNames.has(t.drugId)) drugNames.set(t.drugId, t.drug + (t.drugClass ? " [class]" : "")); });
  fillSelect(byId("f-effect"), countBy(TRIPLES, function (t) { return t.effect; }));
  fillSelect(byId("f-label"), countBy(TRIPLES, function (t) { return t.regLabel; }));
  fillSelect(byId("f-drug"), countBy(TRIPLES, function (t) { return t.drugId; }).sort(function (a, b) {
    return drugNames.get(a[0]).localeCompare(drugNames.get(b[0]));
  }), function (id) { return drugNames.get(id); });
  fillSelect(byId("f-cancer"), countBy(TRIPLES, function (t) { return t.cancer; }).sort(function (a, b) {
    return a[0].localeCompare(b[0]);
  }));

  function matches(t, i) {
    if (state.search && haystack[i].indexOf(state.search) < 0) return false;
    if (state.effect && t.effect !== state.effect) return false;
    if (state.label && t.regLabel !== state.label) return false;
    if (state.drug && t.drugId !== state.drug) return false;
    if (state.cancer && t.cancer !== state.cancer) return false;
    if (state.cls && (state.cls === "class") !== t.drugClass) return false;
    if (state.hedged && (state.hedged === "yes") !== t.hedged) return false;
    if (t.nDocs < state.ndocs) return false;
    if (state.node !== null && !tripleNodes[i].has(state.node)) return false;
    return true;
  }

  function sortValue(t, key) {
    if (key === "targets") return t.targets.map(function (x) { return x[0]; }).join(";").toLowerCase();
    if (key === "nDocs") return t.nDocs;
    if (key === "hedged") return t.hedged ? 1 : 0;
    return String(t[key] || "").toLowerCase();
  }

  function applyFilters(keepPage) {
    var out = [];
    for (var i = 0; i < TRIPLES.length; i++) if (matches(TRIPLES[i], i)) out.push(i);
    var key = state.sortKey, dir = state.sortDir;
    out.sort(function (a, b) {
      var va = sortValue(TRIPLES[a], key), vb = sortValue(TRIPLES[b], key);
      if (va < vb) return -dir;
      if (va > vb) return dir;
      return TRIPLES[b].nMentions - TRIPLES[a].nMentions || a - b;
    });
    state.filtered = out;
    if (!keepPage) state.page = 0;
    renderTable();
    scheduleNetwork();
  }

  function readFilters() {
    state.search = byId("f-search").value.trim().toLowerCase();
    state.effect = byId("f-effect").value;
    state.label = byId("f-label").value;
    state.drug = byId("f-drug").value;
    state.cancer = byId("f-cancer").value;
    state.cls = byId("f-class").value;
    state.hedged = byId("f-hedged").value;
    state.ndocs = Math.max(1, parseInt(byId("f-ndocs").value, 10) || 1);
    applyFilters();
  }

  var searchTimer = null;
  byId("f-search").addEventListener("input", function () { clearTimeout(searchTimer); searchTimer = setTimeout(readFilters, 150); });
  ["f-effect", "f-label", "f-drug", "f-cancer", "f-class", "f-hedged", "f-ndocs"].forEach(function (id) {
    byId(id).addEventListener("change", readFilters);
  });
  byId("filters").addEventListener("submit", function (ev) { ev.preventDefault(); readFilters(); });
  byId("filters").addEventListener("reset", function () { setNode(null, true); setTimeout(readFilters, 0); });

  function setNode(index, quiet) {
    state.node = index;
    var chip = byId("f-node");
    clear(chip);
    chip.hidden = index === null;
    if (index !== null) chip.appendChild(document.createTextNode("involves " + NODES[index][1] + " ✕"));
    if (!quiet) applyFilters();
  }
  byId("f-node").addEventListener("click", function () { setNode(null); });

  function setFilter(id, value) {
    var select = byId(id);
    select.value = value;
    readFilters();
    showView("triples");
  }

  // --------------------------------------------------------------------------------------------- table

  var headers = document.querySelectorAll("#triples th[data-key]");
  headers.forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      if (state.sortKey === key) state.sortDir = -state.sortDir;
      else { state.sortKey = key; state.sortDir = key === "nDocs" ? -1 : 1; }
      applyFilters(true);
    });
  });

  function renderTable() {
    headers.forEach(function (th) {
      var key = th.getAttribute("data-key");
      if (key === state.sortKey) th.setAttribute("aria-sort", state.sortDir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    var tbody = clear(document.querySelector("#triples tbody"));
    var n = state.filtered.length, size = state.pageSize;
    var pages = Math.max(1, Math.ceil(n / size));
    state.page = Math.min(state.page, pages - 1);
    var first = state.page * size, last = Math.min(n, first + size);
    for (var k = first; k < last; k++) {
      var i = state.filtered[k];
      tbody.appendChild(tripleRow(TRIPLES[i], i));
      if (state.open.has(i)) tbody.appendChild(detailRow(TRIPLES[i], i));
    }
    byId("table-status").textContent = n === 0 ? "No triple matches the filters." :
      "Showing " + (first + 1) + "–" + last + " of " + plural(n, "triple") +
      (n < TRIPLES.length ? " (" + TRIPLES.length.toLocaleString("en") + " in all)" : "");
    byId("page-info").textContent = "page " + (state.page + 1) + " of " + pages;
    byId("page-prev").disabled = state.page === 0;
    byId("page-next").disabled = state.page >= pages - 1;
    byId("pager").hidden = pages === 1 && size <= 100;
  }
  byId("page-prev").addEventListener("click", function () { state.page--; renderTable(); });
  byId("page-next").addEventListener("click", function () { state.page++; renderTable(); });
  byId("page-size").addEventListener("change", function (ev) { state.pageSize = parseInt(ev.target.value, 10); state.page = 0; renderTable(); });

  function tripleRow(t, i) {
    var open = state.open.has(i);
    var toggle = el("button", {type: "button", cls: "toggle", "aria-expanded": open ? "true" : "false",
      title: "evidence", text: open ? "▾" : "▸"});
    toggle.addEventListener("click", function () {
      if (state.open.has(i)) state.open.delete(i); else state.open.add(i);
      renderTable();
    });
    var targets = el("td");
    t.targets.forEach(function (x, j) {
      if (j) targets.appendChild(document.createTextNode("; "));
      targets.appendChild(el("span", {title: x[1] || "no identifier", text: x[0]}));
    });
    return el("tr", {cls: "triple", "data-index": i},
      el("td", null, toggle),
      el("td", {title: t.regId}, t.reg, badge(t.regLabel, "L-" + safeClass(t.regLabel))),
      targets,
      el("td", {cls: "drug", title: t.drugId}, t.drug, t.drugClass ? badge("class", "cls") : null),
      el("td", {text: t.effect}),
      el("td", {text: t.cancer}),
      el("td", {text: t.cell}),
      el("td", {cls: "num", text: t.nDocs, title: plural(t.nMentions, "mention")}),
      el("td", null, t.hedged ? badge("hedged", "hedged") : "no"));
  }

  function relationLine(r) {  // a relation row of a document: see exomine.reportdata
    return el("li", null, r[5] + " —" + r[7] + "→ " + r[8] + " ", el("span", {cls: "rule", text: r[11] || "no rule id"}),
      r[10] !== "finding" ? " (" + r[10] + ")" : "");
  }

  function evidenceBlock(doc, sid, nodeIds, expectedText) {
    var d = DOCS[doc], s = sentence(doc, sid);
    var box = el("div", {cls: "evidence"});
    var where = el("div", {cls: "where"});
    var open = el("a", {href: "#", text: d ? d.title : doc});
    open.addEventListener("click", function (ev) { ev.preventDefault(); openDocument(doc, sid); });
    where.appendChild(open);
    where.appendChild(document.createTextNode(" (" + doc + ")"));
    if (s) {
      var sec = sectionAt(doc, s.start);
      where.appendChild(document.createTextNode(" · " + (sec ? sec[1] || sec[0] : s.section) + " · sentence " + sid));
    }
    box.appendChild(where);
    if (!s) {
      box.appendChild(el("p", {cls: "sentence", text: expectedText || "(sentence not in the report)"}));
      return box;
    }
    var rels = (d.rels || []).filter(function (r) { return r[0] === sid && (nodeIds.has(r[6]) || nodeIds.has(r[9])); });
    var args = new Set();
    rels.forEach(function (r) { args.add(r[1]); args.add(r[3]); });
    var p = el("p", {cls: "sentence"});
    p.appendChild(marked(s.text, entitySpans(doc, s.start, s.end, args)));
    box.appendChild(p);
    if (rels.length) {
      var ul = el("ul", {cls: "rels"});
      rels.forEach(function (r) { ul.appendChild(relationLine(r)); });
      box.appendChild(ul);
    }
    return box;
  }

  // Where the drug, cancer and source cell were named, and what the finding rests on (exomine.extraction.context).
  function whereText(t) {
    var parts = ["drug named in the " + (t.drugFrom || "sentence")];
    if (t.cancer) parts.push("cancer in the " + (t.cancerFrom || "sentence"));
    if (t.cell) parts.push("source cell in the " + (t.cellFrom || "sentence"));
    if (t.section) parts.push("best evidence: " + t.section);
    if (t.background) parts.push("background statements only");
    return parts.join(" · ");
  }

  function detailRow(t, i) {
    var ids = new Set();
    tripleNodes[i].forEach(function (n) { ids.add(NODES[n][0]); });
    var td = el("td", {colspan: 9});
    td.appendChild(el("div", {cls: "where"}, "rules behind this triple: ",
      t.rules.length ? el("span", {cls: "rule", text: t.rules.join("; ")}) : "none recorded",
      " · " + plural(t.nMentions, "mention") + " in " + plural(t.nDocs, "document")));
    td.appendChild(el("div", {cls: "where"}, whereText(t)));
    if (!t.ev.length) td.appendChild(el("p", {cls: "sentence", text: t.evidence}));
    t.ev.forEach(function (e) { td.appendChild(evidenceBlock(e[0], e[1], ids, t.evidence)); });
    return el("tr", {cls: "detail"}, td);
  }

  // ------------------------------------------------------------------------------------------- network

  var cy = null, netTimer = null;

  function scheduleNetwork() { clearTimeout(netTimer); netTimer = setTimeout(drawNetwork, 30); }

  function networkElements() {
    var support = new Map();  // edge index -> Set of documents
    state.filtered.forEach(function (i) {
      var t = TRIPLES[i];
      t.edges.forEach(function (e) {
        if (!support.has(e)) support.set(e, new Set());
        var s = support.get(e);
        t.docs.forEach(function (d) { s.add(d); });
      });
    });
    var edges = Array.from(support.entries()).sort(function (a, b) { return b[1].size - a[1].size || a[0] - b[0]; });
    var nodes = new Set(), all = new Set(), kept = [];
    edges.forEach(function (e) { all.add(EDGES[e[0]][0]); all.add(EDGES[e[0]][1]); });
    edges.forEach(function (e) {
      var s = EDGES[e[0]][0], o = EDGES[e[0]][1];
      var extra = (nodes.has(s) ? 0 : 1) + (nodes.has(o) ? 0 : 1);
      if (nodes.size + extra > MAX_NODES) return;
      nodes.add(s); nodes.add(o); kept.push(e);
    });
    var elements = [];
    nodes.forEach(function (n) {
      elements.push({group: "nodes", data: {id: "n" + n, index: n, name: NODES[n][1], label: NODES[n][2],
        color: labelColor(NODES[n][2])}});
    });
    kept.forEach(function (e) {
      var edge = EDGES[e[0]];
      elements.push({group: "edges", data: {id: "e" + e[0], source: "n" + edge[0], target: "n" + edge[1],
        predicate: edge[2], support: e[1].size, color: PRED_COLORS[edge[2]] || "#868e96"}});
    });
    return {elements: elements, nodes: nodes.size, edges: kept.length, allNodes: all.size, allEdges: edges.length};
  }

  function layoutOptions() {
    var name = byId("net-layout").value;
    if (name === "breadthfirst") {
      return {name: "breadthfirst", directed: true, spacingFactor: 1.1, animate: false,
        roots: cy.nodes().filter(function (n) { return n.indegree() === 0; })};
    }
    if (name === "concentric") {
      return {name: "concentric", animate: false, minNodeSpacing: 12,
        concentric: function (n) { return n.degree(); }, levelWidth: function () { return 2; }};
    }
    return {name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; },
      idealEdgeLength: function () { return 60; }, numIter: 1000};
  }

  function drawNetwork() {
    var g = networkElements();
    if (typeof cytoscape !== "function") { byId("net-status").textContent = "Cytoscape.js did not load."; return; }
    if (!cy) {
      cy = cytoscape({
        container: byId("network"), elements: [], minZoom: 0.1, maxZoom: 4,
        style: [
          {selector: "node", style: {"background-color": "data(color)", label: "data(name)", "font-size": 9,
            "text-valign": "bottom", "text-margin-y": 2, width: 14, height: 14, color: "#1d232a",
            "text-outline-color": "#fff", "text-outline-width": 1}},
          {selector: "node[label = 'DRUG']", style: {shape: "round-rectangle", width: 20, height: 12}},
          {selector: "node[label = 'GENE']", style: {shape: "diamond"}},
          {selector: "node[label = 'CIRCRNA'], node[label = 'LNCRNA']", style: {shape: "hexagon"}},
          {selector: "edge", style: {"line-color": "data(color)", "target-arrow-color": "data(color)",
            "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.7, opacity: 0.85,
            width: "mapData(support, 1, 10, 1, 6)"}},
          {selector: "edge[predicate = 'inhibits'], edge[predicate = 'downregulates']", style: {"target-arrow-shape": "tee"}},
          {selector: "edge[predicate = 'chain']", style: {"line-style": "dashed"}},
          {selector: "node:selected", style: {"border-width": 3, "border-color": "#1f6feb"}}
        ]
      });
      cy.on("tap", "node", function (ev) { setNode(ev.target.data("index")); });
      window.exomineReport.cy = cy;
    }
    cy.batch(function () { cy.elements().remove(); cy.add(g.elements); });
    cy.layout(layoutOptions()).run();
    cy.fit(undefined, 20);
    var text = plural(g.nodes, "node") + ", " + plural(g.edges, "edge");
    if (g.nodes < g.allNodes) {
      text += " — the " + g.allNodes.toLocaleString("en") + " nodes of these triples are too many to draw: " +
        "showing the best-supported edges only; narrow the filters to see the rest.";
    }
    var status = byId("net-status");
    status.textContent = text;
    status.setAttribute("data-nodes", g.nodes);
    status.setAttribute("data-edges", g.edges);
    status.setAttribute("data-all-nodes", g.allNodes);
    status.setAttribute("data-triples", state.filtered.length);  // the triples the network is drawn for
  }
  byId("net-layout").addEventListener("change", function () { if (cy) { cy.layout(layoutOptions()).run(); cy.fit(undefined, 20); } });
  byId("net-fit").addEventListener("click", function () { if (cy) cy.fit(undefined, 20); });

  function legend(box, labels) {
    clear(box);
    labels.forEach(function (l) { box.appendChild(el("span", {cls: "L-" + safeClass(l), text: l})); });
  }
  var usedLabels = Array.from(new Set(NODES.map(function (n) { return n[2]; })));
  legend(byId("net-legend"), usedLabels);

  // ------------------------------------------------------------------------------------------ overview

  function countCard(title, entries, filterId, keyOf, limit) {
    var card = el("div", {cls: "card"}, el("h2", {text: title}));
    if (!entries.length) { card.appendChild(el("p", {text: "none"})); return card; }
    var max = entries[0][1], table = el("table");
    entries.slice(0, limit || 25).forEach(function (e) {
      var bar = el("div", {cls: "bar"});
      bar.style.width = Math.max(2, Math.round(100 * e[1] / max)) + "%";
      var tr = el("tr", {cls: filterId ? "pick" : ""}, el("td", {text: keyOf ? keyOf(e[0]) : e[0]}),
        el("td", {cls: "num", text: e[1]}), el("td", {style: "width:40%"}, bar));
      if (filterId) tr.addEventListener("click", function () { setFilter(filterId, e[0]); });
      table.appendChild(tr);
    });
    card.appendChild(table);
    if (entries.length > (limit || 25)) card.appendChild(el("p", {cls: "status", text: "… and " + (entries.length - (limit || 25)) + " more"}));
    return card;
  }

  function renderOverview() {
    var box = byId("overview");
    var docCard = el("div", {cls: "card"}, el("h2", {text: "Documents"}));
    var ingest = DATA.ingest;
    if (ingest) {
      var counts = el("table");
      ["read", "rejected", "skipped", "duplicate"].concat(Object.keys(ingest.counts).filter(function (k) {
        return ["read", "rejected", "skipped", "duplicate"].indexOf(k) < 0;
      })).forEach(function (k) {
        counts.appendChild(el("tr", null, el("td", {text: k}), el("td", {cls: "num", text: ingest.counts[k] || 0})));
      });
      docCard.appendChild(counts);
      var notRead = ingest.rows.filter(function (r) { return r[ingest.columns.indexOf("status")] !== "read"; });
      if (notRead.length) {
        docCard.appendChild(el("h3", {text: "Not read"}));
        var t = el("table", {cls: "data", id: "not-read"});
        var cols = ["file", "doc_id", "status", "reason"].map(function (c) { return ingest.columns.indexOf(c); });
        t.appendChild(el("tr", null, el("th", {text: "file"}), el("th", {text: "doc_id"}), el("th", {text: "status"}), el("th", {text: "reason"})));
        notRead.forEach(function (r) {
          var tr = el("tr");
          cols.forEach(function (c) { tr.appendChild(el("td", {text: c >= 0 ? r[c] : ""})); });
          t.appendChild(tr);
        });
        docCard.appendChild(t);
      }
    } else {
      docCard.appendChild(el("p", {text: plural(Object.keys(DOCS).length, "document") + " read."}));
      docCard.appendChild(el("p", {cls: "status", text: "This results folder has no ingest report (ingest.tsv), so documents that were rejected or skipped are not listed."}));
    }
    box.appendChild(docCard);
    box.appendChild(countCard("Triples by effect", countBy(TRIPLES, function (t) { return t.effect; }), "f-effect"));
    box.appendChild(countCard("Triples by regulator type", countBy(TRIPLES, function (t) { return t.regLabel; }), "f-label"));
    box.appendChild(countCard("Triples by drug", countBy(TRIPLES, function (t) { return t.drugId; }), "f-drug",
      function (id) { return drugNames.get(id); }));
    box.appendChild(countCard("Triples by cancer", countBy(TRIPLES, function (t) { return t.cancer; }), "f-cancer"));
  }

  // ----------------------------------------------------------------------------------------- documents

  var docIds = Object.keys(DOCS).sort();
  docIds.forEach(function (id) { byId("doc-select").appendChild(el("option", {value: id, text: DOCS[id].title + " (" + id + ")"})); });
  var docMentions = [];
  TRIPLES.forEach(function (t) { t.docs.forEach(function (d) { docMentions.push(d); }); });
  var busiest = countBy(docMentions, function (d) { return d; });
  if (busiest.length && DOCS[busiest[0][0]]) byId("doc-select").value = busiest[0][0];
  byId("doc-select").addEventListener("change", function (ev) { renderDocument(ev.target.value); });
  legend(byId("doc-legend"), DATA.labels);
  var renderedDoc = null, sentenceNodes = new Map();

  function renderDocument(doc) {
    var d = DOCS[doc], box = clear(byId("doc"));
    renderedDoc = doc;
    sentenceNodes = new Map();
    if (!d) return;
    box.appendChild(el("h2", {text: d.title}));
    var meta = Object.keys(d.meta).filter(function (k) { return ["journal", "year", "doi", "pmid", "pmcid"].indexOf(k) >= 0; })
      .map(function (k) { return k + ": " + d.meta[k]; });
    box.appendChild(el("p", {cls: "meta", text: doc + (meta.length ? " · " + meta.join(" · ") : "")}));
    var relsBySentence = new Map();
    d.rels.forEach(function (r) { if (!relsBySentence.has(r[0])) relsBySentence.set(r[0], []); relsBySentence.get(r[0]).push(r); });
    if (d.text === null) {
      box.appendChild(el("p", {cls: "notice", text: "This document is too large to embed whole: only its evidence sentences are shown."}));
      d.sents.forEach(function (s) { box.appendChild(sentenceNode(doc, s, d.snips[String(s[0])] || "", relsBySentence.get(s[0]))); });
      return;
    }
    var sents = d.sents, k = 0;
    d.sections.forEach(function (sec) {
      if (sec[0] !== "title") box.appendChild(el("h3", {text: sec[1] || sec[0]}));
      sec[2].forEach(function (para) {
        var p = el(sec[0] === "title" ? "div" : "p"), pos = para[0];
        while (k < sents.length && sents[k][3] <= para[0]) k++;
        while (k < sents.length && sents[k][2] < para[1]) {
          var s = sents[k];
          if (s[2] > pos) p.appendChild(markedRange(doc, pos, s[2]));
          p.appendChild(sentenceNode(doc, s, d.text.slice(s[2], s[3]), relsBySentence.get(s[0])));
          pos = s[3];
          k++;
        }
        if (pos < para[1]) p.appendChild(markedRange(doc, pos, para[1]));
        box.appendChild(p);
      });
    });
  }

  function markedRange(doc, start, end) {
    return marked(DOCS[doc].text.slice(start, end), entitySpans(doc, start, end));
  }

  function sentenceNode(doc, s, text, rels) {
    var args = new Set();
    (rels || []).forEach(function (r) { args.add(r[1]); args.add(r[3]); });
    var span = el("span", {cls: "s", "data-sid": s[0]});
    span.appendChild(marked(text, entitySpans(doc, s[2], s[3], args)));
    (rels || []).forEach(function (r) {
      span.appendChild(document.createTextNode(" "));
      span.appendChild(el("span", {cls: "relnote", title: "rule " + (r[11] || "?") + " · " + r[10],
        text: r[5] + " —" + r[7] + "→ " + r[8]}));
    });
    span.appendChild(document.createTextNode(" "));
    sentenceNodes.set(s[0], span);
    return span;
  }

  function openDocument(doc, sid) {
    showView("documents");
    byId("doc-select").value = doc;
    if (renderedDoc !== doc) renderDocument(doc);
    document.querySelectorAll("#doc .s.target").forEach(function (n) { n.classList.remove("target"); });
    var node = sentenceNodes.get(sid);
    if (node) { node.classList.add("target"); node.scrollIntoView({block: "center"}); }
  }

  // ---------------------------------------------------------------------------------------- evaluation

  var evalState = {level: "", kind: "", page: 0};

  function scoreTable(name, table) {
    var cols = table.columns, t = el("table", {cls: "data scores", id: "scores-" + name});
    t.appendChild(el("tr", null));
    cols.forEach(function (c) { t.firstChild.appendChild(el("th", {text: c})); });
    table.rows.forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (v, j) {
        var macro = r[cols.indexOf("label")] === "macro";
        var num = ["precision", "recall", "f1"].indexOf(cols[j]) >= 0 && v !== "" ? Number(v).toFixed(3) :
          macro && ["tp", "fp", "fn"].indexOf(cols[j]) >= 0 ? "" : v;
        tr.appendChild(el("td", {text: num, cls: /^[0-9.]+$/.test(String(v)) ? "num" : ""}));
      });
      t.appendChild(tr);
    });
    return t;
  }

  function renderEvaluation() {
    var ev = DATA.eval, box = byId("evaluation");
    if (!ev) return;
    var names = {summary: "Summary (micro and macro)", entities: "Entities by label", relations: "Relations by predicate",
      triples: "Triples by effect"};
    ["summary", "entities", "relations", "triples"].forEach(function (n) {
      if (!ev.tables[n]) return;
      box.appendChild(el("h2", {text: names[n]}));
      box.appendChild(scoreTable(n, ev.tables[n]));
    });
    box.appendChild(el("h2", {text: "False positives and false negatives"}));
    var controls = el("div", {cls: "filters"});
    var level = el("select", {id: "e-level"}, el("option", {value: "", text: "any"}));
    countBy(ev.errors, function (e) { return e[0]; }).forEach(function (e) { level.appendChild(el("option", {value: e[0], text: e[0] + " (" + e[1] + ")"})); });
    var kind = el("select", {id: "e-kind"}, el("option", {value: "", text: "any"}), el("option", {value: "FP", text: "false positives"}), el("option", {value: "FN", text: "false negatives"}));
    controls.appendChild(el("label", null, "Level", level));
    controls.appendChild(el("label", null, "Kind", kind));
    level.addEventListener("change", function () { evalState.level = level.value; evalState.page = 0; renderErrors(); });
    kind.addEventListener("change", function () { evalState.kind = kind.value; evalState.page = 0; renderErrors(); });
    box.appendChild(controls);
    box.appendChild(el("p", {id: "errors-status", cls: "status"}));
    box.appendChild(el("table", {cls: "data", id: "errors"}));
    var pager = el("div", {cls: "pager"});
    var prev = el("button", {type: "button", text: "‹ previous"}), next = el("button", {type: "button", text: "next ›"});
    prev.addEventListener("click", function () { evalState.page--; renderErrors(); });
    next.addEventListener("click", function () { evalState.page++; renderErrors(); });
    pager.appendChild(prev); pager.appendChild(next);
    box.appendChild(pager);
    evalState.prev = prev; evalState.next = next;
    renderErrors();
  }

  function renderErrors() {
    var errors = DATA.eval.errors.filter(function (e) {
      return (!evalState.level || e[0] === evalState.level) && (!evalState.kind || e[1] === evalState.kind);
    });
    var size = 50, pages = Math.max(1, Math.ceil(errors.length / size));
    evalState.page = Math.max(0, Math.min(evalState.page, pages - 1));
    var table = clear(byId("errors"));
    table.appendChild(el("tr", null, el("th", {text: "level"}), el("th", {text: "kind"}), el("th", {text: "document"}),
      el("th", {text: "label"}), el("th", {text: "item"}), el("th", {text: "sentence"})));
    errors.slice(evalState.page * size, (evalState.page + 1) * size).forEach(function (e) {
      var sentenceCell = el("td", {cls: "sentence"});
      sentenceCell.appendChild(marked(e[6], e[7].map(function (s) {
        return [s[0], s[1], s[2], s[3] ? e[1] + " " + s[2] : s[2], s[3] ? "err" : ""];
      })));
      table.appendChild(el("tr", {cls: "error"}, el("td", {text: e[0]}), el("td", {cls: "kind-" + safeClass(e[1]), text: e[1]}),
        el("td", {text: e[2]}), el("td", {text: e[3]}), el("td", {text: e[4], title: e[5]}), sentenceCell));
    });
    byId("errors-status").textContent = plural(errors.length, "error") + (pages > 1 ? " · page " + (evalState.page + 1) + " of " + pages : "");
    evalState.prev.disabled = evalState.page === 0;
    evalState.next.disabled = evalState.page >= pages - 1;
  }

  // ------------------------------------------------------------------------------------------- views

  function showView(name) {
    document.querySelectorAll("#tabs button").forEach(function (b) {
      b.setAttribute("aria-selected", b.getAttribute("data-view") === name ? "true" : "false");
    });
    document.querySelectorAll("main > .view").forEach(function (v) { v.hidden = v.id !== "view-" + name; });
    if (name === "documents" && renderedDoc === null && docIds.length) renderDocument(byId("doc-select").value);
    if (name === "triples" && cy) { cy.resize(); cy.fit(undefined, 20); }
  }
  document.querySelectorAll("#tabs button").forEach(function (b) {
    b.addEventListener("click", function () { showView(b.getAttribute("data-view")); });
  });

  // --------------------------------------------------------------------------------------------- start

  window.exomineReport = {state: state, cy: null, setFilter: setFilter};
  document.title = DATA.title;
  byId("title").textContent = DATA.title;
  var ingestCounts = DATA.ingest ? DATA.ingest.counts : null;
  byId("summary").textContent = plural(TRIPLES.length, "triple") + " from " + plural(Object.keys(DOCS).length, "document") +
    (ingestCounts && ingestCounts.rejected ? " (" + ingestCounts.rejected + " rejected)" : "") +
    " · " + plural(NODES.length, "network node") + " · exomine " + DATA.version;
  DATA.notices.forEach(function (n) { byId("notices").appendChild(el("p", {cls: "notice", text: n})); });
  if (DATA.eval) document.querySelector("#tabs button[data-view='evaluation']").hidden = false;
  renderOverview();
  if (DATA.eval) renderEvaluation();
  applyFilters();
})();
