"""The HTML report: one self-contained file that shows a results folder in the browser.

The page is a template (``data/report/``: HTML, CSS and the viewer's JavaScript) with the vendored
Cytoscape.js (``data/vendor/``) and the data inlined. Data travels only as JSON inside
``<script type="application/json">``, with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so no
document string can close the script element or be parsed as markup; the viewer (``data/report/*.js``,
:data:`APP_PARTS`, joined into one script) builds the page with ``textContent`` and never assigns data
to ``innerHTML``. A Content-Security-Policy allows only the
page's own two scripts (by hash) and no network access, as a second line of defence.

>>> "</script>" in json_for_script({"text": "</script><img src=x onerror=alert(1)>"})
False
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from exomine.outputs.reportdata import DEFAULT_MAX_TEXT_CHARS, build_payload, read_results
from exomine.tables import atomic_open

__all__ = ["CYTOSCAPE_VERSION", "json_for_script", "render_html", "write_report"]

CYTOSCAPE_VERSION = "3.35.0"  # data/vendor/cytoscape.min.js (see data/vendor/README.md)
# The viewer's parts, in order, joined into the page's one script (they share the namespace window.exomineReport).
APP_PARTS = ("base.js", "downloads.js", "curation.js", "network.js", "views.js", "report.js")
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SLOT = re.compile(r"\{\{(\w+)\}\}")


def json_for_script(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element (it parses back to ``data``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _ESCAPES[m.group(0)], text)


def _asset(*parts: str) -> str:
    return resources.files("exomine").joinpath("data", *parts).read_text(encoding="utf-8")


def _script_safe(code: str, name: str) -> str:
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise ValueError(f"{name}: contains '</script' or '<!--' and cannot be inlined in a <script> element")
    return code


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(payload: Mapping[str, Any]) -> str:
    """The report page for a payload built by :func:`exomine.outputs.reportdata.build_payload`."""
    cytoscape = _script_safe(_asset("vendor", "cytoscape.min.js"), "data/vendor/cytoscape.min.js")
    app = "\n".join(_script_safe(_asset("report", part), f"data/report/{part}") for part in APP_PARTS)
    style = _asset("report", "report.css")
    if "</style" in style.lower():
        raise ValueError("data/report/report.css: contains '</style'")
    csp = ("default-src 'none'; " f"script-src {_sha256(cytoscape)} {_sha256(app)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    slots = {"CSP": csp, "STYLE": style, "CYTOSCAPE": cytoscape, "APP": app, "DATA": json_for_script(payload),
             "CYTOSCAPE_VERSION": CYTOSCAPE_VERSION}
    # one pass over the template only: inserted text is never scanned for slots again
    return _SLOT.sub(lambda m: slots[m.group(1)], _asset("report", "template.html"))


def write_report(results: str | Path, out: str | Path, *, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
                 title: str = "exomine results", **paths: Any) -> dict[str, int]:
    """Read ``results`` (``paths`` override where its parts are, see :func:`read_results`) and write the report.

    Returns counts of what the report holds (triples, statements that are no triples, documents, network nodes
    and edges).
    """
    inputs = read_results(results, **paths)
    payload = build_payload(inputs, max_text_chars=max_text_chars, title=title)
    with atomic_open(out) as fh:
        fh.write(render_html(payload))
    return {"triples": payload["nTriples"], "statements": len(payload["triples"]) - payload["nTriples"],
            "documents": len(payload["docs"]), "nodes": len(payload["nodes"]), "edges": len(payload["edges"])}
