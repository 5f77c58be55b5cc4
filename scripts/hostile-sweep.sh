#!/usr/bin/env bash
# Hostile-input sweep: runs ./yamlnet on files and options written to hurt, one process per case, and
# prints for each the exit code, the wall time and the peak RSS (GNU time -v). Every case must end with
# exit 1, 2 or 3 (never 0 for a wrong input, never 4, no Java stack trace), under 60 s and 1.5 GB;
# the one valid case, valid-*, must end with 0.
# Usage: scripts/hostile-sweep.sh [DIR]   (DIR: where the cases are written; a temporary one by default)
# Needs bash, GNU time (/usr/bin/time) and the tools of coreutils; no Python.
set -uo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
y="$root/yamlnet"
dir="${1:-$(mktemp -d)}"
mkdir -p "$dir"
cd "$dir" || exit 3
export YAMLNET_NO_BUILD=1
"$y" --version >/dev/null 2>&1 || YAMLNET_NO_BUILD= "$y" --version >/dev/null || exit 3

rows=$'backbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead:\n  - [-1, 1, Classify, [nc]]\n'
model() { printf '%s\n%s' "$2" "$rows" > "$1"; }
rep() { yes -- "$1" | head -n "$2" | tr -d '\n'; }  # $1 repeated $2 times (no newline in $1)

# ---- YAML
model tag-float.yaml 'nc: !!float eighty'
model tag-bool.yaml $'nc: 80\nend2end: !!bool maybe'
model tag-int.yaml "nc: !!int $(rep 9 200000)"
model tag-python.yaml 'nc: !!python/object/apply:os.system ["true"]'
{ printf 'a: &a [1,2,3,4,5,6,7,8,9]\n'; prev=a; for c in b c d e f g h i j; do
    printf '%s: &%s [' $c $c; for k in 1 2 3 4 5 6 7 8; do printf '*%s, ' $prev; done; printf '*%s]\n' $prev; prev=$c; done
  printf 'nc: 80\n%s' "$rows"; } > billion-laughs.yaml
{ printf 'nc: 80\nx: &a %s\n' "$(rep A 100000)"; printf 'backbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead:\n  - [-1, 1, Classify, [nc, '; rep '*a, ' 20000; printf '1]]\n'; } > scalar-alias.yaml
{ printf 'nc: 80\nm: &m %s\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead:\n' "$(rep Z 200000)"; for i in $(seq 900); do printf '  - [-1, 1, *m, [1]]\n'; done; } > module-alias.yaml
{ printf '{nc: 80, backbone: [[-1, 1, Conv, [16, 3, 2]]], head: [[-1, 1, Classify, [nc, '; rep '1, ' 1390000; printf '1]]]}\n'; } > flow-4mb.yaml
{ printf 'nc: 80\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead: ['; for i in $(seq 900); do printf "[-1, 1, Conv, [abc%d, 3, 2]], " $i; done; printf '[-1, 1, Classify, [nc]]]\n'; } > many-errors-one-line.yaml
printf 'x: %s\n' "$(rep 9 4000000)" > one-scalar-4mb.yaml
printf 'x: %s%s\n' "$(rep '[' 200)" "$(rep ']' 200)" > deep-nesting.yaml
head -c 5000000 /dev/zero | tr '\0' '#' > too-big.yaml
printf 'nc: 80\n\001\002\033[2J\n' > control-chars.yaml
printf 'nc: \xff\xfe80\n' > bad-utf8.yaml
printf 'nc: 80\n---\nnc: 20\n' > two-documents.yaml
: > empty.yaml

# ---- model
arg() { printf 'nc: 80\nbackbone:\n  - [-1, 1, Conv, [16, 3, %s]]\nhead:\n  - [-1, 1, Classify, [nc]]\n' "$2" > "$1"; }
arg deep-minus.yaml "'$(rep - 100000)1'"
arg deep-not.yaml "'$(rep 'not ' 50000)1'"
arg deep-power.yaml "'$(rep '2**' 50000)1'"
arg big-int-string.yaml "'$(rep 9 200000)'"
model valid-classify-60000.yaml 'nc: 60000'   # valid: must end with exit 0 (it escaped as exit 4 once)
printf 'nc: 80\nbackbone:\n  - [-1, 1, Conv, [65536, 3, 2]]\n  - [-1, 1, Conv, [65536, 3, 2]]\nhead:\n  - [-1, 1, Classify, [nc, 7]]\n' > params-over-limit.yaml
printf 'nc: 80\nbackbone:\n  - [-1, 1000000000, C2f, [256, True]]\nhead:\n  - [-1, 1, Classify, [nc]]\n' > repeats-billion.yaml
{ printf 'nc: 80\nbackbone:\n'; for i in $(seq 1200); do printf '  - [-1, 1, Conv, [16, 1, 1]]\n'; done; printf 'head:\n  - [-1, 1, Classify, [nc]]\n'; } > too-many-layers.yaml
printf 'nc: 80\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead:\n  - [[-1, 0, 99999999999999999999], 1, Concat, [1]]\n' > from-huge.yaml

