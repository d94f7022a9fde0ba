#!/usr/bin/env python3
"""Open the built documentation site in headless Chromium and check it.

Usage: python tools/test_docs.py [--site _site] [--pages index.html attention.html] [--screenshots DIR]

Serves SITE from a local `http.server` on 127.0.0.1 (a free port), starts Chromium through chromedriver (Debian
packages `chromium`, `chromium-driver`; tools/docs_deps.sh installs them) with --headless --no-sandbox --disable-gpu,
no background networking, and a fresh --user-data-dir, and for each page (default: the home page and the API page
attention.html) checks:
  1. figures render: the page has at least one <img>, and every <img> is complete with naturalWidth > 0;
  2. navigation resolves: every link of the sidebar (and every other same-site link of the page, without its
     #fragment) answers HTTP 200 from the local server;
  3. no console errors: the browser log has no SEVERE entry (failed resources, JavaScript errors);
and that MathJax, when the page loads it, finished typesetting without an error.
Prints one line per check and `docs_browser: N passed, N failed`; exit status 1 if any check failed.
"""
import argparse
import functools
import http.server
import shutil
import socketserver
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    def handle_error(self, request, client_address):   # the browser dropping a connection is not our error
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)): super().handle_error(request, client_address)


def serve(site: Path):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def chrome(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
              "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
              "--disable-default-apps", f"--user-data-dir={profile}", "--window-size=1280,900"):
        opts.add_argument(a)
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if binary: opts.binary_location = binary
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r: return r.status
    except urllib.error.HTTPError as e: return e.code
    except Exception: return -1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", default=str(ROOT / "_site"))
    ap.add_argument("--pages", nargs="+", default=["index.html", "attention.html"])
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a page's images and MathJax")
    ap.add_argument("--screenshots", default="", help="folder to save a full-page PNG of each page to")
    a = ap.parse_args(argv)
    site = Path(a.site)
    passed = failed = 0

    def check(ok: bool, what: str, detail: str = ""):
        nonlocal passed, failed
        passed += ok; failed += not ok
        print(f"docs_browser: {'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail and not ok else ""), flush=True)

    if not (site / "index.html").is_file():
        check(False, f"site {site} exists", "no index.html: run tools/docs.sh first")
        print(f"docs_browser: {passed} passed, {failed} failed"); return 1
    missing = [p for p in a.pages if not (site / p).is_file()]
    if missing:
        check(False, "pages exist", f"{missing} not in {site}")
    pages = [p for p in a.pages if p not in missing]
    if not (shutil.which("chromedriver") or Path("/usr/bin/chromedriver").exists()):
        check(False, "chromedriver available", "install chromium and chromium-driver (bash tools/docs_deps.sh)")
        print(f"docs_browser: {passed} passed, {failed} failed"); return 1

    httpd, base = serve(site)
    profile = tempfile.mkdtemp(prefix="scale-alibi-chromium-")
    driver = None
    try:
        driver = chrome(profile)
        driver.set_page_load_timeout(60)
        checked_links = {}
        for page in pages:
            url = base + page
            driver.get(url)
            # wait for images to load and MathJax (if any) to finish
            t_end = time.time() + a.timeout
            while time.time() < t_end:
                done = driver.execute_script(
                    "const imgs=[...document.images];"
                    "const mj=window.MathJax&&window.MathJax.Hub?(window.MathJax.Hub.queue.pending===0&&window.MathJax.Hub.queue.running===0):true;"
                    "return document.readyState==='complete'&&imgs.every(i=>i.complete)&&mj;")
                if done: break
                time.sleep(0.2)
            imgs = driver.execute_script(
                "return [...document.images].map(i=>({src:i.src.slice(0,60),w:i.naturalWidth,h:i.naturalHeight,ok:i.complete}))")
            bad = [i for i in imgs if not (i["ok"] and i["w"] > 0 and i["h"] > 0)]
            check(len(imgs) > 0 and not bad, f"{page}: {len(imgs)} figures render (naturalWidth > 0)",
                  f"{len(imgs)} images, broken: {bad[:3]}")
            nav = driver.execute_script("return [...document.querySelectorAll('nav.sidebar a')].map(a=>a.href)")
            other = driver.execute_script("return [...document.querySelectorAll('main a[href]')].map(a=>a.href)")
            links = sorted({urllib.parse.urldefrag(h)[0] for h in nav + other if h.startswith(base)})
            for l in links:
                if l not in checked_links: checked_links[l] = status(l)
            bad_links = [f"{l[len(base):]} -> {checked_links[l]}" for l in links if checked_links[l] != 200]
            check(len(nav) > 0 and not bad_links, f"{page}: {len(nav)} navigation links + {len(links)} same-site links resolve (HTTP 200)",
                  f"{len(nav)} nav links; broken: {bad_links[:5]}")
            mj = driver.execute_script(
                "if(!(window.MathJax&&window.MathJax.Hub)) return 'absent';"
                "return document.querySelectorAll('.MathJax_Error, .mjx-error, merror').length ? 'error' : 'ok'")
            if mj != "absent": check(mj == "ok", f"{page}: MathJax typeset without errors", mj)
            if a.screenshots:
                Path(a.screenshots).mkdir(parents=True, exist_ok=True)
                h = driver.execute_script("return document.body.scrollHeight")
                driver.set_window_size(1280, min(max(900, h), 12000))
                driver.save_screenshot(str(Path(a.screenshots) / (page.replace("/", "__") + ".png")))
                driver.set_window_size(1280, 900)
            logs = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            check(not logs, f"{page}: no console errors", "; ".join(e["message"][:200] for e in logs[:5]))
    except Exception as e:
        check(False, "browser session", f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    finally:
        if driver is not None:
            try: driver.quit()
            except Exception: pass
        httpd.shutdown(); httpd.server_close()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"docs_browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
