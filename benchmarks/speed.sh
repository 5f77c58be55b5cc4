#!/usr/bin/env bash
# Forward latency of yamlnet (DJL, PyTorch engine, CPU) against plain PyTorch eager, side by side.
#   1. installs Debian's python3-torch and python3-numpy if missing (the baseline only; yamlnet
#      itself never needs Python);
#   2. builds the CLI (./yamlnet --version);
#   3. ROUNDS times, alternating: `yamlnet run --random --repeat K --threads T` unfused and --fuse for
#      each model, then benchmarks/python/yolov8n_torch.py (our hand-written YOLOv8n, eager, unfused
#      and BatchNorm-folded, torch.set_num_threads(T)); every line is a median of K passes;
#   4. --soak: one `yamlnet run --fuse --repeat SOAK` of yolov8n at 640, sampling the process's resident
#      memory (VmRSS from /proc/PID/status) every second, to see whether it stays flat.
# Both sides use random weights (timing does not depend on the values). docs/benchmarks.md explains.
#
# Usage: benchmarks/speed.sh [--soak]
# Environment: MODELS (default "yolov8n yolov8n-bot3 yolo11n"), K (20), T (2), ROUNDS (2), IMGSZ (640),
#              SOAK (1000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODELS="${MODELS:-yolov8n yolov8n-bot3 yolo11n}"
K="${K:-20}"
T="${T:-2}"
ROUNDS="${ROUNDS:-2}"
IMGSZ="${IMGSZ:-640}"
SOAK="${SOAK:-1000}"
PY=/usr/bin/python3

if ! "$PY" -c 'import torch, numpy' >/dev/null 2>&1; then
    echo "installing python3-torch python3-numpy (baseline only; takes a while)" >&2
    apt-get install -y python3-torch python3-numpy >/dev/null
fi
./yamlnet --version

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "threads: $T, imgsz $IMGSZ, batch 1, median of $K after warm-up, $ROUNDS rounds"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "${1:-}" == "--soak" ]]; then
    echo "== soak: $SOAK forward passes of yolov8n, fused, $IMGSZ (VmRSS sampled every second)"
    ./yamlnet --version >/dev/null
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
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
fi

for ((r = 1; r <= ROUNDS; r++)); do
    echo "== round $r (load $(cut -d' ' -f1 /proc/loadavg))"
    for m in $MODELS; do
        for fuse in "" "--fuse"; do
            line=$(./yamlnet run --random --imgsz "$IMGSZ" --threads "$T" --repeat "$K" $fuse "examples/yaml/$m.yaml" 2>&1 \
                | grep -o 'median [0-9.]* ms' || echo "FAILED")
            echo "yamlnet $m ${fuse:-unfused} $line"
        done
    done
    "$PY" benchmarks/python/yolov8n_torch.py "$IMGSZ" "$K" "$T" | sed 's/^/yolov8n /'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
