#!/usr/bin/env bash
# Install and start a single-node SLURM cluster on THIS machine (needs root).
#
# Usage: bash tools/slurm_local.sh [--no-install] [--timeout SECONDS]
#
#   --no-install   do not apt-get install (slurm-wlm and munge must be present)
#   --timeout S    how long to wait for the node to become idle (default 90)
#
# Idempotent: if `sinfo` already reports an idle/mixed/allocated node, it does
# nothing. Otherwise it installs slurm-wlm + munge (apt-get), writes
# /etc/slurm/slurm.conf for this host (one node, CPUs=$(nproc), RealMemory =
# free -m minus a margin, select/cons_tres, proctrack/linuxproc, no cgroups,
# SlurmUser=root, no accounting), starts munged (as user munge), slurmctld and
# slurmd, and waits until `sinfo` shows the node idle. Afterwards e.g.
#   mkdir -p runs && sbatch --wait slurm/evaluate.sbatch
# Logs: /var/log/slurm/slurm{ctld,d}.log. Meant for CI/dev boxes and
# containers without systemd; do not run it on a real cluster.
set -euo pipefail

install=1
timeout=90
while [ $# -gt 0 ]; do
  case "$1" in
    --no-install) install=0 ;;
    --timeout) timeout=${2:?--timeout needs a value}; shift ;;
    -h|--help) . "$(dirname "$0")/lib.sh"; usage "$0"; exit 0 ;;
    *) echo "slurm_local.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { echo "slurm_local: $*"; }
die() { echo "slurm_local: ERROR: $*" >&2; exit 1; }

node_ready() {
  command -v sinfo >/dev/null 2>&1 || return 1
  local st
  st=$(timeout 10 sinfo -h -o '%t' 2>/dev/null | head -n1) || return 1
  case "$st" in idle|mix|alloc|comp) return 0 ;; *) return 1 ;; esac
}

t0=$(date +%s)
if node_ready; then
  log "already running: $(sinfo -h -o '%N %t %c CPUs' | head -n1)"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || die "must run as root"

if [ "$install" = 1 ] && ! { command -v slurmctld && command -v slurmd && command -v munged; } >/dev/null 2>&1; then
  log "installing slurm-wlm munge (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
for b in slurmctld slurmd munged sinfo; do
  command -v "$b" >/dev/null 2>&1 || die "$b not found (install slurm-wlm munge)"
done

# ---- munge -------------------------------------------------------------------
id munge >/dev/null 2>&1 || die "user munge missing (munge package not installed?)"
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  if command -v mungekey >/dev/null 2>&1; then mungekey --create --keyfile=/etc/munge/munge.key
  else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
fi
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
chmod 0700 /etc/munge /var/lib/munge /var/log/munge
chmod 0755 /run/munge
chmod 0400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  log "starting munged"
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || die "munged does not answer"
fi

# ---- slurm.conf ------------------------------------------------------------
host=$(hostname -s)
cpus=$(nproc)
mem_total=$(free -m | awk '/^Mem:/{print $2}')
margin=$(( mem_total / 10 )); [ "$margin" -lt 512 ] && margin=512
mem=$(( mem_total - margin )); [ "$mem" -lt 256 ] && mem=256
confdir=/etc/slurm
mkdir -p "$confdir" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > "$confdir/slurm.conf" <<EOF
# Written by tools/slurm_local.sh: single-node local cluster on $host.
ClusterName=local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# requeue support (slurm/pretrain.sbatch uses --requeue + --signal)
JobRequeue=1
DependencyParameters=kill_invalid_depend
KillWait=30
InactiveLimit=0
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

# ---- daemons ---------------------------------------------------------------
if ! pgrep -x slurmctld >/dev/null; then log "starting slurmctld"; slurmctld; fi
for _ in $(seq 50); do scontrol ping >/dev/null 2>&1 && break; sleep 0.2; done
if ! pgrep -x slurmd >/dev/null; then log "starting slurmd"; slurmd; fi

deadline=$(( $(date +%s) + timeout ))
while ! node_ready; do
  st=$(sinfo -h -o '%t' 2>/dev/null | head -n1 || true)
  case "$st" in
    down*|drain*|drng*|unk*|"") scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    sinfo -R >&2 || true
    tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
    die "node not idle after ${timeout}s (state: ${st:-?})"
  fi
  sleep 1
done
log "ready in $(( $(date +%s) - t0 ))s: $(sinfo -h -o '%P %N %t %c CPUs %m MB' | head -n1)"
