#!/usr/bin/env bash
# Starts one agent with the given launcher, waits until its HTTP API answers, prints the time from
# process start to that answer (ms) and, with --rss SECONDS, its resident memory after that many idle
# seconds; then kills it. Time the whole run from outside (e.g. /usr/bin/time) to include start-up.
#   bench/agent-start.sh pekonode-dist/target/pekonode-VERSION/bin/pekonode
#   bench/agent-start.sh --rss 30 pekonode-dist/target/pekonode-VERSION/bin/pekonode
set -euo pipefail

rss_after=
if [[ "${1:-}" == "--rss" ]]; then
    rss_after="$2"
    shift 2
fi
[[ $# -ge 1 ]] || { echo "usage: $0 [--rss SECONDS] LAUNCHER [ARGS...]" >&2; exit 2; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp)"
start_ns="$(date +%s%N)"
"$@" agent --bind 127.0.0.1:0 --http "127.0.0.1:$port" --name bench >"$log" 2>&1 &
pid=$!
# SIGKILL and reap: no leave, no shutdown, nothing left running after this script.
trap 'kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

until curl -s -o /dev/null "http://127.0.0.1:$port/v1/health"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "agent exited before answering" >&2; exit 1; }
    sleep 0.01
done
ready_ns="$(date +%s%N)"
echo "ready_ms=$(( (ready_ns - start_ns) / 1000000 ))"

if [[ -n "$rss_after" ]]; then
    sleep "$rss_after"
    # Both launchers exec the JVM, so the agent's process is the one started here.
    echo "rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")"
fi
