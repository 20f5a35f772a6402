/* exomine report viewer, part 3 of 6: curation. A curator marks a triple or a relation correct, wrong or unsure,
 * with a note. Marks are kept in the browser (localStorage, per report title) on top of the marks the run was given
 * (--config curation=FILE), exported as a TSV file in exomine.curation's format and imported from one. */
(function (R) {
  "use strict";

  var el = R.el;
  var COLUMNS = ["kind", "subject", "subject_id", "predicate", "object", "object_id", "doc_id", "sentence_id", "mark",
    "note", "marked_at", "key"];
  var MARKS = ["correct", "wrong", "unsure"];
  var SYMBOLS = {correct: "✓", wrong: "✗", unsure: "?"};
  var STORE = "exomine-curation|" + R.DATA.title;
  var fromRun = R.DATA.curation || {};
  var own = load();
  var listeners = [];

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "{}") || {}; } catch (e) { return {}; }
  }
  function save() {
    try { window.localStorage.setItem(STORE, JSON.stringify(own)); } catch (e) { /* storage off: marks last the visit */ }
  }
  function changed() { listeners.forEach(function (f) { f(); }); }
  function plainId(id) { return id && id.indexOf("text:") !== 0 ? id : ""; }

  /* what a mark is about, for a triple or statement row of the table, or a relation of a document */
  function triple(t) {
    if (t.kind === "statement") {
      var m = t.mentions[0];
      return {kind: "relation", subject: t.reg, subject_id: t.regId, predicate: "confers_" + t.effect, object: t.drug,
        object_id: plainId(t.drugId), doc_id: m[0], sentence_id: String(m[1][0]), key: t.key};
    }
    return {kind: "triple", subject: t.reg, subject_id: t.regId, predicate: "confers_" + t.effect, object: t.drug,
      object_id: plainId(t.drugId), doc_id: t.docs.join(";"), sentence_id: "", key: t.key};
  }
  function relation(doc, r) {  // a relation row of a document (exomine.outputs.reportdata)
    return {kind: "relation", subject: r[5], subject_id: plainId(r[6]), predicate: r[7], object: r[8],
      object_id: plainId(r[9]), doc_id: doc, sentence_id: String(r[0]), key: r[12]};
  }

  function get(key) { return own[key] || fromRun[key] || null; }

  function set(item, mark, note) {
    var m = {};
    COLUMNS.forEach(function (c) { m[c] = item[c] === undefined ? "" : String(item[c]); });
    m.mark = mark;
    m.note = note || "";
    m.marked_at = new Date().toISOString();
    own[item.key] = m;
    save();
    changed();
  }

  function unset(key) { delete own[key]; save(); changed(); }

  function all() {
    var merged = {};
    Object.keys(fromRun).forEach(function (k) { merged[k] = fromRun[k]; });
    Object.keys(own).forEach(function (k) { merged[k] = own[k]; });
    return Object.keys(merged).sort().map(function (k) { return merged[k]; });
  }

  function exportTsv() {
    var rows = [COLUMNS];
    all().forEach(function (m) { rows.push(COLUMNS.map(function (c) { return m[c] || ""; })); });
    return R.delimited(rows, "\t");
  }

  /* marks from a curation file's text; returns how many were taken (rows without a known kind, mark and key are not) */
  function importText(text) {
    var rows = R.parseDelimited(text, "\t");
    if (!rows.length) return 0;
    var head = rows[0], n = 0;
    rows.slice(1).forEach(function (values) {
      var m = {};
      head.forEach(function (c, j) { m[c] = values[j] || ""; });
      if (!m.key || MARKS.indexOf(m.mark) < 0 || (m.kind !== "triple" && m.kind !== "relation")) return;
      var clean = {};
      COLUMNS.forEach(function (c) { clean[c] = m[c] || ""; });
      own[m.key] = clean;
      n++;
    });
    save();
    changed();
    return n;
  }

  /* the mark shown in a table cell */
  function badge(key) {
    var m = get(key);
    if (!m) return el("span", {cls: "mark-none", text: "–", title: "not marked"});
    return el("span", {cls: "mark M-" + R.safeClass(m.mark), text: SYMBOLS[m.mark] + " " + m.mark,
      title: m.note ? m.mark + ": " + m.note : m.mark});
  }

  /* buttons to mark an item and a note field; small: for a relation line */
  function controls(item, small) {
    var current = get(item.key);
    var box = el("span", {cls: "curate" + (small ? " small" : ""), "data-key": item.key});
    var note = el("input", {type: "text", cls: "note", placeholder: "note", "aria-label": "curation note",
      value: current ? current.note : ""});
    MARKS.forEach(function (mark) {
      var on = current && current.mark === mark;
      box.appendChild(el("button", {type: "button", cls: "mk M-" + mark + (on ? " on" : ""), "data-mark": mark,
        "aria-pressed": on ? "true" : "false", title: "mark " + mark, text: small ? SYMBOLS[mark] : SYMBOLS[mark] + " " + mark,
        onclick: function () { set(item, mark, note.value); }}));
    });
    note.addEventListener("change", function () { var m = get(item.key); if (m) set(item, m.mark, note.value); });
    if (!small) box.appendChild(note);
    if (own[item.key]) {
      box.appendChild(el("button", {type: "button", cls: "mk clear", title: "remove my mark", text: "clear",
        onclick: function () { unset(item.key); }}));
    }
    return box;
  }

  R.curation = {get: get, set: set, unset: unset, all: all, exportTsv: exportTsv, importText: importText,
    badge: badge, controls: controls, tripleItem: triple, relationItem: relation,
    onChange: function (f) { listeners.push(f); }, fromRun: Object.keys(fromRun).length};
})(window.exomineReport);
