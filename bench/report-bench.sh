#!/usr/bin/env bash
# Report benchmark (issue 18 item 1, P12): slaReport.report(...), the figures of GET /api/v1/reports/sla and of the
# /reports page, on 1,000,000 tickets received over two years, in one JVM
# (src/test/java/com/cfh/supporthub/bench/ReportBenchmark.java, a @SpringBootTest with the real beans):
#
#   - seeding time of the 1,000,000 tickets and 200,000 ratings (plain JDBC batches, a commit every 10,000 rows);
#   - the report for 30 days of one product and of all, 365 days by week, two years by month, and the CSV:
#     median and max of 3 runs after 1 warm-up, with the index V90 adds on ticket (received_at, product);
#   - the same cases once the settled hours are summed (report_hour, V130: bean reportHours, route report-settle),
#     with the time of that first settling run, and the ratio to reading every ticket;
#   - the same cases after DROP INDEX ix_ticket_received (the report as it was before V90), and the ratio.
#
# Correctness is asserted (the report's totals, series and backlog equal plain counts); timings never are.
#
#   bench/report-bench.sh            # embedded HSQLDB file database under target/bench-data (default)
#   bench/report-bench.sh postgres   # PostgreSQL on 127.0.0.1:5432, user postgres (trust auth); creates and
#                                    # afterwards drops its own database supporthub_report_bench
#
# Env: BENCH_JAVA_OPTS (default -Xmx512m), BENCH_MVN_ARGS (e.g. -o), BENCH_PG_HOST / BENCH_PG_PORT.
# Figures: printed at the end and left in target/report-bench.txt; the Maven log is target/report-bench-maven.log.
# Takes a few minutes (most of it seeding) and about 1 GB of disk under target/ for the HSQLDB files.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-hsqldb}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_DB=supporthub_report_bench
LOG=target/report-bench-maven.log

MVN=(./mvnw -B -ntp ${BENCH_MVN_ARGS:-} test
  -Dtest=ReportBenchmark -Dsurefire.failIfNoSpecifiedTests=false
  -Dhub.bench=report "-DargLine=$JAVA_OPTS")

case "$DB" in
  hsqldb)
    MVN+=(-Dhub.test.profile=default)
    ;;
  postgres)
    psql_() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"; }
    psql_ -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
    trap 'psql_ -c "DROP DATABASE IF EXISTS $PG_DB" || true' EXIT
    export HUB_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" HUB_DB_USER=postgres HUB_DB_PASSWORD=
    MVN+=(-Dhub.test.profile=postgres)
    ;;
  *)
    echo "usage: $0 [hsqldb|postgres]" >&2
    exit 2
    ;;
esac

mkdir -p target
rm -f target/report-bench.txt
echo "Running ReportBenchmark on $DB (Maven log: $LOG) ..."
if ! "${MVN[@]}" > "$LOG" 2>&1; then
  tail -n 80 "$LOG"
  [ -s target/report-bench.txt ] && { echo "--- figures up to the failure:"; cat target/report-bench.txt; }
  echo "ReportBenchmark failed; full log in $LOG" >&2
  exit 1
fi
rm -rf target/bench-data
if [ ! -s target/report-bench.txt ]; then
  echo "ReportBenchmark did not run (skipped?): no target/report-bench.txt; see $LOG" >&2
  exit 1
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/Mem/ {print $2}') GiB RAM"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  database: $DB  JVM options: $JAVA_OPTS"
cat target/report-bench.txt
