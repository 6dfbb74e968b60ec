#!/usr/bin/env bash
# The proxy load benchmark (tools/Protocols.LoadBench; results in docs/performance.md, "Proxy load benchmark").
#
#   scripts/run-load-bench.sh                 # full run (~6 minutes of load), report in artifacts/loadbench/results.md
#   scripts/run-load-bench.sh --duration 3    # extra flags go to the tool (see --help)
#
# Builds the proxy and the tool in Release, publishes the proxy's single-file binary (for its start-up time; skip
# with LOADBENCH_PUBLISH=0), then waits for a quiet machine: while the 1-minute load average is above
# LOADBENCH_MAX_LOAD (default 3) it polls every 15 s, for at most LOADBENCH_MAX_WAIT seconds (default 1800), and
# then runs anyway, saying so. Everything runs on 127.0.0.1 and stops by itself; every process it starts is killed.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir="artifacts/loadbench"
max_load="${LOADBENCH_MAX_LOAD:-3}"
max_wait="${LOADBENCH_MAX_WAIT:-1800}"
mkdir -p "$out_dir"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release src/Protocols.Proxy -nologo -v q
dotnet build -c Release tools/Protocols.LoadBench -nologo -v q

extra=()
if [ "${LOADBENCH_PUBLISH:-1}" = "1" ]; then
  dotnet publish src/Protocols.Proxy -c Release -r linux-x64 -o "$out_dir/proxy-publish" -nologo -v q
  extra+=(--proxy-exe "$out_dir/proxy-publish/Protocols.Proxy")
fi

load() { cut -d' ' -f1 /proc/loadavg; }
waited=0
while awk -v l="$(load)" -v m="$max_load" 'BEGIN { exit !(l > m) }'; do
  if [ "$waited" -ge "$max_wait" ]; then
    echo "run-load-bench: load average still $(load) after ${waited}s (limit $max_load): running anyway; the figures are noisier" >&2
    break
  fi
  echo "run-load-bench: load average $(load) > $max_load, waiting (${waited}s so far)" >&2
  sleep 15
  waited=$((waited + 15))
done

exec dotnet tools/Protocols.LoadBench/bin/Release/net10.0/Protocols.LoadBench.dll \
  --proxy-dll src/Protocols.Proxy/bin/Release/net10.0/Protocols.Proxy.dll \
  --out "$out_dir/results.md" "${extra[@]}" "$@"
