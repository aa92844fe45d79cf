#!/usr/bin/env bash
# All of kvviz's tests, ending with one line "N passed, N failed" (exit 1 if any failed):
#   1. one ordinary debug build with the tests (`swift build --build-tests`): it reuses what
#      `swift run` / `swift build` compiled (no flag of its own, so no rebuild), and the build must
#      be warning-free: its log, and every source's last compile (the .dia files the compiler
#      keeps, so a cached build still reports a warning), are checked for warnings;
#   2. then, at most `nproc` at a time: the unit tests (swift test), the differential block-manager
#      test again in a release build (its full 1.2 M operations; scratch .build/release-tests) and
#      after it the release install test (Tests/e2e/install.sh), both niced, and every other
#      Tests/e2e/*.sh script (each has its own temporary folder and tmux socket).
# Logs: .build/test-logs/NAME.log. JOBS=N overrides the parallelism (JOBS=1: one at a time).
# Tests/run.sh NAME... runs the build and only the jobs named (unit, release-differential, tui.sh ...).
set -uo pipefail
cd "$(dirname "$0")/.."
for name in "$@"; do
    case $name in
        unit|release-differential) ;;
        *) [ -f "Tests/e2e/$name" ] || { echo "Tests/run.sh: no job '$name' (unit, release-differential or a Tests/e2e script name such as tui.sh)" >&2; exit 64; } ;;
    esac
done
LOGS=.build/test-logs
rm -rf "$LOGS"; mkdir -p "$LOGS"
began=$(date +%s)
passed=0; failed=0

# Prints a job's log lines that say what failed (at most 40).
failure_lines() {
    { grep -aE '^FAIL |^     \| ' "$1"
      grep -aE '^✘ Test .* failed after' "$1" | grep -av '^✘ Test run '
      grep -aE '^✘ Test .* recorded an issue|Test Case .* failed|Fatal error|SKIPPED|error: ' "$1" | head -8
    } | head -40 | sed 's/^/    /'
}

echo "== build (debug, with the tests)"
if ! swift build --build-tests >"$LOGS/build.log" 2>&1; then
    tail -40 "$LOGS/build.log"
    echo "the build failed (log: $LOGS/build.log)"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "   $(( $(date +%s) - began )) s"
bin=$(swift build --show-bin-path)
export KVVIZ_EXE="$bin/kvviz"

# Warnings: the build's own log (whatever it compiled, C included) and the serialized diagnostics
# of each Swift file's last compile, kept by the compiler next to its object file. An empty .dia
# has no string longer than its header's; one with a diagnostic names the source and the message.
warnings=$(grep -E '^[^[:space:]|`].*warning:' "$LOGS/build.log" | sort -u)
while IFS= read -r dia; do
    text=$(strings -n 6 "$dia")
    [ -n "$text" ] || continue
    source=$(grep -m1 -E '^/.*\.swift$' <<<"$text")
    [ -n "$source" ] && [ ! -e "$source" ] && continue   # left over from a deleted file
    [ -n "$source" ] && grep -qF -- "$source:" <<<"$warnings" && continue   # the log has it
    warnings+=$'\n'"${source:-$dia} (last compile): $(grep -vxF -- "$source" <<<"$text" | tr '\n' ' ')"
done < <(find "$bin"/ -name '*.dia' 2>/dev/null)
warnings=$(sed '/^$/d' <<<"$warnings" | sort -u)
if [ -z "$warnings" ]; then
    passed=$((passed + 1)); echo "ok   the build has no warnings"
else
    failed=$((failed + 1)); echo "FAIL the build has warnings:"; head -40 <<<"$warnings" | sed 's/^/    /'
fi

