#!/usr/bin/env bash
# Output safety (issue 24): `-o` writes through the path (symlink, FIFO, 0600 file with a hard
# link, a full device) and never replaces it; `--atomic` only for regular files; closed, full
# and broken-pipe stdout/stderr on every command end as one line and exit 1 (or the quiet 141
# of a closed pipe), never a trap; the benchmark's Python baseline is never taken from the
# working directory. Every path is in a scratch folder: the machine's /dev/null and /dev/full
# are never a target (a full device is a scratch node made with mknod, when allowed).
set -uo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no
EXE=${KVVIZ_EXE:-$(swift build --show-bin-path)/kvviz}
TRACE=$(pwd)/Tests/Fixtures/traces/small.kvtrace
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | cat -v | sed 's/^/     | /' | head -20; }
render() { "$EXE" render paged-attention --steps 2 "$@"; }

# -- -o onto a symlink: the target is written, the link stays a link.
echo old >"$T/target.txt"; ln -s target.txt "$T/link.txt"
if render -o "$T/link.txt" 2>"$T/err" && [ -L "$T/link.txt" ] && grep -q "frame 0" "$T/target.txt"; then ok "-o onto a symlink writes its target"
else fail "-o onto a symlink" "$(ls -l "$T"; cat "$T/err")"; fi
if "$EXE" render paged-attention --steps 2 --atomic -o "$T/link.txt" 2>"$T/err"; st=$?; [ $st = 64 ] && [ -L "$T/link.txt" ] && grep -q "symbolic link" "$T/err"
then ok "--atomic refuses a symlink (64) and leaves it"; else fail "--atomic onto a symlink (status $st)" "$(cat "$T/err")"; fi

# -- -o onto a FIFO with a reader: the reader gets the frames, the FIFO stays.
mkfifo "$T/fifo"
(cat "$T/fifo" >"$T/fifo.out") & reader=$!
render -o "$T/fifo" 2>"$T/err"; st=$?; wait $reader
if [ $st = 0 ] && [ -p "$T/fifo" ] && grep -q "frame 1" "$T/fifo.out"; then ok "-o onto a FIFO feeds its reader"
else fail "-o onto a FIFO (status $st)" "$(ls -l "$T"; cat "$T/err")"; fi

# -- -o onto a 0600 file with a hard link: mode, inode and link kept.
echo secret >"$T/private.txt"; chmod 600 "$T/private.txt"; ln "$T/private.txt" "$T/hardlink.txt"
inode=$(stat -c %i "$T/private.txt")
render -o "$T/private.txt" 2>"$T/err"; st=$?
if [ $st = 0 ] && [ "$(stat -c %a "$T/private.txt")" = 600 ] && [ "$(stat -c %i "$T/private.txt")" = "$inode" ] \
    && cmp -s "$T/private.txt" "$T/hardlink.txt" && grep -q "frame 0" "$T/hardlink.txt"; then ok "-o onto a 0600 file keeps mode and hard link"
else fail "-o onto a 0600 file (status $st)" "$(stat -c '%a %i %h %n' "$T"/*.txt; cat "$T/err")"; fi
"$EXE" render paged-attention --steps 2 --atomic -o "$T/private.txt" 2>"$T/err"; st=$?
if [ $st = 0 ] && [ "$(stat -c %a "$T/private.txt")" = 600 ] && grep -q "frame 1" "$T/private.txt" && ! ls -A "$T" | grep -q kvviz-atomic
then ok "--atomic replaces a regular file, keeping its mode"; else fail "--atomic onto a regular file (status $st)" "$(ls -la "$T"; cat "$T/err")"; fi

