#!/usr/bin/env bash
# Outbound mail benchmark (issue 15.3): BENCH_MESSAGES (default 15,000) queued customer mails drained by the hub's
# outbox-customer-mail route to an SMTP sink (GreenMail in the benchmark JVM), exactly once each (distinct
# Message-IDs at the sink are asserted), in three set-ups:
#   1. one node on HSQLDB (the hub in the benchmark JVM)
#   2. one node on PostgreSQL
#   3. two nodes on PostgreSQL: the hub in the benchmark JVM and a packaged hub (target/support-hub-*.jar) as a
#      child process, on the same database
# src/test/java/com/cfh/supporthub/bench/OutboundBenchmark.java. The baseline, measured in the same run: the sink's
# ceiling, the benchmark JVM sending the same number of prebuilt messages over one SMTP connection.
#
#   bench/outbound-bench.sh                  # all three
#   bench/outbound-bench.sh hsqldb|postgres|two-nodes
#   BENCH_MESSAGES=2000 bench/outbound-bench.sh hsqldb
#
# Env: BENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/supporthub_outbox, user BENCH_PG_USER=postgres; the
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

run() { # name nodes maven-args...
  local name="$1" nodes="$2"; shift 2
  local props="-Dhub.bench=outbound -Dhub.bench.messages=$N -Dhub.bench.nodes=$nodes -Dhub.bench.batch=$BATCH"
  echo "== $name: $N mails, $nodes node(s) (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  ./mvnw -B -ntp ${BENCH_MVN_ARGS:-} verify "$@" -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=OutboundBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dfailsafe.includes='**/OutboundBenchmark.java' \
    $props "-DargLine=${BENCH_JAVA_OPTS:--Xmx1g} $props -Dlogging.level.root=WARN" \
    > "target/outbound-bench-$name.log" 2>&1 || { tail -60 "target/outbound-bench-$name.log"; exit 1; }
  grep '^outbound:' "target/outbound-bench-$name.log" || tail -5 target/outbound-bench.txt
}

what="${1:-all}"
if [[ "$what" == all || "$what" == hsqldb ]]; then
  run hsqldb 1
fi
if [[ "$what" == all || "$what" == postgres ]]; then
  run postgres 1 -Ppostgres -Dhub.test.postgres.url="$PG_URL" -Dhub.test.postgres.user="$PG_USER"
fi
if [[ "$what" == all || "$what" == two-nodes ]]; then
  run two-nodes 2 -Ppostgres -Dhub.test.postgres.url="$PG_URL" -Dhub.test.postgres.user="$PG_USER"
fi
