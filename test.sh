#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs the independent peers the interop tests
# talk to (libcoap from Debian, the npm `coap` client) and the PostgreSQL server the cluster tests start
# their own instance of, and the chromium the browser test drives, then builds and tests the whole solution.
# Ends with the line "N passed, M failed"; exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=()
command -v coap-client-notls >/dev/null 2>&1 || apt_packages+=(libcoap3-bin)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs npm)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_packages+=(postgresql)
# The browser test drives Debian's chromium through Playwright (never a browser Playwright downloads).
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "== installing ${apt_packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

for node_dir in tests/Interop.Tests/node tests/Protocol.Tests/Vouchers/node; do
  if [ -f "$node_dir/package-lock.json" ]; then
    echo "== npm ci in $node_dir"
    (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
echo "== dotnet test"
set +e
dotnet test Orleans.sln -c Release --nologo --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?
set -e

# One summary line over all test assemblies, from the TRX counters.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