# -- a full device: a scratch node (character device 1,7 = full), never the machine's /dev/full.
FULL=""
if mknod "$T/full" c 1 7 2>/dev/null && [ -c "$T/full" ]; then FULL="$T/full"
else echo "skip full-device cases: mknod is not allowed here"; fi
if [ -n "$FULL" ]; then
    render -o "$FULL" >"$T/out" 2>"$T/err"; st=$?
    if [ $st = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "no space left" "$T/err" && [ -c "$FULL" ]
    then ok "-o onto a full device: one line, exit 1, the node stays a device"
    else fail "-o onto a full device (status $st)" "$(ls -l "$FULL"; cat "$T/err")"; fi
fi

# -- closed, full and broken-pipe standard streams on every command.
commands=(
    "--help" "--version" "--generate-completion-script bash" "demo --list" "memory --model llama-2-7b"
    "memory --model llama-2-7b --json" "simulate --requests 20" "compare --requests 20"
    "decode --prompt hello --max-tokens 4" "render paged-attention --steps 3"
    "bench --trace $TRACE --python-baseline off"
)
for command in "${commands[@]}"; do
    read -ra args <<<"$command"
    # stdout closed: one line on stderr, exit 1.
    "$EXE" "${args[@]}" >&- 2>"$T/err"; st=$?
    if [ $st = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "standard output: bad file descriptor" "$T/err"; then ok "stdout closed: $command"
    else fail "stdout closed: $command (status $st)" "$(cat "$T/err")"; fi
    # stdout a full device: one line, exit 1.
    if [ -n "$FULL" ]; then
        "$EXE" "${args[@]}" >"$FULL" 2>"$T/err"; st=$?
        if [ $st = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "no space left" "$T/err"; then ok "stdout full: $command"
        else fail "stdout full: $command (status $st)" "$(cat "$T/err")"; fi
    fi
    # stdout a pipe closed by its reader: quiet, 141 (or 0 when all fit in the pipe first).
    "$EXE" "${args[@]}" 2>"$T/err" | head -c 1 >/dev/null; st=${PIPESTATUS[0]}
    if { [ $st = 141 ] || [ $st = 0 ]; } && [ ! -s "$T/err" ]; then ok "stdout pipe closed: $command"
    else fail "stdout pipe closed: $command (status $st)" "$(cat "$T/err")"; fi
done
# stderr closed or full on errors and on the slides note: the exit status still tells.
for spec in "64|memory --seq-len 0 --model llama-2-7b" "1|render $T/missing.yaml" "64|--no-such-flag"; do
    want=${spec%%|*}; read -ra args <<<"${spec#*|}"
    "$EXE" "${args[@]}" >/dev/null 2>&-; st=$?
    if [ $st = "$want" ]; then ok "stderr closed: ${spec#*|} exits $want"; else fail "stderr closed: ${spec#*|} (status $st)"; fi
    if [ -n "$FULL" ]; then
        "$EXE" "${args[@]}" >/dev/null 2>"$FULL"; st=$?
        if [ $st = "$want" ]; then ok "stderr full: ${spec#*|} exits $want"; else fail "stderr full: ${spec#*|} (status $st)"; fi
    fi
done
"$EXE" render paged-attention --format svg -o "$T/slides" 2>&-; st=$?
if [ $st = 0 ] && ls "$T/slides" | grep -q svg; then ok "svg slides with stderr closed"; else fail "svg slides with stderr closed (status $st)"; fi

# -- the Python baseline: never from the working directory; from the install location, yes.
mkdir -p "$T/download/Benchmarks/python" "$T/loose" "$T/prefix/bin" "$T/prefix/share/kvviz"
printf 'import sys\nopen(%s, "w").write("ran")\nsys.exit(3)\n' "\"$T/pwned\"" >"$T/download/Benchmarks/python/kvtrace_replay.py"
cp "$TRACE" "$T/download/trace.kvtrace"
cp "$EXE" "$T/loose/kvviz"
(cd "$T/download" && "$T/loose/kvviz" bench --trace trace.kvtrace >"$T/out" 2>"$T/err"); st=$?
if [ $st = 0 ] && [ ! -e "$T/pwned" ] && grep -q "python_baseline *skipped: .*not found" "$T/out"; then ok "bench: no baseline script run from the working directory"
else fail "bench: baseline from the working directory (status $st)" "$(cat "$T/out" "$T/err")"; fi
printf 'import sys\nopen(%s, "w").write("ran")\nsys.exit(3)\n' "\"$T/installed-ran\"" >"$T/prefix/share/kvviz/kvtrace_replay.py"
cp "$EXE" "$T/prefix/bin/kvviz"
if command -v python3 >/dev/null; then
    (cd "$T/download" && "$T/prefix/bin/kvviz" bench --trace trace.kvtrace >"$T/out" 2>"$T/err"); st=$?
    if [ $st = 0 ] && [ -e "$T/installed-ran" ] && [ ! -e "$T/pwned" ]; then ok "bench: the installed baseline script runs"
    else fail "bench: installed baseline (status $st)" "$(cat "$T/out" "$T/err")"; fi
fi

echo "output: $passed passed, $failed failed"
[ "$failed" = 0 ]
