/* exomine report viewer, part 5 of 6: sentences of the documents and their markup, the overview, the documents view
 * and the evaluation view. */
(function (R) {
  "use strict";

  var el = R.el, byId = R.byId, clear = R.clear, plural = R.plural, countBy = R.countBy, safeClass = R.safeClass;
  var legend = R.legend;
  var DATA = R.DATA, DOCS = DATA.docs;
  var FINDINGS = DATA.triples.filter(function (t) { return t.kind === "triple"; });
  function setFilter(id, value) { R.setFilter(id, value); }
  function drugName(id) { return R.drugNames.get(id); }

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
    box.appendChild(countCard("Triples by effect", countBy(FINDINGS, function (t) { return t.effect; }), "f-effect"));
    box.appendChild(countCard("Triples by regulator type", countBy(FINDINGS, function (t) { return t.regLabel; }), "f-label"));
    box.appendChild(countCard("Triples by drug", countBy(FINDINGS, function (t) { return t.drugId; }), "f-drug",
      drugName));
    box.appendChild(countCard("Triples by cancer", countBy(FINDINGS, function (t) { return t.cancer; }), "f-cancer"));
  }

  // ----------------------------------------------------------------------------------------- documents

  var docIds = Object.keys(DOCS).sort();
  docIds.forEach(function (id) { byId("doc-select").appendChild(el("option", {value: id, text: DOCS[id].title + " (" + id + ")"})); });
  var docMentions = [];
  FINDINGS.forEach(function (t) { t.docs.forEach(function (d) { docMentions.push(d); }); });
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
    box.appendChild(el("p", {cls: "meta"}, doc + (meta.length ? " · " + meta.join(" · ") : ""), docLinks(doc)));
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
      span.appendChild(el("span", {cls: "relnote A-" + safeClass(r[10]), "data-assertion": r[10],
        title: "rule " + (r[11] || "?") + " · " + r[10]}, r[5] + " —" + r[7] + "→ " + r[8] + " ", R.assertionChip(r[10])));
    });
    span.appendChild(document.createTextNode(" "));
    sentenceNodes.set(s[0], span);
    return span;
  }

  function openDocument(doc, sid) {
    R.showView("documents");
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


  function docLinks(doc) {  // the document's PubMed, PMC and DOI pages (exomine.outputs.links)
    var frag = document.createDocumentFragment();
    ((DOCS[doc] || {}).links || []).forEach(function (l) {
      var a = R.linkOut(l[1], l[0]);
      if (a) { frag.appendChild(document.createTextNode(" ")); frag.appendChild(a); }
    });
    return frag;
  }

  R.sentence = sentence;
  R.sectionAt = sectionAt;
  R.marked = marked;
  R.entitySpans = entitySpans;
  R.docLinks = docLinks;
  R.openDocument = openDocument;
  R.renderOverview = renderOverview;
  R.renderEvaluation = renderEvaluation;
  R.documentsShown = function () { if (renderedDoc === null && docIds.length) renderDocument(byId("doc-select").value); };
})(window.exomineReport);
