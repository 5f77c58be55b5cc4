#!/usr/bin/env bash
# Forward latency of yamlnet (DJL, PyTorch engine, CPU) side by side with PyTorch on the same weights:
#   1. installs Debian's python3-torch and python3-numpy if missing (the baselines only; yamlnet
#      itself never needs Python); builds the CLI (./yamlnet --version) and the benchmarks' classes
#      (mvn -Pbench compile: TorchScriptLatency);
#   2. per model: `yamlnet summary --json` describes it; benchmarks/python/yamlnet_torch.py builds the
#      same network in PyTorch from that description, gives it random weights (BatchNorm statistics
#      randomised as the parity fixtures do), saves them as .npz with Ultralytics' key names, an input,
#      the eager output, and a TorchScript trace of the fused model. Then the CHECK: yamlnet unfused and
#      fused (`yamlnet run --weights w.npz --input x.npy --output y.npy`), PyTorch eager fused, the trace
#      in Python and the trace in DJL must all match PyTorch eager unfused within 1e-3 + 1e-4*|expected|
#      per element (max abs diff printed). A model that fails is NOT timed (and the script exits 1);
#   3. ROUNDS rounds; in each, every model and every path runs once in its own process (path order
#      reversed every other round), W untimed warm-up passes then the median of K timed passes:
#        yamlnet unfused / fused      ./yamlnet run ... --repeat K --warmup W --threads T [--fuse]
#        PyTorch eager unfused / fused   yamlnet_torch.py time (torch.set_num_threads(T), inference_mode)
#        TorchScript in Python        the traced fused model, torch.jit.load, same protocol
#        DJL TorchScript              the same .pt in DJL's PyTorch engine (TorchScriptLatency)
#   4. a table: per model and path the median over rounds of the per-round medians, the round values,
#      and the ratios to PyTorch eager fused and to DJL TorchScript; machine, threads, load averages.
#   --soak: one `yamlnet run --fuse --repeat SOAK` of yolov8n at IMGSZ, sampling the process's resident
#      memory (VmRSS from /proc/PID/status) every second, to see whether it stays flat.
# docs/benchmarks.md explains the paths and the figures.
#
# Usage: benchmarks/speed.sh [--soak]
# Environment: MODELS (default "yolov8n yolov8n-bot3 yolo11n", files in examples/yaml), K (20), T (2),
#              W (5 warm-up passes), ROUNDS (2), IMGSZ (640; yolov8n-bot3's position tables need 640),
#              SOAK (1000), WORK (benchmarks/target/speed: weights, inputs, outputs, logs, results.txt)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODELS="${MODELS:-yolov8n yolov8n-bot3 yolo11n}"
K="${K:-20}"
T="${T:-2}"
W="${W:-5}"
ROUNDS="${ROUNDS:-2}"
IMGSZ="${IMGSZ:-640}"
SOAK="${SOAK:-1000}"
WORK="${WORK:-benchmarks/target/speed}"
PY=/usr/bin/python3
TORCH=benchmarks/python/yamlnet_torch.py
CP="benchmarks/target/classes:cli/target/lib/*"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

if ! "$PY" -c 'import torch, numpy' >/dev/null 2>&1; then
    echo "installing python3-torch python3-numpy (baselines only; takes a while)" >&2
    apt-get install -y python3-torch python3-numpy >/dev/null
fi
./yamlnet --version

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc: $(nproc)"
echo "threads: $T, imgsz $IMGSZ, batch 1, warm-up $W then median of $K passes per run, $ROUNDS rounds"
echo "PyTorch (Python): $("$PY" -c 'import torch; print(torch.__version__)'); DJL engine: $(ls cli/target/lib | sed -n 's/^pytorch-native-cpu-\(.*\)-linux.*/libtorch \1/p')"
load_before="$(loadavg)"
echo "load average before: $load_before"
if awk -v l="${load_before%% *}" 'BEGIN { exit !(l > 1.5) }'; then
    echo "WARNING: load average ${load_before%% *} > 1.5 at start: other processes share the CPUs and distort every figure"
