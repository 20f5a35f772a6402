"""The report page: escaping, what is inlined, the vendored library (no browser; see test_htmlreport_browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources

import pytest

from exomine.outputs import htmlreport
from exomine.outputs.htmlreport import CYTOSCAPE_VERSION, json_for_script, render_html

NASTY = ["</script><script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<!-- <script>", "a & b",
         "line\u2028separator\u2029paragraph", "</SCRIPT >", "miR-9999 → FOO1 ≥ 2"]


@pytest.mark.parametrize("text", NASTY)
def test_htmlreport_json_for_script_escapes_and_round_trips(text: str) -> None:
    out = json_for_script({"t": text, "k": [text]})
    assert not re.search("[<>&\u2028\u2029]", out)
    assert json.loads(out) == {"t": text, "k": [text]}


def _payload(text: str) -> dict:
    return {"title": text, "version": "0", "labels": [], "predicates": [], "nodes": [["X", text, "GENE"]], "edges": [],
            "triples": [], "docs": {"d": {"title": text, "text": text}}, "ingest": None, "eval": None, "notices": []}


def _scripts(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)


def test_htmlreport_document_strings_stay_inside_the_json_block() -> None:
    html = render_html(_payload("".join(NASTY)))
    scripts = _scripts(html)
    assert [attrs for attrs, _ in scripts] == [' type="application/json" id="exomine-data"', "", ""]
    assert html.count("<script") == 3 and html.lower().count("</script") == 3
    data = scripts[0][1]
    assert json.loads(data)["title"] == "".join(NASTY)
    outside = html.replace(data, "")
    assert "<img" not in html and "alert(1)" not in outside


def test_htmlreport_csp_allows_exactly_the_inline_scripts() -> None:
    html = render_html(_payload("x"))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    code = [body for attrs, body in _scripts(html) if "application/json" not in attrs]
    assert allowed == {base64.b64encode(hashlib.sha256(c.encode()).digest()).decode() for c in code}


def test_htmlreport_page_loads_nothing_from_the_network() -> None:
    html = render_html(_payload("x"))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html


def test_htmlreport_template_slot_in_data_is_not_expanded() -> None:
    html = render_html(_payload("{{APP}} {{DATA}}"))
    assert json.loads(_scripts(html)[0][1])["title"] == "{{APP}} {{DATA}}"


def test_htmlreport_vendored_cytoscape_is_the_pinned_version() -> None:
    vendor = resources.files("exomine").joinpath("data", "vendor")
    code = vendor.joinpath("cytoscape.min.js").read_text(encoding="utf-8")
    assert re.search(r'\.version="([0-9.]+)"', code).group(1) == CYTOSCAPE_VERSION
    readme = vendor.joinpath("README.md").read_text(encoding="utf-8")
    assert f"| {CYTOSCAPE_VERSION} |" in readme
    assert hashlib.sha256(code.encode("utf-8")).hexdigest() in readme
    assert "Permission is hereby granted" in vendor.joinpath("LICENSE.cytoscape").read_text(encoding="utf-8")


def test_htmlreport_refuses_a_script_that_would_close_its_element(monkeypatch) -> None:
    real = htmlreport._asset
    monkeypatch.setattr(htmlreport, "_asset",
                        lambda *parts: "var s = '</script>';" if parts[-1] == "report.js" else real(*parts))
    with pytest.raises(ValueError, match="report.js: contains '</script'"):
        render_html(_payload("x"))


@pytest.mark.parametrize("part", htmlreport.APP_PARTS)
def test_htmlreport_viewer_never_assigns_markup(part: str) -> None:
    js = resources.files("exomine").joinpath("data", "report", part).read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function", js)


def test_htmlreport_viewer_parts_are_one_script_in_order() -> None:
    html = render_html(_payload("x"))
    code = [body for attrs, body in _scripts(html) if "application/json" not in attrs][-1]
    starts = [code.index(f"part {k} of {len(htmlreport.APP_PARTS)}") for k in range(1, len(htmlreport.APP_PARTS) + 1)]
    assert starts == sorted(starts)
    listed = set(htmlreport.APP_PARTS)
    shipped = {p.name for p in resources.files("exomine").joinpath("data", "report").iterdir() if p.name.endswith(".js")}
    assert shipped == listed  # no part left out of the page
