#!/usr/bin/env python3
"""Build the documentation site offline (no quarto): nbdev's processing, then HTML pages with nbconvert.

Usage: python tools/docs.py [--out DIR] [--workers N] [--execute all|lib|none] [--no-exec GLOB...] [--no-cache] [--quarto]

For every notebook under nbs/ (files and folders starting with `_` or `.` skipped, as nbdev does):
  1. execute it like `nbdev_test` does (cwd = its folder, cells flagged with settings.ini `tst_flags` or
     `#| eval: false` skipped), so the pages carry their figures and printed results;
     --execute all (default): every notebook except those matching --no-exec (default `jobs/* 20_train.ipynb`,
     env DOCS_NO_EXEC: the papermill jobs are integration runs whose executed copies live in runs/*/notebooks/, and
     20_train's tests take 1.5 min for one loss plot that tutorial 3 also shows); lib: library notebooks and index
     only; none: nothing. Notebooks not executed are rendered from source, their show_doc still rendered;
     each executed notebook must pass, as under nbdev_test (a failure fails the build).
  2. run nbdev's own notebook processors (`nbdev.processors.FilterDefaults`, as `nbdev_docs`/`proc_nbs` do):
     `show_doc` cells are inserted after every exported function and class (rendered in the kernel that executed
     the notebook; for notebooks not executed, a fresh kernel runs only the export cells, unlike nbdev's
     `exec_show_docs`, which also runs every cell that contains an import), `#| hide` cells
     dropped, `#| export` directives removed, frontmatter read from the `# Title` / `> description` cell,
     backticked names linked to their API pages;
  3. convert to HTML with nbconvert (`basic` template; PNG figures embedded as data URIs; quarto cell options
     `echo: false`, `output: false`, `include: false` honoured), and wrap each page with the navigation
     sidebar built from nbs/sidebar.yml. Math is typeset by a local copy of MathJax 2 (Debian libjs-mathjax,
     installed by tools/docs_deps.sh) when present.
  Each worker's kernel gets OMP/MKL/OpenBLAS threads = CPU cores / workers (unless already set in the environment).
  Folium maps in outputs (e.g. the coverage map) become their own HTML page, linked from the page and from the
  sidebar. Links to the published site (doc_host + doc_baseurl) are rewritten to relative links.
Output: DIR (default _site/), with index.html, one page per notebook (nbdev's names: 10_attention.ipynb ->
attention.html), site.css, mathjax/ and build.json (pages, figures, seconds). Rendered pages are cached in
_proc/docs_cache/ keyed by the notebook, scale_alibi/*.py and this script (--no-cache ignores the cache).
Navigation: nbs/sidebar.yml (custom_sidebar = True in settings.ini); a notebook it does not list is still built and
linked, in a section chosen from its folder or number prefix, with a warning.
--quarto: after the processing, write the executed, processed notebooks with _quarto.yml, nbdev.yml,
sidebar.yml and styles.css to _proc/ and run `quarto render _proc` (output: settings.ini doc_path, _docs/),
for machines that have quarto (the GitHub Pages workflow); no HTML pages are written by this script then.
Checks: every public function and class of the library (the module's `__all__`, defined there) must have its
show_doc entry on its notebook's page. Exit status: 0 when every page was built and every public symbol documented,
1 otherwise (each failure is printed).
"""
import argparse
import concurrent.futures as cf
import fnmatch
import configparser
import hashlib
import html
import json
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATHJAX_SRC = Path("/usr/share/javascript/mathjax")
MATHJAX_PARTS = ("MathJax.js", "config/TeX-AMS_CHTML.js", "jax/input/TeX", "jax/output/CommonHTML", "jax/element",
                 "extensions", "fonts/HTML-CSS/TeX/woff", "localization/en")


def settings() -> dict:
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(ROOT / "settings.ini")
    return dict(cp["DEFAULT"])


def html_name(rel: str) -> str:
    "nbdev's page name for a notebook path relative to nbs/: `tutorials/01_quickstart.ipynb` -> `tutorials/quickstart.html`."
    p = Path(rel)
    return str(p.with_name(re.sub(r"^\d+[a-zA-Z0-9]*_", "", p.name.lower())).with_suffix(".html"))