fi

if [[ "${1:-}" == "--soak" ]]; then
    echo "== soak: $SOAK forward passes of yolov8n, fused, $IMGSZ (VmRSS sampled every second)"
    ./yamlnet run --fuse --random --imgsz "$IMGSZ" --threads "$T" --repeat "$SOAK" examples/yaml/yolov8n.yaml >/tmp/yamlnet-soak.$$ 2>&1 &
    pid=$!
    s=0
    while kill -0 "$pid" 2>/dev/null; do
        rss=$(sed -n 's/^VmRSS:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null || true)
        [[ -n "$rss" ]] && echo "t=${s}s VmRSS $rss"
        sleep 1
        s=$((s + 1))
    done
    wait "$pid" || true
    grep -i median /tmp/yamlnet-soak.$$ || cat /tmp/yamlnet-soak.$$
    rm -f /tmp/yamlnet-soak.$$
    echo "load average after: $(loadavg)"
    exit 0
fi

mkdir -p "$WORK"
if ! mvn -B -q -o -Dstyle.color=never -Pbench compile -pl benchmarks -am >"$WORK/build.log" 2>&1; then
    cat "$WORK/build.log"
    echo "building the benchmarks module failed (mvn -Pbench compile -pl benchmarks -am)"
    exit 1
fi

# ---- prepare and check: nothing is timed unless every path computes the same output ----------------
checked=()
refused=0
for m in $MODELS; do
    d="$WORK/$m-$IMGSZ"
    mkdir -p "$d"
    echo "== $m: same weights on every path, outputs checked against PyTorch eager unfused"
    ok=1
    why="a path failed"
    if ! ./yamlnet summary --json --imgsz "$IMGSZ" "examples/yaml/$m.yaml" >"$d/yamlnet-summary.json" 2>"$d/summary.log"; then
        echo "$m: yamlnet summary failed at imgsz $IMGSZ:"
        grep -m3 . "$d/summary.log" | sed 's/^/  /'
        ok=0
    elif ! "$PY" "$TORCH" prepare "$d/yamlnet-summary.json" "$d" --threads "$T"; then
        ok=0
        why="the PyTorch rebuild failed or its own paths disagree"
    else
        for variant in unfused fused; do
            fuse=$([[ $variant == fused ]] && echo --fuse || true)
            log="$d/yamlnet-$variant.log"
            if ./yamlnet run "examples/yaml/$m.yaml" --imgsz "$IMGSZ" --threads "$T" $fuse --weights "$d/weights.npz" \
                    --input "$d/input.npy" --output "$d/yamlnet-$variant.npy" >"$log" 2>&1; then
                "$PY" "$TORCH" check "$d/expected.npy" "$d/yamlnet-$variant.npy" "yamlnet $variant" || { ok=0; why="outputs differ"; }
            else
                echo "yamlnet $variant: FAILED: $(grep -m1 'yamlnet:\|error' "$log" || tail -1 "$log")"
                ok=0
            fi
        done
        if java -cp "$CP" dev.yamlnet.benchmarks.TorchScriptLatency "$d/model.pt" "$d/input.npy" --repeat 1 --warmup 0 \
                --threads "$T" --output "$d/djl.npy" >"$d/djl.log" 2>&1; then
            "$PY" "$TORCH" check "$d/expected.npy" "$d/djl.npy" "DJL TorchScript" || { ok=0; why="outputs differ"; }
        else
            echo "DJL TorchScript: FAILED: $(grep -m1 -i 'exception\|error' "$d/djl.log" || tail -1 "$d/djl.log")"
            ok=0
        fi
    fi
    if [[ $ok == 1 ]]; then
        checked+=("$m")
    else
        echo "REFUSING to time $m: $why (see above and $d)"
        refused=1
    fi
done

# ---- timing -------------------------------------------------------------------------------------------
PATHS=(yamlnet-unfused yamlnet-fused torch-eager-unfused torch-eager-fused torchscript-python djl-torchscript)

# time_path MODEL PATH: prints the path's output (its last line is "median X ms")
time_path() {
    local m="$1" p="$2" d="$WORK/$1-$IMGSZ"
    case "$p" in
        yamlnet-unfused | yamlnet-fused)
            ./yamlnet run "examples/yaml/$m.yaml" --imgsz "$IMGSZ" --threads "$T" $([[ $p == yamlnet-fused ]] && echo --fuse) \
                --weights "$d/weights.npz" --input "$d/input.npy" --repeat "$K" --warmup "$W" 2>&1 ;;
        torch-eager-unfused) "$PY" "$TORCH" time "$d" --mode unfused --repeat "$K" --warmup "$W" --threads "$T" 2>&1 ;;
        torch-eager-fused) "$PY" "$TORCH" time "$d" --mode fused --repeat "$K" --warmup "$W" --threads "$T" 2>&1 ;;
        torchscript-python) "$PY" "$TORCH" time "$d" --mode script --repeat "$K" --warmup "$W" --threads "$T" 2>&1 ;;
        djl-torchscript)
            java -cp "$CP" dev.yamlnet.benchmarks.TorchScriptLatency "$d/model.pt" "$d/input.npy" --repeat "$K" \
                --warmup "$W" --threads "$T" 2>&1 ;;
    esac
}

