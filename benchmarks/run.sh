#!/usr/bin/env bash
# PortKeeper's benchmark suite, one command:
#   benchmarks/run.sh [output-folder]
# Installs what it needs from Debian's packages (wrk, gnuplot, curl, PostgreSQL) if missing,
# builds in Release, then runs: BenchmarkDotNet over the pure core; a bare Kestrel ceiling; the
# real gateway process (co-hosted silo) on the embedded store and on a private PostgreSQL
# server, loaded by wrk over loopback through sticky, new, mixed and occupancy 0/50/95 %
# scenarios of a 50,000-port range; start-up time and resident memory with 50,000 leases;
# pgbench with one single-row INSERT per transaction on the same PostgreSQL server; then 1, 2
# and 3 nodes of one cluster on that server, loaded through all their gateways at once.
# Raw output and results.tsv go to the output folder, with summary.md and throughput.png.
# Environment: BENCH_SECONDS (measured load runs, default 10), BENCH_SKIP_CORE=1 (no
# BenchmarkDotNet), BENCH_BACKENDS (default "embedded postgres"), BENCH_NODES (node counts of
# the cluster runs, default "1 2 3"; empty: none).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out=$(realpath -m "${1:-benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)}")
seconds=${BENCH_SECONDS:-10}
backends=${BENCH_BACKENDS:-embedded postgres}
node_counts=${BENCH_NODES-1 2 3}
threads=2
connections=16
range_first=10000
range_last=59999
range_size=$((range_last - range_first + 1))
mkdir -p "$out"
work=$(mktemp -d /tmp/portkeeper-bench.XXXXXX)
chmod 755 "$work"
pids=()

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$out/run.log" >&2; }

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${pg_data:-}" ] && [ -d "$pg_data" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" stop -D "$pg_data" -m immediate -w > /dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- tools -------------------------------------------------------------------------------
need=()
command -v wrk > /dev/null || need+=(wrk)
command -v gnuplot > /dev/null || need+=(gnuplot-nox)
command -v curl > /dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  sudo=(); [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
fi
bash scripts/install-postgres.sh
pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)")

log "building (Release)"
dotnet build PortKeeper.sln -c Release --nologo -v q > "$out/build.log"
dotnet build benchmarks/Ceiling -c Release --nologo -v q >> "$out/build.log"
gateway_dll=$repo/src/Gateway/bin/Release/net10.0/PortKeeper.Gateway.dll
ceiling_dll=$repo/benchmarks/Ceiling/bin/Release/net10.0/PortKeeper.Benchmarks.Ceiling.dll

# --- machine -----------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with local changes)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "dotnet: $(dotnet --version)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "postgres: $("$pg_bin/postgres" --version)"
  echo "load: wrk -t$threads -c$connections, measured runs ${seconds}s after a warm-up"
} > "$out/machine.txt"
"$pg_bin/pg_test_fsync" -s 1 -f "$work/fsync.test" > "$out/pg_test_fsync.txt" 2>&1 || true

# A free port outside the allow ports (10000-59999) for the node's own listeners: a node keeps
# its listening ports out of its pool, so one inside the range would leave fewer than 50,000.
free_port() {
  local p
  for p in $(shuf -i 60000-64999 -n 200); do
    if ! ss -Hltn "sport = :$p" | grep -q .; then echo "$p"; return; fi
  done
  return 1
}

