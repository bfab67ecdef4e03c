#!/usr/bin/env bash
# Turns a run's results.tsv into summary.md (figures and the ratios against issue 4's targets)
# and throughput.png (new-proxy allocations per second against pool occupancy).
#   benchmarks/summarize.sh RESULTS-FOLDER
set -euo pipefail
out=$1
results=$out/results.tsv

# value TARGET SCENARIO COLUMN (3 requests, 5 rps, 6 p50, 7 p99 ...); empty when absent.
value() { awk -F'\t' -v t="$1" -v s="$2" -v c="$3" '$1 == t && $2 == s {v = $c} END {print v}' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b}'; }
# check VALUE OP LIMIT: "met" or "NOT met"
check() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
  if (v == "" || v == "n/a") {print "not measured"; exit}
  ok = (op == ">=") ? (v + 0 >= l + 0) : (v + 0 < l + 0); print ok ? "met" : "NOT met" }'; }

ceiling=$(value ceiling sticky 5)
pgbench=$(value postgres pgbench-insert 5)
{
  echo "# PortKeeper benchmark summary"
  echo
  sed 's/^/    /' "$out/machine.txt"
  echo
  echo "Ceiling (bare Kestrel, same JSON parsed, constant answer): **${ceiling:-n/a} req/s**."
  [ -n "$pgbench" ] && echo "pgbench, one single-row INSERT per transaction, same clients, same server: **$pgbench tps**."
  echo
  echo "## Load runs (wrk over loopback; latencies in ms)"
  echo
  echo "| target | scenario | requests | seconds | req/s | p50 | p99 | max | errors | refusals |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR > 1 && $3 > 0 && $2 !~ /^warmup|^seed$/ {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10}' "$results"
  echo
  echo "## Targets of issue 4"
  echo
  echo "| backend | target | measured | ratio | verdict |"
  echo "|---|---|---:|---:|---|"
  for b in embedded postgres; do
    grep -qP "^$b\t" "$results" || continue
    for s in sticky-10k sticky-50k; do
      rps=$(value "$b" "$s" 5); p99=$(value "$b" "$s" 7)
      echo "| $b | $s >= 23,500 req/s (Go portmanager) | $rps | $(ratio "$rps" 23500) | $(check "$rps" '>=' 23500) |"
      r=$(ratio "$rps" "$ceiling")
      echo "| $b | $s >= 0.6 x ceiling | $rps / ${ceiling:-n/a} | $r | $(check "$r" '>=' 0.6) |"
      echo "| $b | $s p99 < 5 ms | $p99 ms | | $(check "$p99" '<' 5) |"
    done
    new0=$(value "$b" new-occ0 5); new50=$(value "$b" new-occ50 5); new95=$(value "$b" new-occ95 5)
    if [ "$b" = embedded ]; then
      echo "| $b | new, durable, from empty >= 2,000/s | $new0 | $(ratio "$new0" 2000) | $(check "$new0" '>=' 2000) |"
    else
      r=$(ratio "$new0" "$pgbench")
      echo "| $b | new, durable, from empty >= 0.5 x pgbench | $new0 / ${pgbench:-n/a} | $r | $(check "$r" '>=' 0.5) |"
    fi
    r=$(ratio "$new95" "$new0")
    echo "| $b | new at 95 % >= 0.8 x new at 0 % | $new95 / $new0 (50 %: $new50) | $r | $(check "$r" '>=' 0.8) |"
    ms=$(value "$b" startup-50k-ms 5)
    echo "| $b | start-up with 50,000 leases to first answer <= 3 s | $ms ms | | $(check "$ms" '<' 3001) |"
    rss=$(awk -F'\t' -v t="$b" '$1 == t && $2 ~ /^rss-/ && $5 > m {m = $5} END {print m}' "$results")
    echo "| $b | resident memory with 50,000 leases < 300 MB (largest of three readings) | $rss MB | | $(check "$rss" '<' 300) |"
  done
  echo
  echo "## Targets of issue 9"
  echo
  echo "| # | backend | target | measured | ratio | verdict |"
  echo "|---|---|---|---:|---:|---|"
  for b in embedded postgres; do
    grep -qP "^$b\t" "$results" || continue
    new0=$(value "$b" new-occ0 5)
    if [ "$b" = embedded ]; then
      r=$(ratio "$new0" 329)
      echo "| 1 | $b | new durable proxies from empty >= 10 x the Go keeper's 329/s | $new0 | $r | $(check "$r" '>=' 10) |"
    else
      r=$(ratio "$new0" "$pgbench")
      echo "| 1 | $b | new durable proxies from empty >= 0.5 x pgbench | $new0 / ${pgbench:-n/a} | $r | $(check "$r" '>=' 0.5) |"
    fi
    rps=$(value "$b" sticky-50k-restarted 5)
    echo "| 2 | $b | after a restart, 50,000 known proxies >= 20,000/s | $rps | $(ratio "$rps" 20000) | $(check "$rps" '>=' 20000) |"
    rss=$(awk -F'\t' -v t="$b" '$1 == t && $2 ~ /^rss-/ && $5 > m {m = $5} END {print m}' "$results")
    echo "| 3 | $b | <= 300 MB resident with 50,000 proxies (largest of three readings) | $rss MB | | $(check "$rss" '<' 301) |"
    for s in sticky-10k sticky-50k; do
      rps=$(value "$b" "$s" 5); p99=$(value "$b" "$s" 7); r=$(ratio "$rps" "$ceiling")
      echo "| 4 | $b | $s >= 0.7 x ceiling | $rps / ${ceiling:-n/a} | $r | $(check "$r" '>=' 0.7) |"
      echo "| 4 | $b | $s p99 <= 5 ms | $p99 ms | | $(check "$p99" '<' 5.0001) |"
    done
  done
  one_known=$(value postgres-nodes1 sticky-10k 5); one_new=$(value postgres-nodes1 new 5)
  for n in 1 2 3; do
    grep -qP "^postgres-nodes$n\t" "$results" || continue
    k=$(value postgres-nodes$n sticky-10k 5); w=$(value postgres-nodes$n new 5)
    echo "| 5 | $n node(s) | known proxies, 10,000 leases, load over every gateway | $k | $(ratio "$k" "$one_known") x 1 node | measured |"
    echo "| 5 | $n node(s) | new proxies, load over every gateway | $w | $(ratio "$w" "$one_new") x 1 node | measured |"
  done
  echo
  echo "Other readings: $(awk -F'\t' '$2 ~ /^(startup|rss)-/ {printf "%s %s = %s; ", $1, $2, $5}' "$results")"
  [ -f "$out/core.md" ] && { echo; echo "## BenchmarkDotNet (pure core, request parsing)"; echo; cat "$out/core.md"; }
} > "$out/summary.md"

# Throughput against occupancy.
{
  echo "# occupancy embedded postgres"
  for o in 0 50 95; do
    echo "$o $(value embedded new-occ$o 5 | sed 's/^$/NaN/') $(value postgres new-occ$o 5 | sed 's/^$/NaN/')"
  done
} > "$out/occupancy.dat"
gnuplot <<GP
set terminal png size 900,560 font ",11"
set output "$out/throughput.png"
set title "PortKeeper: new proxies per second (durable) against pool occupancy\n50,000-port range, wrk 16 connections, $(nproc) cores"
set xlabel "occupancy of the port range when the run starts (%)"
set ylabel "new proxies allocated per second"
set xrange [-5:100]
set yrange [0:*]
set grid
set key bottom right
set style data linespoints
plot "$out/occupancy.dat" using 1:2 title "embedded store" lw 2 pt 7, \
     "$out/occupancy.dat" using 1:3 title "PostgreSQL" lw 2 pt 5
GP
echo "summary: $out/summary.md, plot: $out/throughput.png"
