#!/usr/bin/env python
"""Regenerate the README's screenshot of the report (``docs/report.png``).

Run from the repository root after the workflow has written the bundled corpus' report::

    snakemake --cores 2 && python tools/report_screenshot.py

It opens ``results/report.html`` in headless Chromium (Debian's ``chromium`` and ``chromium-driver``, driven by
Selenium as the browser tests drive it), keeps the triples of one drug (``--drug``, default cisplatin), opens the
evidence of the first row, waits for the network and writes the picture. ``--results`` and ``--out`` choose other
paths; ``--width`` and ``--height`` the window.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars")


def browser(width: int, height: int, profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        raise SystemExit("needs chromium and chromedriver (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS + (f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=options)


def shoot(report: Path, out: Path, drug: str, width: int, height: int) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    with tempfile.TemporaryDirectory(prefix="exomine-shot-") as profile:
        d = browser(width, height, profile)
        try:
            d.get(report.resolve().as_uri())
            wait = WebDriverWait(d, 60)
            wait.until(lambda d: d.execute_script("return !!document.getElementById('net-status').getAttribute('data-nodes')"))
            value = d.execute_script(
                "var name = arguments[0], o = Array.from(document.querySelectorAll('#f-drug option')).find(function (o) {"
                "  return o.textContent.toLowerCase().indexOf(name) === 0; }); return o ? o.value : null;",
                drug.lower())
            if value is None:
                raise SystemExit(f"{report}: no drug called {drug!r} in the report")
            d.execute_script("window.exomineReport.setFilter('f-drug', arguments[0]);", value)
            wait.until(lambda d: d.execute_script(
                "return document.getElementById('net-status').getAttribute('data-triples') == "
                "String(window.exomineReport.state.filtered.length)"))
            d.find_element("css selector", "#triples tbody tr.triple button.toggle").click()
            d.execute_script("window.scrollTo(0, 0)")
            out.parent.mkdir(parents=True, exist_ok=True)
            if not d.save_screenshot(str(out)):
                raise SystemExit(f"could not write {out}")
        finally:
            d.quit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=Path("results"), help="the results folder (default: results)")
    parser.add_argument("--out", type=Path, default=Path("docs/report.png"))
    parser.add_argument("--drug", default="cisplatin", help="keep the triples of this drug (default: cisplatin)")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)
    report = args.results / "report.html"
    if not report.exists():
        raise SystemExit(f"{report}: no report (run the workflow first: snakemake --cores 2)")
    shoot(report, args.out, args.drug, args.width, args.height)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
