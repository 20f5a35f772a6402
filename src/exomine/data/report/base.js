/* exomine report viewer, part 1 of 6 (base.js, downloads.js, curation.js, network.js, views.js, report.js: exomine.outputs.htmlreport
 * joins them into the page's one script). The data comes from the JSON block written by exomine.outputs.htmlreport;
 * every string from a document is put on the page with textContent / createTextNode / setAttribute, never as markup.
 * The parts share one namespace, window.exomineReport (R). */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("exomine-data").textContent);
  var R = window.exomineReport = {DATA: DATA, cy: null};

  R.COLORS = {MIRNA: "#d9480f", CIRCRNA: "#ae3ec9", LNCRNA: "#7048e8", GENE: "#1971c2", DRUG: "#2b8a3e",
    CANCER: "#c2255c", CELL: "#e67700", PATHWAY: "#0c8599", OTHER: "#868e96"};
  R.PRED_COLORS = {targets: "#1971c2", sponges: "#ae3ec9", upregulates: "#2f9e44", activates: "#2f9e44",
    downregulates: "#e03131", inhibits: "#e03131", confers_resistance: "#c92a2a", confers_sensitivity: "#2b8a3e",
    chain: "#adb5bd"};

  R.el = function (tag, props) {
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
  };
  R.clear = function (node) { while (node.firstChild) node.removeChild(node.firstChild); return node; };
  R.safeClass = function (s) { return String(s || "OTHER").replace(/[^A-Za-z0-9_-]/g, "_"); };
  R.byId = function (id) { return document.getElementById(id); };
  R.plural = function (n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); };
  R.labelColor = function (label) { return R.COLORS[label] || R.COLORS.OTHER; };
  R.badge = function (text, cls) { return R.el("span", {cls: "badge " + (cls || ""), text: text}); };
  R.belief = function (b) { return (Math.round(b * 100) / 100).toFixed(2); };

  /* the assertion of a statement, styled by kind: finding, hedged, association, aim, negated */
  R.assertionChip = function (assertion) {
    var a = assertion || "finding";
    return R.el("span", {cls: "assert A-" + R.safeClass(a), text: a,
      title: a === "finding" ? "stated as a finding" : "stated as " + a + ": not a finding, no triple"});
  };

  /* a link out (https only: the URLs are built by exomine.outputs.links from identifiers of a known shape) */
  R.linkOut = function (url, text, title) {
    if (typeof url !== "string" || url.indexOf("https://") !== 0) return null;
    return R.el("a", {href: url, target: "_blank", rel: "noopener noreferrer", cls: "out", text: text, title: title || url});
  };
  R.idLink = function (id, text) { return R.linkOut((DATA.idLinks || {})[id], text || "↗", id); };

  R.countBy = function (items, key) {
    var m = new Map();
    items.forEach(function (x) { var k = key(x); if (k === "" || k === undefined) return; m.set(k, (m.get(k) || 0) + 1); });
    return Array.from(m.entries()).sort(function (a, b) { return b[1] - a[1] || String(a[0]).localeCompare(String(b[0])); });
  };

  /* A cell that no spreadsheet runs as a formula (exomine.tables.neutralise_cell): a leading apostrophe before
   * = + - @ unless the text is a number; restoreCell is its inverse. */
  var FORMULA = /^'*[=+\-@]/, NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  R.neutralise = function (v) {
    var s = v === null || v === undefined ? "" : String(v);
    return s && FORMULA.test(s) && !NUMBER.test(s) ? "'" + s : s;
  };
  R.restoreCell = function (s) { return s.charAt(0) === "'" && FORMULA.test(s.slice(1)) ? s.slice(1) : s; };

  /* delimited text: a field with the delimiter, a quote or a line break is quoted, quotes doubled */
  R.delimited = function (rows, delim) {
    return rows.map(function (row) {
      return row.map(function (v) {
        var s = R.neutralise(v);
        return /["\r\n]/.test(s) || s.indexOf(delim) >= 0 ? '"' + s.replace(/"/g, '""') + '"' : s;
      }).join(delim);
    }).join("\r\n") + "\r\n";
  };

  /* parse delimited text (quotes as R.delimited writes them) into rows of strings */
  R.parseDelimited = function (text, delim) {
    var rows = [], row = [], field = "", i = 0, quoted = false;
    text = text.replace(/^\uFEFF/, "");
    while (i < text.length) {
      var c = text.charAt(i);
      if (quoted) {
        if (c === '"' && text.charAt(i + 1) === '"') { field += '"'; i += 2; continue; }
        if (c === '"') { quoted = false; i++; continue; }
        field += c; i++; continue;
      }
      if (c === '"' && field === "") { quoted = true; i++; continue; }
      if (c === delim) { row.push(field); field = ""; i++; continue; }
      if (c === "\r" || c === "\n") {
        row.push(field); field = "";
        if (row.length > 1 || row[0] !== "") rows.push(row);
        row = [];
        i += c === "\r" && text.charAt(i + 1) === "\n" ? 2 : 1;
        continue;
      }
      field += c; i++;
    }
    if (field !== "" || row.length) { row.push(field); rows.push(row); }
    return rows.map(function (r) { return r.map(R.restoreCell); });
  };

  /* offer text as a file download (a Blob URL, revoked after the click) */
  R.download = function (text, name, type) {
    var url = URL.createObjectURL(new Blob([text], {type: type || "text/plain;charset=utf-8"}));
    var a = R.el("a", {href: url, download: name});
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    R.lastDownload = {name: name, text: text};  // for tests and for the curious
  };
})();
