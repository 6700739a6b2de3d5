#!/usr/bin/env bash
# serf-vs-pekonode.sh: side-by-side benchmark of PekoNode agents and HashiCorp Serf agents, both
# on 127.0.0.1 only, same machine, same run, same N, LAN timings on both (Serf's default `lan`
# profile = memberlist LAN; ours `--profile lan`, the same numbers: probe 1 s, timeout 500 ms,
# 3 indirect probes, suspicion multiplier 4, gossip every 200 ms to 3, push-pull every 30 s).
#
# Usage:  bench/serf-vs-pekonode.sh [-n "5 25 50 100"] [-r 3] [-o OUTDIR] [-s "serf peko"]
#                                   [--settle 10] [--idle 10] [--net-window 60] [--spread-samples 3]
#                                   [--max-minutes 120]
#   -n  cluster sizes (each >= 4)           -r  repetitions per size (the report shows the median)
#   -o  output dir (raw.tsv, report.md, agent logs); default a fresh /tmp/serf-vs-pekonode.XXXX
#   -s  systems to run: serf, peko or both   --settle  seconds of quiet before the idle sample
#   --idle  seconds over which idle CPU is averaged   --max-minutes  no new cluster after this
#   --net-window  seconds over which idle network traffic is counted (starts with --idle; 0 = off)
#   --spread-samples  metadata/event spread measurements per cluster (step 4)
# Environment:
#   PEKONODE_JAVA_OPTS  JVM flags for our agents (default: the small-footprint set in JAVA_OPTS_DEFAULT)
#   PEKONODE_LAUNCHER   run our agents with this launcher instead of `java -p LIB` (e.g. the
#                       distribution's pekonode-dist/target/pekonode-VERSION/bin/pekonode: its own
#                       runtime and start-up archive; it gets the JVM flags as PEKONODE_JAVA_OPTS)
#   PEKONODE_LIB        module path of the agent (default pekonode-agent/target${PEKONODE_BUILD_SUFFIX}/lib,
#                       built with `mvn -pl pekonode-agent -am package` when missing)
#   PEKONODE_REV        label of the agent build printed in the results (default: the repo's HEAD)
#   SERF                the serf binary (default: serf on PATH; Debian package `serf` 0.9.4)
# Needs: bash, python3 (standard library only), curl, java 17, serf; for the traffic figures nft
# (nftables) and the right to add a table (root or CAP_NET_ADMIN), else those rows show "failed".
#
# For each N, repetition and system (the order of the two systems alternates between repetitions):
#   1. start N agents one after another, each waiting for the previous one's ready line (ours
#      "PekoNode agent started", Serf "Serf agent running!"; both printed before the join is done);
#      n1 is the seed, the others join it. Reported: mean launch → ready time per agent (JVM start).
#      Agents 1..N-1 get one API call right after their ready line (reported as api_first_s: a
#      JVM's first HTTP answer is slow, Serf's first RPC answer is not), before the next one starts.
#   2. join: from the moment the LAST agent is ready until every agent lists N alive members. The
#      poller is already running (connected to the N-1 others) when the last agent starts; its
#      first answer from the last agent is that agent's first, cold, API call.
#   3. after --settle s of quiet: idle RSS per agent (VmRSS), PSS (RSS with pages shared between the
#      N processes - libjvm, CDS archive, jars, Serf's binary - split between them) and idle CPU%
#      per agent over --idle s (no polling meanwhile). Over --net-window s from the same start, the
#      idle gossip traffic: an nftables table of the script's own (created for the window, deleted
#      after; no other rule is touched) counts, in the output hook of the loopback interface, every
#      UDP and TCP packet to or from a gossip port of the cluster, so each packet is counted once
#      whatever its direction, IP and UDP/TCP headers included; reported per agent (total ÷ N). Each
#      agent starts one push-pull sync per interval (30 s; both systems stretch it past 32 members,
#      90 s at N = 100) at its own phase, so over N agents a 60 s window averages them fairly.
#   4. spread of a user-visible change from nN (--spread-samples times). The same operation on both:
#      a user event sent through nN (Serf RPC `event`; ours POST /v1/event/NAME) until it arrived on
#      an event stream open on every agent, nN included (Serf RPC `stream`; ours GET /v1/stream,
#      Server-Sent Events), both sender connections open before the clock starts. Not the same
#      operation, reported on their own rows: Serf tag change (polled member lists, set by the serf
#      command) and our kv put on nN, timed like the event (PUT /v1/kv/KEY over a connection opened
#      first, until every agent's metadata stream had it).
#   5. kill -9 of n2: until every remaining agent shows n2 failed (Serf) / DEAD (ours).
#   6. graceful leave of n3 (`serf leave` / POST /v1/leave): until all others show left / LEFT.
#   7. the agents' logs: every suspicion and failure declaration of a member other than the killed n2,
#      over the whole run of the cluster (bench/clusterprobe.py logcheck); the polls see only a
#      suspicion still standing when an agent answers, the logs each one.
# Polling: bench/clusterprobe.py keeps one connection per agent (Serf RPC spoken natively, our HTTP
# API with keep-alive) and asks every agent every 100 ms; a time is when the last agent's answer
# first satisfied the condition, so it is an upper bound within ~0.1 s.
# Our agents' own clocks: for steps 4-6 our agents also report when each one delivered the change on
# its event stream (the "time" each stamps on GET /v1/stream events; one host, one clock), on rows of
# their own: the same spans without the poll period or the harness's own scheduling (Serf's stream
# events carry no time, so Serf has only the harness's rows).
# Bounded: every wait has a timeout (start 60 s/agent, join 120 s, failure 90 s, leave 60 s) and no
# new cluster starts after --max-minutes. Every process started is killed on exit, Ctrl-C or error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
probe=(python3 "$here/clusterprobe.py")

