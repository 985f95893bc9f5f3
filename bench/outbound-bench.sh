#!/usr/bin/env bash
# Outbound mail benchmark (issue 15.3): BENCH_MESSAGES (default 15,000) queued customer mails drained by the hub's
# outbox-customer-mail route to an SMTP sink, exactly once each (messages and distinct Message-IDs at the sink are
# asserted). The sink (BENCH_SINK): smtp-sink (default), Postfix's SMTP test server, a C process that writes what
# it receives to a dump file on /dev/shm (taken from Debian's postfix package with `apt-get download`, unpacked
# under target/, nothing installed or started as a service), or greenmail, GreenMail in the benchmark JVM (the
# figures before 12-07 03:00; it costs more CPU per mail than the hub node, on the same 2 cores). Set-ups:
#   1. one node on HSQLDB (the hub in the benchmark JVM)
#   2. one node on PostgreSQL
#   3. two nodes on PostgreSQL: the hub in the benchmark JVM and a packaged hub (target/support-hub-*.jar) as a
#      child process, on the same database
#   4. budget-one / budget-two: one or two packaged hubs on PostgreSQL, EACH on a CPU budget of BENCH_NODE_CPUS cores
#      (default 0.5; a cgroup v1 CPU quota per node, as a container's CPU limit; needs root and
#      /sys/fs/cgroup/cpu), the benchmark JVM only seeds, receives and checks. On a 2-core machine the unconstrained
#      nodes of set-up 3 share the CPUs with each other, PostgreSQL and the sink; budgets show what a node of a
#      given size adds (not run by default).
# src/test/java/com/cfh/supporthub/bench/OutboundBenchmark.java. The baseline, measured in the same run: the sink's
# ceiling, the benchmark JVM sending the same number of prebuilt messages over one SMTP connection.
#
#   bench/outbound-bench.sh                  # all three
#   bench/outbound-bench.sh hsqldb|postgres|two-nodes|budget-one|budget-two
#   BENCH_NODE_CPUS=0.5 bench/outbound-bench.sh budget-one && BENCH_NODE_CPUS=0.5 bench/outbound-bench.sh budget-two
#   BENCH_MESSAGES=2000 bench/outbound-bench.sh hsqldb
#
# Env: BENCH_SINK (smtp-sink | greenmail), BENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/supporthub_outbox, user BENCH_PG_USER=postgres; the
# benchmark adds rows to that database), BENCH_BATCH (hub.outbox.destinations.customer-mail.batch-size, default 50),
# BENCH_JAVA_OPTS (default -Xmx1g), BENCH_MVN_ARGS (extra Maven arguments, e.g. -o).
# Figures: printed and appended to target/outbound-bench.txt; Maven logs are target/outbound-bench-<set-up>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
N="${BENCH_MESSAGES:-15000}"
BATCH="${BENCH_BATCH:-50}"
PG_URL="${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/supporthub_outbox}"
PG_USER="${BENCH_PG_USER:-postgres}"

SINK="${BENCH_SINK:-smtp-sink}"
SINK_PID=""
trap '[[ -n "$SINK_PID" ]] && kill "$SINK_PID" 2>/dev/null || true' EXIT

smtp_sink() { # prints the path of smtp-sink, unpacking Debian's postfix package under target/ when it is not installed
  if command -v smtp-sink >/dev/null 2>&1; then command -v smtp-sink; return; fi
  if [[ -x /usr/sbin/smtp-sink ]]; then echo /usr/sbin/smtp-sink; return; fi
  if [[ ! -x target/smtp-sink/usr/sbin/smtp-sink ]]; then
    (mkdir -p target/smtp-sink/deb && cd target/smtp-sink/deb && apt-get download postfix >/dev/null \
      && dpkg -x postfix_*.deb ..) >&2
  fi
  echo "$PWD/target/smtp-sink/usr/sbin/smtp-sink"
}

start_sink() { # starts smtp-sink on a free port; sets SINK_PORT and SINK_DUMP
  local bin dir
  bin="$(smtp_sink)"
  dir="$( [[ -d /dev/shm ]] && echo /dev/shm || echo "$PWD/target")/supporthub-bench-sink-$$"
  rm -rf "$dir"; mkdir -p "$dir"; chmod 777 "$dir"
  SINK_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  SINK_DUMP="$dir/dump"
  local user=(); [[ "$(id -u)" == 0 ]] && user=(-u nobody)
  LD_LIBRARY_PATH="$(dirname "$bin")/../lib/postfix" "$bin" "${user[@]}" -D "$SINK_DUMP" "127.0.0.1:$SINK_PORT" 256 &
  SINK_PID=$!
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null && return; sleep 0.1; done
  echo "smtp-sink did not start"; exit 1
}

stop_sink() {
  [[ -n "$SINK_PID" ]] && kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null || true
  SINK_PID=""; rm -rf "$(dirname "$SINK_DUMP")"
}

run() { # name nodes node-cpus maven-args...
  local name="$1" nodes="$2" cpus="$3"; shift 3
  local props="-Dhub.bench=outbound -Dhub.bench.messages=$N -Dhub.bench.nodes=$nodes -Dhub.bench.batch=$BATCH"
  [[ -n "$cpus" ]] && props="$props -Dhub.bench.node-cpus=$cpus"
  if [[ "$SINK" == smtp-sink ]]; then
    start_sink
    props="$props -Dhub.bench.sink-port=$SINK_PORT -Dhub.bench.sink-dump=$SINK_DUMP"
  fi
  echo "== $name: $N mails, $nodes node(s) (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  ./mvnw -B -ntp ${BENCH_MVN_ARGS:-} verify "$@" -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=OutboundBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dfailsafe.includes='**/OutboundBenchmark.java' \
    $props "-DargLine=${BENCH_JAVA_OPTS:--Xmx1g} $props -Dlogging.level.root=WARN" \
    > "target/outbound-bench-$name.log" 2>&1 || { tail -60 "target/outbound-bench-$name.log"; exit 1; }
  grep '^outbound:' "target/outbound-bench-$name.log" || tail -5 target/outbound-bench.txt
  [[ "$SINK" == smtp-sink ]] && stop_sink
  return 0
}

what="${1:-all}"
if [[ "$what" == all || "$what" == hsqldb ]]; then
  run hsqldb 1 ""
fi
if [[ "$what" == all || "$what" == postgres ]]; then
  run postgres 1 "" -Ppostgres -Dhub.test.postgres.url="$PG_URL" -Dhub.test.postgres.user="$PG_USER"
fi
if [[ "$what" == all || "$what" == two-nodes ]]; then
  run two-nodes 2 "" -Ppostgres -Dhub.test.postgres.url="$PG_URL" -Dhub.test.postgres.user="$PG_USER"
fi
if [[ "$what" == budget-one || "$what" == budget-two ]]; then
  [[ -w /sys/fs/cgroup/cpu ]] || { echo "budget-*: needs a writable cgroup v1 cpu controller at /sys/fs/cgroup/cpu (root)"; exit 2; }
  n=1; [[ "$what" == budget-two ]] && n=2
  run "$what" "$n" "${BENCH_NODE_CPUS:-0.5}" -Ppostgres -Dhub.test.postgres.url="$PG_URL" -Dhub.test.postgres.user="$PG_USER"
fi
