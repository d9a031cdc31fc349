#!/usr/bin/env bash
# stop-local-slurm.sh - stop the cluster started by start-local-slurm.sh [DIR]
# (popsteer's copy of the verified recipe in ../shared/docs/local-slurm).
# Only processes recorded in DIR's pid files (and slurmstepd processes that
# carry DIR's LOCAL_SLURM_INSTANCE marker) are signalled, each by PID.
# Order: cancel jobs -> slurmd -> stray slurmstepd -> slurmctld -> munged.
# Safe to run when nothing is running. Logs are kept in DIR/log.
set -uo pipefail

DIR=${1:-${LOCAL_SLURM_DIR:-/tmp/popsteer-slurm}}
[ -d "$DIR" ] || { echo "[local-slurm] nothing to stop: no $DIR" >&2; exit 0; }
DIR=$(cd "$DIR" && pwd -P)
CONF=$DIR/etc/slurm.conf
PID_MUNGE=$DIR/munge/munged.pid
PID_CTLD=$DIR/run/slurmctld.pid
PID_SLURMD=$DIR/run/slurmd.pid
log() { echo "[local-slurm] $*" >&2; }

# pid of PIDFILE if it is alive and its command line mentions $DIR
ourpid() {
  local f=$1 p
  [ -s "$f" ] || return 1
  p=$(cat "$f" 2>/dev/null) || return 1
  [ -r "/proc/$p/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$p/cmdline" | grep -qF -- "$DIR" || return 1
  echo "$p"
}

# stop_pid PID NAME: SIGTERM, wait up to 15 s, then SIGKILL
stop_pid() {
  local p=$1 name=$2
  kill -TERM "$p" 2>/dev/null || return 0
  for _ in $(seq 150); do
    # gone, or a zombie waiting to be reaped
    if [ ! -e "/proc/$p" ] || grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null; then
      log "stopped $name (pid $p)"; return 0
    fi
    sleep 0.1
  done
  log "$name (pid $p) ignored SIGTERM; sending SIGKILL"
  kill -KILL "$p" 2>/dev/null || true
}

# slurmstepd processes started by this instance's slurmd (they inherit
# LOCAL_SLURM_INSTANCE=$DIR from it)
our_stepds() {
  local e p
  for e in /proc/[0-9]*/environ; do
    p=${e#/proc/}; p=${p%/environ}
    [ "$p" = $$ ] && continue
    grep -q '^slurmstepd' "/proc/$p/cmdline" 2>/dev/null || continue
    tr '\0' '\n' < "$e" 2>/dev/null | grep -qxF "LOCAL_SLURM_INSTANCE=$DIR" && echo "$p"
  done
}

# 1. cancel every job while the controller is still up, wait for them to end
if ourpid "$PID_CTLD" >/dev/null; then
  export SLURM_CONF=$CONF
  jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
  if [ -n "${jobs// /}" ]; then
    log "cancelling jobs: $jobs"
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null || true
    for _ in $(seq 60); do
      [ -z "$(squeue -h -t running,completing,pending,configuring 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
fi

# 2. slurmd
if p=$(ourpid "$PID_SLURMD"); then stop_pid "$p" slurmd; fi

# 3. leftover job step daemons of this instance
for p in $(our_stepds); do stop_pid "$p" "slurmstepd"; done

# 4. slurmctld (saves state on SIGTERM)
if p=$(ourpid "$PID_CTLD"); then stop_pid "$p" slurmctld; fi

# 5. munged
if p=$(ourpid "$PID_MUNGE"); then stop_pid "$p" munged; fi

rm -f "$PID_SLURMD" "$PID_CTLD" "$PID_MUNGE"
log "local slurm in $DIR stopped"
exit 0