# Small-footprint JVM: serial GC, 64 MB heap cap, C1 only with one compiler thread, small code cache.
# sun.net.httpserver.nodelay=true sets TCP_NODELAY on the agent's HTTP API (JDK HttpServer leaves it
# off): without it every answer on a kept-alive connection waits ~40 ms (Nagle + delayed ACK), which
# would add 40 ms to every PekoNode time here; Serf's RPC (Go) has TCP_NODELAY on by default.
JAVA_OPTS_DEFAULT="-Dsun.net.httpserver.nodelay=true -Xss512k -XX:+UseSerialGC -Xms8m -Xmx64m -XX:MaxMetaspaceSize=64m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m"
JAVA_OPTS="${PEKONODE_JAVA_OPTS:-$JAVA_OPTS_DEFAULT}"
SERF="${SERF:-serf}"
LIB="${PEKONODE_LIB:-$root/pekonode-agent/target${PEKONODE_BUILD_SUFFIX:-}/lib}"
LAUNCHER="${PEKONODE_LAUNCHER:-}"

sizes="5 25 50 100"; reps=3; out=""; systems="serf peko"; settle=10; idle=10; net_window=60; max_minutes=120
spread_samples=3
START_TIMEOUT=60; JOIN_TIMEOUT=120; FAIL_TIMEOUT=90; LEAVE_TIMEOUT=60; SPREAD_TIMEOUT=30
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) sizes="$2"; shift 2 ;;
        -r) reps="$2"; shift 2 ;;
        -o) out="$2"; shift 2 ;;
        -s) systems="$2"; shift 2 ;;
        --settle) settle="$2"; shift 2 ;;
        --idle) idle="$2"; shift 2 ;;
        --net-window) net_window="$2"; shift 2 ;;
        --max-minutes) max_minutes="$2"; shift 2 ;;
        --spread-samples) spread_samples="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
for n in $sizes; do
    [[ "$n" =~ ^[0-9]+$ && "$n" -ge 4 ]] || { echo "cluster sizes must be numbers >= 4: '$n'" >&2; exit 2; }
done