results="$WORK/results.txt"
: >"$results"
if ((${#checked[@]} > 0)); then
    for ((r = 1; r <= ROUNDS; r++)); do
        echo "== round $r (load $(cut -d' ' -f1 /proc/loadavg))"
        order=("${PATHS[@]}")
        if ((r % 2 == 0)); then
            order=()
            for ((i = ${#PATHS[@]} - 1; i >= 0; i--)); do order+=("${PATHS[i]}"); done
        fi
        for m in "${checked[@]}"; do
            for p in "${order[@]}"; do
                med=$(time_path "$m" "$p" | sed -n 's/^median \([0-9.]*\) ms$/\1/p' | tail -1 || true)
                echo "$m $p ${med:-FAILED}"
                echo "$m $p $r ${med:-FAILED}" >>"$results"
            done
        done
    done
fi

echo "== results (ms; ratio > 1 means slower than the reference path)"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc); threads $T;" \
    "imgsz $IMGSZ, batch 1; warm-up $W + median of $K per run, median over $ROUNDS rounds"
"$PY" - "$results" <<'EOF'
import statistics, sys
paths = ["yamlnet-unfused", "yamlnet-fused", "torch-eager-unfused", "torch-eager-fused", "torchscript-python", "djl-torchscript"]
runs = {}
for line in open(sys.argv[1]):
    m, p, r, v = line.split()
    runs.setdefault(m, {}).setdefault(p, []).append(None if v == "FAILED" else float(v))
def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None
def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "-"
print(f"{'model':<14} {'path':<21} {'median ms':>9}  {'vs torch fused':>14}  {'vs DJL TorchScript':>18}  rounds")
for m, by in runs.items():
    meds = {p: med(v) for p, v in by.items()}
    for p in paths:
        if p not in by:
            continue
        v = meds[p]
        rounds = " ".join("FAILED" if x is None else f"{x:.1f}" for x in by[p])
        print(f"{m:<14} {p:<21} {'FAILED' if v is None else f'{v:.1f}':>9}  {ratio(v, meds.get('torch-eager-fused')):>14}  "
              f"{ratio(v, meds.get('djl-torchscript')):>18}  {rounds}")
EOF
echo "load average before: $load_before, after: $(loadavg)"
if [[ $refused == 1 ]]; then
    echo "some models were not timed (REFUSING lines above)"
    exit 1
fi
