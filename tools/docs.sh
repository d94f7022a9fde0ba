#!/usr/bin/env bash
# Build the documentation site offline (no quarto) into _site/.
#
# Usage: bash tools/docs.sh [DOCS_PY_ARGS...]
#
#   e.g. --execute lib|none, --no-cache, --workers N, --out DIR (see
#   `python tools/docs.py --help`). Environment: DOCS_EXECUTE, DOCS_WORKERS.
#
# Runs tools/docs.py with the repo's .venv: every notebook of nbs/ is executed
# (the papermill jobs in nbs/jobs/ are rendered from source), processed by
# nbdev's own processors (show_doc for every exported function and class,
# #| hide, #| export, frontmatter, doc links) and converted to HTML with
# nbconvert, with a navigation sidebar from nbs/sidebar.yml, embedded PNG
# figures, local MathJax (tools/docs_deps.sh installs it) and folium maps as
# their own pages. Open _site/index.html, or serve it:
#   python -m http.server -d _site 8000
# For the quarto-built nbdev site see .github/workflows/deploy.yaml
# (`python tools/docs.py --quarto`); plain `nbdev_preview`/`nbdev_docs` also work
# where quarto exists, but show only the outputs saved in the notebooks (none).
set -euo pipefail
case "${1:-}" in -h|--help) . "$(dirname "$0")/lib.sh"; usage "$0"; exit 0 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
py=python3
[ -x .venv/bin/python ] && py=.venv/bin/python
exec "$py" tools/docs.py "$@"
