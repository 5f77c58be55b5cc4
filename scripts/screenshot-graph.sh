#!/usr/bin/env bash
# Renders a yamlnet graph SVG in headless Chromium and saves a PNG screenshot: the check that the
# picture displays in a real browser, and how the screenshots in docs/ are made.
#
#   scripts/screenshot-graph.sh graph.svg graph.png [scale]
#
# Needs Debian's chromium (apt-get install -y chromium) or CHROMIUM=/path/to/chrome. The window is
# the SVG's own width and height (read from its root element); scale (default 1) is the device
# pixel ratio. Exit codes: 0 screenshot written, 2 usage, 3 no browser, 1 the browser failed.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 GRAPH.svg OUT.png [SCALE]" >&2
    exit 2
fi
svg="$1"
png="$2"
scale="${3:-1}"
browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then
            browser="$b"
            break
        fi
    done
fi
[ -n "$browser" ] || { echo "$0: chromium not found (apt-get install -y chromium)" >&2; exit 3; }
[ -f "$svg" ] || { echo "$0: no such file: $svg" >&2; exit 2; }

# width="..." height="..." of the <svg> element (yamlnet writes whole numbers or one decimal)
header="$(grep -m1 -o '<svg [^>]*>' "$svg")"
width="$(printf '%s' "$header" | sed -n 's/.* width="\([0-9.]*\)".*/\1/p')"
height="$(printf '%s' "$header" | sed -n 's/.* height="\([0-9.]*\)".*/\1/p')"
width="${width%.*}"
height="${height%.*}"
[ -n "$width" ] && [ -n "$height" ] || { echo "$0: cannot read the SVG's width and height" >&2; exit 1; }

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
abs_svg="$(cd "$(dirname "$svg")" && pwd)/$(basename "$svg")"
abs_png="$(cd "$(dirname "$png")" && pwd)/$(basename "$png")"
rm -f "$abs_png"
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
    --hide-scrollbars --user-data-dir="$profile" --force-device-scale-factor="$scale" \
    --window-size="$((width + 1)),$((height + 1))" --screenshot="$abs_png" "file://$abs_svg" >"$profile/log" 2>&1 || {
    cat "$profile/log" >&2
    exit 1
}
[ -s "$abs_png" ] || { cat "$profile/log" >&2; echo "$0: no screenshot written" >&2; exit 1; }
echo "$abs_png (${width}x${height} at scale $scale)"