# ---------------------------------------------------------------- navigation (nbs/sidebar.yml)
def read_sidebar(nbs: Path) -> list:
    """[(section title or None, [notebook paths relative to nbs/])] from sidebar.yml (quarto's `website.sidebar.contents`:
    strings, `{section, contents}` dicts, or `{href, text}` dicts)."""
    import yaml
    if not (nbs / "sidebar.yml").exists(): return []
    y = yaml.safe_load((nbs / "sidebar.yml").read_text())
    contents = y["website"]["sidebar"]["contents"]
    out, top = [], []

    def entry(e):
        if isinstance(e, str): return e
        if isinstance(e, dict) and "href" in e: return e["href"]
        raise ValueError(f"sidebar.yml: unsupported entry {e!r}")

    for e in contents:
        if isinstance(e, dict) and "section" in e:
            out.append((e["section"], [entry(x) for x in e.get("contents", [])]))
        else:
            top.append(entry(e))
    return ([(None, top)] if top else []) + out


def default_section(rel: str) -> str:
    "Sidebar section of a notebook sidebar.yml does not list, from its folder or number prefix."
    if "/" in rel: return rel.split("/")[0].capitalize()
    m = re.match(r"(\d)\d", rel)
    return {"0": "Core and data", "1": "Model", "2": "Training and evaluation", "3": "Training and evaluation",
            "9": "Benchmarks"}.get(m[1] if m else "", "Other")


def all_notebooks(nbs: Path) -> list:
    "Notebooks nbdev would document: under nbs/, skipping files and folders starting with `_` or `.`."
    out = []
    for p in sorted(nbs.rglob("*.ipynb")):
        rel = p.relative_to(nbs)
        if any(part.startswith(("_", ".")) for part in rel.parts): continue
        out.append(str(rel))
    return out


# ---------------------------------------------------------------- one page (runs in a fresh worker process)
_DIREC = re.compile(r"^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")


def _quarto_opts(cell) -> dict:
    "Leading `#| key: value` quarto options left in a processed cell's source, and strip them from it."
    lines, opts = cell.source.splitlines(True), {}
    while lines and _DIREC.match(lines[0]):
        k, v = _DIREC.match(lines[0]).groups(); opts[k] = v.lower(); lines.pop(0)
    while lines and lines[0].lstrip().startswith("#|"): lines.pop(0)
    cell.source = "".join(lines)
    return opts


_FOLIUM = re.compile(r'<iframe srcdoc="(.*?)"[^>]*></iframe>', re.S)


def _extract_maps(nb, rel: str, extra: dict):
    """Replace every folium map output (an iframe whose `srcdoc` is a whole Leaflet page, loading Leaflet from a CDN)
    by a link to that page, written next to the notebook's page as `<page>-mapN.html`."""
    for c in nb.cells:
        for o in c.get("outputs", []) or []:
            d = o.get("data") or {}
            h = d.get("text/html")
            if h is None: continue
            h = "".join(h) if isinstance(h, list) else h
            m = _FOLIUM.search(h)
            if not m or "leaflet" not in h.lower(): continue
            name = f"{Path(html_name(rel)).stem}-map{len(extra) + 1}.html"
            extra[name] = html.unescape(m.group(1))
            d["text/html"] = (f'<p class="maplink">Interactive map (Leaflet; its library and tiles need internet): '
                              f'<a href="{name}">open {name}</a></p>')
            d.pop("text/plain", None)


def _processors(shell):
    """nbdev's docs processors (`FilterDefaults`, as `nbdev_docs` uses), with nbdev's `exec_show_docs` replaced.
    nbdev's runs, in a fresh kernel, every export cell and every cell containing an import -- including test cells
    that mix imports with other code, which then fail or run long (nbdev FAQ). Here the inserted `show_doc` cells
    are rendered in `shell`, the kernel that has just executed the whole notebook; for a notebook that was not
    executed (shell None), a fresh kernel runs only the `#| export`/`exports`/`exporti` cells and the show_doc cells."""
    from execnb.shell import CaptureShell
    from nbdev.process import Processor
    from nbdev.processors import FilterDefaults, exec_show_docs, _show_docs

    class exec_show_docs_docs(Processor):
        "Render the `show_doc` cells (see `_processors`)."
        def begin(self):
            self.k = shell if shell is not None else CaptureShell()
            self.k.run_cell("from nbdev.showdoc import show_doc")
        def __call__(self, cell):
            if cell.cell_type != "code" or not cell.source: return
            sd = getattr(cell, "has_sd", False)
            if shell is None:
                d = getattr(cell, "directives_", {}) or {}
                try: sd = sd or bool(_show_docs(cell.parsed_()))
                except Exception: pass
                if not (sd or d.keys() & {"export", "exports", "exporti"}): return
            elif not sd: return
            self.k.cell(cell)
            if self.k.exc:
                raise Exception(f"show_doc failed in cell {cell.idx_} ({type(self.k.exc).__name__}: {self.k.exc}):\n"
                                f"{cell.source}") from self.k.exc

    class Filter(FilterDefaults):
        def base_procs(self):
            return [exec_show_docs_docs if p is exec_show_docs else p for p in super().base_procs()]
    return Filter()


