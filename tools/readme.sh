#!/usr/bin/env bash
# Generate README.md from nbs/index.ipynb (README.md is never edited by hand).
#
# Usage: bash tools/readme.sh [--check]
#
#   --check  do not write; exit 1 (printing a diff) when README.md differs from
#            what nbs/index.ipynb generates (tools/test.sh counts this as a test)
#
# Rules (a small nbformat-free JSON reader, no quarto needed):
#   - markdown cells are copied verbatim, separated by one blank line;
#   - code cells are copied as ```python blocks without their `#|` directive
#     lines and without outputs; cells marked `#| hide`, `#| echo: false`,
#     `#| include: false`, `#| exporti`/`#| export` are left out;
#   - raw cells are left out.
# The result ends with a comment naming the source; the first ```bash block of
# the README (the two commands) is the first ```bash block of index.ipynb.
# Not nbdev_readme: it needs quarto and writes a different (gfm) README; after
# `nbdev_docs` (which calls it) run this script again.
set -euo pipefail
case "${1:-}" in -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=python3
[ -x "$root/.venv/bin/python" ] && py="$root/.venv/bin/python"
exec "$py" - "$root" "$@" <<'PY'
import difflib, json, re, sys
from pathlib import Path

root, args = Path(sys.argv[1]), sys.argv[2:]
if args not in ([], ["--check"]): sys.exit(f"readme.sh: unknown arguments {args} (see --help)")
src, dst = root / "nbs" / "index.ipynb", root / "README.md"
nb = json.loads(src.read_text(encoding="utf-8"))
SKIP = re.compile(r"^\s*#\|\s*(hide\b|echo:\s*false|include:\s*false|exporti?\b|exports\b)", re.I)
parts = []
for c in nb["cells"]:
    s = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
    if c["cell_type"] == "markdown":
        parts.append(s.strip("\n"))
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
PY
