/* exomine report viewer, part 2 of 6: the filtered table as a CSV download (made in the browser, a Blob). */
(function (R) {
  "use strict";

  R.CSV_COLUMNS = ["kind", "regulator", "regulator_label", "regulator_id", "targets", "target_ids", "drug", "drug_id",
    "effect", "assertion", "belief", "cancer", "source_cell", "n_mentions", "n_docs", "doc_ids", "evidence", "rule",
    "curation_mark", "curation_note"];

  function csvRow(t) {
    var mark = R.curation ? R.curation.get(t.key) : null;
    return [t.kind, t.reg, t.regLabel, t.regId, t.targets.map(function (x) { return x[0]; }).join(";"),
      t.targets.map(function (x) { return x[1]; }).join(";"), t.drug, t.drugId.indexOf("text:") === 0 ? "" : t.drugId,
      t.effect, t.assertion, t.belief.toFixed(4), t.cancer, t.cell, t.nMentions, t.nDocs, t.docs.join(";"), t.evidence,
      t.rules.join(";"), mark ? mark.mark : "", mark ? mark.note : ""];
  }

  /* the rows the table shows (every page), in its order, as CSV: formula cells neutralised, fields quoted */
  R.tableCsv = function () {
    var rows = [R.CSV_COLUMNS];
    R.state.filtered.forEach(function (i) { rows.push(csvRow(R.TRIPLES[i])); });
    return R.delimited(rows, ",");
  };

  R.downloadCsv = function () {
    R.download("\uFEFF" + R.tableCsv(), "exomine-triples.csv", "text/csv;charset=utf-8");
  };
})(window.exomineReport);
