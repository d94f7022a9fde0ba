#!/usr/bin/env bash
# The whole pipeline: setup, then dataset -> pretrain -> evaluate job notebooks.
#
# Usage: bash tools/main.sh [RUN_DIR] [PAPERMILL_ARGS_FOR_PRETRAIN...]
#
#   RUN_DIR  run directory, relative to the repo root (default: runs/main).
#            dataset writes RUN_DIR/store, pretrain RUN_DIR/pretrain/model.safetensors and
#            metrics, evaluate RUN_DIR/eval_table.md and RUN_DIR/eval.csv.
#            Executed notebooks are kept in RUN_DIR/notebooks/<job>.ipynb.
#   PAPERMILL_ARGS_FOR_PRETRAIN  anything after RUN_DIR is passed verbatim to
#            papermill for the pretrain step (after the main job's defaults
#            -p steps 1500 -p batch_size 16 -p warmup 100 -p ckpt_every 250), e.g.
#              bash tools/main.sh runs/try -p steps 300 -p pos alibi2d
#            (if the first argument starts with '-', RUN_DIR is the default).
#
# Environment:
#   DATASET_PARAMS / EVALUATE_PARAMS  extra papermill args for those steps
#                    (split on whitespace), e.g. DATASET_PARAMS="-p source mirror"
#   SKIP_SETUP=1     do not run tools/setup.sh
#   PM_LOG_OUTPUT=1  stream notebook cell outputs to the terminal
#
# Every step gets `-r run_dir <abs RUN_DIR> -p build_missing False`: a step
# whose inputs are missing fails instead of silently rebuilding them. Each
# notebook runs with cwd nbs/jobs/. Prints the wall time of each step; at the
# end prints RUN_DIR/eval_table.md. Exit status is non-zero, naming the step,
# if any step fails. A re-run with the same RUN_DIR reuses what the notebooks
# decide to reuse (e.g. an existing store or checkpoint).
set -euo pipefail

case "${1:-}" in -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
run_dir=runs/main
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then run_dir=$1; shift; fi
# The main job's pretraining schedule (the notebook's own defaults are tiny test values);
# arguments after RUN_DIR are appended and win (papermill takes the last -p of a name).
pretrain_args=(-p steps 1500 -p batch_size 16 -p warmup 100 -p ckpt_every 250 "$@")
read -r -a dataset_args <<< "${DATASET_PARAMS:-}"
read -r -a evaluate_args <<< "${EVALUATE_PARAMS:-}"

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

now() { echo "${EPOCHREALTIME/,/.}"; }
dt() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
t_start=$(now)

step() { # name, command...
  local name=$1 t0 rc=0; shift
  t0=$(now)
  echo "[main] ==> $name"
  "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "[main] FAILED: step '$name' (exit $rc) after $(dt "$t0")" >&2
    if [ -f "$run_dir/notebooks/$name.ipynb" ]; then echo "[main] executed notebook: $run_dir/notebooks/$name.ipynb" >&2; fi
    exit "$rc"
  fi
  echo "[main] <== $name ok ($(dt "$t0"))"
}

if [ "${SKIP_SETUP:-0}" != 1 ]; then step setup bash tools/setup.sh; fi
mkdir -p "$run_dir/notebooks"
echo "[main] run_dir: $(cd "$run_dir" && pwd)"
export BUILD_MISSING=False
step dataset  bash tools/run_job.sh dataset  "$run_dir" dataset.ipynb  "${dataset_args[@]}"
step pretrain bash tools/run_job.sh pretrain "$run_dir" pretrain.ipynb "${pretrain_args[@]}"
step evaluate bash tools/run_job.sh evaluate "$run_dir" evaluate.ipynb "${evaluate_args[@]}"

if [ ! -s "$run_dir/eval_table.md" ]; then
  echo "[main] FAILED: step 'evaluate' did not write $run_dir/eval_table.md" >&2
  exit 1
fi
echo "[main] all steps ok, total $(dt "$t_start")"
echo "[main] $run_dir/eval_table.md:"
cat "$run_dir/eval_table.md"
