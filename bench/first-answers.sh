#!/usr/bin/env bash
# first-answers.sh: the CPU a fresh agent spends on its first answers, next to the same answers warm.
#
# Usage:  bench/first-answers.sh [-r 3]
#   -r  rounds (each starts two fresh agents); every figure is printed per round
# Environment:
#   PEKONODE_LIB        module path of the agent (default pekonode-agent/target/lib, built when missing)
#   PEKONODE_JAVA_OPTS  JVM flags (default: the small-footprint set of bench/serf-vs-pekonode.sh)
# Needs: bash, curl, java 17; Linux (/proc).
#
# Two agents on 127.0.0.1 (a seed and one that joins it, `--profile lan`). The script reads the second
# agent's CPU time (user + system, from /proc/PID/stat, in clock ticks of 10 ms) over the 4 s after its
# ready line ("after ready": what it does in the background once it said it is ready), then, 8 s after
# that line, before and 1.5 s after each step, in this order:
#   idle            nothing (the 1.5 s window's own share, to subtract from the others)
#   stream          a client opens GET /v1/stream on it
#   event 1, 2      a user event sent through the seed arrives on that stream
#   kv 1, 2         a key written on the seed arrives, then is read from it (GET /v1/kv/KEY)
# A step's figure is the CPU spent in its window, the idle window's share included.
set -euo pipefail

rounds=3
while (($#)); do
    case "$1" in
        -r) rounds="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "-r must be a positive whole number: '$rounds'" >&2; exit 2; }

cd "$(dirname "$0")/.."
LIB=${PEKONODE_LIB:-pekonode-agent/target/lib}
if [[ ! -d "$LIB" ]]; then
    mvn -B -q -pl pekonode-agent -am package -DskipTests -DskipITs >&2
fi
JAVA_OPTS=${PEKONODE_JAVA_OPTS:-"-Dsun.net.httpserver.nodelay=true -Xss512k -XX:+UseSerialGC -Xms8m -Xmx64m -XX:MaxMetaspaceSize=64m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m"}
work=$(mktemp -d -t first-answers.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    jobs -p | xargs -r kill 2>/dev/null || true
}
trap cleanup EXIT

start_agent() {  # gossip port, http port, join arguments...
    local gossip=$1 http=$2; shift 2
    # shellcheck disable=SC2086
    java $JAVA_OPTS -p "$LIB" -m io.pekonode.agent/io.pekonode.agent.Main agent --bind "127.0.0.1:$gossip" \
        --name "n$gossip" --http "127.0.0.1:$http" --profile lan "$@" > "$work/$gossip.log" 2>&1 &
    pids+=($!)
    disown "$!"  # no "Killed" job notices when a round ends
    local i
    for ((i = 0; i < 600; i++)); do
        grep -qs "PekoNode agent started" "$work/$gossip.log" && return 0
        sleep 0.1
    done
    echo "agent on $gossip did not start; its log:" >&2; cat "$work/$gossip.log" >&2; exit 1
}

cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; }

labels=("after ready (4 s)" idle stream "event 1" "event 2" "kv 1 arrives" "kv 1 read" "kv 2 arrives" "kv 2 read")
declare -A cpu
step() {  # round, pid, label, command
    local before after
    before=$(cpu_ms "$2")
    eval "$4"
    sleep 1.5
    after=$(cpu_ms "$2")
    cpu["$3,$1"]=$((after - before))
}

echo "# first-answers $(date -u +%Y-%m-%dT%H:%M:%SZ) rounds=$rounds lib=$LIB"
echo "# java: $(java -version 2>&1 | head -1); flags: $JAVA_OPTS"
for ((r = 1; r <= rounds; r++)); do
    base=$((32400 + r * 10))
    seed_http=$((base + 100)) agent_http=$((base + 101))
    start_agent "$base" "$seed_http" --bootstrap
    start_agent "$((base + 1))" "$agent_http" --join "127.0.0.1:$base"
    agent=${pids[-1]}
    step "$r" "$agent" "after ready (4 s)" "sleep 2.5"
    sleep 4
    step "$r" "$agent" idle ":"
    step "$r" "$agent" stream "curl -s -N http://127.0.0.1:$agent_http/v1/stream > $work/stream.txt &"
    step "$r" "$agent" "event 1" "curl -s -o /dev/null -X POST --data x http://127.0.0.1:$seed_http/v1/event/e1"
    step "$r" "$agent" "event 2" "curl -s -o /dev/null -X POST --data x http://127.0.0.1:$seed_http/v1/event/e2"
    step "$r" "$agent" "kv 1 arrives" "curl -s -o /dev/null -X PUT --data v http://127.0.0.1:$seed_http/v1/kv/k1"
    step "$r" "$agent" "kv 1 read" "curl -s -o /dev/null http://127.0.0.1:$agent_http/v1/kv/k1"
    step "$r" "$agent" "kv 2 arrives" "curl -s -o /dev/null -X PUT --data v http://127.0.0.1:$seed_http/v1/kv/k2"
    step "$r" "$agent" "kv 2 read" "curl -s -o /dev/null http://127.0.0.1:$agent_http/v1/kv/k2"
    grep -q "event: user" "$work/stream.txt" || { echo "the stream showed no user event" >&2; exit 1; }
    cleanup
    pids=()
done
rm -rf "$work"
header="| step (CPU ms in 1.5 s unless said) |" rule="|---|"
for ((r = 1; r <= rounds; r++)); do header+=" round $r |"; rule+="---|"; done
echo "$header"; echo "$rule"
for label in "${labels[@]}"; do
    row="| $label |"
    for ((r = 1; r <= rounds; r++)); do row+=" ${cpu["$label,$r"]} |"; done
    echo "$row"
done
