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
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in -h|--help) usage "$0"; exit 0 ;; esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check="$root/tools/check_nbdev.sh"
if [ -z "${NBDEV_BIN:-}" ] && [ -x "$root/.venv/bin/nbdev_export" ]; then export NBDEV_BIN="$root/.venv/bin"; fi
[ -n "${NBDEV_BIN:-}" ] && PATH="$NBDEV_BIN:$PATH"
lib_path=$(ini_get "$root" lib_path scale_alibi)
nbs_path=$(ini_get "$root" nbs_path nbs)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_guards.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
copy="$tmp/repo"
snapshot "$root" "$copy"

# the fixture notebook and a never-exported one (nbformat 4 JSON; nbdev_clean normalises the fixture below)
mkdir -p "$copy/$nbs_path"
nb_json() { # CELL0_SOURCE CELL1_SOURCE (JSON strings)
  printf '{"cells": [{"cell_type": "code", "execution_count": null, "id": "c0000000", "metadata": {}, "outputs": [], "source": %s},\n' "$1"
  printf ' {"cell_type": "code", "execution_count": null, "id": "c0000001", "metadata": {}, "outputs": [], "source": %s}],\n' "$2"
  printf ' "metadata": {"kernelspec": {"display_name": "python3", "language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}\n'
}
nb_json '"#| default_exp guard_fixture"' \
  '"#| export\ndef guard_fixture(x):\n    \"Identity; exists only for tools/test_guards.sh.\"\n    return x"' \
  > "$copy/$nbs_path/99_guard_fixture.ipynb"
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

# (a) dirty notebook: execution count, an output and cell metadata in the second cell of the clean fixture
fx="$copy/$nbs_path/99_guard_fixture.ipynb"
awk '/"execution_count": null/ && ++n == 2 {sub(/null/, "7")}
     /"id": "c0000001"/ {f = 1}
     f && /"metadata": \{\}/ {sub(/\{\}/, "{\"scrolled\": true, \"ExecuteTime\": {\"end_time\": \"2026-01-01T00:00:00\"}}")}
     f && /"outputs": \[\]/ {sub(/\[\]/, "[{\"output_type\": \"execute_result\", \"execution_count\": 7, \"metadata\": {}, \"data\": {\"text/plain\": [\"42\"]}}]"); f = 0}
     {print}' "$fx" > "$fx.dirty" && mv "$fx.dirty" "$fx"
grep -q '"execution_count": 7' "$fx" && grep -q '"scrolled": true' "$fx" && grep -q '"text/plain"' "$fx" \
  || { echo "guards: could not make the dirty fixture"; echo "guards: 0 passed, 1 failed"; exit 1; }
expect fail "(a) notebook with execution_count/outputs/metadata" "M $nbs_path/99_guard_fixture.ipynb"

# (b) hand-edited exported module
echo "HAND_EDITED = True" >> "$copy/$lib_path/guard_fixture.py"
expect fail "(b) line appended to $lib_path/guard_fixture.py" "M $lib_path/guard_fixture.py"

# (c) new notebook whose module was never exported
nb_json '"#| default_exp newmod"' '"#| export\nNEW = 1"' > "$copy/$nbs_path/98_newmod.ipynb"
expect fail "(c) new notebook with default_exp newmod, not exported" "?? $lib_path/newmod.py"

# (e) orphaned module: its notebook was removed
rm "$copy/$nbs_path/99_guard_fixture.ipynb"
expect fail "(e) exported module whose notebook was deleted" "$lib_path/guard_fixture.py (source"

# (d) clean tree
expect pass "(d) clean, exported tree" "check_nbdev: OK"

echo "guards: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
