#!/usr/bin/env bash
# End-to-end test of the install: scripts/install.sh into a temporary PREFIX, then the installed
# binary run from another directory with a clean environment: the tour (text mode, stdin and
# stdout not a terminal), a demo and `memory`; ldd shows no Swift toolchain library; the man
# pages and completion scripts are in place; --demos / KVVIZ_DEMOS add to the built-in demos and
# a stray ./demos folder is ignored. The release build goes to .build/install (incremental after
# the first run); CONFIGURATION=debug makes a quicker debug install.
set -uo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     | /' | head -20; }

PREFIX="$T/prefix"
if PREFIX="$PREFIX" bash scripts/install.sh >"$T/install.log" 2>&1; then ok "install.sh into a temporary PREFIX"
else fail "install.sh into a temporary PREFIX" "$(tail -20 "$T/install.log")"; echo "$passed passed, $failed failed"; exit 1; fi
EXE="$PREFIX/bin/kvviz"

for f in bin/kvviz share/man/man1/kvviz.1 share/man/man1/kvviz.demo.1 share/man/man1/kvviz.render.1 \
         share/bash-completion/completions/kvviz share/zsh/site-functions/_kvviz share/fish/vendor_completions.d/kvviz.fish; do
    if [ -s "$PREFIX/$f" ]; then ok "installed $f"; else fail "installed $f" "$(ls -R "$PREFIX")"; fi
done

# No library from the Swift toolchain: neither by name nor by path.
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
ldd "$EXE" >"$T/ldd" 2>&1
if ! grep -Eq 'libswift|libFoundation|_FoundationICU|libdispatch|libBlocksRuntime|not found' "$T/ldd" \
   && ! grep -Fq "$toolchain" "$T/ldd"; then ok "ldd: no toolchain library ($(wc -l <"$T/ldd") entries)"
else fail "ldd: no toolchain library" "$(cat "$T/ldd")"; fi
if ! readelf -d "$EXE" 2>/dev/null | grep -E 'RUNPATH|RPATH' | grep -Fq "$toolchain"; then ok "no RUNPATH into the toolchain"
else fail "no RUNPATH into the toolchain" "$(readelf -d "$EXE" | grep -E 'RUNPATH|RPATH')"; fi

# Run from an unrelated directory holding a broken demos/ folder, with a minimal environment
# (no LD_LIBRARY_PATH, PATH without the toolchain).
mkdir -p "$T/elsewhere/demos"
printf 'title: [broken\n' >"$T/elsewhere/demos/01-broken.yaml"
run() { (cd "$T/elsewhere" && env -i HOME="$T" PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color SWIFT_BACKTRACE=interactive=no "$@"); }

run "$EXE" </dev/null >"$T/tour.txt" 2>"$T/err"; st=$?
if [ $st = 0 ] && grep -q 'step 1' "$T/tour.txt" && grep -q 'Why a KV cache' "$T/tour.txt"; then ok "the tour in text mode from another directory"
else fail "the tour in text mode (status $st)" "$(head -c 1500 "$T/tour.txt"; cat "$T/err")"; fi

run "$EXE" demo paged-attention </dev/null >"$T/demo.txt" 2>"$T/err"; st=$?
if [ $st = 0 ] && grep -q 'PagedAttention' "$T/demo.txt"; then ok "demo paged-attention from another directory"
else fail "demo paged-attention (status $st)" "$(head -c 1500 "$T/demo.txt"; cat "$T/err")"; fi

run "$EXE" memory --model llama-2-7b --json >"$T/memory.json" 2>"$T/err"; st=$?
if [ $st = 0 ] && grep -Eq '"kv_bytes_per_token": *524288' "$T/memory.json"; then ok "memory --json from another directory"
else fail "memory --json (status $st)" "$(cat "$T/memory.json" "$T/err")"; fi

run "$EXE" --version >"$T/version" 2>&1; st=$?
if [ $st = 0 ] && grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+' "$T/version"; then ok "--version: $(cat "$T/version")"
else fail "--version (status $st)" "$(cat "$T/version")"; fi

