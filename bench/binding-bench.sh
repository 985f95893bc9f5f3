#!/usr/bin/env bash
# REST binding benchmark (issue 17.5): bench/intake-bench.sh with the routes as they are ("off") or with the widget
# and the trivial bench route bound by Camel's REST binding ("on": bench/binding/*.camel.yaml laid over copies of
# routes/ and bench/routes/ in a temporary folder; the work tree is not touched). Prints `uptime` before and after,
# as the machine is shared. Alternate off/on/off/on and read each run's widget/bare ratio (BENCHMARKS.md).
#
#   bench/binding-bench.sh on|off [duration=30s] [connections=32]     (BENCH_CDS=1 as in BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:?on or off}
shift
T=$(mktemp -d /tmp/hub-binding.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/routes" "$T/bench-routes"
cp routes/* "$T/routes/"
cp bench/routes/*.camel.yaml "$T/bench-routes/"
if [ "$MODE" = on ]; then
  cp bench/binding/intake-widget.camel.yaml "$T/routes/"
  cp bench/binding/bench-echo.camel.yaml "$T/bench-routes/"
elif [ "$MODE" != off ]; then
  echo "usage: $0 on|off [duration] [connections]" >&2; exit 2
fi
echo "binding: $MODE"
echo "uptime before: $(uptime)"
BENCH_ROUTES_DIR="$T/routes" BENCH_EXTRA_ROUTES_DIR="$T/bench-routes" bench/intake-bench.sh "$@"
echo "uptime after: $(uptime)"
