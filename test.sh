#!/usr/bin/env bash
# Runs every test project. Installs what the tests need when it is missing:
# Debian packages wireguard-go, wireguard-tools, iproute2, and nginx-light and curl (real upstreams and clients
# behind and in front of the gateway), python3-requests (an HTTPS client of the gateway) and python3-kubernetes (the
# official Kubernetes client against the standalone API), both for Debian's /usr/bin/python3, chromium and
# chromium-driver (the console's browser tests, headless, through Selenium); kubectl is expected on PATH.
# Under CI=true a missing prerequisite makes the end-to-end tests fail instead of skip.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v wireguard-go >/dev/null || need+=(wireguard-go)
command -v wg >/dev/null || need+=(wireguard-tools)
command -v ip >/dev/null || need+=(iproute2)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v curl >/dev/null || need+=(curl)
/usr/bin/python3 -c 'import requests' 2>/dev/null || need+=(python3-requests)
/usr/bin/python3 -c 'import kubernetes' 2>/dev/null || need+=(python3-kubernetes)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${need[*]}"
    # RUNLEVEL=1: installing nginx-light must not start the system nginx; the tests run their own.
    apt-get update -qq && RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test.sh: missing ${need[*]} (run as root on Debian to install them); end-to-end tests will skip" >&2
  fi
fi
command -v kubectl >/dev/null || echo "test.sh: kubectl not found; kubectl tests will skip (fail under CI=true)" >&2

dotnet build Dtaas.sln -c Release -nologo -v quiet
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# The in-process federation tests (50 nodes in one process) run alone first: beside the end-to-end tests' silo
# processes on a 2-core machine their probes miss every deadline. Then every other project, side by side.
dotnet test test/Federation.Tests -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
federation=${PIPESTATUS[0]}
dotnet test Dtaas.sln -c Release --no-build -nologo --logger "console;verbosity=normal" --filter "FullyQualifiedName!~Dtaas.Federation.Tests." 2>&1 | tee -a "$log"
rest=${PIPESTATUS[0]}
status=$(( federation != 0 ? federation : rest ))
set -e
# One closing line over every test project: "N passed, N failed, N skipped".
awk '/^ +Passed: [0-9]+$/ {p += $2} /^ +Failed: [0-9]+$/ {f += $2} /^ +Skipped: [0-9]+$/ {s += $2}
     END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' "$log"
exit "$status"
