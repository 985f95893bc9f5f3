#!/usr/bin/env bash
# Intake benchmark (issue 2): durable widget intake vs a trivial REST route that touches no database,
# in the same run, plus start-up time to ready and RSS after start. Then the widget again, paced
# open-loop at 1/3 of the trivial route's throughput (bench/PacedLoad.java), for p99 at that rate.
# First, the bare baseline (issue 15.6): the same trivial route in a minimal Spring Boot + Camel
# application without security, database or other routes (bench/bare/), so the run shows
# bare -> hub stack -> durable ticket side by side. BENCH_BARE=0 skips it.
#
#   bench/intake-bench.sh [duration=30s] [connections=32]
#
# BENCH_ROUTES_DIR / BENCH_EXTRA_ROUTES_DIR: the hub's routes folder and the benchmark's (default routes/ and
# bench/routes/), for comparing a variant of the routes (bench/binding-bench.sh).
#
# Needs wrk (installed from Debian's packages when missing) and the packaged jar (built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30s}
CONNECTIONS=${2:-32}
THREADS=2
PORT=${BENCH_PORT:-18080}
BASE="http://127.0.0.1:$PORT"
ROUTES_DIR=${BENCH_ROUTES_DIR:-$PWD/routes}
EXTRA_ROUTES_DIR=${BENCH_EXTRA_ROUTES_DIR:-$PWD/bench/routes}
JAR=$(ls target/support-hub-*.jar 2>/dev/null | grep -v original | head -1 || true)

if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
if [ -z "$JAR" ]; then
  ./mvnw -q -B -DskipTests package
  JAR=$(ls target/support-hub-*.jar | grep -v original | head -1)
fi

BARE_JAR=bench/bare/target/bench-bare-camel.jar
if [ "${BENCH_BARE:-1}" = 1 ] && { [ ! -f "$BARE_JAR" ] || [ bench/bare/pom.xml -nt "$BARE_JAR" ]; }; then
  ./mvnw -q -B -f bench/bare/pom.xml -DskipTests package
fi

# The open-loop load generator, compiled before the hub starts so javac does not share the cores with it.
mkdir -p target/bench-classes
javac -d target/bench-classes bench/PacedLoad.java

DATA=$(mktemp -d /tmp/hub-bench.XXXXXX)
cleanup() {
  [ -n "${BARE_PID:-}" ] && kill "$BARE_PID" 2>/dev/null
  [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null
  wait 2>/dev/null; rm -rf "$DATA"
}
trap cleanup EXIT

# The machine's speed moves between runs (BENCHMARKS.md): a fixed, memory-touching Perl loop timed before the
# trivial run and before the paced run shows which phase each ran in (larger = slower; ~0.7 s on a quiet machine).
probe() { local s; s=$(date +%s%N); perl -e 'my @a=(0)x4_000_000; for my $r (1..3){ for my $i (0..$#a){ $a[$i]+=$i ^ $r; } }'; echo $(( ($(date +%s%N) - s) / 1000000 )); }

run() { # name url-base path duration
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4" -s bench/post.lua "$2$3" | grep '^RESULT' | sed "s/^RESULT/$1/"
}

# The bare baseline alone on the machine, then stopped before the hub starts: same JVM options, same wrk load.
bare_line="bare skipped (BENCH_BARE=0)"
if [ "${BENCH_BARE:-1}" = 1 ]; then
  BARE_PORT=$((PORT + 10))
  bare_start_ns=$(date +%s%N)
  java ${BENCH_JAVA_OPTS:--Xmx512m} -jar "$BARE_JAR" --server.port="$BARE_PORT" > "$DATA/bare.log" 2>&1 &
  BARE_PID=$!
  until curl -sf "http://127.0.0.1:$BARE_PORT/actuator/health/readiness" >/dev/null; do
    kill -0 "$BARE_PID" 2>/dev/null || { cat "$DATA/bare.log"; exit 1; }
    sleep 0.05
  done
  bare_ready_ms=$(( ($(date +%s%N) - bare_start_ns) / 1000000 ))
  bare_rss_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$BARE_PID/status) / 1024 ))
  run warmup-bare "http://127.0.0.1:$BARE_PORT" /api/v1/bench/echo 10s >/dev/null
  probe_bare_ms=$(probe)
  bare_line="$(run bare "http://127.0.0.1:$BARE_PORT" /api/v1/bench/echo "$DURATION") ready_ms=$bare_ready_ms rss_mb=$bare_rss_mb probe_ms=$probe_bare_ms"
  kill "$BARE_PID"; wait "$BARE_PID" 2>/dev/null || true; BARE_PID=
