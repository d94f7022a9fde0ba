#!/usr/bin/env bash
# Does more pretraining compute help? scale_alibi pretrained for each of STEPS (default 300 1000 3000) steps, seeds
# 0 1 2, on the same multi-GSD corpus (scene sets' training splits + the mirror's aerial rasters, one copy shared by
# symlink), each evaluated by the multi-GSD protocol, then put side by side with paired differences from the largest.
#
# Usage: nohup bash tools/scaling.sh [ROOT] [STEPS ...] > ROOT.log 2>&1 &      (ROOT default runs/scaling)
#
#   ROOT/steps<N>/   one `python -m scale_alibi.multiscale` run per step count (pretrain/, eval/, results.md)
#   ROOT/combined/   results.csv, results.md, accuracy_vs_gsd.png of `--combine` (scale_alibi@<N>, floors)
# Resumable: rerun the same command after an interruption and finished runs and evaluations are reused.
# Needs ../shared/data (EuroSAT, UC Merced); SEEDS="0 1 2" and SKIP_SETUP=1 are read from the environment.
set -euo pipefail
case "${1:-}" in -h|--help) . "$(dirname "$0")/lib.sh"; usage "$0"; exit 0 ;; esac
cd "$(dirname "$0")/.."
[ "${SKIP_SETUP:-0}" = 1 ] || bash tools/setup.sh
root=${1:-runs/scaling}; shift || true
steps=("$@"); [ ${#steps[@]} -gt 0 ] || steps=(300 1000 3000)
seeds=(${SEEDS:-0 1 2})
py=.venv/bin/python
first=""
for n in "${steps[@]}"; do
  d="$root/steps$n"; mkdir -p "$d"
  if [ -z "$first" ]; then first=$d; else [ -e "$d/corpus" ] || ln -sfn "$(realpath "$first/corpus")" "$d/corpus"; fi
  echo "== $n steps -> $d ($(date +%T))"
  t=$SECONDS; $py -m scale_alibi.multiscale "$d" --modes scale_alibi --steps "$n" --seeds "${seeds[@]}"
  echo "== $n steps: $((SECONDS - t)) s"
done
combine=(); for n in $(printf '%s\n' "${steps[@]}" | sort -rn); do combine+=("$n=$root/steps$n"); done
$py -m scale_alibi.multiscale "$root/combined" --modes scale_alibi --combine "${combine[@]}"
cat "$root/combined/results.md"
