#!/usr/bin/env bash
# start-local-slurm.sh - bring up a REAL single-node SLURM cluster on this host
# (munged + slurmctld + slurmd, all private to one directory), for popsteer's SLURM
# tests (tests/slurm) and for trying `popsteer slurm submit` on a laptop.
# popsteer's copy of the verified recipe in ../shared/docs/local-slurm (REPORT.md there).
#
# Usage:   eval "$(start-local-slurm.sh [DIR])"
#          (progress goes to stderr; stdout is only `export VAR=...` lines)
# DIR:     instance directory (config, state, spool, logs, pid files, munge key
#          and socket). Default: $LOCAL_SLURM_DIR or /tmp/popsteer-slurm.
#
# Idempotent: installs missing Debian packages, reuses an instance in DIR that
# is already fully up, otherwise (re)writes the config and starts the daemons,
# then waits until the node is idle. Stop with stop-local-slurm.sh [DIR].
#
# Tunables (environment):
#   LOCAL_SLURM_CPUS=N          CPUs the node advertises (default: detected).
#                               More than the real count is allowed
#                               (SlurmdParameters=config_overrides), e.g. to let
#                               array throttles, not CPUs, limit concurrency.
#   LOCAL_SLURM_MEM_MB=N        RealMemory (default: detected by `slurmd -C`).
#   LOCAL_SLURM_CTLD_PORT=6817  slurmctld port.  LOCAL_SLURM_SLURMD_PORT=6818
#   LOCAL_SLURM_MAX_ARRAY_SIZE=1001
#   LOCAL_SLURM_PARTITION=debug
#   LOCAL_SLURM_MPI_DEFAULT=pmix  (MpiDefault; `none` to make --mpi explicit)
#   LOCAL_SLURM_KEEP_STATE=0    1: keep jobs/state from a previous run of DIR
#                               (default: clean start, slurmctld -c).
#   LOCAL_SLURM_INSTALL=1       0: never call apt-get (fail if binaries missing)
#   LOCAL_SLURM_INSTALL_MPI=1   also install openmpi-bin libopenmpi-dev if
#                               mpicc/mpirun are missing.
#   LOCAL_SLURM_WAIT=90         seconds to wait for the node to become idle.
#   LOCAL_SLURM_CRED_EXPIRE=10  AuthInfo cred_expire: step credential lifetime
#                               and the delay before a requeued job may restart
#                               (Slurm default 120).
set -euo pipefail

DIR=${1:-${LOCAL_SLURM_DIR:-/tmp/popsteer-slurm}}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd -P)

CTLD_PORT=${LOCAL_SLURM_CTLD_PORT:-6817}
SLURMD_PORT=${LOCAL_SLURM_SLURMD_PORT:-6818}
MAX_ARRAY=${LOCAL_SLURM_MAX_ARRAY_SIZE:-1001}
PARTITION=${LOCAL_SLURM_PARTITION:-debug}
MPI_DEFAULT=${LOCAL_SLURM_MPI_DEFAULT:-pmix}
KEEP_STATE=${LOCAL_SLURM_KEEP_STATE:-0}
WAIT=${LOCAL_SLURM_WAIT:-90}
CRED_EXPIRE=${LOCAL_SLURM_CRED_EXPIRE:-10}

log() { echo "[local-slurm] $*" >&2; }
STARTED=0   # set once we have launched a daemon; die() then tears it down
die() {
  echo "[local-slurm] ERROR: $*" >&2
  if [ "$STARTED" = 1 ]; then
    echo "[local-slurm] stopping the daemons this run started" >&2
    "$(dirname "$0")/stop-local-slurm.sh" "$DIR" >&2 || true
  fi
  exit 1
}
T_START=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - T_START) / 1000000 )) ms"; }

# ---------------------------------------------------------------- install
need_install=()
for b in munged munge slurmctld slurmd sbatch srun; do
  command -v "$b" >/dev/null 2>&1 || need_install+=("$b")
