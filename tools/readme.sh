#!/usr/bin/env bash
# Generate README.md from nbs/index.ipynb (README.md is never edited by hand).
#
# Usage: bash tools/readme.sh [--check]
#
#   --check  do not write; exit 1 (printing a diff) when README.md differs from
#            what nbs/index.ipynb generates (tools/test.sh counts this as a test)
#
# Rules (a small nbformat-free JSON reader, no quarto needed):
#   - markdown cells are copied verbatim, separated by one blank line, except
#     that links to figures in nbs/images (`](images/...)`) get the nbs/ prefix;
#   - code cells are copied as ```python blocks without their `#|` directive
#     lines and without outputs; cells marked `#| hide`, `#| echo: false`,
#     `#| include: false`, `#| exporti`/`#| export` are left out;
#   - raw cells are left out.
# The result ends with a comment naming the source; the first ```bash block of
# the README (the two commands) is the first ```bash block of index.ipynb.
# Not nbdev_readme: it needs quarto and writes a different (gfm) README; after
# `nbdev_docs` (which calls it) run this script again.
set -euo pipefail
case "${1:-}" in -h|--help) . "$(dirname "$0")/lib.sh"; usage "$0"; exit 0 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=python3
[ -x "$root/.venv/bin/python" ] && py="$root/.venv/bin/python"
exec "$py" "$root/tools/readme.py" "$@"
