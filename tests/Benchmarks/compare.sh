#!/usr/bin/env bash
# Raw CoAP request rate: the gateway and libcoap's coap-server-notls, one after the other, under the same
# load generator with the same settings (GET /time, CON). Usage: tests/Benchmarks/compare.sh [DURATION] [CONCURRENCY...]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}; shift || true
levels=("${@:-16 64}")
command -v coap-server-notls >/dev/null || { echo "needs coap-server-notls: apt-get install libcoap3-bin"; exit 1; }
dotnet build -c Release tests/Benchmarks --nologo -v quiet >/dev/null
bench=tests/Benchmarks/bin/Release/net10.0/Eals.Benchmarks
for concurrency in ${levels[*]}; do
  $bench serve --port 56901 --seconds $((duration + 30)) >/dev/null & server=$!
  sleep 2
  echo "gateway   c=$concurrency: $($bench load --target 127.0.0.1:56901 --duration "$duration" --concurrency "$concurrency" | grep RESULT)"
  kill $server; wait $server 2>/dev/null || true
  coap-server-notls -A 127.0.0.1 -p 56902 >/dev/null 2>&1 & server=$!
  sleep 1
  echo "libcoap   c=$concurrency: $($bench load --target 127.0.0.1:56902 --duration "$duration" --concurrency "$concurrency" | grep RESULT)"
  kill $server; wait $server 2>/dev/null || true
done
