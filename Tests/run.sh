#!/usr/bin/env bash
# All of kvviz's tests: a warning-free build, the unit tests (swift test), the differential
# block-manager test again in a release build (its full 1.2 M operations), the end-to-end scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== build (warnings are errors)"
swift build -Xswiftc -warnings-as-errors
echo "== unit tests"
swift test -Xswiftc -warnings-as-errors 2>&1 | tee .build/unit-tests.log
echo "== fast block manager vs reference, release build (1,200,000 random operations)"
swift test -c release --filter ReferenceDifferentialTests 2>&1 | tee .build/differential-release.log | tail -n 3
echo "== end-to-end tests"
status=0
for script in Tests/e2e/*.sh; do
    [ -e "$script" ] || continue
    echo "-- $script"
    bash "$script" || status=1
done
exit $status