# The jobs, longest first. install.sh waits for the release differential test: two release
# builds at once would only slow each other (and the timed end-to-end scripts).
queue=(release-differential unit)
for script in Tests/e2e/*.sh; do
    name=$(basename "$script")
    [ "$name" = install.sh ] || queue+=("$name")
done
then_install=1
if [ $# -gt 0 ]; then   # Tests/run.sh NAME...: the build, then only these jobs
    queue=("$@"); then_install=0
fi
launch() {
    case $1 in
        unit) exec swift test --skip-build ;;
        release-differential)
            exec nice -n 10 swift test -c release --scratch-path .build/release-tests --filter ReferenceDifferentialTests ;;
        install.sh) exec nice -n 10 bash Tests/e2e/install.sh ;;
        *) exec bash "Tests/e2e/$1" ;;
    esac
}

# Counts "P F" from a finished job's log and exit status: tests from swift test's summaries,
# cases from an e2e script's last "N passed, N failed". A non-zero exit with no failure counted
# (a crash, a missing tool) counts one failure.
counts() {
    local name=$1 status=$2 log="$LOGS/$1.log" line p=0 f=0
    case $name in
        unit|release-differential)
            # swift-testing: "Test run with N tests in M suites passed|failed ...", and one
            # "✘ Test NAME ... failed after" line per failed test (a parameterized one once).
            line=$(grep -aEo 'Test run with [0-9]+ tests?' "$log" | tail -1)
            if [ -n "$line" ]; then
                f=$(grep -aE '^✘ Test .* failed after' "$log" | grep -acv '^✘ Test run ')
                p=$(( ${line//[^0-9]/} - f ))
            fi
            # XCTest, if a target uses it: the last "Executed N tests, with F failures" (All tests).
            line=$(grep -aEo 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$log" | tail -1)
            if [ -n "$line" ]; then
                local xf xn
                xf=$(sed -E 's/.* with ([0-9]+) .*/\1/' <<<"$line")
                xn=$(sed -E 's/Executed ([0-9]+) .*/\1/' <<<"$line")
                p=$((p + xn - xf)); f=$((f + xf))
            fi ;;
        *)
            line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
            if [ -n "$line" ]; then p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed}; fi ;;
    esac
    [ "$status" != 0 ] && [ "$f" = 0 ] && f=1
    echo "$p $f"
}

jobs_max=${JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs_max" -ge 1 ] 2>/dev/null || jobs_max=1
# `wait -n -p` (bash 5.1) tells which job ended; an older bash runs the jobs one at a time.
if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 501 )); then jobs_max=1; fi
echo "== unit tests, release differential test, end-to-end scripts ($jobs_max at a time)"

pids=(); names=(); starts=()
trap 'kill "${pids[@]}" 2>/dev/null; echo "interrupted"; exit 130' INT TERM
finish() {   # finish PID STATUS: report the job and drop it from the running lists
    local pid=$1 status=$2 i name start p f verdict
    for i in "${!pids[@]}"; do [ "${pids[$i]}" = "$pid" ] && break; done
    name=${names[$i]}; start=${starts[$i]}
    unset 'pids[i]' 'names[i]' 'starts[i]'
    pids=("${pids[@]}"); names=("${names[@]}"); starts=("${starts[@]}")
    read -r p f < <(counts "$name" "$status")
    passed=$((passed + p)); failed=$((failed + f))
    verdict="ok  "; [ "$f" = 0 ] || verdict="FAIL"
    echo "$verdict $name: $p passed, $f failed ($(( $(date +%s) - start )) s)"
    [ "$f" = 0 ] || { failure_lines "$LOGS/$name.log"; echo "    (log: $LOGS/$name.log, exit $status)"; }
    [ "$name" = release-differential ] && [ $then_install = 1 ] && queue=(install.sh "${queue[@]}")
    return 0
}
while [ ${#queue[@]} -gt 0 ] || [ ${#pids[@]} -gt 0 ]; do
    while [ ${#queue[@]} -gt 0 ] && [ ${#pids[@]} -lt "$jobs_max" ]; do
        name=${queue[0]}; queue=("${queue[@]:1}")
        launch "$name" >"$LOGS/$name.log" 2>&1 </dev/null &
        pids+=($!); names+=("$name"); starts+=("$(date +%s)")
    done
    if [ "$jobs_max" = 1 ]; then
        pid=${pids[0]}; wait "$pid"; status=$?
    else
        wait -n -p pid "${pids[@]}"; status=$?
    fi
    finish "$pid" "$status"
done

echo "== $(( $(date +%s) - began )) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
