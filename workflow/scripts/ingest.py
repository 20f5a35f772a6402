"""Rule ingest: one corpus file -> cleaned document (JSON with offsets) and its cleaned text."""
import json
import sys

sys.path.insert(0, str(__import__("pathlib").Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.corpus import read_manifest  # noqa: E402
from exomine.ingest import InputError, read_document  # noqa: E402

log = setup(snakemake)
doc_id = snakemake.wildcards.doc
try:
    manifest = read_manifest(snakemake.input.manifest[0]) if snakemake.input.manifest else {}
    doc = read_document(snakemake.input.source, doc_id, manifest.get(doc_id))
except InputError as exc:
    log.error("cannot ingest %s", exc)
    sys.exit(1)
with open(snakemake.output.text, "w", encoding="utf-8") as fh:
    fh.write(doc.text)
with open(snakemake.output.json, "w", encoding="utf-8") as fh:
    json.dump(doc.to_json(), fh, ensure_ascii=False)
log.info("%s: %d sections, %d characters of cleaned text", doc_id, len(doc.sections), len(doc.text))
