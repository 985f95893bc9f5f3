#!/usr/bin/env bash
# Starts the packaged hub as production should: from the extracted jar with a CDS archive (Spring
# Boot's `-Djarmode=tools extract` plus one training run that records the loaded classes). On the
# 2-core machines here this roughly halves the time to ready (BENCHMARKS.md). The archive is made once
# per jar, under target/cds/, and reused until the jar changes.
#
#   scripts/hub-start.sh [--key=value ...]     JVM options: JAVA_OPTS (e.g. -Xmx512m)
#
# G1 runs with a 20 ms pause goal (HUB_GC_OPTS; JAVA_OPTS come after it and win): the default goal of
# 200 ms let young collections grow to 13 ms median, 27 ms p90 under intake load on 2 cores; with 20 ms
# they were 4 ms median, 16 ms p90, at the cost of more frequent, smaller collections (BENCHMARKS.md).
#
# Needs the jar (./mvnw -DskipTests package). Everything after the script name goes to the hub.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(ls target/support-hub-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$JAR" ]; then
  echo "No jar in target/: run ./mvnw -DskipTests package first" >&2
  exit 1
fi
GC_OPTS=${HUB_GC_OPTS--XX:MaxGCPauseMillis=20}
CDS=target/cds
APP="$CDS/app/$(basename "$JAR")"
if [ ! -f "$CDS/app.jsa" ] || [ "$JAR" -nt "$CDS/app.jsa" ]; then
  rm -rf "$CDS"
  java -Djarmode=tools -jar "$JAR" extract --destination "$CDS/app" >/dev/null
  TRAIN=$(mktemp -d /tmp/hub-cds-training.XXXXXX)
  # Training run on a scratch database: start, refresh the context, exit; the JVM writes the archive.
  HUB_DATA_DIR="$TRAIN" java -XX:ArchiveClassesAtExit="$CDS/app.jsa" -Dspring.context.exit=onRefresh \
    -jar "$APP" --server.port=0 > "$CDS/training.log" 2>&1 || true
  rm -rf "$TRAIN"
  if [ ! -f "$CDS/app.jsa" ]; then
    echo "CDS training run failed, see $CDS/training.log; starting without the archive" >&2
    exec java $GC_OPTS ${JAVA_OPTS:-} -jar "$JAR" "$@"
  fi
fi
exec java $GC_OPTS ${JAVA_OPTS:-} -XX:SharedArchiveFile="$CDS/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$APP" "$@"
