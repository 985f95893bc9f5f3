#!/usr/bin/env bash
# What a client gets with Camel's REST binding off (the hub) or on (bench/binding/*.camel.yaml), issue 17.5:
# starts the packaged hub on a spare port with a fresh data folder, sends the same valid and bad requests to the
# widget and the trivial bench route, prints status, headers and body, and stops the hub. BENCHMARKS.md
# "REST binding" has the table made from its output.
#
#   bench/binding-check.sh on|off      (BENCH_PORT, default 18490)
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:?on or off}
PORT=${BENCH_PORT:-18490}
BASE="http://127.0.0.1:$PORT"
JAR=$(ls target/support-hub-*.jar 2>/dev/null | grep -v original | head -1 || true)
[ -n "$JAR" ] || { ./mvnw -q -B -DskipTests package; JAR=$(ls target/support-hub-*.jar | grep -v original | head -1); }
T=$(mktemp -d /tmp/hub-binding.XXXXXX)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
mkdir -p "$T/routes" "$T/bench-routes" "$T/data"
cp routes/* "$T/routes/"
cp bench/routes/*.camel.yaml "$T/bench-routes/"
if [ "$MODE" = on ]; then
  cp bench/binding/intake-widget.camel.yaml "$T/routes/"
  cp bench/binding/bench-echo.camel.yaml "$T/bench-routes/"
fi
java -Xmx512m -jar "$JAR" --server.port="$PORT" --hub.data-dir="$T/data" --hub.routes-dir="$T/routes" \
  --camel.main.routes-include-pattern="file:$T/routes/*.camel.yaml,file:$T/bench-routes/*.camel.yaml" \
  --hub.security.public-paths=/api/v1/bench/** --logging.level.root=WARN > "$T/hub.log" 2>&1 &
PID=$!
until curl -sf "$BASE/actuator/health/readiness" >/dev/null; do
  kill -0 "$PID" 2>/dev/null || { tail -50 "$T/hub.log"; exit 1; }
  sleep 0.3
done
req() { echo "== $1"; shift; curl -s -i "$@" | tr -d '\r' | grep -iv '^date:\|^x-\|^cache\|^pragma\|^expires\|^vary'; echo; }
W="$BASE/api/v1/widget/tickets"
J='Content-Type: application/json'
echo "binding: $MODE"
req valid -X POST "$W" -H "$J" -H 'Idempotency-Key: k-1' --data-binary @bench/widget-body.json
req malformed -X POST "$W" -H "$J" --data-binary '{"product":"runmy",'
req latin1 -X POST "$W" -H 'Content-Type: application/json; charset=ISO-8859-1' \
  --data-binary "$(printf '{"product":"runmy","email":"a@example.com","subject":"Caf\xe9","message":"Cr\xe8me"}')"
req bad-utf8 -X POST "$W" -H "$J" --data-binary "$(printf '{"product":"runmy","email":"a@example.com","subject":"x\xff","message":"m"}')"
req wrong-type -X POST "$W" -H "$J" --data-binary '{"product":["runmy"],"email":"a@example.com","subject":"s","message":"m"}'
req accept-xml -X POST "$W" -H "$J" -H 'Accept: application/xml' --data-binary @bench/widget-body.json
req echo-valid -X POST "$BASE/api/v1/bench/echo" -H "$J" --data-binary @bench/widget-body.json
req echo-malformed -X POST "$BASE/api/v1/bench/echo" -H "$J" --data-binary '{"product":'
