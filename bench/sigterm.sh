#!/usr/bin/env bash
# Sends SIGTERM to a standalone silo at several moments after its start (and while requests are in flight), RUNS
# times each, and prints one line per run: delay, exit code, seconds from SIGTERM to exit.
# bench/sigterm.sh [RUNS] [DELAYS...]   (build src/Silo in Release first)
set -u
runs=${1:-5}; shift || true
delays=("${@:-0.2 0.5 1 2 5 load}")
dll="$(cd "$(dirname "$0")/.." && pwd)/src/Silo/bin/Release/net10.0/dtaas-silo.dll"
limit=60
for delay in ${delays[@]}; do
  for ((i = 1; i <= runs; i++)); do
    dir=$(mktemp -d)
    dotnet "$dll" --data-dir "$dir" --node-name stop.example.org --api-listen 127.0.0.1:0 --gateway-listen 127.0.0.1:0 \
      --gateway-tls-listen 127.0.0.1:0 --client-listen 127.0.0.1:0 --metrics-listen '' >"$dir/out.log" 2>&1 &
    pid=$!
    if [ "$delay" = load ]; then
      # Wait for the start line, then keep 8 loops of requests on the gateway running while SIGTERM arrives.
      for _ in $(seq 600); do grep -q " started: " "$dir/out.log" && break; sleep 0.1; done
      port=$(grep -o 'gateway http://127.0.0.1:[0-9]*' "$dir/out.log" | head -1 | sed 's/.*://')
      for _ in $(seq 8); do (while kill -0 $pid 2>/dev/null; do curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/healthz"; curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/v1/servables"; done) & done
      sleep 2
    else
      sleep "$delay"
    fi
    start=$(date +%s.%N)
    kill -TERM $pid
    code=timeout
    for _ in $(seq $((limit * 20))); do
      if ! kill -0 $pid 2>/dev/null; then wait $pid; code=$?; break; fi
      sleep 0.05
    done
    end=$(date +%s.%N)
    if [ "$code" = timeout ]; then kill -KILL $pid; wait $pid 2>/dev/null; fi
    wait 2>/dev/null
    printf '%s\t%s\t%s\t%.2f\n' "$delay" "$i" "$code" "$(echo "$end - $start" | bc)"
    if [ "$code" != 0 ]; then tail -5 "$dir/out.log" | sed 's/^/    /' >&2; fi
    rm -rf "$dir"
  done
done
