#!/usr/bin/env python3
"""Generate README.md from nbs/index.ipynb (README.md is never edited by hand); `tools/readme.sh` runs it.

Usage: python tools/readme.py [--check]   (the rules: the header of tools/readme.sh)
"""
import difflib, json, re, sys
from pathlib import Path

root, args = Path(__file__).resolve().parent.parent, sys.argv[1:]
if args not in ([], ["--check"]): sys.exit(f"readme.sh: unknown arguments {args} (see --help)")
src, dst = root / "nbs" / "index.ipynb", root / "README.md"
nb = json.loads(src.read_text(encoding="utf-8"))
SKIP = re.compile(r"^\s*#\|\s*(hide\b|echo:\s*false|include:\s*false|exporti?\b|exports\b)", re.I)
parts = []
for c in nb["cells"]:
    s = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
    if c["cell_type"] == "markdown":
        parts.append(re.sub(r"\]\((images/[^)\s]+)\)", r"](nbs/\1)", s.strip("\n")))   # figures live in nbs/images
    elif c["cell_type"] == "code":
        lines = s.splitlines()
        head = [l for l in lines if l.lstrip().startswith("#|")]
        if any(SKIP.match(l) for l in head): continue
        body = "\n".join(l for l in lines if not l.lstrip().startswith("#|")).strip("\n")
        if body: parts.append(f"```python\n{body}\n```")
text = "\n\n".join(p for p in parts if p) + "\n\n<!-- generated from nbs/index.ipynb by tools/readme.sh: edit the notebook, not this file -->\n"
if args == ["--check"]:
    old = dst.read_text(encoding="utf-8") if dst.exists() else ""
    if old == text:
        print("readme: OK (README.md is in sync with nbs/index.ipynb)"); sys.exit(0)
    print("readme: README.md is out of sync with nbs/index.ipynb; run `bash tools/readme.sh` "
          "(edit nbs/index.ipynb, not README.md). Diff (README.md -> generated):", file=sys.stderr)
    sys.stderr.writelines(list(difflib.unified_diff(old.splitlines(True), text.splitlines(True), "README.md", "generated", n=1))[:80])
    sys.exit(1)
dst.write_text(text, encoding="utf-8")
print(f"readme: wrote README.md from nbs/index.ipynb ({len(text.splitlines())} lines)")
