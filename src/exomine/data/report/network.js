/* exomine report viewer, part 4 of 6: the regulator -> target -> drug network of the filtered triples (Cytoscape.js),
 * with a legend for its nodes and edges. A large network hides its small components (a lone regulator -> drug pair)
 * unless asked not to, and lays out with a fixed seed, so that the same filters always draw the same picture. */
(function (R) {
  "use strict";

  var el = R.el, byId = R.byId, plural = R.plural;
  var NODES = R.DATA.nodes, EDGES = R.DATA.edges;  // [id, name, label]; [source, target, predicate]
  var MAX_NODES = 250;  // the network draws at most this many nodes (strongest edges first)
  var LARGE = 40;       // a network of more nodes hides its components smaller than the chosen size
  var ARROWS = {inhibits: "⊣", downregulates: "⊣", chain: "⇢"};
  var netTimer = null;

  R.scheduleNetwork = function () { clearTimeout(netTimer); netTimer = setTimeout(drawNetwork, 30); };

  function supportOfEdges() {  // edge index -> Set of documents, over the filtered triples
    var support = new Map();
    R.state.filtered.forEach(function (i) {
      var t = R.TRIPLES[i];
      t.edges.forEach(function (e) {
        if (!support.has(e)) support.set(e, new Set());
        var s = support.get(e);
        t.docs.forEach(function (d) { s.add(d); });
      });
    });
    return Array.from(support.entries()).sort(function (a, b) { return b[1].size - a[1].size || a[0] - b[0]; });
  }

  function components(nodes, kept) {  // node -> its component's root (union-find)
    var parent = new Map();
    nodes.forEach(function (n) { parent.set(n, n); });
    function find(n) { while (parent.get(n) !== n) { parent.set(n, parent.get(parent.get(n))); n = parent.get(n); } return n; }
    kept.forEach(function (e) { parent.set(find(EDGES[e[0]][0]), find(EDGES[e[0]][1])); });
    var size = new Map();
    nodes.forEach(function (n) { var r = find(n); size.set(r, (size.get(r) || 0) + 1); });
    return {root: find, size: size};
  }

  function networkElements() {
    var edges = supportOfEdges();
    var nodes = new Set(), all = new Set(), kept = [];
    edges.forEach(function (e) { all.add(EDGES[e[0]][0]); all.add(EDGES[e[0]][1]); });
    edges.forEach(function (e) {
      var s = EDGES[e[0]][0], o = EDGES[e[0]][1];
      var extra = (nodes.has(s) ? 0 : 1) + (nodes.has(o) ? 0 : 1);
      if (nodes.size + extra > MAX_NODES) return;
      nodes.add(s); nodes.add(o); kept.push(e);
    });
    var minSize = Math.max(2, parseInt(byId("net-min").value, 10) || 3), hidden = {parts: 0, nodes: 0};
    if (byId("net-small").checked && nodes.size > LARGE) {
      var c = components(nodes, kept);
      c.size.forEach(function (n) { if (n < minSize) { hidden.parts++; hidden.nodes += n; } });
      nodes = new Set(Array.from(nodes).filter(function (n) { return c.size.get(c.root(n)) >= minSize; }));
      kept = kept.filter(function (e) { return nodes.has(EDGES[e[0]][0]); });
    }
    var elements = [];
    nodes.forEach(function (n) {
      elements.push({group: "nodes", data: {id: "n" + n, index: n, name: NODES[n][1], label: NODES[n][2],
        color: R.labelColor(NODES[n][2])}});
    });
    kept.forEach(function (e) {
      var edge = EDGES[e[0]];
      elements.push({group: "edges", data: {id: "e" + e[0], source: "n" + edge[0], target: "n" + edge[1],
        predicate: edge[2], support: e[1].size, color: R.PRED_COLORS[edge[2]] || "#868e96"}});
    });
    return {elements: elements, nodes: nodes.size, edges: kept.length, allNodes: all.size, allEdges: edges.length,
      hidden: hidden, minSize: minSize};
  }

  /* run a layout with Math.random seeded: cose starts from random positions, and a fixed start draws the same picture */
  function seeded(run) {
    var saved = Math.random, s = 20240601;
    Math.random = function () { s = (s * 16807) % 2147483647; return (s - 1) / 2147483646; };
    try { run(); } finally { Math.random = saved; }
  }

  function layoutOptions(cy) {
    var name = byId("net-layout").value;
    if (name === "breadthfirst") {
      return {name: "breadthfirst", directed: true, spacingFactor: 1.1, animate: false,
        roots: cy.nodes().filter(function (n) { return n.indegree() === 0; })};
    }
    if (name === "concentric") {
      return {name: "concentric", animate: false, minNodeSpacing: 12,
        concentric: function (n) { return n.degree(); }, levelWidth: function () { return 2; }};
    }
    // compact: short edges, strong gravity and close components keep the labels legible once the graph is fitted
    return {name: "cose", animate: false, randomize: true, componentSpacing: 15, nodeRepulsion: function () { return 3000; },
      idealEdgeLength: function () { return 32; }, gravity: 1.5, numIter: 2500, padding: 6};
  }

  function relayout() {
    var cy = R.cy;
    if (!cy) return;
    seeded(function () { cy.layout(layoutOptions(cy)).run(); });
    cy.fit(undefined, 20);
  }

  function makeGraph() {
    var cy = cytoscape({
      container: byId("network"), elements: [], minZoom: 0.1, maxZoom: 4,
      style: [
        {selector: "node", style: {"background-color": "data(color)", label: "data(name)", "font-size": 10,
          "text-valign": "bottom", "text-margin-y": 2, width: 14, height: 14, color: "#1d232a",
          "text-outline-color": "#fff", "text-outline-width": 2}},
        {selector: "node[label = 'DRUG']", style: {shape: "round-rectangle", width: 22, height: 13, "font-weight": 600}},
        {selector: "node[label = 'GENE']", style: {shape: "diamond"}},
        {selector: "node[label = 'CIRCRNA'], node[label = 'LNCRNA']", style: {shape: "hexagon"}},
        {selector: "edge", style: {"line-color": "data(color)", "target-arrow-color": "data(color)",
          "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.8, opacity: 0.85,
          width: "mapData(support, 1, 10, 1.5, 6)"}},
        {selector: "edge[predicate = 'inhibits'], edge[predicate = 'downregulates']", style: {"target-arrow-shape": "tee"}},
        {selector: "edge[predicate = 'chain']", style: {"line-style": "dashed"}},
        {selector: "node:selected", style: {"border-width": 3, "border-color": "#1f6feb"}}
      ]
    });
    cy.on("tap", "node", function (ev) { R.setNode(ev.target.data("index")); });
    return cy;
  }

  function drawNetwork() {
    var g = networkElements();
    if (typeof cytoscape !== "function") { byId("net-status").textContent = "Cytoscape.js did not load."; return; }
    if (!R.cy) R.cy = makeGraph();
    R.cy.batch(function () { R.cy.elements().remove(); R.cy.add(g.elements); });
    relayout();
    var text = plural(g.nodes, "node") + ", " + plural(g.edges, "edge");
    if (!g.nodes && R.state.filtered.length) text += " (statements that are no findings draw no edge)";
    if (g.hidden.parts) {
      text += " · " + plural(g.hidden.parts, "small part") + " (" + plural(g.hidden.nodes, "node") + ", under " +
        g.minSize + " nodes each) hidden";
    }
    if (g.nodes + g.hidden.nodes < g.allNodes) {
      text += " — the " + g.allNodes.toLocaleString("en") + " nodes of these triples are too many to draw: " +
        "showing the best-supported edges only; narrow the filters to see the rest.";
    }
    var status = byId("net-status");
    status.textContent = text;
    status.setAttribute("data-nodes", g.nodes);
    status.setAttribute("data-edges", g.edges);
    status.setAttribute("data-all-nodes", g.allNodes);
    status.setAttribute("data-hidden-nodes", g.hidden.nodes);
    status.setAttribute("data-triples", R.state.filtered.length);  // the rows the network is drawn for
    edgeLegend(g.elements);
  }

  /* what the node colours and shapes and the edge colours, heads and dashes mean, for what is drawn */
  function edgeLegend(elements) {
    var box = R.clear(byId("net-edge-legend"));
    var used = new Set(elements.filter(function (e) { return e.group === "edges"; }).map(function (e) { return e.data.predicate; }));
    R.DATA.predicates.filter(function (p) { return used.has(p); }).forEach(function (p) {
      var line = el("span", {cls: "swatch" + (p === "chain" ? " dashed" : "")});
      line.style.borderTopColor = R.PRED_COLORS[p] || "#868e96";
      box.appendChild(el("span", {cls: "edge-key", "data-predicate": p,
        title: p === "chain" ? "a chain link that no sentence states as a typed relation" : "stated as " + p},
        line, (ARROWS[p] || "→") + " " + p.replace("confers_", "confers ")));
    });
    if (used.size) box.appendChild(el("span", {cls: "status", text: "line width: number of documents"}));
  }

  byId("net-layout").addEventListener("change", relayout);
  byId("net-fit").addEventListener("click", function () { if (R.cy) R.cy.fit(undefined, 20); });
  ["net-small", "net-min"].forEach(function (id) { byId(id).addEventListener("change", R.scheduleNetwork); });

  var usedLabels = Array.from(new Set(NODES.map(function (n) { return n[2]; })));
  R.legend = function (box, labels) {
    R.clear(box);
    labels.forEach(function (l) { box.appendChild(el("span", {cls: "L-" + R.safeClass(l), text: l})); });
  };
  R.legend(byId("net-legend"), usedLabels);
})(window.exomineReport);
