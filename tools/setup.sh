#!/usr/bin/env bash
# Create .venv and install scale-alibi with its pinned toolchain.
# torch==2.13.0 is installed FIRST so the CPU wheel is used (a plain `torch`
# requirement would pull several GB of CUDA wheels).
# geobench 1.0.0 is installed with --no-deps: it pins pandas<2/seaborn<0.13,
# which break under numpy 2; its core reader needs only h5py, numpy, rasterio,
# scipy and tqdm (declared in settings.ini).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# A venv is not relocatable: a copied or moved checkout's .venv still names the original folder (activate script,
# shebangs, kernel.json, the editable install), so it would silently import the ORIGINAL tree's code. Detect that and
# rebuild it here.
if [ -f .venv/bin/activate ]; then
  was=$(sed -n 's/^VIRTUAL_ENV="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' .venv/bin/activate | head -n1)
  if [ -n "$was" ] && [ "$(cd "$was/.." 2>/dev/null && pwd -P)" != "$(pwd -P)" ]; then
    echo "setup: .venv was made for $was, not for $(pwd -P)/.venv (a copied checkout); rebuilding it" >&2
    rm -rf .venv
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
stamp=.venv/.scale_alibi_setup
want=$(cat settings.ini setup.py tools/setup.sh | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup: .venv up to date"; exit 0
fi
python -m pip install -q --upgrade "pip>=24" 
python -m pip install -q "torch==2.13.0"
python -m pip install -q --no-deps "geobench==1.0.0"
python -m pip install -q -e ".[dev]"
python -m ipykernel install --sys-prefix --name python3 >/dev/null
echo "$want" > "$stamp"
echo "setup: done"
