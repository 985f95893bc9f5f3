#!/usr/bin/env bash
# Outbox claim benchmark (issue 15.2): claim + mark throughput of the hub's SQL claimer (MailOutbox.claim) against
# camel-jpa's polling consumer (jpa: with a named query, consumeLockEntity, skipLockedEntity, maxMessagesPerPoll,
# consumeDelete=false and a mark step; on PostgreSQL also with a native FOR UPDATE SKIP LOCKED query) on BENCH_ROWS (default 5,000) due customer-mail rows with a no-op send, one
# claimer then two at once, each row DONE and handed out once (asserted for the SQL claimer, counted for camel-jpa).
# src/test/java/com/cfh/supporthub/bench/OutboxClaimBenchmark.java; the SQL claimer is the baseline of the same run.
#
#   bench/outbox-claim-bench.sh               # HSQLDB and PostgreSQL
#   bench/outbox-claim-bench.sh hsqldb|postgres
#
# Env: BENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/supporthub_outbox2; the benchmark empties that
# database's customer-mail rows), BENCH_PG_USER (postgres), BENCH_BATCH (batch size / maxMessagesPerPoll, 50),
# BENCH_MVN_ARGS (extra Maven arguments, e.g. -o). Figures: printed and appended to target/outbox-claim-bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
N="${BENCH_ROWS:-5000}"
BATCH="${BENCH_BATCH:-50}"
PG_URL="${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/supporthub_outbox2}"
PG_USER="${BENCH_PG_USER:-postgres}"

run() { # name maven-args...
  local name="$1"; shift
  local props="-Dhub.bench=claim -Dhub.bench.rows=$N -Dhub.bench.batch=$BATCH"
  echo "== $name (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  ./mvnw -B -ntp ${BENCH_MVN_ARGS:-} verify "$@" -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dspring-boot.repackage.skip=true \
    -Dit.test=OutboxClaimBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dfailsafe.includes='**/OutboxClaimBenchmark.java' \
    $props "-DargLine=-Xmx1g $props -Dlogging.level.root=WARN" \
    > "target/outbox-claim-bench-$name.log" 2>&1 || { tail -60 "target/outbox-claim-bench-$name.log"; exit 1; }
  grep '^outbox-claim:' "target/outbox-claim-bench-$name.log"
}

what="${1:-all}"
if [[ "$what" == all || "$what" == hsqldb ]]; then
  run hsqldb
fi
if [[ "$what" == all || "$what" == postgres ]]; then
  run postgres -Ppostgres -Dhub.test.postgres.url="$PG_URL" -Dhub.test.postgres.user="$PG_USER"
fi