# ---- weights and inputs
st() { # a safetensors file: $1 the header JSON, then four data bytes
    local n=${#2}
    printf "$(printf '\\x%02x\\x%02x' $((n & 255)) $((n >> 8 & 255)))\\x00\\x00\\x00\\x00\\x00\\x00%sAAAA" "$2" > "$1"
}
st w-string-shape.safetensors '{"t":{"dtype":"F32","shape":["1"],"data_offsets":[0,4]}}'
st w-offset-overflow.safetensors '{"t":{"dtype":"F32","shape":[1],"data_offsets":[9223372036854775800,9223372036854775804]}}'
st w-offset-past-end.safetensors '{"t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}'
st w-float-shape.safetensors '{"t":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}'
printf '\xff\xff\xff\xff\xff\xff\xff\x7f' > w-header-huge.safetensors
printf "\x93NUMPY\x01\x00\x76\x00{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }junk%60s\n" "" > w-absurd.npy
printf "\x93NUMPY\x01\x00\x76\x00{'descr': '<f99999999999', 'fortran_order': False, 'shape': (1,), }%56s\n" "" > w-dtype.npy
printf '\x93NUMPY\x01' > w-short.npy
printf 'PK\x03\x04garbage' > w-not-zip.npz
mkfifo input-fifo.npy 2>/dev/null || true
base="$root/examples/yaml/yolov8n.yaml"

run() { # name, args...
    local name="$1"; shift
    local t0 t1 code rss
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$name.time" timeout 120 "$y" "$@" > "$name.out" 2> "$name.err" < /dev/null
    code=$?
    t1=$(date +%s.%N)
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$name.time" 2>/dev/null)
    code=$(awk -F': ' '/Exit status/ {print $2}' "$name.time" 2>/dev/null || echo "$code")
    local trace=""
    grep -q $'\tat \|internal error\|Exception in thread' "$name.err" && trace=" STACK-TRACE-OR-INTERNAL"
    printf '%-34s exit %s  %6.1f s  %7d KB%s\n' "$name" "$code" "$(echo "$t1 - $t0" | bc)" "${rss:-0}" "$trace"
}

for f in *.yaml; do run "validate-${f%.yaml}" validate "$f"; done
for f in flow-4mb many-errors-one-line module-alias scalar-alias; do run "graph-$f" graph "$f.yaml" -o "$f.svg"; done
run summary-scale-empty summary "$base" --scale ''
run summary-imgsz-huge summary "$base" --imgsz 99999999999
/usr/bin/time -v -o summary-json-to-dev-full.time "$y" summary "$base" --json > /dev/full 2> summary-json-to-dev-full.err
printf '%-34s exit %s\n' summary-json-to-dev-full "$(awk -F': ' '/Exit status/ {print $2}' summary-json-to-dev-full.time)"
run graph-to-dev-full graph "$base" -o /dev/full
run generate-to-dev-full generate "$base" --package a.b --out /dev/full
run run-imgsz-16384 run "$base" --random --imgsz 16384
run run-bot3-notable-8192 run "$root/examples/yaml/yolov8n-bot3-notable.yaml" --imgsz 8192
run run-weights-dev-zero run "$base" --weights /dev/zero
run run-input-fifo run "$base" --input input-fifo.npy
run run-output-dev-full run "$root/examples/yaml/yolov8n-cls.yaml" --imgsz 32 --output /dev/full
for w in w-*; do run "run-weights-${w%.*}" run "$base" --imgsz 64 --weights "$w"; done
run run-input-absurd run "$base" --imgsz 64 --input w-absurd.npy
