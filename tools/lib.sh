# Helpers shared by the bash scripts of tools/ and .ci/run (sourced: `. tools/lib.sh`, never run).

# usage SCRIPT: print SCRIPT's header comment (its --help)
usage() { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$1"; }

# ini_get REPO KEY DEFAULT: a value of REPO/settings.ini
ini_get() { local v; v=$(sed -n "s/^$2 *= *//p" "$1/settings.ini" | tr -d '[:space:]'); echo "${v:-$3}"; }

# snapshot REPO DEST: copy what `git add -A` would commit (working-tree versions) of the files nbdev reads or writes
# (settings.ini, setup.py, pyproject.toml, .gitignore, the notebooks and the library) from REPO into DEST
snapshot() {
  local repo=$1 dest=$2 lib nbs
  lib=$(ini_get "$repo" lib_path scale_alibi); nbs=$(ini_get "$repo" nbs_path nbs)
  mkdir -p "$dest"
  (cd "$repo" && git ls-files -z --cached --others --exclude-standard \
     | while IFS= read -r -d '' f; do
         [ -e "$f" ] || [ -L "$f" ] || continue   # deleted but still tracked
         case "$f" in settings.ini|setup.py|pyproject.toml|.gitignore|"$nbs"/*|"$lib"/*) printf '%s\0' "$f" ;; esac
       done \
     | tar --null --no-recursion -T - -cf -) | tar -xf - -C "$dest"
}

# slurm_state JOBID: the job's state (COMPLETED, RUNNING, ...), empty when SLURM no longer knows it
slurm_state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p'; }

# slurm_wait JOBID TIMEOUT_S: wait for the job to end and print its final state (TIMEOUT_WAITING: cancelled after
# TIMEOUT_S); a requeued job, held until its begin time, is released at once
slurm_wait() {
  local end=$((SECONDS + $2)) s
  while :; do
    s=$(slurm_state "$1")
    case "$s" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|"") echo "$s"; return 0 ;; esac
    if [ "$SECONDS" -ge "$end" ]; then echo "TIMEOUT_WAITING"; scancel "$1" || true; return 0; fi
    if [ "$s" = PENDING ]; then scontrol update JobId="$1" StartTime=now >/dev/null 2>&1 || true; fi
    sleep 2
  done
}

# slurm_wait_progress JOBID STALL_S PATH...: wait for the job to end and print its final state, as slurm_wait, but
# give up only after STALL_S seconds in which nothing under the PATHs changed (a busy machine is slow, not stuck);
# then the job is cancelled and "STALLED: no change in PATHs for STALL_S s (state S)" is printed
slurm_wait_progress() {
  local job=$1 stall=$2; shift 2
  local t=$SECONDS s fp last=""
  while :; do
    s=$(slurm_state "$job")
    case "$s" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|"") echo "$s"; return 0 ;; esac
    fp=$(find "$@" -printf '%p %s %T@\n' 2>/dev/null | sort | md5sum)
    if [ "$fp" != "$last" ]; then last=$fp; t=$SECONDS; fi
    if [ $((SECONDS - t)) -ge "$stall" ]; then
      echo "STALLED: no change in $* for ${stall} s (state $s)"; scancel "$job" || true; return 0
    fi
    if [ "$s" = PENDING ]; then scontrol update JobId="$job" StartTime=now >/dev/null 2>&1 || true; fi
    sleep 2
  done
}

# json_get FILE KEY: a top-level number or string of a JSON file written by core.atomic_write_json (indent 1)
json_get() { sed -n "s/^ \"$2\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -n1; }
