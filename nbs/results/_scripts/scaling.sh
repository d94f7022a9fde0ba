#!/usr/bin/env bash
# Does more pretraining compute help? scale_alibi pretrained for each of STEPS (default 300 1000 3000) steps, seeds
# 0 1 2, on the same multi-GSD corpus (scene sets' training splits + the mirror's aerial rasters, one copy in
# ROOT/corpus shared by relative symlinks), each evaluated by the multi-GSD protocol, then put side by side with
# paired differences from the largest (its run also gives the floors).
#
# Usage: nohup bash nbs/results/_scripts/scaling.sh [ROOT] [STEPS ...] > scaling.log 2>&1 &
#
#   ROOT             run root, relative to the current directory (default: runs/scaling in the repo); not all digits
#   ROOT/steps<N>/   one `python -m scale_alibi.multiscale` run per step count (pretrain/, eval/, results.md)
#   ROOT/combined/   results.csv, results.md, accuracy_vs_gsd.png of `--combine` (scale_alibi@<N>, floors)
# At least two distinct step counts. Resumable: rerun the same command after an interruption and finished runs and
# evaluations are reused. Needs ../shared/data (EuroSAT, UC Merced); SEEDS="0 1 2" and SKIP_SETUP=1 are read from
# the environment.
set -euo pipefail
case "${1:-}" in -h|--help) . "$(dirname "$0")/../../../tools/lib.sh"; usage "$0"; exit 0 ;; esac
if [ $# -gt 0 ]; then
  case "$1" in *[!0-9]*) root=$(realpath -m "$1") ;; *) echo "scaling.sh: ROOT '$1' is all digits (a step count?); give the run root first" >&2; exit 2 ;; esac
  shift
fi
cd "$(dirname "$0")/../../.."
root=${root:-$PWD/runs/scaling}
steps=("$@"); [ ${#steps[@]} -gt 0 ] || steps=(300 1000 3000)
for n in "${steps[@]}"; do case "$n" in ''|*[!0-9]*) echo "scaling.sh: step count '$n' is not a positive integer" >&2; exit 2 ;; esac; done
uniq_steps=$(printf '%s\n' "${steps[@]}" | sort -rnu)
[ "$(echo "$uniq_steps" | wc -l)" -ge 2 ] || { echo "scaling.sh: give at least two distinct step counts, got ${steps[*]}" >&2; exit 2; }
[ "${SKIP_SETUP:-0}" = 1 ] || bash tools/setup.sh
seeds=(${SEEDS:-0 1 2})
py=.venv/bin/python
mkdir -p "$root/corpus"
for n in "${steps[@]}"; do
  d="$root/steps$n"; mkdir -p "$d"
  if [ ! -e "$d/corpus" ] && [ ! -L "$d/corpus" ]; then ln -s ../corpus "$d/corpus"
  elif [ "$(realpath "$d/corpus")" != "$(realpath "$root/corpus")" ]; then
    echo "scaling.sh: warning: $d/corpus is not $root/corpus; that run keeps its own corpus" >&2
  fi
  echo "== $n steps -> $d ($(date +%T))"
  t=$SECONDS; $py -m scale_alibi.multiscale "$d" --modes scale_alibi --steps "$n" --seeds "${seeds[@]}"
  echo "== $n steps: $((SECONDS - t)) s"
done
combine=(); for n in $uniq_steps; do combine+=("$n=$root/steps$n"); done
$py -m scale_alibi.multiscale "$root/combined" --modes scale_alibi --combine "${combine[@]}"
cat "$root/combined/results.md"
