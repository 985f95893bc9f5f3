#!/usr/bin/env bash
# Mailbox drain benchmark (issue 4, item 10): 10,000 messages waiting in an IMAP mailbox (GreenMail in
# the benchmark JVM), the intake-email route started, time until every message has exactly one outcome
# (src/test/java/com/cfh/supporthub/bench/MailDrainBenchmark.java, the whole hub on HSQLDB).
# Target: >= 300 messages/s. Correctness is asserted (10,000 tickets, one per message); timings never are.
#
#   bench/mail-drain-bench.sh            # 10,000 messages
#   BENCH_MESSAGES=2000 bench/mail-drain-bench.sh
#
# Env: BENCH_JAVA_OPTS (default -Xmx1g), BENCH_MVN_ARGS (extra Maven arguments, e.g. -o).
# Figures: printed and left in target/mail-drain-bench.txt; the Maven log is target/mail-drain-bench-maven.log.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG=target/mail-drain-bench-maven.log
mkdir -p target
./mvnw -B -ntp ${BENCH_MVN_ARGS:-} verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=MailDrainBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dfailsafe.includes='**/MailDrainBenchmark.java' \
  -Dhub.bench=mail -Dhub.bench.messages="${BENCH_MESSAGES:-10000}" -Dhub.bench.warmup="${BENCH_WARMUP:-2000}" \
  "-DargLine=${BENCH_JAVA_OPTS:--Xmx1g} -Dhub.bench=mail -Dhub.bench.messages=${BENCH_MESSAGES:-10000} -Dhub.bench.warmup=${BENCH_WARMUP:-2000} -Dlogging.level.root=WARN ${BENCH_EXTRA:-}" \
  > "$LOG" 2>&1 || { tail -50 "$LOG"; exit 1; }
cat target/mail-drain-bench.txt