def render_page(rel: str, execute: bool, skip_flags: list, cache_dir: str, no_cache: bool, quarto_dir: str = "",
                threads: int = 0) -> dict:
    """Execute (optionally), nbdev-process and convert one notebook. Returns {rel, title, description, body,
    extra: {name: html}, seconds, executed, cached, images, error}; writes the processed notebook to `quarto_dir`
    when given. Results are cached in `cache_dir` by the hash of the notebook, scale_alibi/*.py and this script."""
    t0 = time.time()
    os.environ["IN_TEST"] = "1"; os.environ["SCALE_ALIBI_DOCS"] = "1"
    if threads:   # before torch is imported: oversubscribed OpenMP threads make small torch ops 10-50x slower
        for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"): os.environ.setdefault(v, str(threads))
    if sys.platform.startswith("linux"):   # a spawned worker inherits `spawn`; notebooks expect the platform default
        mp.set_start_method("fork", force=True)
    import matplotlib; matplotlib.use("Agg")
    import warnings; warnings.filterwarnings("ignore", message="Found cells containing imports")
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    from nbdev.process import NBProcessor
    from nbdev.processors import FrontmatterProc

    nbs = ROOT / settings().get("nbs_path", "nbs")
    path = nbs / rel
    res = dict(rel=rel, title=Path(rel).stem, description="", body="", extra={}, seconds=0.0, executed=False,
               cached=False, images=0, error=None)
    stem = rel.replace("/", "__")
    try:
        key = hashlib.sha256(path.read_bytes() + b"".join(p.read_bytes() for p in sorted((ROOT / "scale_alibi").glob("*.py")))
                             + Path(__file__).read_bytes() + repr((execute, sorted(skip_flags))).encode()).hexdigest()[:20]
        cdir = Path(cache_dir); cached = cdir / f"{stem}.{key}.json"
        c = json.loads(cached.read_text()) if cached.exists() and not no_cache else None
        if c is not None and (c["nb"] or not quarto_dir):
            res.update(c["res"], cached=True, seconds=time.time() - t0)
            if quarto_dir:
                dst = Path(quarto_dir) / rel; dst.parent.mkdir(parents=True, exist_ok=True); dst.write_text(c["nb"])
            return res
        nb = read_nb(path)
        shell = None
        if execute:
            NBProcessor(nb=nb, procs=FrontmatterProc, rm_directives=False, process=True)
            flags = set(skip_flags)

            def no_eval(cell):   # as nbdev_test: skip flagged cells and `#| eval: false`
                if cell.cell_type != "code": return True
                if "nbdev_export" + "(" in cell.source: return True
                d = getattr(cell, "directives_", {}) or {}
                if d.get("eval:", [""])[0].lower() == "false": return True
                return bool(flags & d.keys())

            shell = CaptureShell(path)
            with working_directory(path.parent):
                shell.run_all(nb, exc_stop=True, preproc=no_eval)
            res["executed"] = True
            for c in nb.cells:   # back to a plain notebook for nbdev's processors
                for a in ("directives_", "idx_"): c.pop(a, None)
            nb.pop("frontmatter_", None)
        with working_directory(path.parent):
            _processors(shell)(nb)     # nbdev_docs' processing: show_doc, hide, export, frontmatter, links
        fm = getattr(nb, "frontmatter_", {}) or {}
        res["title"], res["description"] = fm.get("title", res["title"]), fm.get("description", "")
        processed = ""
        if quarto_dir:   # hand the processed notebook to quarto
            dst = Path(quarto_dir) / rel; dst.parent.mkdir(parents=True, exist_ok=True)
            write_nb(nb, dst); processed = dst.read_text()
        cells = []
        for c in nb.cells:
            if c.cell_type == "raw" and c.source.lstrip().startswith("---"): continue   # frontmatter
            if c.cell_type == "code":
                o = _quarto_opts(c)
                if o.get("include") == "false": continue
                if o.get("output") == "false": c.outputs = []
                if o.get("echo") == "false": c.source = ""; c.metadata["docs_no_input"] = True
            cells.append(c)
        nb.cells = cells
        _extract_maps(nb, rel, res["extra"])      # folium maps -> their own pages
        res["body"] = to_html(nb)
        res["images"] = res["body"].count("<img ")
        cdir.mkdir(parents=True, exist_ok=True)
        for old in cdir.glob(f"{stem}.*.json"): old.unlink()
        keep = {k: res[k] for k in ("title", "description", "body", "extra", "executed", "images")}
        cached.write_text(json.dumps({"res": keep, "nb": processed}))
    except Exception as e:   # report, do not crash the build
        import traceback
        tb = traceback.format_exc()
        res["error"] = f"{type(e).__name__}: {e}\n" + "\n".join(tb.splitlines()[-12:])
    res["seconds"] = time.time() - t0
    return res


