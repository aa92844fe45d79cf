#!/usr/bin/env bash
# Builds a self-contained kvviz and installs it under PREFIX (default /usr/local):
#   PREFIX/bin/kvviz                                   the binary (walkthroughs compiled in; on
#                                                      Linux the Swift runtime and Foundation are
#                                                      linked statically: --static-swift-stdlib)
#   PREFIX/share/kvviz/kvtrace_replay.py               the Python baseline of `kvviz bench --trace`
#   PREFIX/share/kvviz/nanovllm_replay.py              its driver of nano-vllm's block manager (--nano-vllm)
#   PREFIX/share/man/man1/kvviz.1, kvviz.*.1           the hand-written UTF-8 man page docs/man/kvviz.1
#                                                      (kvviz.COMMAND.1 link to it)
#   PREFIX/share/bash-completion/completions/kvviz     shell completions (kvviz --generate-completion-script)
#   PREFIX/share/zsh/site-functions/_kvviz
#   PREFIX/share/fish/vendor_completions.d/kvviz.fish
# Usage: scripts/install.sh            (or PREFIX=$HOME/.local scripts/install.sh)
# Environment: PREFIX; KVVIZ_BUILD_DIR, the scratch directory of the release build (default
# .build/install, apart from the debug build so neither rebuilds the other); CONFIGURATION
# (release, the default, or debug for a quicker, slower-running build).
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${PREFIX:-/usr/local}
SCRATCH=${KVVIZ_BUILD_DIR:-.build/install}
CONFIGURATION=${CONFIGURATION:-release}
case "$CONFIGURATION" in release|debug) ;; *) echo "install.sh: CONFIGURATION is '$CONFIGURATION'; use release or debug" >&2; exit 64;; esac

flags=(-c "$CONFIGURATION" --scratch-path "$SCRATCH")
if [ "$(uname -s)" = Linux ]; then
    # Linux has no system Swift runtime: link it (and Foundation) into the binary. macOS ships
    # the runtime with the OS, so the flag is neither needed nor supported there.
    flags+=(--static-swift-stdlib)
fi

echo "== building kvviz ($CONFIGURATION, ${flags[*]})"
swift build "${flags[@]}" --product kvviz
bin=$(swift build "${flags[@]}" --show-bin-path)

echo "== installing into $PREFIX"
install -d "$PREFIX/bin" "$PREFIX/share/man/man1" "$PREFIX/share/bash-completion/completions" \
    "$PREFIX/share/zsh/site-functions" "$PREFIX/share/fish/vendor_completions.d"
install -m 755 "$bin/kvviz" "$PREFIX/bin/kvviz"
install -d "$PREFIX/share/kvviz"
install -m 644 Benchmarks/python/kvtrace_replay.py "$PREFIX/share/kvviz/kvtrace_replay.py"
# nano-vllm's block manager is not shipped: the driver loads it from the checkout `--nano-vllm` names.
install -m 644 Benchmarks/python/nanovllm_replay.py "$PREFIX/share/kvviz/nanovllm_replay.py"
exe="$PREFIX/bin/kvviz"

"$exe" --generate-completion-script bash >"$PREFIX/share/bash-completion/completions/kvviz"
"$exe" --generate-completion-script zsh >"$PREFIX/share/zsh/site-functions/_kvviz"
"$exe" --generate-completion-script fish >"$PREFIX/share/fish/vendor_completions.d/kvviz.fish"

# The man page is written by hand (docs/man/kvviz.1, UTF-8, with EXIT STATUS and ENVIRONMENT):
# swift-argument-parser's generate-manual drops every non-ASCII character (the key table's
# arrows, 中文). `man kvviz.demo` and the other command pages lead to the same page.
install -m 644 docs/man/kvviz.1 "$PREFIX/share/man/man1/kvviz.1"
commands=(tour demo play render memory simulate compare bench decode)
for command in "${commands[@]}"; do
    printf '.so man1/kvviz.1\n' >"$PREFIX/share/man/man1/kvviz.$command.1"
    chmod 644 "$PREFIX/share/man/man1/kvviz.$command.1"
done

echo "installed $("$exe" --version) at $exe"
echo "man pages: kvviz.1 (and kvviz.COMMAND.1 for ${commands[*]})"
