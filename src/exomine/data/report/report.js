/* exomine report viewer, part 6 of 6: the triples table and its filters, each row's evidence, downloads and curation
 * buttons, the first page's notices, and the start. */
(function (R) {
  "use strict";

  var el = R.el, byId = R.byId, clear = R.clear, plural = R.plural, countBy = R.countBy, safeClass = R.safeClass;
  var badge = R.badge;
  var sentence = R.sentence, sectionAt = R.sectionAt, marked = R.marked, entitySpans = R.entitySpans;
  var docLinks = R.docLinks, openDocument = R.openDocument, renderOverview = R.renderOverview;
  var renderEvaluation = R.renderEvaluation;
  var DATA = R.DATA;
  var TRIPLES = R.TRIPLES = DATA.triples;  // the triples, then the statements that are no triples (kind)
  var NODES = DATA.nodes;                  // [id, name, label]
  var DOCS = DATA.docs;
  var FINDINGS = TRIPLES.filter(function (t) { return t.kind === "triple"; });
  var N_COLUMNS = 11;

  // ------------------------------------------------------------------------------------------- filters

  var state = R.state = {search: "", effect: "", label: "", drug: "", cancer: "", cls: "", assertion: "triple",
    minBelief: 0, mark: "", ndocs: 1, node: null, sortKey: "nDocs", sortDir: -1, page: 0, pageSize: 100, filtered: [],
    open: new Set()};

  var haystack = TRIPLES.map(function (t) {
    return [t.reg, t.regId, t.targets.map(function (x) { return x[0]; }).join(" "), t.drug, t.cancer, t.cell,
      t.docs.join(" "), t.evidence, t.rules.join(" "), t.assertion].join("\u0001").toLowerCase();
  });
  var tripleNodes = TRIPLES.map(function (t) {
    var s = new Set();
    t.edges.forEach(function (i) { s.add(DATA.edges[i][0]); s.add(DATA.edges[i][1]); });
    return s;
  });

  function fillSelect(select, entries, labelOf) {
    entries.forEach(function (e) {
      select.appendChild(el("option", {value: e[0], text: (labelOf ? labelOf(e[0]) : e[0]) + " (" + e[1] + ")"}));
    });
  }

  /* the triples of each value (a value only statements have counts 0) */
  function tripleCounts(key) {
    var counts = countBy(FINDINGS, key), seen = new Set(counts.map(function (c) { return c[0]; }));
    countBy(TRIPLES, key).forEach(function (c) { if (!seen.has(c[0])) counts.push([c[0], 0]); });
    return counts;
  }

  var drugNames = R.drugNames = new Map();
  TRIPLES.forEach(function (t) { if (!drugNames.has(t.drugId)) drugNames.set(t.drugId, t.drug + (t.drugClass ? " [class]" : "")); });
  fillSelect(byId("f-effect"), tripleCounts(function (t) { return t.effect; }));
  fillSelect(byId("f-label"), tripleCounts(function (t) { return t.regLabel; }));
  fillSelect(byId("f-drug"), tripleCounts(function (t) { return t.drugId; }).sort(function (a, b) {
    return drugNames.get(a[0]).localeCompare(drugNames.get(b[0]));
  }), function (id) { return drugNames.get(id); });
  fillSelect(byId("f-cancer"), tripleCounts(function (t) { return t.cancer; }).sort(function (a, b) {
    return a[0].localeCompare(b[0]);
  }));
  (function assertionOptions() {  // the triples first and chosen; the statements that are none; each assertion
    var select = byId("f-assertion"), counts = new Map(countBy(TRIPLES, function (t) { return t.assertion; }));
    select.appendChild(el("option", {value: "triple", text: "triples (" + FINDINGS.length + ")", selected: "selected"}));
    select.appendChild(el("option", {value: "statement", text: "statements that are no triple (" +
      (TRIPLES.length - FINDINGS.length) + ")"}));
    select.appendChild(el("option", {value: "", text: "both (" + TRIPLES.length + ")"}));
    DATA.assertions.forEach(function (a) {
      select.appendChild(el("option", {value: a, text: "asserted as " + a + " (" + (counts.get(a) || 0) + ")"}));
    });
  })();

  function matches(t, i) {
    if (state.search && haystack[i].indexOf(state.search) < 0) return false;
    if (state.effect && t.effect !== state.effect) return false;
    if (state.label && t.regLabel !== state.label) return false;
    if (state.drug && t.drugId !== state.drug) return false;
    if (state.cancer && t.cancer !== state.cancer) return false;
    if (state.cls && (state.cls === "class") !== t.drugClass) return false;
    if (state.assertion === "triple" || state.assertion === "statement" ? t.kind !== state.assertion :
      state.assertion && t.assertion !== state.assertion) return false;
    if (t.belief < state.minBelief) return false;
    if (state.mark) {
      var m = R.curation.get(t.key);
      if (state.mark === "none" ? m : !m || m.mark !== state.mark) return false;
    }
    if (t.nDocs < state.ndocs) return false;
    if (state.node !== null && !tripleNodes[i].has(state.node)) return false;
    return true;
  }

  function sortValue(t, key) {
    if (key === "targets") return t.targets.map(function (x) { return x[0]; }).join(";").toLowerCase();
    if (key === "nDocs" || key === "belief") return t[key];
    if (key === "mark") { var m = R.curation.get(t.key); return m ? m.mark : ""; }
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
    R.scheduleNetwork();
  }

  function readFilters() {
    state.search = byId("f-search").value.trim().toLowerCase();
    state.effect = byId("f-effect").value;
    state.label = byId("f-label").value;
    state.drug = byId("f-drug").value;
    state.cancer = byId("f-cancer").value;
    state.cls = byId("f-class").value;
    state.assertion = byId("f-assertion").value;
    state.minBelief = Math.min(1, Math.max(0, parseFloat(byId("f-belief").value) || 0));
    state.mark = byId("f-mark").value;
    state.ndocs = Math.max(1, parseInt(byId("f-ndocs").value, 10) || 1);
    applyFilters();
  }

  var searchTimer = null;
  byId("f-search").addEventListener("input", function () { clearTimeout(searchTimer); searchTimer = setTimeout(readFilters, 150); });
  ["f-effect", "f-label", "f-drug", "f-cancer", "f-class", "f-assertion", "f-belief", "f-mark", "f-ndocs"].forEach(function (id) {
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
  R.setNode = setNode;
  byId("f-node").addEventListener("click", function () { setNode(null); });

  function setFilter(id, value) {
    var select = byId(id);
    select.value = value;
    readFilters();
    showView("triples");
  }
  R.setFilter = setFilter;

  // --------------------------------------------------------------------------------------------- table

  var headers = document.querySelectorAll("#triples th[data-key]");
  headers.forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      if (state.sortKey === key) state.sortDir = -state.sortDir;
      else { state.sortKey = key; state.sortDir = key === "nDocs" || key === "belief" ? -1 : 1; }
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
    var what = state.assertion === "triple" ? "triple" : "row";
    byId("table-status").textContent = n === 0 ? "No row matches the filters." :
      "Showing " + (first + 1) + "–" + last + " of " + plural(n, what) +
      (n < TRIPLES.length ? " (" + FINDINGS.length.toLocaleString("en") + " triples and " +
        plural(TRIPLES.length - FINDINGS.length, "statement") + " that are no triples in all)" : "");
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
      var link = R.idLink(x[1]);
      if (link) targets.appendChild(link);
    });
    return el("tr", {cls: "triple " + (t.kind === "statement" ? "statement A-" + safeClass(t.assertion) : ""), "data-index": i,
      "data-key": t.key},
      el("td", null, toggle),
      el("td", {title: t.regId}, t.reg, badge(t.regLabel, "L-" + safeClass(t.regLabel)), R.idLink(t.regId)),
      targets,
      el("td", {cls: "drug", title: t.drugId}, t.drug, t.drugClass ? badge("class", "cls") : null, R.idLink(t.drugId)),
      el("td", {text: t.effect}),
      el("td", null, R.assertionChip(t.assertion)),
      el("td", {cls: "num belief", text: R.belief(t.belief), title: "belief " + t.belief.toFixed(4) + " from " +
        plural(t.mentions.length, "mention")}),
      el("td", {text: t.cancer}),
      el("td", {text: t.cell}),
      el("td", {cls: "num", text: t.nDocs, title: plural(t.nMentions, "mention")}),
      el("td", {cls: "mark-cell"}, R.curation.badge(t.key)));
  }

  // ------------------------------------------------------------------------------------------ evidence

  function relationLine(doc, r) {  // a relation row of a document: see exomine.outputs.reportdata
    return el("li", {cls: "rel A-" + safeClass(r[10])}, r[5] + " —" + r[7] + "→ " + r[8] + " ", R.assertionChip(r[10]), " ",
      el("span", {cls: "rule", text: r[11] || "no rule id"}), " ",
      R.curation.controls(R.curation.relationItem(doc, r), true));
  }

  /* one mention of a row: [doc, [sentence ids], section, rule, belief]; the first is the primary evidence */
  function evidenceBlock(m, rank, nodeIds, t) {
    var doc = m[0], d = DOCS[doc];
    var box = el("div", {cls: "evidence" + (rank === 0 ? " primary" : ""), "data-doc": doc, "data-section": m[2],
      "data-rule": m[3], "data-belief": m[4]});
    var where = el("div", {cls: "where"}, el("strong", {text: rank === 0 ? "primary evidence" : "mention " + (rank + 1)}), " · ");
    var open = el("a", {href: "#", text: d ? d.title : doc});
    open.addEventListener("click", function (ev) { ev.preventDefault(); openDocument(doc, m[1][0]); });
    where.appendChild(open);
    where.appendChild(document.createTextNode(" (" + doc + ")"));
    var first = sentence(doc, m[1][0]);
    var sec = first ? sectionAt(doc, first.start) : null;
    where.appendChild(el("span", {cls: "section", text: " · " + (sec ? sec[1] || sec[0] : m[2] || "section unknown") +
      (m[2] && sec && sec[1] && sec[1].toLowerCase() !== m[2] ? " [" + m[2] + "]" : "")}));
    where.appendChild(document.createTextNode(" · sentence " + m[1].join(", ") + " · rule "));
    where.appendChild(el("span", {cls: "rule", text: m[3] || "none recorded"}));
    where.appendChild(document.createTextNode(" · belief " + R.belief(m[4])));
    where.appendChild(docLinks(doc));
    box.appendChild(where);
    m[1].forEach(function (sid) {
      var s = sentence(doc, sid);
      if (!s) {
        box.appendChild(el("p", {cls: "sentence", text: rank === 0 ? t.evidence : "(sentence not in the report)"}));
        return;
      }
      var rels = (d.rels || []).filter(function (r) { return r[0] === sid && (nodeIds.has(r[6]) || nodeIds.has(r[9])); });
      var args = new Set();
      rels.forEach(function (r) { args.add(r[1]); args.add(r[3]); });
      var p = el("p", {cls: "sentence"});
      p.appendChild(marked(s.text, entitySpans(doc, s.start, s.end, args)));
      box.appendChild(p);
      if (rels.length) {
        var ul = el("ul", {cls: "rels"});
        rels.forEach(function (r) { ul.appendChild(relationLine(doc, r)); });
        box.appendChild(ul);
      }
    });
    return box;
  }

  function beliefNote(t) {
    var ps = t.mentions.map(function (m) { return R.belief(m[4]); });
    if (t.kind === "statement") return "belief " + R.belief(t.belief) + ": the rule's prior weighted by the assertion (" + t.assertion + ")";
    return "belief " + R.belief(t.belief) + (ps.length > 1 ? " = 1 − Π(1 − p) over its mentions (p = " + ps.join(", ") + ")" :
      " (one mention)");
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
    ids.add(t.regId || "text:" + t.reg);
    ids.add(t.drugId);
    var td = el("td", {colspan: N_COLUMNS});
    td.appendChild(el("div", {cls: "where"}, (t.kind === "statement" ? "a statement that is no triple · " : "") +
      "rules behind this " + (t.kind === "statement" ? "statement" : "triple") + ": ",
      t.rules.length ? el("span", {cls: "rule", text: t.rules.join("; ")}) : "none recorded",
      " · " + plural(t.nMentions, "mention") + " in " + plural(t.nDocs, "document") + " · " + beliefNote(t)));
    if (t.kind !== "statement") td.appendChild(el("div", {cls: "where"}, whereText(t)));
    td.appendChild(el("div", {cls: "curation-row"}, "Curation: ", R.curation.controls(R.curation.tripleItem(t), false)));
    if (!t.mentions.length) td.appendChild(el("p", {cls: "sentence", text: t.evidence}));
    t.mentions.forEach(function (m, rank) { td.appendChild(evidenceBlock(m, rank, ids, t)); });
    return el("tr", {cls: "detail"}, td);
  }

  // ------------------------------------------------------------------------------------------- views

  function showView(name) {
    document.querySelectorAll("#tabs button").forEach(function (b) {
      b.setAttribute("aria-selected", b.getAttribute("data-view") === name ? "true" : "false");
    });
    document.querySelectorAll("main > .view").forEach(function (v) { v.hidden = v.id !== "view-" + name; });
    if (name === "documents") R.documentsShown();
    if (name === "triples" && R.cy) { R.cy.resize(); R.cy.fit(undefined, 20); }
  }
  R.showView = showView;
  document.querySelectorAll("#tabs button").forEach(function (b) {
    b.addEventListener("click", function () { showView(b.getAttribute("data-view")); });
  });

  // ------------------------------------------------------------------------------- downloads, curation

  byId("download-csv").addEventListener("click", R.downloadCsv);
  byId("export-marks").addEventListener("click", function () {
    R.download(R.curation.exportTsv(), "exomine-curation.tsv", "text/tab-separated-values;charset=utf-8");
  });
  byId("import-marks").addEventListener("change", function (ev) {
    var file = ev.target.files && ev.target.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var n = R.curation.importText(String(reader.result));
      byId("curation-status").textContent = plural(n, "mark") + " imported from " + file.name;
      ev.target.value = "";
    };
    reader.readAsText(file);
  });
  function curationStatus() {
    var marks = R.curation.all(), counts = countBy(marks, function (m) { return m.mark; });
    byId("curation-status").textContent = marks.length ? plural(marks.length, "mark") + ": " +
      counts.map(function (c) { return c[1] + " " + c[0]; }).join(", ") +
      (R.curation.fromRun ? " (" + R.curation.fromRun + " given to the run)" : "") : "no marks yet";
  }
  R.curation.onChange(function () { applyFilters(true); curationStatus(); });

  /* the files that were not read, on the first page: rejected and skipped ones, with the reason */
  function notReadNotice() {
    var ingest = DATA.ingest;
    if (!ingest) return;
    var status = ingest.columns.indexOf("status"), file = ingest.columns.indexOf("file"), reason = ingest.columns.indexOf("reason");
    var rows = ingest.rows.filter(function (r) { return r[status] === "rejected" || r[status] === "skipped"; });
    if (!rows.length) return;
    var box = el("details", {cls: "notice not-read", id: "not-read-notice"},
      el("summary", {text: plural(rows.length, "file") + " of the corpus " + (rows.length === 1 ? "was" : "were") +
        " not read (" + countBy(rows, function (r) { return r[status]; }).map(function (c) { return c[1] + " " + c[0]; }).join(", ") + ")"}));
    var list = el("ul");
    rows.slice(0, 200).forEach(function (r) {
      list.appendChild(el("li", null, el("code", {text: r[file]}), " — " + r[status] + ": " + (r[reason] || "no reason given")));
    });
    box.appendChild(list);
    if (rows.length > 200) box.appendChild(el("p", {text: "… and " + (rows.length - 200) + " more in the Overview."}));
    byId("notices").appendChild(box);
  }

  // --------------------------------------------------------------------------------------------- start

  document.title = DATA.title;
  byId("title").textContent = DATA.title;
  var ingestCounts = DATA.ingest ? DATA.ingest.counts : null;
  byId("summary").textContent = plural(FINDINGS.length, "triple") + " from " + plural(Object.keys(DOCS).length, "document") +
    (ingestCounts && ingestCounts.rejected ? " (" + ingestCounts.rejected + " rejected)" : "") +
    " · " + plural(TRIPLES.length - FINDINGS.length, "statement") + " that " +
    (TRIPLES.length - FINDINGS.length === 1 ? "is" : "are") + " no finding · " + plural(NODES.length, "network node") +
    " · exomine " + DATA.version;
  DATA.notices.forEach(function (n) { byId("notices").appendChild(el("p", {cls: "notice", text: n})); });
  notReadNotice();
  if (DATA.eval) document.querySelector("#tabs button[data-view='evaluation']").hidden = false;
  renderOverview();
  if (DATA.eval) renderEvaluation();
  curationStatus();
  applyFilters();
})(window.exomineReport);