def to_html(nb) -> str:
    "HTML fragment of a processed notebook (nbconvert `basic` template, no prompts; inputs of echo: false cells removed)."
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    raw = json.loads(json.dumps(nb, default=str))
    for k in [k for k in raw if k.endswith("_")]: raw.pop(k)
    for c in raw["cells"]:
        for k in [k for k in c if k.endswith("_")]: c.pop(k)
        c.pop("id", None); c.setdefault("metadata", {})
        if c["cell_type"] == "code": c.setdefault("outputs", []); c.setdefault("execution_count", None)
        if c["metadata"].pop("docs_no_input", False): c["metadata"]["tags"] = c["metadata"].get("tags", []) + ["docs_remove_input"]
    raw.setdefault("nbformat", 4); raw["nbformat_minor"] = 4
    node = nbformat.reads(json.dumps(raw), as_version=4)   # the reader joins list-of-lines strings
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = {"docs_remove_input"}
    ex = HTMLExporter(config=c, template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = ex.from_notebook_node(node)
    # show_doc's source link carries quarto (pandoc) attributes, which nbconvert leaves as text
    body = re.sub(r'<p><a href="([^"]+)">source</a>\{[^}]*\}</p>', r'<p class="sourcelink"><a href="\1">source</a></p>', body)
    return re.sub(r'(</a>)\{(?:target|style|\.)[^}]*\}', r'\1', body)


# ---------------------------------------------------------------- site assembly
CSS = """
:root { --side: 16rem; --fg: #1d2125; --muted: #5c6670; --accent: #1a5fb4; --code: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
nav.sidebar { position: fixed; top: 0; left: 0; bottom: 0; width: var(--side); overflow-y: auto; padding: 1rem;
  background: #f3f5f7; border-right: 1px solid #dde2e6; font-size: 14px; }
nav.sidebar .brand { font-weight: 700; font-size: 17px; display: block; margin-bottom: .8rem; color: var(--fg); text-decoration: none; }
nav.sidebar h4 { margin: 1rem 0 .3rem; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
nav.sidebar ul { list-style: none; margin: 0; padding: 0; }
nav.sidebar li a { display: block; padding: .15rem .4rem; border-radius: 4px; color: var(--fg); text-decoration: none; }
nav.sidebar li a:hover { background: #e4e8ec; }
nav.sidebar li a.active { background: var(--accent); color: #fff; }
main { margin-left: var(--side); max-width: 68rem; padding: 1.5rem 2.5rem 4rem; }
header.page h1 { margin: 0 0 .3rem; } header.page p.description { color: var(--muted); margin-top: 0; font-size: 1.08em; }
a { color: var(--accent); }
pre { background: var(--code); padding: .6rem .8rem; border-radius: 5px; overflow-x: auto; font-size: 13.5px; line-height: 1.4; }
code { font-size: .92em; } p code, li code, td code { background: var(--code); padding: .05em .25em; border-radius: 3px; }
.cell { margin: .5rem 0; }
.input_area pre { border-left: 3px solid #c8d1da; }
.output_subarea pre { background: none; border-left: 3px solid #f0b27a; border-radius: 0; margin: .2rem 0 .4rem; }
.output_subarea img { max-width: 100%; height: auto; }
.output_markdown hr { border: 0; border-top: 1px solid #dde2e6; margin: 1.6rem 0 .3rem; }
.output_markdown h3, .output_markdown h4 { margin: .2rem 0 .4rem; font-family: ui-monospace, monospace; }
.output_markdown .highlight pre { border-left: 3px solid var(--accent); }
p.sourcelink { float: right; font-size: 13px; margin: 0; }
table { border-collapse: collapse; margin: .5rem 0; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: .25rem .55rem; } th { background: #f3f5f7; }
blockquote { margin: .4rem 0; padding: .1rem .9rem; border-left: 4px solid #c8d1da; color: #38414a; }
.anchor-link { margin-left: .3rem; font-size: .8em; color: #b0b8c0; text-decoration: none; visibility: hidden; }
h1:hover .anchor-link, h2:hover .anchor-link, h3:hover .anchor-link, h4:hover .anchor-link { visibility: visible; }
.ansi-red-fg { color: #b00; } .ansi-green-fg { color: #070; } .maplink { font-weight: 600; }
footer { margin-top: 3rem; color: var(--muted); font-size: 13px; }
@media (max-width: 800px) { nav.sidebar { position: static; width: auto; } main { margin-left: 0; padding: 1rem; } }
"""

MATHJAX_CFG = """<script type="text/x-mathjax-config">
MathJax.Hub.Config({tex2jax: {inlineMath: [['$','$'], ['\\\\(','\\\\)']], displayMath: [['$$','$$'], ['\\\\[','\\\\]']],
  processEscapes: true, processEnvironments: true}, messageStyle: "none", showMathMenu: false,
  "CommonHTML": {linebreaks: {automatic: true}}, menuSettings: {zoom: "None"}});
</script>"""


def page_html(title, description, body, nav, rel_out, cfg, mathjax: bool, source_rel: str = "") -> str:
    up = "../" * (len(Path(rel_out).parts) - 1)
    mj = (MATHJAX_CFG + f'\n<script src="{up}mathjax/MathJax.js?config=TeX-AMS_CHTML"></script>') if mathjax else ""
    repo = cfg.get("git_url", "")
    src = (f' · <a href="{repo}/blob/{cfg.get("branch", "main")}/{cfg.get("nbs_path", "nbs")}/{source_rel}">'
           f'source notebook</a>') if source_rel and repo else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} – {html.escape(cfg.get('title', ''))}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{up}site.css">
{mj}
</head><body>
{nav_html(nav, rel_out, cfg)}
<main>
<header class="page"><h1>{html.escape(title)}</h1>{f'<p class="description">{html.escape(description)}</p>' if description else ''}</header>
{body}
<footer>Built from <code>{cfg.get('nbs_path', 'nbs')}/{html.escape(source_rel)}</code> by <code>tools/docs.py</code>{src}.</footer>
</main></body></html>
"""


def nav_html(nav, rel_out, cfg) -> str:
    up = "../" * (len(Path(rel_out).parts) - 1)
    out = [f'<nav class="sidebar"><a class="brand" href="{up}index.html">{html.escape(cfg.get("title", ""))}</a>']
    for section, items in nav:
        if section: out.append(f"<h4>{html.escape(section)}</h4>")
        out.append("<ul>")
        for href, text in items:
            cls = ' class="active"' if href == rel_out else ""
            out.append(f'<li><a{cls} href="{up}{href}">{html.escape(text)}</a></li>')
        out.append("</ul>")
    out.append("</nav>")
    return "\n".join(out)


def copy_mathjax(out: Path) -> bool:
    if not (MATHJAX_SRC / "MathJax.js").is_file(): return False
    for part in MATHJAX_PARTS:
        s, d = MATHJAX_SRC / part, out / "mathjax" / part
        if not s.exists(): return False
        d.parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir(): shutil.copytree(s, d, dirs_exist_ok=True)
        else: shutil.copy2(s, d)
    return True


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="_site")
    ap.add_argument("--workers", type=int, default=int(os.environ.get("DOCS_WORKERS", 2)))
    ap.add_argument("--execute", choices=("all", "lib", "none"), default=os.environ.get("DOCS_EXECUTE", "all"))
    ap.add_argument("--no-exec", nargs="*", default=os.environ.get("DOCS_NO_EXEC", "jobs/* 20_train.ipynb").split(),
                    help="notebooks (globs relative to nbs/) rendered without executing them")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--quarto", action="store_true")
    a = ap.parse_args(argv)
    t0 = time.time()
    cfg = settings()
    nbs = ROOT / cfg.get("nbs_path", "nbs")
    skip_flags = cfg.get("tst_flags", "").replace(",", " ").split()

    # navigation from sidebar.yml; a notebook it does not list is still built and linked (section by its prefix),
    # with a warning, so that a notebook added by someone else never breaks the site
    nav_src = read_sidebar(nbs)
    have = all_notebooks(nbs)
    listed, seen = [], set()
    for sec, items in nav_src:
        for r in list(items):
            if r not in have or r in seen:
                print(f"docs: WARNING: nbs/sidebar.yml lists {r}, which " + ("is listed twice" if r in seen else "does not exist"),
                      file=sys.stderr)
                items.remove(r); continue
            seen.add(r); listed.append(r)
    for r in have:
        if r in seen: continue
        sec = default_section(r)
        print(f"docs: WARNING: nbs/{r} is not in nbs/sidebar.yml; linked under '{sec}' (add it there)", file=sys.stderr)
        for s_, items in nav_src:
            if s_ == sec: items.append(r); break
        else: nav_src.append((sec, [r]))
        listed.append(r)

    def do_exec(rel):
        if a.execute == "none" or any(fnmatch.fnmatch(rel, g) for g in a.no_exec): return False
        if a.execute == "lib": return "/" not in rel
        return True

    quarto_dir = ""
    if a.quarto:
        if shutil.which("quarto") is None:
            print("docs: --quarto needs quarto on PATH (https://quarto.org)", file=sys.stderr); return 1
        qd = ROOT / "_proc"
        for p in qd.glob("*"):
            if p.name != "docs_cache": (shutil.rmtree if p.is_dir() else Path.unlink)(p)
        quarto_dir = str(qd)
    cache_dir = str(ROOT / "_proc" / "docs_cache")
    ctx = mp.get_context("spawn")
    results = {}
    with cf.ProcessPoolExecutor(max_workers=max(1, a.workers), mp_context=ctx, max_tasks_per_child=1) as ex:
        threads = max(1, (os.cpu_count() or 1) // max(1, a.workers))   # CPU threads per notebook kernel
        futs = {ex.submit(render_page, rel, do_exec(rel), skip_flags, cache_dir, a.no_cache, quarto_dir, threads): rel
                for rel in listed}
        for f in cf.as_completed(futs):
            r = f.result(); results[r["rel"]] = r
            state = "FAILED" if r["error"] else ("cached" if r["cached"] else ("executed" if r["executed"] else "source"))
            print(f"docs: {r['rel']:<40} {state:<8} {r['seconds']:6.1f} s  {r['images']} figures", flush=True)
    failed = [r for r in results.values() if r["error"]]
    for r in failed: print(f"docs: {r['rel']} failed:\n{r['error']}", file=sys.stderr)
    # every public function and class has its show_doc entry (an anchor named after it) on its notebook's page
    no_doc = []
    for rel, names in public_symbols(ROOT / cfg.get("lib_path", "scale_alibi")).items():
        r = results.get(rel)
        if r is None or r["error"]: continue                     # a missing or failed page is reported already
        no_doc += [f"{n} ({rel})" for n in names if f'id="{n}"' not in r["body"]]
    if no_doc:
        print(f"docs: {len(no_doc)} public symbols without a show_doc entry on their page: {', '.join(no_doc)}", file=sys.stderr)

    if a.quarto:
        for f in ("_quarto.yml", "nbdev.yml", "sidebar.yml", "styles.css"):
            if (nbs / f).exists(): shutil.copy2(nbs / f, ROOT / "_proc" / f)
        if (nbs / "images").is_dir(): shutil.copytree(nbs / "images", ROOT / "_proc" / "images", dirs_exist_ok=True)
        if failed: return 1
        from nbdev.quarto import refresh_quarto_yml
        refresh_quarto_yml()                                   # nbs/nbdev.yml from settings.ini, as nbdev_docs does
        shutil.copy2(nbs / "nbdev.yml", ROOT / "_proc" / "nbdev.yml")
        rc = subprocess.call(["quarto", "render", str(ROOT / "_proc"), "--no-cache"])
        if rc: return rc
        doc_path = ROOT / cfg.get("doc_path", "_docs")
        shutil.rmtree(doc_path, ignore_errors=True)
        shutil.move(str(ROOT / "_proc" / doc_path.name), str(doc_path))
        print(f"docs: quarto site in {doc_path.relative_to(ROOT)}/ ({time.time() - t0:.0f} s)")
        return 0

    out = (ROOT / a.out) if not Path(a.out).is_absolute() else Path(a.out)
    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "site.css").write_text(CSS + "\n" + pygments_css())
    mathjax = copy_mathjax(out)
    if (nbs / "images").is_dir(): shutil.copytree(nbs / "images", out / "images")   # figures markdown cells link to
    nav = [(sec, [(html_name(r), results[r]["title"] if r in results else r) for r in items]) for sec, items in nav_src]
    maps = []
    for rel in listed:
        r = results[rel]
        for name, doc in r["extra"].items():
            target = str(Path(html_name(rel)).parent / name) if "/" in rel else name
            maps.append((target, f"Map: {r['title']}" + (f" ({len(maps) + 1})" if len(r['extra']) > 1 else "")))
            (out / target).parent.mkdir(parents=True, exist_ok=True)
            (out / target).write_text(doc)
    if maps: nav.append(("Maps", maps))
    base = (cfg.get("doc_host", "") + cfg.get("doc_baseurl", "")).rstrip("/") + "/"
    for rel in listed:
        r = results[rel]
        target = html_name(rel)
        up = "../" * (len(Path(target).parts) - 1)
        body = r["body"] if not r["error"] else f"<pre>build error:\n{html.escape(r['error'])}</pre>"
        if base != "/": body = body.replace(f'href="{base}', f'href="{up}')
        (out / target).parent.mkdir(parents=True, exist_ok=True)
        (out / target).write_text(page_html(r["title"], r["description"], body, nav, target, cfg, mathjax, rel))
    info = dict(pages=[dict(notebook=f"nbs/{r}", page=html_name(r), title=results[r]["title"], figures=results[r]["images"],
                            executed=results[r]["executed"], cached=results[r]["cached"], seconds=round(results[r]["seconds"], 1),
                            error=bool(results[r]["error"])) for r in listed],
                maps=[m for m, _ in maps], mathjax=mathjax, seconds=round(time.time() - t0, 1), execute=a.execute,
                public_symbols_without_show_doc=no_doc)
    (out / "build.json").write_text(json.dumps(info, indent=1))
    n_fig = sum(p["figures"] for p in info["pages"])
    print(f"docs: {len(listed)} pages + {len(maps)} map pages, {n_fig} figures, mathjax {'local' if mathjax else 'absent'}, "
          f"{len(failed)} failed, {len(no_doc)} public symbols without show_doc, {info['seconds']} s -> "
          f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 1 if failed or no_doc else 0


def public_symbols(lib: Path) -> dict:
    """{notebook path relative to nbs/: [public function and class names]} from the generated modules: names in
    `__all__` that the module defines with `def`/`class` (parsed, not imported)."""
    import ast
    out = {}
    for py in sorted(lib.glob("*.py")):
        src = py.read_text()
        m = re.search(r"File to edit: \.\./(?:nbs/)?(.*?\.ipynb)", src[:600])
        if not m or py.name.startswith("_"): continue
        tree = ast.parse(src)
        names = next((ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                      and any(getattr(t, "id", "") == "__all__" for t in n.targets)), [])
        defs = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        out.setdefault(m[1], []).extend(n for n in names if n in defs)
    return out


def pygments_css() -> str:
    from pygments.formatters import HtmlFormatter
    return HtmlFormatter(style="default").get_style_defs(".highlight")


if __name__ == "__main__":
    sys.exit(main())