done
pkgs=()
if ((${#need_install[@]})); then pkgs+=(munge slurmctld slurmd slurm-client); fi
if [ "${LOCAL_SLURM_INSTALL_MPI:-1}" = 1 ] && \
   ! { command -v mpicc && command -v mpirun; } >/dev/null 2>&1; then
  pkgs+=(openmpi-bin libopenmpi-dev)
fi
if ((${#pkgs[@]})); then
  [ "${LOCAL_SLURM_INSTALL:-1}" = 1 ] || die "missing: ${need_install[*]} (LOCAL_SLURM_INSTALL=0)"
  [ "$(id -u)" = 0 ] || die "need root to apt-get install ${pkgs[*]}"
  log "installing: ${pkgs[*]}"
  # Keep the packages' init scripts from starting system-wide munge/slurm
  # daemons (we run private ones); only add a policy-rc.d if none exists.
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d; made_policy=1
  fi
  apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      -o DPkg::Lock::Timeout=1200 "${pkgs[@]}" >&2
  }
  if ! apt_install; then
    log "apt-get install failed; running apt-get update and retrying"
    apt-get update -q -o DPkg::Lock::Timeout=1200 >&2 || true
    apt_install || { [ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d; die "apt-get install failed"; }
  fi
  [ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  log "install done after $(elapsed)"
fi

# ---------------------------------------------------------------- helpers
NODE=$(hostname -s)
CONF=$DIR/etc/slurm.conf
MUNGE_SOCK=$DIR/munge/munge.socket.2
PID_MUNGE=$DIR/munge/munged.pid
PID_CTLD=$DIR/run/slurmctld.pid
PID_SLURMD=$DIR/run/slurmd.pid

# alive PIDFILE -> true if the pid in PIDFILE runs a process whose command
# line mentions $DIR (guards against stale pid files / recycled pids)
alive() {
  local f=$1 p
  [ -s "$f" ] || return 1
  p=$(cat "$f" 2>/dev/null) || return 1
  [ -r "/proc/$p/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$p/cmdline" | grep -qF -- "$DIR"
}

print_env() {
  cat > "$DIR/env.sh" <<EOF
export SLURM_CONF=$CONF
export LOCAL_SLURM_DIR=$DIR
export LOCAL_SLURM_NODE=$NODE
export LOCAL_SLURM_PARTITION=$PARTITION
# mpirun refuses to run as root without these (CI runs as root)
export OMPI_ALLOW_RUN_AS_ROOT=1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
EOF
  grep '^export' "$DIR/env.sh"
}

wait_idle() {
  local deadline=$(( $(date +%s) + WAIT )) st=""
  while :; do
    if SLURM_CONF=$CONF scontrol ping 2>/dev/null | grep -q 'is UP'; then
      st=$(SLURM_CONF=$CONF sinfo -h -n "$NODE" -o %T 2>/dev/null | head -1)
      [ "$st" = idle ] && return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "node not idle after ${WAIT}s (state='$st')"
      SLURM_CONF=$CONF scontrol show node "$NODE" >&2 2>/dev/null || true
      tail -n 30 "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------- reuse?
if alive "$PID_MUNGE" && alive "$PID_CTLD" && alive "$PID_SLURMD"; then
  log "instance in $DIR already running (munged $(cat "$PID_MUNGE"), slurmctld $(cat "$PID_CTLD"), slurmd $(cat "$PID_SLURMD"))"
  wait_idle || die "running instance is not healthy; stop it with stop-local-slurm.sh $DIR"
  print_env
  exit 0
fi
if alive "$PID_MUNGE" || alive "$PID_CTLD" || alive "$PID_SLURMD"; then
  log "instance in $DIR partially running; stopping it first"
  "$(dirname "$0")/stop-local-slurm.sh" "$DIR" >&2 || die "could not stop partial instance"
fi

# ports free?
port_busy() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}
for port in "$CTLD_PORT" "$SLURMD_PORT"; do
  if port_busy "$port"; then
    die "TCP port $port is already in use (another slurm?). Set LOCAL_SLURM_CTLD_PORT / LOCAL_SLURM_SLURMD_PORT."
  fi
done

# ---------------------------------------------------------------- config
mkdir -p "$DIR"/{etc,state,spool,log,run,munge}
chmod 711 "$DIR/munge"   # munged insists on an executable-by-all socket dir
if [ "$KEEP_STATE" != 1 ]; then rm -rf "${DIR:?}/state/"* "${DIR:?}/spool/"*; fi
mkdir -p "$DIR/spool/slurmd"

# `slurmd -C` prints e.g. "NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1
# CoresPerSocket=2 ThreadsPerCore=1 RealMemory=24105"
HW=$(slurmd -C 2>/dev/null | head -1)
hw() { sed -n "s/.*\b$1=\([0-9]*\).*/\1/p" <<<"$HW"; }
HW_CPUS=$(hw CPUs); HW_CPUS=${HW_CPUS:-$(nproc)}
HW_MEM=$(hw RealMemory); HW_MEM=${HW_MEM:-$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 ))}
CPUS=${LOCAL_SLURM_CPUS:-$HW_CPUS}
MEM=${LOCAL_SLURM_MEM_MB:-$HW_MEM}
if [ "$CPUS" = "$HW_CPUS" ] && [ -n "$(hw CoresPerSocket)" ]; then
  NODE_HW="CPUs=$CPUS Boards=$(hw Boards) SocketsPerBoard=$(hw SocketsPerBoard) CoresPerSocket=$(hw CoresPerSocket) ThreadsPerCore=$(hw ThreadsPerCore)"
  OVERRIDES=""
else
  NODE_HW="CPUs=$CPUS"
  OVERRIDES="SlurmdParameters=config_overrides"
fi

cat > "$CONF" <<EOF
# generated by start-local-slurm.sh - single-node CI cluster in $DIR
ClusterName=localci
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# private munged socket; cred_expire also sets how long a requeued job waits
# before it may start again (default 120 s)
AuthInfo=socket=$MUNGE_SOCK,cred_expire=$CRED_EXPIRE
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool/slurmd
SlurmctldPidFile=$PID_CTLD
SlurmdPidFile=$PID_SLURMD
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$DIR/etc/plugstack.conf
# no cgroups in the sandbox: track processes via /proc, no task binding
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
# run the full scheduling passes every 2 s (defaults 60 s / 30 s) so jobs that
# become eligible by time (requeue, --begin) start promptly
SchedulerParameters=sched_interval=2,bf_interval=2
MpiDefault=$MPI_DEFAULT
ReturnToService=2
# no accounting daemon (sacct will not work; use scontrol/squeue)
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MaxArraySize=$MAX_ARRAY
MaxJobCount=20000
# keep finished jobs visible to scontrol/squeue for 5 min
MinJobAge=300
KillWait=5
OverTimeLimit=0
InactiveLimit=0
Waittime=0
SlurmctldTimeout=30
SlurmdTimeout=60
JobRequeue=1
$OVERRIDES
NodeName=$NODE NodeAddr=127.0.0.1 $NODE_HW RealMemory=$MEM State=UNKNOWN
PartitionName=$PARTITION Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
: > "$DIR/etc/plugstack.conf"

# ---------------------------------------------------------------- munge
if [ ! -s "$DIR/munge/munge.key" ]; then
  dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 400 "$DIR/munge/munge.key"
rm -f "$MUNGE_SOCK" "$MUNGE_SOCK.lock" "$PID_MUNGE"
STARTED=1
munged --socket="$MUNGE_SOCK" --key-file="$DIR/munge/munge.key" \
       --log-file="$DIR/log/munged.log" --pid-file="$PID_MUNGE" \
       --seed-file="$DIR/munge/munged.seed" \
  || die "munged failed: $(tail -n 3 "$DIR/log/munged.log" 2>/dev/null)"
for _ in $(seq 50); do [ -S "$MUNGE_SOCK" ] && alive "$PID_MUNGE" && break; sleep 0.1; done
munge -S "$MUNGE_SOCK" -n | unmunge -S "$MUNGE_SOCK" >/dev/null || die "munge self-test failed"
log "munged up (pid $(cat "$PID_MUNGE"))"

# ---------------------------------------------------------------- slurm
export SLURM_CONF=$CONF
# marker inherited by slurmd -> slurmstepd, lets the stop script find strays
export LOCAL_SLURM_INSTANCE=$DIR
CTLD_FLAGS=(-c); [ "$KEEP_STATE" = 1 ] && CTLD_FLAGS=(-i)
rm -f "$PID_CTLD" "$PID_SLURMD"
slurmctld "${CTLD_FLAGS[@]}" -f "$CONF" || die "slurmctld failed: $(tail -n 5 "$DIR/log/slurmctld.log")"
for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q 'is UP' && break; sleep 0.2; done
alive "$PID_CTLD" || die "slurmctld not running: $(tail -n 5 "$DIR/log/slurmctld.log")"
log "slurmctld up (pid $(cat "$PID_CTLD"))"
slurmd -f "$CONF" -N "$NODE" || die "slurmd failed: $(tail -n 5 "$DIR/log/slurmd.log")"
for _ in $(seq 50); do alive "$PID_SLURMD" && break; sleep 0.1; done
alive "$PID_SLURMD" || die "slurmd not running: $(tail -n 5 "$DIR/log/slurmd.log")"
log "slurmd up (pid $(cat "$PID_SLURMD"))"

wait_idle || die "cluster did not become idle"
log "node $NODE idle ($CPUS CPUs, ${MEM} MB); bring-up took $(elapsed)"
print_env