# The stray ./demos is read only when asked, and then its error names it.
run "$EXE" demo --list --demos demos >"$T/out" 2>"$T/err"; st=$?
if [ $st = 1 ] && grep -q '01-broken.yaml:[0-9]' "$T/err"; then ok "--demos demos reads the folder when asked"
else fail "--demos demos reads the folder when asked (status $st)" "$(cat "$T/out" "$T/err")"; fi

# KVVIZ_DEMOS replaces a built-in walkthrough of the same name and adds new ones. The list has a
# heading line for each part of the tour (the chapter, vLLM in practice): the 2 in the count.
mkdir -p "$T/mine"
sed 's/^  en: .*PagedAttention.*/  en: "My own paged walkthrough"/' "$REPO/demos/06-paged-attention.yaml" >"$T/mine/06-paged-attention.yaml"
sed 's/^  en: "Why a KV cache.*/  en: "An extra walkthrough"/' "$REPO/demos/01-why-kv-cache.yaml" >"$T/mine/12-extra.yaml"
run env KVVIZ_DEMOS="$T/mine" "$EXE" demo --list >"$T/list" 2>"$T/err"; st=$?
if [ $st = 0 ] && grep -q '^paged-attention .*My own paged walkthrough' "$T/list" && grep -q '^extra .*An extra walkthrough' "$T/list" \
   && [ "$(grep -c . "$T/list")" = $(( $(ls "$REPO"/demos/*.yaml "$REPO"/demos/practice/*.yaml "$REPO"/demos/recordings/*.yaml | wc -l) + 1 + 2 )) ]; then ok "KVVIZ_DEMOS overrides and adds walkthroughs"
else fail "KVVIZ_DEMOS overrides and adds walkthroughs (status $st)" "$(cat "$T/list" "$T/err")"; fi

# Completions offer the demo names; the man page documents the subcommands.
if grep -q 'paged-attention' "$PREFIX/share/bash-completion/completions/kvviz" \
   && grep -q 'paged-attention' "$PREFIX/share/zsh/site-functions/_kvviz" \
   && grep -q 'paged-attention' "$PREFIX/share/fish/vendor_completions.d/kvviz.fish"; then ok "completion scripts list the demo names"
else fail "completion scripts list the demo names"; fi
if command -v bash >/dev/null; then
    words=$(bash -c "source '$PREFIX/share/bash-completion/completions/kvviz' 2>/dev/null
        COMP_WORDS=(kvviz demo pag); COMP_CWORD=2; COMP_LINE='kvviz demo pag'; COMP_POINT=\${#COMP_LINE}
        _kvviz kvviz pag demo 2>/dev/null || true; echo \"\${COMPREPLY[*]}\"")
    if [ "$words" = "paged-attention" ]; then ok "bash: kvviz demo pag<TAB> -> paged-attention"
    else fail "bash: kvviz demo pag<TAB> -> paged-attention" "got: '$words'"; fi
fi
# The man page keeps UTF-8 (the key table's arrows, 中文) and documents EXIT STATUS (64 for
# usage errors) and ENVIRONMENT; kvviz.demo.1 leads to it.
page="$PREFIX/share/man/man1/kvviz.1"
if grep -q '^\.Dt KVVIZ' "$page" && grep -q '^\.Sh EXIT STATUS' "$page" && grep -q '^\.Sh ENVIRONMENT' "$page" \
    && grep -q '^\.It 64' "$page" && grep -q '中文' "$page" && grep -q '→' "$page" \
    && grep -q '^\.so man1/kvviz.1' "$PREFIX/share/man/man1/kvviz.demo.1"; then
    ok "man pages: kvviz.1 in UTF-8 with EXIT STATUS and ENVIRONMENT; kvviz.demo.1 leads to it"
else fail "man pages" "$(head -20 "$page")"; fi
if command -v man >/dev/null && MANPATH="$PREFIX/share/man" man kvviz.demo 2>/dev/null | grep -q '中文'; then ok "man kvviz.demo renders the page, 中文 intact"
elif ! command -v man >/dev/null; then ok "man not installed: rendering not checked"
else fail "man kvviz.demo" "$(MANPATH="$PREFIX/share/man" man kvviz.demo 2>&1 | head -5)"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
