#!/usr/bin/env bash
# GPU check: bf16 pretraining of the small and base configurations with FlexAttention and SDPA, shared and
# per-sample GSDs; reports samples/s, MFU against this GPU's measured bf16 matmul peak, and peak memory.
#
# Usage: bash tools/gpu_check.sh [ARGS...]     (ARGS go to tools/gpu_check.py; see --help)
#   e.g. bash tools/gpu_check.sh --steps 200 --out runs/gpu_check.json
# SKIP_SETUP=1 skips tools/setup.sh. Needs a CUDA device; tools/test.sh runs the CPU smoke version.
set -euo pipefail
case "${1:-}" in -h|--help) . "$(dirname "$0")/lib.sh"; usage "$0"; exit 0 ;; esac
cd "$(dirname "$0")/.."
[ "${SKIP_SETUP:-0}" = 1 ] || bash tools/setup.sh
exec .venv/bin/python tools/gpu_check.py "$@"
