#!/usr/bin/env bash
# End-to-end tests of `kvviz render`: asciicast recordings of every demo (header, monotonic
# times, markers only where a cue starts, frame durations that follow the narration's reading
# time), SVG slides an XML parser accepts with the expected text, and the HTML player opened in
# headless Chromium (a frame is drawn). serving-run (375 steps, the largest pool) is recorded for
# its first 300 steps to keep the debug-build run short; every other demo to its end.
set -uo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no
EXE=${KVVIZ_EXE:-$(swift build --show-bin-path)/kvviz}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     | /' | head -20; }

# --- casts of every demo, the recorded walkthrough (demos/recordings/) too
for file in demos/*.yaml demos/practice/*.yaml demos/recordings/*.yaml; do
    name=$(basename "$file" .yaml); [[ $name =~ ^[0-9]+- ]] && name=${name#*-}
    limit=(); [ "$name" = serving-run ] && limit=(--steps 300)
    for lang in en zh; do
        "$EXE" render "$name" --format cast --lang $lang "${limit[@]}" -o "$T/$name.$lang.cast" 2>"$T/err"; st=$?
        if [ $st = 0 ] && python3 - "$T/$name.$lang.cast" "$lang" >"$T/check" 2>&1 <<'PY'
import json, re, sys
path, lang = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().splitlines()
header = json.loads(lines[0])
assert header["version"] == 2 and header["width"] == 120 and header["height"] == 40, header
assert header.get("title") and header.get("idle_time_limit") == 20.0, header
events = [json.loads(l) for l in lines[1:]]
assert all(len(e) == 3 and isinstance(e[0], float) and e[1] in ("o", "m") and isinstance(e[2], str) for e in events)
times = [e[0] for e in events]
assert times == sorted(times), "times go back"
assert times[0] == 0.0
frames = [e for e in events if e[1] == "o" and e[2]]
markers = [e for e in events if e[1] == "m"]
assert markers, "no marker"
# A marker sits on a frame that starts at the same time (a full redraw), never elsewhere.
frame_times = {e[0] for e in frames}
for m in markers:
    assert m[0] in frame_times, ("marker without a frame", m[0])
    i = events.index(m)
    assert events[i + 1][1] == "o" and events[i + 1][2].startswith("\x1b[H\x1b[2J"), "no full redraw after a marker"
# Durations follow the narration: the frame after a marker stays for its reading time (1 s plus
# 200 words or 300 Han characters a minute, clamped to 2..20 s; pause cues 3 s more); other
# frames for one step at the default speed (0.5 s).
def reading(text):
    han = len(re.findall(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]", text))
    words = len(re.findall(r"[^\s\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+", text))
    return min(max(1 + words * 60 / 200 + han * 60 / 300, 2), 20)
starts = sorted(frame_times)
gaps = {t: round(n - t, 3) for t, n in zip(starts, starts[1:])}
marked = {m[0]: m[2] for m in markers}
for t, gap in gaps.items():
    if t in marked:
        expected = reading(marked[t])
        assert abs(gap - expected) < 0.01 or abs(gap - min(expected + 3, 20)) < 0.01, (t, gap, expected, marked[t][:60])
    else:
        # 0.5 s a step; after 20 quiet frames in a row, fast-forward down to 0.05 s.
        assert 0.05 - 0.001 <= gap <= 0.5 + 0.01 or gap == 0, (t, gap)
# The cursor is hidden while frames play, shown at the end; the last event ends a line.
assert events[0][1] == "o" and events[0][2] == "\x1b[?25l", events[0]
assert events[-1][2] == "\x1b[?25h\r\n", events[-1]
assert open(path, encoding="utf-8").read().endswith("]\n")
# No interactive chrome: no play state, no key legend.
text = "".join(e[2] for e in frames)
for chrome in ("paused", "暂停", "Space play", "q quit"):
    assert chrome not in text, chrome
print(len(frames), "frames", len(markers), "markers", round(times[-1], 1), "s")
PY
        then ok "cast $name ($lang): $(cat "$T/check")"
        else fail "cast $name ($lang) (status $st)" "$(cat "$T/check" "$T/err")"; fi
    done
done

# --- SVG slides
"$EXE" render paged-attention --format svg -o "$T/slides" 2>"$T/err"; st=$?
if [ $st = 0 ] && python3 - "$T/slides" >"$T/check" 2>&1 <<'PY'
import os, sys, xml.etree.ElementTree as ET
folder = sys.argv[1]
files = sorted(os.listdir(folder))
assert files and all(f.startswith("paged-attention-0") and f.endswith(".svg") for f in files), files  # the walkthrough's name, not its file's
ns = {"s": "http://www.w3.org/2000/svg"}
for f in files:
    root = ET.parse(os.path.join(folder, f)).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "DejaVu Sans Mono" in root.get("font-family")
    title = root.find("s:title", ns).text
    assert title.startswith("PagedAttention") and "step" in title, title
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "kvviz" in text and "step" in text, text[:200]
    assert root.find("s:desc", ns).text, "narration in <desc>"
print(len(files), "slides")
PY
then ok "svg slides parse as XML with the title, step and narration: $(cat "$T/check")"
else fail "svg slides (status $st)" "$(cat "$T/check" "$T/err")"; fi

# The recorded walkthrough: a slide per cue, named after it, each at its cue's frame.
"$EXE" render engine-prefix-cache --format svg -o "$T/recorded" 2>"$T/err"; st=$?
if [ $st = 0 ] && python3 - "$T/recorded" demos/recordings/engine-prefix-cache.yaml >"$T/check" 2>&1 <<'PY'
import os, re, sys, xml.etree.ElementTree as ET
folder, walkthrough = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
frames = [int(f) for f in re.findall(r"^  - frame: (\d+)$", walkthrough, re.M)]
files = sorted(os.listdir(folder))
expected = ["engine-prefix-cache-%02d-step-%d.svg" % (i + 1, f) for i, f in enumerate(frames)]
assert files == expected, (files, expected)
for f in files:
    root = ET.parse(os.path.join(folder, f)).getroot()
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "frame" in text and "Prefix trees" in text and "Events" in text, text[:200]
    assert "❚❚" not in text and "Space play" not in text, "interactive chrome in a slide"
print(len(files), "slides at frames", frames)
PY
then ok "svg slides of the recorded walkthrough: $(cat "$T/check")"
else fail "svg slides of the recorded walkthrough (status $st)" "$(cat "$T/check" "$T/err")"; fi

"$EXE" render prefix-sharing --format svg --step 3 --lang zh >"$T/zh.svg" 2>"$T/err"; st=$?
if [ $st = 0 ] && python3 - "$T/zh.svg" >"$T/check" 2>&1 <<'PY'
import sys, unicodedata, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cell = float(root.get("width")) / 120
texts = list(root.iter("{http://www.w3.org/2000/svg}text"))
wide = [t for t in texts if len(t.text) == 1 and unicodedata.east_asian_width(t.text) in "WF"]
assert len(wide) > 10, "Chinese glyphs are placed one by one"
for t in wide:
    assert abs(float(t.get("textLength")) - 2 * cell) < 0.01, (t.text, t.get("textLength"))
    assert abs(float(t.get("x")) / cell - round(float(t.get("x")) / cell)) < 0.01, "on the cell grid"
assert any("第 3 步" in (t.text or "") or "步" == t.text for t in texts)
print(len(wide), "wide glyphs, two cells each")
PY
then ok "svg --step 3 --lang zh: CJK two columns wide: $(cat "$T/check")"
else fail "svg --step 3 --lang zh (status $st)" "$(cat "$T/check" "$T/err")"; fi

# --- the chosen theme paints the files
"$EXE" render paged-attention --format svg --step 3 --theme light >"$T/light.svg" 2>"$T/err" \
    && "$EXE" render paged-attention --format svg --step 3 --theme dark >"$T/dark.svg" 2>>"$T/err" \
    && "$EXE" render paged-attention --format html --steps 3 --theme light -o "$T/light.html" 2>>"$T/err"; st=$?
if [ $st = 0 ] && python3 - "$T/light.svg" "$T/dark.svg" "$T/light.html" >"$T/check" 2>&1 <<'PY'
import re, sys
light, dark, page = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
def background(svg):
    return re.search(r'<rect width="100%" height="100%" fill="(#[0-9a-f]{6})"', svg).group(1)
assert background(light) == "#ffffff" and background(dark) != "#ffffff", (background(light), background(dark))
def inks(svg):
    return set(re.findall(r'<text[^>]* fill="(#[0-9a-f]{6})"', svg))
assert inks(light) != inks(dark), "the light theme paints text with the dark theme's colours"
assert "#ffffff" in page.lower(), "the html page ignores --theme light"
print("light", background(light), "dark", background(dark), len(inks(light)), "text colours")
PY
then ok "svg and html follow --theme: $(cat "$T/check")"
else fail "svg/html --theme (status $st)" "$(cat "$T/check" "$T/err")"; fi

# --- --manager reference: the plain block manager draws the same frames, colours included
# (prefix hits and evictions, forks and copy on write, beams, preemption by swapping)
for name in prefix-sharing parallel-sampling beam-search preemption prefix-hit-rate; do
    "$EXE" render "$name" --format ansi --steps 60 --manager reference -o "$T/$name.ref.ansi" 2>"$T/err"; st=$?
    "$EXE" render "$name" --format ansi --steps 60 --manager fast -o "$T/$name.fast.ansi" 2>>"$T/err"; st2=$?
    if [ $st = 0 ] && [ $st2 = 0 ] && [ -s "$T/$name.ref.ansi" ] && cmp -s "$T/$name.ref.ansi" "$T/$name.fast.ansi"; then
        ok "render $name --manager reference: the same $(wc -c <"$T/$name.ref.ansi") bytes as fast"
    else fail "render $name --manager reference (status $st, $st2)" "$(cat "$T/err"; cmp "$T/$name.ref.ansi" "$T/$name.fast.ansi")"; fi
done

# --- the HTML player in headless Chromium
"$EXE" render paged-attention --format html -o "$T/page.html" 2>"$T/err"; st=$?
if [ $st = 0 ] && ! grep -Eq '(src|href)="?(https?:)?//' "$T/page.html"; then ok "html: one file, nothing fetched from the network"
else fail "html page (status $st)" "$(cat "$T/err")"; fi
if python3 - "$T/page.html" >"$T/check" 2>&1 <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
labels = re.findall(r'<button id="(\w+)"[^>]*>([^<]*)</button>', page)
assert len(labels) == 5 and len({l for _, l in labels}) == 5, labels
assert ".b{" in page and re.search(r'class=\\?"b\\?">[│┌┐└┘├┤]', page), "vertical box lines not stretched"
assert page.count('class="kvviz-frame"') > 10, "frames not streamed one element each"
print("5 distinct buttons, box lines stretched,", page.count('class="kvviz-frame"'), "frame elements")
PY
then ok "html: $(cat "$T/check")"; else fail "html page structure" "$(cat "$T/check")"; fi
# Streamed: 10x the frames at 300x100 costs little more memory (the page is written as it goes).
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$T/rss-short" "$EXE" render serving-run --steps 20 --format html --size 300x100 -o "$T/short.html" 2>/dev/null
    /usr/bin/time -f %M -o "$T/rss-long" "$EXE" render serving-run --steps 200 --format html --size 300x100 -o "$T/long.html" 2>/dev/null
    short=$(tail -1 "$T/rss-short"); long=$(tail -1 "$T/rss-long")
    if [ $((long - short)) -lt 30000 ]; then ok "html streams: 20 frames $short KB, 200 frames $long KB peak"
    else fail "html memory grows with frames: 20 frames $short KB, 200 frames $long KB"; fi
fi
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    fail "html in headless chromium" "chromium is not installed (.ci/run installs it)"
else
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --virtual-time-budget=3000 \
        --dump-dom "file://$T/page.html" >"$T/dom.html" 2>"$T/chromium.err"; st=$?
    if [ $st = 0 ] && python3 - "$T/dom.html" >"$T/check" 2>&1 <<'PY'
import re, sys, html
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<pre id="screen"[^>]*data-frame="(\d+)"[^>]*>(.*?)</pre>', dom, re.S)
assert m, "no frame drawn into #screen"
text = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
assert "kvviz" in text and "PagedAttention" in text and "step" in text, text[:300]
assert len(text.splitlines()) == 40, len(text.splitlines())
assert 'id="label"' in dom and "frame " in dom
print("frame", m.group(1), "drawn,", len(text.splitlines()), "rows")
PY
    then ok "html in headless chromium: $(cat "$T/check")"
    else fail "html in headless chromium (status $st)" "$(cat "$T/check"; tail -5 "$T/chromium.err")"; fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
