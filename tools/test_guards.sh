#!/usr/bin/env bash
# Prove that tools/check_nbdev.sh can fail: break a temporary copy of the repo
# in known ways and check that the guard notices each one.
#
# Usage: bash tools/test_guards.sh
#
# The copy is the working tree as git would commit it, normalised first
# (nbdev_clean + nbdev_export) plus a throw-away fixture notebook
# nbs/99_guard_fixture.ipynb exporting scale_alibi/guard_fixture.py, so the
# result does not depend on the state of your own tree. Cases:
#   (a) notebook with an execution count, outputs and cell metadata -> must fail
#   (b) a line appended to an exported scale_alibi/*.py              -> must fail
#   (c) new notebook with `#| default_exp newmod`, never exported     -> must fail
#   (e) exported module whose notebook was deleted                    -> must fail
#   (d) the clean, normalised copy                                   -> must pass
# Prints one line per case and a final `guards: N passed, N failed`.
# Exit status is non-zero if any case did not behave. Your tree is untouched.
set -euo pipefail
case "${1:-}" in -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check="$root/tools/check_nbdev.sh"
if [ -z "${NBDEV_BIN:-}" ] && [ -x "$root/.venv/bin/nbdev_export" ]; then export NBDEV_BIN="$root/.venv/bin"; fi
[ -n "${NBDEV_BIN:-}" ] && PATH="$NBDEV_BIN:$PATH"
py=$(command -v python3)
[ -x "${NBDEV_BIN:-}/python" ] && py="$NBDEV_BIN/python"
lib_path=$(sed -n 's/^lib_path *= *//p' "$root/settings.ini" | tr -d '[:space:]'); lib_path=${lib_path:-scale_alibi}
nbs_path=$(sed -n 's/^nbs_path *= *//p' "$root/settings.ini" | tr -d '[:space:]'); nbs_path=${nbs_path:-nbs}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_guards.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
copy="$tmp/repo"
mkdir -p "$copy"
(cd "$root" && git ls-files -z --cached --others --exclude-standard \
   | while IFS= read -r -d '' f; do
       [ -e "$f" ] || [ -L "$f" ] || continue
       case "$f" in settings.ini|setup.py|pyproject.toml|.gitignore|"$nbs_path"/*|"$lib_path"/*) printf '%s\0' "$f" ;; esac
     done \
   | tar --null --no-recursion -T - -cf -) | tar -xf - -C "$copy"

# write a minimal nbdev notebook: mknb PATH CELL_SOURCE...
mknb() {
  "$py" - "$@" <<'PY'
import json, sys
path, *cells = sys.argv[1:]
nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i:07d}",
                 "metadata": {}, "outputs": [], "source": src} for i, src in enumerate(cells)],
      "metadata": {"kernelspec": {"display_name": "python3", "language": "python", "name": "python3"}},
      "nbformat": 4, "nbformat_minor": 5}
json.dump(nb, open(path, "w"), indent=1)
PY
}

mkdir -p "$copy/$nbs_path"
mknb "$copy/$nbs_path/99_guard_fixture.ipynb" "#| default_exp guard_fixture" \
  $'#| export\ndef guard_fixture(x):\n    "Identity; exists only for tools/test_guards.sh."\n    return x'
g() { git -C "$copy" -c user.name=guard -c user.email=guard@localhost -c commit.gpgsign=false "$@"; }
(cd "$copy" && nbdev_clean >/dev/null && nbdev_export >/dev/null)
[ -f "$copy/$lib_path/guard_fixture.py" ] || { echo "guards: fixture export failed"; echo "guards: 0 passed, 1 failed"; exit 1; }
g init -q; g add -A; g commit -q -m baseline

passed=0 failed=0
expect() { # want(pass|fail) label must-appear-in-output
  local want=$1 label=$2 pat=$3 rc=0 out ok=0
  out=$(bash "$check" "$copy" 2>&1) || rc=$?
  if [ "$want" = fail ] && [ "$rc" -eq 1 ] && grep -qF -- "$pat" <<< "$out"; then ok=1; fi
  if [ "$want" = pass ] && [ "$rc" -eq 0 ] && grep -qF -- "$pat" <<< "$out"; then ok=1; fi
  if [ "$ok" = 1 ]; then
    passed=$((passed + 1)); echo "guard PASS: $label -> check_nbdev exit $rc, as expected"
  else
    failed=$((failed + 1)); echo "guard FAIL: $label -> check_nbdev should $want (exit $rc, expected output with '$pat')"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
  g reset -q --hard; g clean -qfdx
}

# (a) dirty notebook: execution count, an output and cell metadata
"$py" - "$copy/$nbs_path/99_guard_fixture.ipynb" <<'PY'
import json, sys
p = sys.argv[1]; nb = json.load(open(p)); c = nb["cells"][1]
c["execution_count"] = 7
c["metadata"] = {"scrolled": True, "ExecuteTime": {"end_time": "2026-01-01T00:00:00"}}
c["outputs"] = [{"output_type": "execute_result", "execution_count": 7, "metadata": {},
                 "data": {"text/plain": ["42"]}}]
json.dump(nb, open(p, "w"), indent=1)
PY
expect fail "(a) notebook with execution_count/outputs/metadata" "M $nbs_path/99_guard_fixture.ipynb"

# (b) hand-edited exported module
echo "HAND_EDITED = True" >> "$copy/$lib_path/guard_fixture.py"
expect fail "(b) line appended to $lib_path/guard_fixture.py" "M $lib_path/guard_fixture.py"

# (c) new notebook whose module was never exported
mknb "$copy/$nbs_path/98_newmod.ipynb" "#| default_exp newmod" $'#| export\nNEW = 1'
expect fail "(c) new notebook with default_exp newmod, not exported" "?? $lib_path/newmod.py"

# (e) orphaned module: its notebook was removed
rm "$copy/$nbs_path/99_guard_fixture.ipynb"
expect fail "(e) exported module whose notebook was deleted" "$lib_path/guard_fixture.py (source"

# (d) clean tree
expect pass "(d) clean, exported tree" "check_nbdev: OK"

echo "guards: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
