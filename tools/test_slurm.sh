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
s=$(slurm_wait "$j" 600)
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
end=$((SECONDS + 300)) requeued=0
while [ "$SECONDS" -lt "$end" ]; do
  if ls -d "$run/requeue/checkpoints"/step_00000[5-9]* >/dev/null 2>&1; then
    scontrol requeue "$j" && requeued=1; break
  fi
  [ "$(slurm_state "$j")" = COMPLETED ] && break
  sleep 1
done
s=$(slurm_wait "$j" 600)
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
echo "slurm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