[[ "$net_window" =~ ^[0-9]+$ ]] || { echo "--net-window must be whole seconds: '$net_window'" >&2; exit 2; }
(( net_window == 0 || net_window >= idle )) || { echo "--net-window must be 0 or >= --idle" >&2; exit 2; }

# ---- process bookkeeping: every pid we start is recorded and killed on any exit -----------------
all_pids=()
net_table="serf_vs_pekonode_$$"  # the nftables table counting idle traffic, if one is left over
cleanup() {
    local pid
    "${probe[@]}" net-drop "$net_table" >/dev/null 2>&1 || true
    for pid in "${all_pids[@]}"; do
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    done
    for pid in "${all_pids[@]}"; do  # give the kernel a moment to release their ports
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    all_pids=()
}
trap cleanup EXIT
trap 'echo "interrupted: stopping every agent" >&2; exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
# jget JSON KEY: a field of a probe answer ("NA" when missing/null; the length for lists).
jget() {
    python3 -c 'import json,sys
try: v = json.loads(sys.argv[1]).get(sys.argv[2])
except Exception: v = None
print("NA" if v is None else (len(v) if isinstance(v, list) else v))' "$1" "$2"
}

# ---- preparation ---------------------------------------------------------------------------------
command -v "$SERF" >/dev/null || { echo "serf not found (apt-get install -y serf)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 1; }
if [[ -n "$LAUNCHER" && ! -x "$LAUNCHER" ]]; then
    echo "PEKONODE_LAUNCHER=$LAUNCHER is not an executable (build it with: mvn -B -DskipTests package)" >&2
    exit 2
fi
if [[ " $systems " == *" peko "* && -z "$LAUNCHER" ]] && ! compgen -G "$LIB/pekonode-agent-*.jar" >/dev/null; then
    log "building the agent into $LIB"
    (cd "$root" && mvn -B -q -DskipTests -pl pekonode-agent -am package \
        -Dpekonode.buildSuffix="${PEKONODE_BUILD_SUFFIX:-}") >&2
fi
[[ -n "$out" ]] || out="$(mktemp -d /tmp/serf-vs-pekonode.XXXX)"
mkdir -p "$out/logs"
raw="$out/raw.tsv"
deadline=$(( $(date +%s) + max_minutes * 60 ))

{
    echo "# serf-vs-pekonode $(date -u +%Y-%m-%dT%H:%M:%SZ) sizes='$sizes' reps=$reps settle=$settle idle=$idle net_window=$net_window"
    echo "# machine: nproc=$(nproc) mem=$(free -m | awk '/^Mem:/{print $2" MB"}') kernel=$(uname -r)"
    echo "# java: $(java -version 2>&1 | head -1) ; flags: $JAVA_OPTS"
    echo "# serf: $("$SERF" version | head -1) (package $(dpkg-query -W -f='${Version}' serf 2>/dev/null || echo '?'))"
    if [[ -n "$LAUNCHER" ]]; then agent_from="launcher ${LAUNCHER#"$root/"}"; else agent_from="lib ${LIB#"$root/"}"; fi
    echo "# pekonode: ${PEKONODE_REV:-repo HEAD $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')}; agent $agent_from"
} > "$raw"
cat "$raw" >&2

# count JSON KEY: like jget, but 0 when the probe gave no answer (for sums).
count() { local v; v=$(jget "$1" "$2"); [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$raw"; }

# ---- one cluster ---------------------------------------------------------------------------------
# start_agent SYSTEM I N BASE: launches agent nI in the background; sets $started_pid.
start_agent() {
    local system=$1 i=$2 n=$3 base=$4
    local gossip=$((base + i - 1)) api=$((base + n + i - 1)) seed=$base
    local logf="$out/logs/$system-n$i.log"
    if [[ "$system" == serf ]]; then
        local join=(); [[ $i -gt 1 ]] && join=("-join=127.0.0.1:$seed")
        "$SERF" agent -node="n$i" -bind="127.0.0.1:$gossip" -rpc-addr="127.0.0.1:$api" "${join[@]}" \
            >"$logf" 2>&1 &
    else
        local join=(--bootstrap); [[ $i -gt 1 ]] && join=(--join "127.0.0.1:$seed")
        if [[ -n "$LAUNCHER" ]]; then
            # The distribution's launcher: its own runtime and start-up archive; it reads our flags
            # from PEKONODE_JAVA_OPTS and puts them after its defaults.
            PEKONODE_JAVA_OPTS="$JAVA_OPTS" "$LAUNCHER" agent \
                --bind "127.0.0.1:$gossip" --name "n$i" --http "127.0.0.1:$api" --profile lan "${join[@]}" \
                >"$logf" 2>&1 &
        else
            # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
            java $JAVA_OPTS -p "$LIB" -m io.pekonode.agent/io.pekonode.agent.Main agent \
                --bind "127.0.0.1:$gossip" --name "n$i" --http "127.0.0.1:$api" --profile lan "${join[@]}" \
                >"$logf" 2>&1 &
        fi
    fi
    started_pid=$!
    all_pids+=("$started_pid")
    disown "$started_pid"  # no "Killed" job notices; cleanup still kills it by pid
}

# wait_ready LOGFILE PATTERN PID: 0 once PATTERN is logged, 1 if the process died or timed out.
wait_ready() {
    local limit=$(( $(date +%s) + START_TIMEOUT ))
    while ! grep -q "$2" "$1" 2>/dev/null; do
        kill -0 "$3" 2>/dev/null || return 1
        [[ $(date +%s) -lt $limit ]] || return 1
        sleep 0.02
    done
}

run_cluster() {
    local system=$1 n=$2 rep=$3
    local ready_pattern="Serf agent running!"; [[ "$system" == peko ]] && ready_pattern="PekoNode agent started"
    local base; base=$("${probe[@]}" freeports $((2 * n)))
    local pids=() eps=() i t_launch t_ready t_api start_sum=0 api_sum=0 join_pid=""
    local t0_file="$out/logs/join-t0" join_out="$out/logs/join.json"
    log "$system N=$n rep=$rep: starting $n agents (ports $base..$((base + 2 * n - 1))), load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $system N=$n rep=$rep gossip ports $base..$((base + n - 1)), API ports $((base + n))..$((base + 2 * n - 1))" >> "$raw"
    echo "# $system N=$n rep=$rep loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$raw"
    for ((i = 1; i <= n; i++)); do eps+=("127.0.0.1:$((base + n + i - 1))"); done
    local all; all=$(IFS=,; echo "${eps[*]}")
    rm -f "$t0_file" "$join_out"
    for ((i = 1; i <= n; i++)); do
        if [[ $i -eq $n ]]; then
            # The join poller runs before the last agent starts, so a slow helper start cannot
            # delay the first observation; its clock starts when the last agent is ready (t0_file).
            "${probe[@]}" wait "$system" "$all" "alive=$n" "$((JOIN_TIMEOUT + START_TIMEOUT))" \
                --t0-file "$t0_file" >"$join_out" &
            join_pid=$!; all_pids+=("$join_pid")
            sleep 0.3  # let it connect to the N-1 running agents
        fi
        t_launch=$(now)
        start_agent "$system" "$i" "$n" "$base"
        pids+=("$started_pid")
        if ! wait_ready "$out/logs/$system-n$i.log" "$ready_pattern" "$started_pid"; then
            log "$system n$i did not start within ${START_TIMEOUT}s (see $out/logs/$system-n$i.log); skipping this cluster"
            record "$n" "$rep" "$system" join_s NA
            cleanup; return 0
        fi
        t_ready=$(now)
        if [[ $i -eq $n ]]; then
            echo "$t_ready" > "$t0_file.tmp" && mv "$t0_file.tmp" "$t0_file"  # atomic for the poller
            start_sum=$(python3 -c "print($start_sum + $t_ready - $t_launch)")
            break  # the poller's first call is the last agent's first API call
        fi
        # One API call before the next agent starts, so the join polls below time gossip, not a
        # cold JVM answering its first HTTP request (0.2 s on a quiet machine, seconds when 50 cold
        # JVMs answer at once on 2 cores). Its cost is reported on its own (api_first_s).
        if [[ "$system" == serf ]]; then
            "$SERF" members -rpc-addr="${eps[$((i - 1))]}" >/dev/null 2>&1 || true
        else
            curl -s -m 30 -o /dev/null "http://${eps[$((i - 1))]}/v1/members" || true
        fi
        t_api=$(now)
        start_sum=$(python3 -c "print($start_sum + $t_ready - $t_launch)")
        api_sum=$(python3 -c "print($api_sum + $t_api - $t_ready)")
    done
    record "$n" "$rep" "$system" start_s "$(python3 -c "print(round($start_sum / $n, 3))")"
    record "$n" "$rep" "$system" api_first_s "$(python3 -c "print(round($api_sum / ($n - 1), 3))")"

    wait "$join_pid" || true
    local r; r=$(cat "$join_out")
    log "  join: $r"
    record "$n" "$rep" "$system" join_s "$(jget "$r" seconds)"

    sleep "$settle"
    local net=(); (( net_window > 0 )) && net=(--net "$net_table" "$base" "$((base + n - 1))" "$net_window")
    r=$("${probe[@]}" idle "$(IFS=,; echo "${pids[*]}")" "$idle" "${net[@]}" || true)
    log "  idle: $r"
    record "$n" "$rep" "$system" rss_mb "$(jget "$r" rss_mb_median)"
    record "$n" "$rep" "$system" pss_mb "$(jget "$r" pss_mb_median)"
    record "$n" "$rep" "$system" cpu_pct "$(jget "$r" cpu_pct_mean)"
    if (( net_window > 0 )); then
        record "$n" "$rep" "$system" net_bps "$(jget "$r" net_bps_per_agent)"
        record "$n" "$rep" "$system" net_udp_bps "$(jget "$r" net_udp_bps_per_agent)"
        record "$n" "$rep" "$system" net_tcp_bps "$(jget "$r" net_tcp_bps_per_agent)"
        record "$n" "$rep" "$system" net_pps "$(jget "$r" net_pps_per_agent)"
        record "$n" "$rep" "$system" net_udp_packet "$(jget "$r" net_udp_packet_bytes_mean)"
    fi
    # Whether the quiet cluster still agrees that everyone is alive (a false failure would show here).
    r=$("${probe[@]}" wait "$system" "$all" "alive=$n" 10 --t0 "$(now)" || true)
    local anomalies=0; [[ "$(jget "$r" ok)" == True ]] || { anomalies=1; log "  after idle not all alive: $r"; }

    local origin=${eps[$((n - 1))]} value k
    for ((k = 1; k <= spread_samples; k++)); do
        value="v$rep-$k-$RANDOM"
        r=$("${probe[@]}" "$system-event" "$all" $((n - 1)) "$SPREAD_TIMEOUT" || true)
        log "  user event: $r"
        record "$n" "$rep" "$system" event_s "$(jget "$r" seconds)"
        if [[ "$system" == peko ]]; then
            record "$n" "$rep" "$system" event_origin_s "$(jget "$r" origin_agent_seconds)"
            record "$n" "$rep" "$system" event_agent_s "$(jget "$r" agent_seconds)"
        fi
        if [[ "$system" == serf ]]; then
            r=$("${probe[@]}" wait serf "$all" "tag=n$n:bench:$value" "$SPREAD_TIMEOUT" \
                --act "$SERF tags -rpc-addr=$origin -set bench=$value" || true)
            log "  tag change: $r"
            record "$n" "$rep" "$system" tags_s "$(jget "$r" seconds)"
        else
            r=$("${probe[@]}" peko-kv "$all" $((n - 1)) bench "$value" "$SPREAD_TIMEOUT" || true)
            log "  kv put: $r"
            record "$n" "$rep" "$system" kv_s "$(jget "$r" seconds)"
            record "$n" "$rep" "$system" kv_origin_s "$(jget "$r" origin_agent_seconds)"
            record "$n" "$rep" "$system" kv_agent_s "$(jget "$r" agent_seconds)"
        fi
        sleep 1
    done

    # kill -9 n2; the others (n1, n3..nN) must all see it failed.
    local others; others=$(IFS=,; echo "${eps[0]},${eps[*]:2}")
    r=$("${probe[@]}" wait "$system" "$others" "gone=n2:failed" "$FAIL_TIMEOUT" --act "kill -9 ${pids[1]}" || true)
    log "  kill -9 n2: $r"
    record "$n" "$rep" "$system" fail_s "$(jget "$r" seconds)"
    [[ "$system" == peko ]] && record "$n" "$rep" "$system" fail_agent_s "$(jget "$r" agent_seconds)"
    anomalies=$((anomalies + $(count "$r" anomalies)))

    # graceful leave of n3; n1, n4..nN must all see it left.
    local watchers; watchers=$(IFS=,; echo "${eps[0]},${eps[*]:3}")
    local leave="curl -s -m 15 -X POST http://${eps[2]}/v1/leave"
    [[ "$system" == serf ]] && leave="$SERF leave -rpc-addr=${eps[2]}"
    r=$("${probe[@]}" wait "$system" "$watchers" "gone=n3:left" "$LEAVE_TIMEOUT" --act "$leave" || true)
    log "  leave n3: $r"
    record "$n" "$rep" "$system" leave_s "$(jget "$r" seconds)"
    [[ "$system" == peko ]] && record "$n" "$rep" "$system" leave_agent_s "$(jget "$r" agent_seconds)"
    anomalies=$((anomalies + $(count "$r" anomalies)))
    record "$n" "$rep" "$system" anomalies "$anomalies"
    # Every suspicion and failure of a member other than the killed n2 (n3 leaves: a leave is no failure,
    # so n3 stays counted), from the whole run of this cluster, as the agents logged them.
    r=$("${probe[@]}" logcheck "$system" "$out/logs" n2 "$n" || true)
    log "  agents' logs: $r"
    record "$n" "$rep" "$system" log_suspicions "$(jget "$r" suspicions)"
    record "$n" "$rep" "$system" log_failures "$(jget "$r" failures)"
    cleanup
}

# ---- main loop -----------------------------------------------------------------------------------
log "results in $out (raw.tsv, report.md, logs/)"
for n in $sizes; do
    for ((rep = 1; rep <= reps; rep++)); do
        order="$systems"
        (( rep % 2 == 0 )) && order="$(echo "$systems" | awk '{for (i = NF; i > 0; i--) printf "%s ", $i}')"
        for system in $order; do
            if [[ $(date +%s) -ge $deadline ]]; then
                log "--max-minutes reached: not starting $system N=$n rep=$rep"; continue
            fi
            per_agent_mb=25; [[ "$system" == peko ]] && per_agent_mb=90
            need_mb=$(( n * per_agent_mb + 512 ))
            avail_mb=$(awk '/MemAvailable/{print int($2 / 1024)}' /proc/meminfo)
            if [[ $avail_mb -lt $need_mb ]]; then
                log "$system N=$n needs ~${need_mb} MB, only ${avail_mb} MB available: skipped"
                echo "# $system N=$n rep=$rep skipped: ${avail_mb} MB available, ~${need_mb} MB needed" >> "$raw"
                continue
            fi
            run_cluster "$system" "$n" "$rep"
        done
    done
done

{
    echo "# Serf vs PekoNode, $(date -u +%Y-%m-%d)"
    echo
    grep '^# ' "$raw" | grep -v 'loadavg\|skipped' | sed 's/^# /    /'
    "${probe[@]}" report "$raw"
} > "$out/report.md"
cat "$out/report.md"
log "done: $out/report.md"