# --- BenchmarkDotNet ----------------------------------------------------------------------
if [ "${BENCH_SKIP_CORE:-0}" != 1 ]; then
  log "BenchmarkDotNet: pure core and request parsing"
  dotnet run -c Release --no-build --project benchmarks/Core -- --filter '*' --artifacts "$out/core" \
    > "$out/core.log" 2>&1
  cat "$out"/core/results/*-report-github.md > "$out/core.md" 2>/dev/null || true
fi

# --- load helpers -------------------------------------------------------------------------
results=$out/results.tsv
[ -f "$results" ] || printf 'target\tscenario\trequests\tseconds\trps\tp50_ms\tp99_ms\tmax_ms\terrors\trejects\tnew_sent\n' > "$results"

# load TARGET URL NAME DURATION KNOWN NEWSTART NEWCOUNT PERMILLE [TYPE]: one wrk run; prints
# the new proxies sent. Runs of a fixed count of new proxies use one wrk thread, which ends the run.
load() {
  local target=$1 url=$2 name=$3 duration=$4
  local t=$threads
  [ "$7" -gt 0 ] && t=1
  local line
  wrk -t$t -c$connections -d"${duration}s" --timeout 10s -s benchmarks/load/newproxy.lua \
    "$url/port-registrations" -- "$name" "$5" "$6" "$7" "$8" "$t" "${9:-tcp}" > "$work/wrk.out" 2>&1
  { echo "== $target $name"; cat "$work/wrk.out"; } >> "$out/wrk.log"
  line=$(grep -P '^RESULT\t' "$work/wrk.out" | cut -f2-)
  printf '%s\t%s\n' "$target" "$line" >> "$results"
  log "$target $name: $(echo "$line" | awk -F'\t' '{printf "%s req/s, p50 %s ms, p99 %s ms, errors %s, rejects %s", $4, $5, $6, $8, $9}')"
  echo "$line" | awk -F'\t' '{print $10}'
}

body() {
  # Proxy i of user u<i % 10000>, as newproxy.lua names them.
  printf '{"version":"0.1.0","op":"NewProxy","content":{"user":{"user":"u%s","metas":null,"run_id":"5c4b1c8b0a2e7f31"},"proxy_name":"u%s.p%s","proxy_type":"tcp","local_ip":"127.0.0.1","local_port":22}}' "$(($1 % 10000))" "$(($1 % 10000))" "$1"
}

# start_node NAME ARGS...: starts the gateway; sets node_pid and node_url; records the
# milliseconds from spawn to the first granted NewProxy answer (of proxy u0.p0).
start_node() {
  local name=$1
  shift
  local http silo gw t0 t1
  http=$(free_port); silo=$(free_port); gw=$(free_port)
  node_url=http://127.0.0.1:$http
  t0=$(date +%s%N)
  DOTNET_ENVIRONMENT=Production dotnet "$gateway_dll" --urls "$node_url" --silo-port "$silo" --gateway-port "$gw" \
    --allow-ports "$range_first-$range_last" "$@" >> "$out/node-$name.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
  until curl -sf --max-time 10 -H 'Content-Type: application/json' -d "$(body 0)" \
      "$node_url/port-registrations?version=0.1.0&op=NewProxy" 2> /dev/null | grep -q '"remote_port"'; do
    kill -0 "$node_pid" 2> /dev/null || { log "node $name exited"; tail -20 "$out/node-$name.log" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  startup_ms=$(( (t1 - t0) / 1000000 ))
}

stop_node() {
  kill -TERM "$node_pid" 2> /dev/null || true
  wait "$node_pid" 2> /dev/null || true
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$node_pid/status"; }

record() { printf '%s\t%s\t0\t0\t%s\t0\t0\t0\t0\t0\t0\n' "$1" "$2" "$3" >> "$results"; log "$1 $2: $3"; }

# --- the ceiling --------------------------------------------------------------------------
port=$(free_port)
DOTNET_ENVIRONMENT=Production dotnet "$ceiling_dll" --urls "http://127.0.0.1:$port" > "$out/ceiling.log" 2>&1 &
ceiling_pid=$!
pids+=("$ceiling_pid")
until curl -sf -o /dev/null -d '{}' "http://127.0.0.1:$port/ping" 2> /dev/null || curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.05; done
load ceiling "http://127.0.0.1:$port" warmup 3 10000 0 0 0 > /dev/null
load ceiling "http://127.0.0.1:$port" sticky "$seconds" 10000 0 0 0 > /dev/null
kill "$ceiling_pid"; wait "$ceiling_pid" 2> /dev/null || true

# --- PostgreSQL ---------------------------------------------------------------------------
start_postgres() {
  pg_port=$(free_port)
  pg_root=$work/pg
  pg_data=$pg_root/data
  mkdir -p "$pg_root/socket"
  chown -R postgres:postgres "$pg_root"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --no-locale > /dev/null
  # Durable settings (as PortKeeper's tests use): fsync, synchronous commit, full page writes.
  cat >> "$pg_data/postgresql.conf" <<CONF
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 256MB
max_connections = 200
max_wal_size = 1GB
log_min_messages = warning
CONF
  runuser -u postgres -- "$pg_bin/pg_ctl" start -D "$pg_data" -l "$pg_root/server.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_root/socket" > /dev/null
  psql_() { "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 "$@"; }
}

run_pgbench() {
  psql_ -d postgres -c 'CREATE DATABASE pgbench'
  psql_ -d pgbench -c 'CREATE TABLE bench_insert (id bigserial PRIMARY KEY, v integer NOT NULL, at timestamptz NOT NULL DEFAULT now())'
  echo 'INSERT INTO bench_insert (v) VALUES (:client_id);' > "$work/insert.sql"
  "$pg_bin/pgbench" -n -h 127.0.0.1 -p "$pg_port" -U postgres -c $connections -j $threads -T 3 -f "$work/insert.sql" pgbench > /dev/null 2>&1
  "$pg_bin/pgbench" -n -h 127.0.0.1 -p "$pg_port" -U postgres -c $connections -j $threads -T "$seconds" -f "$work/insert.sql" \
    pgbench > "$out/pgbench.txt" 2>&1
  local tps lat
  tps=$(awk '/^tps/ {print $3; exit}' "$out/pgbench.txt")
  lat=$(awk '/latency average/ {print $4; exit}' "$out/pgbench.txt")
  printf 'postgres\tpgbench-insert\t0\t%s\t%s\t%s\t0\t0\t0\t0\t0\n' "$seconds" "$tps" "$lat" >> "$results"
  log "pgbench single-row INSERT, $connections clients: $tps tps, average latency $lat ms"
}

# --- one backend --------------------------------------------------------------------------
run_backend() {
  local b=$1
  shift
  local next sent
  log "== $b"
  start_node "$b" "$@"
  record "$b" startup-empty-ms "$startup_ms"
  next=1
  # new: allocate COUNT new proxies from index $next (measured as NAME).
  new() {
    [ "$2" -gt 0 ] || return 0
    sent=$(load "$b" "$node_url" "$1" 120 0 "$next" "$2" 1000)
    next=$((next + sent))
  }
  # Warm up the allocation path (JIT tiers, pools, connections) on udp proxies: the same code,
  # but a port space of its own, so the tcp space is still empty when new-occ0 starts. 16,000
  # allocations: with 4,000, new-occ0 still measured tiered compilation (libclrjit.so was 23 % of
  # the node's CPU under perf), not the allocation path.
  load "$b" "$node_url" warmup-new-udp 120 0 0 16000 1000 udp > /dev/null
  # The runtime compiles the warmed-up methods' optimized code in the background, and with the
  # load on both cores it is still at it when the warm-up ends: without this pause the node
  # spent 0.76-0.86 ms of CPU per new proxy in the next 2,000, with it 0.47-0.62 ms.
  sleep 3
  new new-occ0 2000
  new seed $((10000 - next))
  load "$b" "$node_url" warmup-sticky 3 10000 0 0 0 > /dev/null
  load "$b" "$node_url" sticky-10k "$seconds" 10000 0 0 0 > /dev/null
  sent=$(load "$b" "$node_url" mixed-10k "$seconds" "$next" "$next" 0 50)
  next=$((next + sent))
  new seed $((25000 - next))
  new new-occ50 2000
  new seed $((47500 - next))
  new new-occ95 2000
  new seed $((range_size - next))
  load "$b" "$node_url" warmup-sticky 3 "$range_size" 0 0 0 > /dev/null
  load "$b" "$node_url" sticky-50k "$seconds" "$range_size" 0 0 0 > /dev/null
  record "$b" rss-50k-active-mb "$(rss_mb)"
  stop_node
  start_node "$b-restart" "$@"
  record "$b" startup-50k-ms "$startup_ms"
  record "$b" rss-50k-started-mb "$(rss_mb)"
  load "$b" "$node_url" sticky-50k-restarted "$seconds" "$range_size" 0 0 0 > /dev/null
  record "$b" rss-50k-restarted-mb "$(rss_mb)"
  stop_node
}

# --- several nodes on one PostgreSQL ---------------------------------------------------
# spread NAME DURATION KNOWN NEWSTART PERMILLE [TYPE]: one wrk per node, all at once, the 16
# connections shared among them (6, 5 and 5 for three); new proxies of node k start at
# NEWSTART + 100,000 k. Records the sums (requests, req/s, errors, refusals, new proxies) and
# the worst latencies of the nodes' runs.
spread() {
  local name=$1 duration=$2 known=$3 start=$4 permille=$5 type=${6:-tcp}
  local n=${#cluster_urls[@]} k c
  local files=() runs=()
  for k in $(seq 0 $((n - 1))); do
    c=$(( connections / n + (k < connections % n ? 1 : 0) ))
    wrk -t1 -c$c -d"${duration}s" --timeout 10s -s benchmarks/load/newproxy.lua "${cluster_urls[$k]}/port-registrations" \
      -- "$name" "$known" $((start + 100000 * k)) 0 "$permille" 1 "$type" > "$work/spread-$k.out" 2>&1 &
    runs+=($!)
    files+=("$work/spread-$k.out")
  done
  wait "${runs[@]}" || true
  local line
  line=$(cat "${files[@]}" | grep -P '^RESULT\t' | awk -F'\t' -v s="$name" '
    {r += $3; if ($4 > d) d = $4; rps += $5; if ($6 > p50) p50 = $6; if ($7 > p99) p99 = $7; if ($8 > mx) mx = $8; e += $9; j += $10; ns += $11}
    END {printf "%s\t%d\t%.3f\t%.1f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d", s, r, d, rps, p50, p99, mx, e, j, ns}')
  { for f in "${files[@]}"; do echo "== $cluster_name $name ($f)"; cat "$f"; done; } >> "$out/wrk.log"
  printf '%s\t%s\n' "$cluster_name" "$line" >> "$results"
  log "$cluster_name $name: $(echo "$line" | awk -F'\t' '{printf "%s req/s, worst p50 %s ms, worst p99 %s ms, errors %s, refusals %s", $4, $5, $6, $8, $9}')"
}

# run_cluster N: N nodes of one cluster on a fresh database of the PostgreSQL server. Warms
# every node's allocation path on udp proxies, seeds 10,000 tcp proxies through the nodes, then
# measures known proxies and new proxies with the load spread over every node's gateway.
run_cluster() {
  local n=$1 k
  cluster_name=postgres-nodes$n
  cluster_urls=()
  log "== $cluster_name"
  psql_ -d postgres -c "CREATE DATABASE portkeeper_nodes$n"
  for k in $(seq 1 "$n"); do
    start_node "$cluster_name-$k" --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=portkeeper_nodes$n;Maximum Pool Size=64"
    cluster_urls+=("$node_url")
    cluster_pids+=("$node_pid")
  done
  spread warmup-new-udp 15 0 1 1000 udp > /dev/null
  sleep 3
  # About 10,000 known proxies: every node seeds its share (3,333 of three), in index order.
  local share=$(( 10000 / n )) seeds=()
  for k in $(seq 0 $((n - 1))); do
    wrk -t1 -c$(( connections / n )) -d120s --timeout 10s -s benchmarks/load/newproxy.lua "${cluster_urls[$k]}/port-registrations" \
      -- seed 0 $((k * share)) "$share" 1000 1 tcp > "$work/seed-$k.out" 2>&1 &
    seeds+=($!)
  done
  wait "${seeds[@]}" || true
  spread warmup-sticky 3 $((share * n)) 0 0 > /dev/null
  spread sticky-10k "$seconds" $((share * n)) 0 0
  spread new "$seconds" 0 20000 1000
  for k in "${cluster_pids[@]}"; do kill -TERM "$k" 2> /dev/null || true; done
  for k in "${cluster_pids[@]}"; do wait "$k" 2> /dev/null || true; done
  cluster_pids=()
}
cluster_pids=()

for b in $backends; do
  case $b in
    embedded) run_backend embedded --data-dir "$work/data-embedded" ;;
    postgres)
      start_postgres
      run_pgbench
      psql_ -d postgres -c 'CREATE DATABASE portkeeper'
      run_backend postgres --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=portkeeper;Maximum Pool Size=64"
      for n in $node_counts; do run_cluster "$n"; done
      ;;
  esac
done

bash benchmarks/summarize.sh "$out"
log "results in $out"
