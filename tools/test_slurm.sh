#!/usr/bin/env bash
# Real-SLURM tests of pretraining, on a local single-node SLURM (tools/slurm_local.sh installs and starts one).
#
# Usage: bash tools/test_slurm.sh
#
#   1. ddp:     `sbatch -n 2 -c 1 slurm/pretrain.sbatch` runs two ranks with srun; DDP over gloo; must COMPLETE
#               with world_size 2 and every step done.
#   2. requeue: a 1-task pretrain is requeued midway with `scontrol requeue`; the requeued job must resume from
#               its checkpoint ("resuming from ... at step N", N > 0) and end at the same step count with every
#               step's metrics row present exactly once.
#   Every wait is on progress, not on a fixed wall time: a job is given up only after 300 s in which its run folder
#   did not change (slurm_wait_progress), so a slow, busy machine passes and a stuck job fails saying what it waited for.
#   3. embed:   `sbatch --array=0-1 slurm/embed.sbatch` embeds one real raster in two array tasks sharing one window
#               plan; the field the last task writes must equal a single-process run's.
# Last line: `slurm: N passed, N failed`; exit status non-zero on any failure.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in -h|--help) usage "$0"; exit 0 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=/dev/null
. .venv/bin/activate
if ! sinfo -h -o %T 2>/dev/null | grep -q idle; then timeout 300 bash tools/slurm_local.sh; fi
run=runs/ci-slurm-train
rm -rf "$run"; mkdir -p "$run" runs
passed=0 failed=0
ok()   { echo "slurm PASS: $*"; passed=$((passed + 1)); }
fail() { echo "slurm FAIL: $*" >&2; failed=$((failed + 1)); }
echo "slurm: building the dataset in $run"
RUN_DIR=$run BUILD_MISSING=False bash slurm/dataset.sbatch > "$run/dataset.log" 2>&1 || { cat "$run/dataset.log" >&2; exit 1; }

# 1. two ranks under srun
t0=$SECONDS
j=$(RUN_DIR=$run PARAMS="-p steps 12 -p batch_size 4 -p warmup 2 -p ckpt_every 6 -p out_name ddp2" \
    sbatch --parsable -n 2 -c 1 --output="$run/slurm-ddp-%j.out" slurm/pretrain.sbatch)
s=$(slurm_wait_progress "$j" 300 "$run/ddp2" "$run/notebooks")
if [ "$s" = COMPLETED ] && [ "$(json_get "$run/ddp2/pretrain_summary.json" world_size)" = 2 ] \
   && [ "$(json_get "$run/ddp2/pretrain_summary.json" steps)" = 12 ]; then
  ok "ddp: job $j (2 tasks) COMPLETED, world_size 2, 12 steps ($((SECONDS - t0)) s)"
else
  fail "ddp: job $j state $s"; tail -n 40 "$run/slurm-ddp-$j.out" >&2 || true
fi

# 2. requeue midway
t0=$SECONDS
steps=300
j=$(RUN_DIR=$run PARAMS="-p steps $steps -p batch_size 8 -p warmup 10 -p ckpt_every 25 -p out_name requeue" \
    sbatch --parsable -n 1 -c 2 --output="$run/slurm-requeue-%j.out" slurm/pretrain.sbatch)
end=$((SECONDS + 900)) requeued=0
while [ "$SECONDS" -lt "$end" ]; do
  if ls -d "$run/requeue/checkpoints"/step_00000[5-9]* >/dev/null 2>&1; then
    scontrol requeue "$j" && requeued=1; break
  fi
  [ "$(slurm_state "$j")" = COMPLETED ] && break
  sleep 1
done
s=$(slurm_wait_progress "$j" 300 "$run/requeue" "$run/notebooks")
# every step's metrics row exactly once, in order
rows=$(awk -F, -v n="$steps" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "step") c = i; next}
                              {k++; if ($c != k) bad = 1} END {print (c && k == n && !bad) ? "ok" : "bad: " k " rows"}' "$run/requeue/metrics.csv")
resumed=$(grep -ho "resuming from [^ ]* at step [0-9]*" "$run"/notebooks/pretrain-"$j"-r*.ipynb 2>/dev/null | head -n1 || true)
if [ "$requeued" = 1 ] && [ "$s" = COMPLETED ] && [ "$(json_get "$run/requeue/pretrain_summary.json" steps)" = "$steps" ] \
   && [ "$rows" = ok ] && [ -n "$resumed" ] && [ "${resumed##* }" -gt 0 ]; then
  ok "requeue: job $j requeued midway, ${resumed#*checkpoints/}, COMPLETED at step $steps with $steps metrics rows ($((SECONDS - t0)) s)"
else
  fail "requeue: job $j requeued=$requeued state=$s rows=$rows resumed='${resumed}'"
  tail -n 40 "$run/slurm-requeue-$j.out" >&2 || true
fi
# 3. an embedding field over a 2-task array
t0=$SECONDS
neon=$(python -c "from scale_alibi.samples import load_hr_images; print(next(t['path'] for t in load_hr_images() if 'OSBS' in t['name']))")
rm -rf "$run"/field_array.tif* "$run"/field_one.tif*
j=$(OMP_NUM_THREADS=1 sbatch --parsable --array=0-1 -c 1 --output="$run/slurm-embed-%A_%a.out" slurm/embed.sbatch \
    "$run/field_array.tif" --input "hr=$neon" --tile 16 --margin 8)
s0=$(slurm_wait_progress "${j}_0" 300 "$run"); s1=$(slurm_wait_progress "${j}_1" 300 "$run")
OMP_NUM_THREADS=1 python -m scale_alibi.embed "$run/field_one.tif" --input "hr=$neon" --tile 16 --margin 8 > "$run/embed_one.log" 2>&1 || true
same=$(python -c "
import sys, numpy as np, rasterio
a, b = (rasterio.open(f).read() for f in sys.argv[1:3])
print('equal' if np.array_equal(a, b, equal_nan=True) else f'max difference {np.nanmax(np.abs(a - b)):.2e}')" "$run/field_array.tif" "$run/field_one.tif" 2>&1 | tail -n1)
if [ "${s0:-COMPLETED}" = COMPLETED ] && [ "${s1:-COMPLETED}" = COMPLETED ] && [ "$same" = equal ]; then
  ok "embed: array job $j (2 tasks) COMPLETED; the field equals a single-process run's ($((SECONDS - t0)) s)"
else
  fail "embed: array job $j states $s0/$s1; field vs single process: $same"; tail -n 20 "$run"/slurm-embed-"$j"_*.out >&2 || true
fi
echo "slurm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
