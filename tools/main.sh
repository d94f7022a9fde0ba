#!/usr/bin/env bash
# The whole pipeline on the default sample data: setup, then the dataset -> pretrain -> evaluate jobs.
#
# Usage: bash tools/main.sh [RUN_DIR] [-p NAME VALUE ...]
#
#   RUN_DIR  run folder, relative to the repo root (default runs/main): RUN_DIR/store and tiles/ (dataset),
#            RUN_DIR/pretrain/model.safetensors and metrics (pretrain), RUN_DIR/eval_table.md and eval.csv (evaluate);
#            executed notebooks in RUN_DIR/notebooks/<job>.ipynb. A re-run reuses what the jobs reuse.
#   -p NAME VALUE  pretrain parameters over the main job's schedule (scale_alibi.jobs.MAIN_PRETRAIN: 1500 steps,
#            batch 16, warmup 100, ckpt_every 250), e.g.  bash tools/main.sh runs/try -p steps 300 -p pos alibi2d
# Environment: DATASET_PARAMS / EVALUATE_PARAMS ("-p NAME VALUE ..." for those jobs), SKIP_SETUP=1 (no setup),
# PM_LOG_OUTPUT=1 (stream the cells' output). Every job runs with build_missing=False; each step's wall time is
# printed, and RUN_DIR/eval_table.md at the end; a failing step is named (exit status non-zero).
set -euo pipefail
case "${1:-}" in -h|--help) . "$(dirname "$0")/lib.sh"; usage "$0"; exit 0 ;; esac
cd "$(dirname "$0")/.."
[ "${SKIP_SETUP:-0}" = 1 ] || bash tools/setup.sh
exec .venv/bin/python -m scale_alibi.jobs main "$@"
