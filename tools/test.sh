#!/usr/bin/env bash
# Run every test of the project.
#
# Usage: bash tools/test.sh [NBDEV_TEST_ARGS...]
#
#   NBDEV_TEST_ARGS  passed to nbdev_test, e.g. --flags "slow gpu" or
#                    --path nbs/10_attention.ipynb
#
# Steps (all run, even after a failure):
#   1. tools/setup.sh        (idempotent; SKIP_SETUP=1 skips it)
#   2. tools/check_nbdev.sh  notebooks clean, scale_alibi/ in sync  (1 test)
#   3. nbdev_test --n_workers 2   every notebook in nbs/, one thread each (tiny models
#      spin-wait with 2 threads on 2 shared cores) (1 test each; cells
#      flagged slow|benchmark|gpu are skipped unless passed via --flags)
#   4. tools/test_guards.sh  the guards of step 2 can fail            (1 test each)
#   5. tools/test_slurm.sh   real SLURM: 2-rank DDP pretrain, requeue + resume (1 test each;
#                            installs a local SLURM when root; SKIP_SLURM=1 skips it)
#   6. tools/readme.sh --check   README.md in sync with nbs/index.ipynb (1 test)
#   7. tools/check_docstrings.py every public symbol has a docstring    (1 test)
#      tools/gpu_check.py --device cpu  the GPU check script runs (CPU smoke) (1 test)
#   8. tools/docs.sh         offline docs site built into _site/        (1 test)
#   9. tools/test_docs.py    _site/ in headless Chromium: figures render, links
#                            resolve, no console errors, MathJax ok (1 test per
#                            check); tools/docs_deps.sh first installs chromium,
#                            chromium-driver, libjs-mathjax when root.
#                            SKIP_DOCS=1 skips steps 8-9.
# The last line is exactly `N passed, N failed`; the exit status is non-zero
# if anything failed.
set -euo pipefail
case "${1:-}" in -h|--help) . "$(dirname "$0")/lib.sh"; usage "$0"; exit 0 ;; esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
passed=0 failed=0 crashed=0
t0=$SECONDS
hr() { echo "---- $* ----"; }

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  hr setup
  bash tools/setup.sh
fi
# shellcheck source=/dev/null
. .venv/bin/activate

hr check_nbdev
if bash tools/check_nbdev.sh 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

hr "nbdev_test --n_workers 2${*:+ $*}"
log=$(mktemp "${TMPDIR:-/tmp}/nbdev_test.XXXXXX")
trap 'rm -f "$log"' EXIT
rc=0
# --do_print gives one "Starting <nb>" line per notebook: kept in the log for
# counting, filtered from the terminal.
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} PYTHONUNBUFFERED=1 nbdev_test --n_workers 2 --timing --do_print "$@" > "$log" 2>&1 || rc=$?
grep -v -e '^Starting /' -e '^- Completed /' "$log" || true
n_nb=$(grep -c '^Starting /' "$log" || true)
# on failure nbdev prints the failing notebook names, tab-indented, after a fence
n_bad=$(awk '/Tests Failed On The Following Notebooks/ {f=1; next} f && /^\t/ {n++} END {print n+0}' "$log")
if [ "$rc" -ne 0 ] && [ "$n_bad" -eq 0 ]; then
  echo "test: nbdev_test exited $rc without naming a notebook (crash?)" >&2
  crashed=1; n_bad=1
fi
[ "$n_bad" -gt "$n_nb" ] && n_nb=$n_bad
passed=$((passed + n_nb - n_bad)); failed=$((failed + n_bad))
echo "nbdev_test: $((n_nb - n_bad)) notebooks passed, $n_bad failed"

# add_report(PREFIX, EXIT, LOG): count a sub-runner's last `PREFIX: N passed, N failed` line; no such line = a crash
add_report() {
  local prefix=$1 code=$2 log=$3 line p f
  printf '%s\n' "$log"
  line=$(grep -E "^$prefix: [0-9]+ passed, [0-9]+ failed\$" <<< "$log" | tail -n1 || true)
  if [ -n "$line" ]; then
    read -r p f < <(sed -E "s/^$prefix: ([0-9]+) passed, ([0-9]+) failed\$/\1 \2/" <<< "$line")
    passed=$((passed + p)); failed=$((failed + f))
  else
    echo "test: $prefix runner crashed (exit $code)" >&2; failed=$((failed + 1)); crashed=1
  fi
}

hr test_guards
grc=0; glog=$(bash tools/test_guards.sh 2>&1) || grc=$?
add_report guards "$grc" "$glog"

hr test_slurm
# real SLURM: 2-rank DDP job and a requeue-resume (tools/test_slurm.sh installs a local SLURM when root)
if [ "${SKIP_SLURM:-0}" = 1 ]; then
  echo "test_slurm: skipped (SKIP_SLURM=1)"
elif [ "$(id -u)" -ne 0 ] && ! command -v sbatch >/dev/null 2>&1; then
  echo "test_slurm: skipped (not root and no SLURM installed)"
else
  src=0; slog=$(bash tools/test_slurm.sh 2>&1) || src=$?
  add_report slurm "$src" "$slog"
fi

# counted(NAME, CMD...): run CMD, one test passed or failed by its exit status
counted() {
  local name=$1; shift
  hr "$name"
  if "$@" 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "test: $name FAILED" >&2; fi
}
counted "readme in sync" bash tools/readme.sh --check
counted "docstrings" python tools/check_docstrings.py
counted "gpu_check (CPU smoke: the script runs; figures need a GPU)" env OMP_NUM_THREADS=1 python tools/gpu_check.py \
  --device cpu --sizes tiny --steps 2 --warmup 1 --windows 1 --batch 4 --lr-px 32 --hr-px 64 --workers 1

if [ "${SKIP_DOCS:-0}" != 1 ]; then
  hr docs_deps
  bash tools/docs_deps.sh || echo "test: tools/docs_deps.sh could not install the docs packages (see above)" >&2
  t_docs=$SECONDS
  counted "docs build (tools/docs.sh)" bash tools/docs.sh
  echo "docs: built in $((SECONDS - t_docs)) s"
  hr "docs in headless chromium"
  brc=0; blog=$(python tools/test_docs.py 2>&1) || brc=$?
  add_report docs_browser "$brc" "$blog"
fi

echo "---- done in $((SECONDS - t0)) s ----"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$crashed" -eq 0 ]
