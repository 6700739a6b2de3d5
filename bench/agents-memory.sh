#!/usr/bin/env bash
# Starts N agents on 127.0.0.1 that join the first one, waits until the first sees all N alive, lets
# them idle, then prints each agent's resident memory (RSS) and proportional share (PSS, which splits
# pages several agents map, such as the runtime's libraries and the start-up archive, between them),
# and the totals; then kills them all. Extra JVM options come from PEKONODE_JAVA_OPTS as usual.
#   bench/agents-memory.sh -n 10 -i 30 pekonode-dist/target/pekonode-VERSION/bin/pekonode
set -euo pipefail

nodes=10
idle=30
while getopts "n:i:" opt; do
    case "$opt" in
        n) nodes="$OPTARG" ;;
        i) idle="$OPTARG" ;;
        *) echo "usage: $0 [-n NODES] [-i IDLE_SECONDS] LAUNCHER [ARGS...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 ]] || { echo "usage: $0 [-n NODES] [-i IDLE_SECONDS] LAUNCHER [ARGS...]" >&2; exit 2; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

dir="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$dir"' EXIT

first_gossip="$(free_port)"
first_http="$(free_port)"
for i in $(seq 1 "$nodes"); do
    if [[ "$i" -eq 1 ]]; then
        "$@" agent --name m1 --bind "127.0.0.1:$first_gossip" --http "127.0.0.1:$first_http" >"$dir/m1.log" 2>&1 &
    else
        "$@" agent --name "m$i" --bind 127.0.0.1:0 --http "127.0.0.1:$(free_port)" --join "127.0.0.1:$first_gossip" \
            >"$dir/m$i.log" 2>&1 &
    fi
    pids+=($!)
done

deadline=$((SECONDS + 120))
until [[ "$(curl -s "http://127.0.0.1:$first_http/v1/members" | grep -o '"state":"ALIVE"' | wc -l)" -eq "$nodes" ]]; do
    [[ $SECONDS -lt $deadline ]] || { echo "the cluster did not form within 120 s" >&2; exit 1; }
    sleep 0.2
done
sleep "$idle"

total_rss=0
total_pss=0
for p in "${pids[@]}"; do
    rss="$(awk '/^Rss:/ {print $2}' "/proc/$p/smaps_rollup")"
    pss="$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")"
    echo "pid=$p rss_kib=$rss pss_kib=$pss"
    total_rss=$((total_rss + rss))
    total_pss=$((total_pss + pss))
done
echo "nodes=$nodes total_rss_kib=$total_rss total_pss_kib=$total_pss pss_per_agent_kib=$((total_pss / nodes))"
