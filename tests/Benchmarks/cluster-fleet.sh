#!/usr/bin/env bash
# Cluster throughput: a throw-away PostgreSQL on 127.0.0.1, N silo processes (no CoAP gateway in them)
# and one stand-alone gateway, then `Pledge fleet --count C --no-vouchers`. Prints the fleet's summary line.
# usage: tests/Benchmarks/cluster-fleet.sh SILOS COUNT   (after dotnet build Orleans.sln -c Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
silos=${1:-1}; count=${2:-1000}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d); pids=()
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; as_pg "$bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$bin/initdb" -D "$work/pg" -U eals --auth=trust --no-sync >/dev/null
as_pg "$bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=400" -w start >/dev/null
cs="Host=127.0.0.1;Port=$port;Database=postgres;Username=eals"
silo=Silo/bin/Release/net10.0/Eals.Silo.dll
common=(--data "$work/data" --Cluster:Provider postgres --Cluster:ConnectionString "$cs")
wait_started() { until grep -q "Application started" "$1"; do sleep 0.5; done; }
for i in $(seq 1 "$silos"); do
  dotnet "$silo" --role silo "${common[@]}" --Gateway:Enabled false --Masa:Hosted false --Orleans:SiloPort $((21000 + i)) \
    --Orleans:GatewayPort $((31000 + i)) --Dashboard:Urls "http://127.0.0.1:$((18000 + i))" >"$work/silo$i.log" 2>&1 &
  pids+=($!); wait_started "$work/silo$i.log"
done
dotnet "$silo" --role gateway "${common[@]}" --Gateway:Port 25683 --Gateway:Addresses:0 127.0.0.1 --Gateway:HealthUrls http://127.0.0.1:0 >"$work/gateway.log" 2>&1 &
pids+=($!); wait_started "$work/gateway.log"
dotnet Pledge/bin/Release/net10.0/Eals.Pledge.dll fleet --count "$count" --no-vouchers --data "$work/data" --registrar coap://127.0.0.1:25683 2>/dev/null
