#!/usr/bin/env bash
# Run one job notebook (nbs/jobs/JOB.ipynb) with papermill. Shared by
# tools/main.sh and slurm/*.sbatch; rarely called by hand.
#
# Usage: bash tools/run_job.sh JOB RUN_DIR OUT_NAME [PAPERMILL_ARGS...]
#
#   JOB        dataset | pretrain | evaluate
#   RUN_DIR    run directory (relative paths are relative to the repo root);
#              passed as the raw string parameter `run_dir`, made absolute
#   OUT_NAME   executed notebook is written to RUN_DIR/notebooks/OUT_NAME
#   PAPERMILL_ARGS  passed through, e.g. -p steps 300 -p pos alibi2d
#
# Environment:
#   BUILD_MISSING  value of the `build_missing` parameter (default False)
#   PM_LOG_OUTPUT=1  stream cell outputs to stderr (papermill --log-output)
#   DRY_RUN=1      print the papermill command and only check that the
#                  environment imports (scale_alibi, papermill); no notebook
#                  is run (used by the SLURM smoke test in .ci/run)
#
# The notebook runs with cwd = its own folder (nbs/jobs), exactly as under
# nbdev_test, on the kernel `python3` of the repo's .venv (JUPYTER_PATH is set
# so a user-level kernelspec named python3 cannot shadow it).
# Under `srun` with SLURM_NTASKS>1, "-rankN" is added to OUT_NAME.
set -euo pipefail

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[ $# -ge 3 ] || { usage >&2; exit 2; }
job=$1 run_dir=$2 out_name=$3
shift 3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

case "$job" in dataset|pretrain|evaluate) ;; *)
  echo "run_job: unknown job '$job' (dataset|pretrain|evaluate)" >&2; exit 2 ;;
esac
nb="$root/nbs/jobs/$job.ipynb"
[ -f "$nb" ] || { echo "run_job: missing job notebook ${nb#"$root"/}" >&2; exit 2; }

mkdir -p "$run_dir/notebooks"
run_dir=$(cd "$run_dir" && pwd)
if [ "${SLURM_NTASKS:-1}" -gt 1 ] && [ -n "${SLURM_PROCID:-}" ]; then
  out_name="${out_name%.ipynb}-rank${SLURM_PROCID}.ipynb"
fi
out="$run_dir/notebooks/$out_name"

# Python: an activated venv, else the repo's .venv, else python3.
if [ -n "${VIRTUAL_ENV:-}" ]; then py=python
elif [ -x "$root/.venv/bin/python" ]; then py="$root/.venv/bin/python"; export PATH="$root/.venv/bin:$PATH"
else py=python3; fi
prefix=$("$py" -c 'import sys; print(sys.prefix)')
if [ -d "$prefix/share/jupyter/kernels/python3" ]; then
  export JUPYTER_PATH="$prefix/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
fi

pm_flags=(-k python3 --cwd "$(dirname "$nb")")
if [ -t 2 ]; then pm_flags+=(--progress-bar); else pm_flags+=(--no-progress-bar); fi
[ "${PM_LOG_OUTPUT:-0}" = 1 ] && pm_flags+=(--log-output)
cmd=("$py" -m papermill "$nb" "$out" "${pm_flags[@]}"
     -r run_dir "$run_dir" -p build_missing "${BUILD_MISSING:-False}" "$@")

# Without a cell tagged `parameters` papermill injects its values at the top
# and the notebook's own assignments silently override them: refuse to run.
"$py" - "$nb" <<'PY'
import json, re, sys
nb = json.load(open(sys.argv[1]))
cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
if not cells:
    sys.exit(f"run_job: {sys.argv[1]} has no cell tagged 'parameters' (nbdev_clean stripped it? "
             "settings.ini needs allowed_cell_metadata_keys = tags)")
src = "".join("".join(c["source"]) for c in cells)
missing = [p for p in ("run_dir", "build_missing") if not re.search(rf"^{p}\s*(:[^=]*)?=", src, re.M)]
if missing:
    sys.exit(f"run_job: the parameters cell of {sys.argv[1]} does not assign {', '.join(missing)}")
PY

echo "run_job: $job -> ${out#"$root"/} (host $(hostname -s), job ${SLURM_JOB_ID:-local})"
if [ "${DRY_RUN:-0}" = 1 ]; then
  printf 'run_job: DRY_RUN:'; printf ' %q' "${cmd[@]}"; echo
  exec "$py" -c 'import scale_alibi, papermill; print("run_job: DRY_RUN ok: scale_alibi", scale_alibi.__version__, "papermill", papermill.__version__)'
fi
exec "${cmd[@]}" </dev/null