fi

# BENCH_CDS=1: start as scripts/hub-start.sh does (extracted jar + CDS archive, made before the clock starts).
if [ "${BENCH_CDS:-0}" = 1 ]; then
  JAVA_OPTS="--version" scripts/hub-start.sh >/dev/null 2>&1 || true
  LAUNCH=(env JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx512m}" scripts/hub-start.sh)
else
  LAUNCH=(java ${BENCH_JAVA_OPTS:--Xmx512m} -jar "$JAR")
fi
start_ns=$(date +%s%N)
"${LAUNCH[@]}" \
  --server.port="$PORT" \
  --hub.data-dir="$DATA" \
  --hub.routes-dir="$ROUTES_DIR" \
  --camel.main.routes-include-pattern="file:$ROUTES_DIR/*.camel.yaml,file:$EXTRA_ROUTES_DIR/*.camel.yaml" \
  --hub.security.public-paths=/api/v1/bench/** \
  --hub.widget.rate-limit.capacity=100000000 \
  --logging.level.root=WARN > "$DATA/hub.log" 2>&1 &
HUB_PID=$!
until curl -sf "$BASE/actuator/health/readiness" >/dev/null; do
  kill -0 "$HUB_PID" 2>/dev/null || { cat "$DATA/hub.log"; exit 1; }
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
rss_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$HUB_PID/status) / 1024 ))

# Warm up both paths (JIT), then measure them one after the other in the same JVM.
run warmup-echo "$BASE" /api/v1/bench/echo 10s >/dev/null
run warmup-widget "$BASE" /api/v1/widget/tickets 10s >/dev/null
probe_trivial_ms=$(probe)
echo_line=$(run trivial "$BASE" /api/v1/bench/echo "$DURATION")
widget_line=$(run widget "$BASE" /api/v1/widget/tickets "$DURATION")
# Latency at the target rate: the widget paced open-loop at 1/3 of the trivial route's throughput.
target_rps=$(echo "$echo_line" | tr ' ' '\n' | awk -F= '$1=="rps" {printf "%.0f", $2/3}')
probe_paced_ms=$(probe)
# 64 keep-alive connections, 5 s at the same rate first (the generator's own JIT), then DURATION measured.
paced_line=$(java -cp target/bench-classes PacedLoad "$BASE/api/v1/widget/tickets" "$target_rps" "${DURATION%s}" bench/widget-body.json 64 5 \
  | grep '^RESULT' | sed 's/^RESULT/widget-paced/')
rss_after_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$HUB_PID/status) / 1024 ))

field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }
ratio=$(awk -v w="$(field "$widget_line" rps)" -v e="$(field "$echo_line" rps)" 'BEGIN {printf "%.3f", w/e}')
if [ "${BENCH_BARE:-1}" = 1 ]; then
  layers=$(awk -v b="$(field "$bare_line" rps)" -v e="$(field "$echo_line" rps)" -v w="$(field "$widget_line" rps)" \
    'BEGIN {printf "hub trivial/bare %.3f, widget/bare %.3f", e/b, w/b}')
else
  layers="(no bare run)"
fi

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per path"
echo "$bare_line"
echo "$echo_line"
echo "$widget_line"
echo "$paced_line"
echo "ratio widget/trivial: $ratio  (target >= 0.333, widget p99 <= 25 ms); layers: $layers"
echo "machine probe: ${probe_trivial_ms} ms before the trivial run, ${probe_paced_ms} ms before the paced run"
echo "launch: ${LAUNCH[*]}"
echo "startup to ready: ${ready_ms} ms (target <= 4000)  RSS after start: ${rss_mb} MB (target <= 350)  RSS after load: ${rss_after_mb} MB"
