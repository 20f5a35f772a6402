"""Regenerate corpus/gold/*.txt from today's ingestion and remap the brat .ann spans to it.

Run from the repository root after a change to ingestion or normalisation:
``PYTHONPATH=src python tools/remap_gold.py .``. Offsets are carried through a
character alignment (difflib) of the old and the new text; only equal-length
changes are remapped, and every span text is re-read from the new text.
"""
import csv, difflib, sys
from pathlib import Path
from exomine.reading.ingest import read_document

root = Path(sys.argv[1])
gold = root / "corpus" / "gold"
manifest = {r["doc_id"]: r for r in csv.DictReader(open(root / "corpus" / "manifest.tsv"), delimiter="\t")}
for ann in sorted(gold.glob("*.ann")):
    doc_id = ann.stem
    old = ann.with_suffix(".txt").read_text(encoding="utf-8")
    new = read_document(root / "corpus" / manifest[doc_id]["file"], doc_id, manifest[doc_id]).text
    if old == new:
        print(doc_id, "unchanged"); continue
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    mapping = {}
    same_length = True
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal" and (i2 - i1) != (j2 - j1):
            same_length = False
        if tag in ("equal", "replace") and (i2 - i1) == (j2 - j1):
            for k in range(i2 - i1 + 1):
                mapping[i1 + k] = j1 + k
    lines_out = []
    changed = 0
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, mid, text = line.split("\t")
            label, spans = mid.split(" ", 1)
            new_spans = []
            for part in spans.split(";"):
                a, b = map(int, part.split())
                a2, b2 = mapping[a], mapping[b]
                new_spans.append((a2, b2))
            new_text = " ".join(new[a:b] for a, b in new_spans)
            if new_text != text:
                changed += 1
            assert len(new_text) == len(text), (doc_id, line, new_text)
            line = f"{tid}\t{label} " + ";".join(f"{a} {b}" for a, b in new_spans) + f"\t{new_text}"
        lines_out.append(line)
    ann.write_text("\n".join(lines_out) + "\n", encoding="utf-8")
    ann.with_suffix(".txt").write_text(new, encoding="utf-8")
    print(doc_id, "regenerated; 1:1 changes only" if same_length else "LENGTH CHANGED", "; span texts changed:", changed)
