#!/usr/bin/env bash
# Install the system packages the documentation build and its browser test
# need, idempotently: Debian/Ubuntu `chromium`, `chromium-driver` (the
# headless browser test, tools/test_docs.py) and `libjs-mathjax` (local MathJax
# for the offline site, tools/docs.py; without it equations show as TeX).
#
# Usage: bash tools/docs_deps.sh [--check]
#
#   --check  install nothing; exit 1 and name what is missing
# Packages already installed are not touched and apt is not called (a second
# run takes well under a second). Installing needs root (or passwordless sudo)
# and apt-get; otherwise it prints what to install and exits 1.
set -euo pipefail
case "${1:-}" in -h|--help) . "$(dirname "$0")/lib.sh"; usage "$0"; exit 0 ;; esac
pkgs=(chromium chromium-driver libjs-mathjax)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "docs_deps: OK (${pkgs[*]} installed; $(chromium --version 2>/dev/null | head -n1 || echo chromium))"
  exit 0
fi
if [ "${1:-}" = --check ]; then echo "docs_deps: missing: ${missing[*]}" >&2; exit 1; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "docs_deps: no apt-get here; install ${missing[*]} (chromium + chromedriver, MathJax 2) yourself" >&2; exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n)
  else echo "docs_deps: need root to install ${missing[*]}: sudo apt-get install -y ${missing[*]}" >&2; exit 1; fi
fi
echo "docs_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# update the package lists only when the install fails with the current ones
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/docs_deps.$$.log 2>&1; then
  "${sudo[@]}" apt-get update -q >/dev/null
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/docs_deps.$$.log 2>&1 \
    || { tail -n 20 /tmp/docs_deps.$$.log >&2; rm -f /tmp/docs_deps.$$.log; exit 1; }
fi
rm -f /tmp/docs_deps.$$.log
echo "docs_deps: installed ${missing[*]}"
