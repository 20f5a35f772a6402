#!/usr/bin/env bash
# A real one-node SLURM cluster on this machine, for tests/workflow/test_slurm.py (root, Debian).
#
#   tools/slurm_cluster.sh [start]   install slurm-wlm + munge if absent, write the configuration, start munged,
#                                    slurmctld and slurmd, wait until sinfo shows the node idle (idempotent)
#   tools/slurm_cluster.sh stop      stop the three daemons (by their pid files)
#   tools/slurm_cluster.sh status    sinfo, or exit 1 when the cluster is not up
#
# No slurmdbd: this is a cluster without job accounting, where sacct and sacctmgr fail.
# The node has 2 CPUs (or fewer when the machine has fewer) and the machine's memory (from /proc/meminfo).
set -euo pipefail

CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
STATE=/var/spool/slurmctld
SPOOL=/var/spool/slurmd
LOG_DIR=/var/log/slurm
RUN_DIR=/run/slurm
MUNGE_RUN=/run/munge
MUNGE_PID=$MUNGE_RUN/munged.pid
CTLD_PID=$RUN_DIR/slurmctld.pid
SLURMD_PID=$RUN_DIR/slurmd.pid
NODE=$(hostname -s)
WAIT_SECONDS=${SLURM_CLUSTER_WAIT:-60}

say() { echo "slurm_cluster: $*" >&2; }

running() {  # running PIDFILE: the process named in the pid file is alive
    [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

install_packages() {
    if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
            && command -v sbatch >/dev/null; then
        return
    fi
    [ "$(id -u)" = 0 ] || { say "slurm-wlm and munge are not installed, and installing them needs root"; exit 1; }
    command -v apt-get >/dev/null || { say "no apt-get: install slurm-wlm and munge by hand"; exit 1; }
    say "installing slurm-wlm and munge (Debian packages)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
}

write_config() {
    local cpus mem_mb tmp
    cpus=$(nproc)
    [ "$cpus" -gt 2 ] && cpus=2
    # slurmd refuses a node that has less memory than configured: leave 5 % for rounding and the system
    mem_mb=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024 * 0.95}' /proc/meminfo)
    mkdir -p "$CONF_DIR" "$STATE" "$SPOOL" "$LOG_DIR" "$RUN_DIR"
    chown slurm:slurm "$STATE" "$LOG_DIR" "$RUN_DIR" 2>/dev/null || true
    tmp=$(mktemp)
    cat >"$tmp" <<EOF
# written by exomine's tools/slurm_cluster.sh: one node, no accounting (no slurmdbd)
ClusterName=exomine-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=300
StateSaveLocation=$STATE
SlurmdSpoolDir=$SPOOL
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
    if ! cmp -s "$tmp" "$CONF"; then
        # a changed configuration needs restarted daemons
        if running "$CTLD_PID" || running "$SLURMD_PID"; then
            say "configuration changed: restarting the daemons"
            stop_daemons
        fi
        install -m 0644 "$tmp" "$CONF"
    fi
    rm -f "$tmp"
}

start_munge() {
    running "$MUNGE_PID" && return
    if [ ! -s /etc/munge/munge.key ]; then
        say "creating the munge key"
        mkdir -p /etc/munge
        dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
    fi
    chown -R munge:munge /etc/munge
    chmod 0700 /etc/munge
    chmod 0400 /etc/munge/munge.key
    mkdir -p "$MUNGE_RUN" /var/lib/munge /var/log/munge
    chown munge:munge "$MUNGE_RUN" /var/lib/munge /var/log/munge
    runuser -u munge -- /usr/sbin/munged --pid-file="$MUNGE_PID"
}

start_daemons() {
    running "$CTLD_PID" || /usr/sbin/slurmctld -f "$CONF"
    running "$SLURMD_PID" || /usr/sbin/slurmd -f "$CONF" -N "$NODE"
}

stop_daemons() {
    local pidfile pid
    for pidfile in "$SLURMD_PID" "$CTLD_PID"; do
        if running "$pidfile"; then
            pid=$(cat "$pidfile")
            kill "$pid"
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        fi
        rm -f "$pidfile"
    done
}

wait_idle() {
    local state=""
    for _ in $(seq "$WAIT_SECONDS"); do
        state=$(sinfo -h -N -n "$NODE" -o '%T' 2>/dev/null || true)
        case "$state" in
            idle|mixed|allocated) say "node $NODE is $state"; sinfo >&2; return 0 ;;
            down*|drain*) scontrol update NodeName="$NODE" State=RESUME 2>/dev/null || true ;;
        esac
        sleep 1
    done
    say "node $NODE is not idle after ${WAIT_SECONDS}s (state: '${state:-unknown}'); see $LOG_DIR"
    tail -n 5 "$LOG_DIR/slurmctld.log" "$LOG_DIR/slurmd.log" >&2 2>/dev/null || true
    return 1
}

case "${1:-start}" in
    start)
        install_packages
        write_config
        start_munge
        start_daemons
        wait_idle
        ;;
    stop)
        stop_daemons
        if running "$MUNGE_PID"; then kill "$(cat "$MUNGE_PID")"; fi
        say "stopped"
        ;;
    status)
        running "$CTLD_PID" && running "$SLURMD_PID" && sinfo
        ;;
    *)
        echo "usage: $0 [start|stop|status]" >&2
        exit 2
        ;;
esac
