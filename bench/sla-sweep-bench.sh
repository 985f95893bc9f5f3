#!/usr/bin/env bash
# SLA sweep benchmark (issue 3): the sla-scan work (slaSweep.run()) and the escalation work
# (escalations.run()) on a ticket table of 1,000,000 open tickets, 10,000 of them due, in one JVM
# (src/test/java/com/cfh/supporthub/bench/SweepBenchmark.java, a @SpringBootTest with the real beans):
#
#   - seeding time of the 1,000,000 tickets (plain JDBC batches, a commit every 10,000 rows);
#   - sweep with nothing due (clock pinned at 11:00): median and max of 20 runs after 3 warm-ups;
#   - one sweep of the 10,000 due tickets (clock at 13:00: first response at risk and breached,
#     20,000 audit events), then the escalation run (10,000 tickets to tier 2, events and outbox notices);
#   - baselines in the same run: COUNT(*) through the sla_next_check_at index and COUNT(*) of the
#     whole table (status = 'OPEN'), and their ratio to the sweep.
#
# Targets: sweep with nothing due <= 100 ms; sweep with 10,000 due <= 10 s.
# Correctness is asserted (counts of updates, transitions, events, escalations); timings never are.
#
#   bench/sla-sweep-bench.sh            # embedded HSQLDB file database under target/bench-data (default)
#   bench/sla-sweep-bench.sh postgres   # PostgreSQL on 127.0.0.1:5432, user postgres (trust auth); creates
#                                       # and afterwards drops its own database supporthub_bench
#
# Env: BENCH_JAVA_OPTS (JVM options of the benchmark JVM, default -Xmx512m), BENCH_MVN_ARGS (extra Maven
# arguments, e.g. -o when every dependency is in ~/.m2), BENCH_PG_HOST / BENCH_PG_PORT (default 127.0.0.1 / 5432).
# Figures: printed at the end and left in target/sweep-bench.txt; the Maven log is target/sweep-bench-maven.log.
# Takes a few minutes (most of it seeding). Needs about 1 GB of disk under target/ for the HSQLDB files.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-hsqldb}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_DB=supporthub_bench
LOG=target/sweep-bench-maven.log

MVN=(./mvnw -B -ntp ${BENCH_MVN_ARGS:-} test
  -Dtest=SweepBenchmark -Dsurefire.failIfNoSpecifiedTests=false
  -Dhub.bench=sweep "-DargLine=$JAVA_OPTS")

case "$DB" in
  hsqldb)
    MVN+=(-Dhub.test.profile=default)
    ;;
  postgres)
    psql_() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"; }
    psql_ -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
    trap 'psql_ -c "DROP DATABASE IF EXISTS $PG_DB" || true' EXIT
    # The surefire JVM inherits these; application-postgres.yaml reads them.
    export HUB_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" HUB_DB_USER=postgres HUB_DB_PASSWORD=
    MVN+=(-Dhub.test.profile=postgres)
    ;;
  *)
    echo "usage: $0 [hsqldb|postgres]" >&2
    exit 2
    ;;
esac

mkdir -p target
rm -f target/sweep-bench.txt
echo "Running SweepBenchmark on $DB (Maven log: $LOG) ..."
if ! "${MVN[@]}" > "$LOG" 2>&1; then
  tail -n 80 "$LOG"
  [ -s target/sweep-bench.txt ] && { echo "--- figures up to the failure:"; cat target/sweep-bench.txt; }
  echo "SweepBenchmark failed; full log in $LOG" >&2
  exit 1
fi
rm -rf target/bench-data
if [ ! -s target/sweep-bench.txt ]; then
  echo "SweepBenchmark did not run (skipped?): no target/sweep-bench.txt; see $LOG" >&2
  exit 1
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/Mem/ {print $2}') GiB RAM"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  database: $DB  JVM options: $JAVA_OPTS"
cat target/sweep-bench.txt
