#!/usr/bin/env bash
# Run one job notebook (nbs/jobs/JOB.ipynb): `python -m scale_alibi.jobs run` with the repo's .venv.
# Usage: bash tools/run_job.sh JOB RUN_DIR OUT_NAME [-p NAME VALUE ...]   (DRY_RUN=1: check only, run nothing)
# Parameters are checked against the job's parameters cell before anything runs; see nbs/41_jobs.ipynb.
set -euo pipefail
case "${1:-}" in -h|--help|"") . "$(dirname "$0")/lib.sh"; usage "$0"; exit 0 ;; esac
[ "${DRY_RUN:-0}" = 1 ] && set -- "$@" --dry-run
exec "$(dirname "$0")/../.venv/bin/python" -m scale_alibi.jobs run "$1" --out "$2" --name "$3" "${@:4}"
