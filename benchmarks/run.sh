#!/usr/bin/env bash
# Builds the benchmarks (-Pbench) and measures the compiler two ways:
#   1. JMH, warm: CompileBenchmark.compileAndSummarize (file -> compile -> text + JSON summary) and
#      CompileBenchmark.compileInMemory (SourceFile -> compile), average time per call in ms;
#   2. cold: whole `java` processes that compile one model once (ColdCompile), timed from outside,
#      which is what a user of the command line waits for.
# Results go to stdout and to benchmarks/target/ (jmh-result.json, cold.txt). docs/benchmarks.md
# explains the figures.
#
# Usage: benchmarks/run.sh [extra JMH options...]
# Environment:
#   MODELS   comma-separated models requested from examples/yaml (default yolov8x.yaml,yolov8x-bot3.yaml)
#   RUNS     cold processes per model (default 5)
#   SKIP_JMH=1 / SKIP_CPU=1 / SKIP_COLD=1 to leave a part out
#   (between the two: CpuTime, the same operations timed in wall and thread CPU time, to spot disturbed runs)
# A model that does not compile is reported as failing (JMH marks its parameter as failed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODELS="${MODELS:-yolov8x.yaml,yolov8x-bot3.yaml}"
RUNS="${RUNS:-5}"
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target

mvn -B -q -Dstyle.color=never -Pbench -o package -DskipTests

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
java -version 2>&1 | head -3
echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the machine distort every figure)"

if [[ "${SKIP_JMH:-0}" != 1 ]]; then
    echo
    echo "== JMH (warm JVM, average time per call)"
    # 2 cores: one fork, one benchmark thread; 5 x 1 s warm-up, 10 x 1 s measurement.
    java -jar "$JAR" CompileBenchmark \
        -f 1 -t 1 -wi 5 -i 10 -w 1s -r 1s -bm avgt -tu ms \
        -p model="$MODELS" \
        -rf json -rff "$OUT/jmh-result.json" "$@"
fi

if [[ "${SKIP_CPU:-0}" != 1 ]]; then
    echo
    echo "== wall and thread CPU time per call (warm; a large gap means other load disturbed the run)"
    for model in ${MODELS//,/ }; do
        java -cp "$JAR" dev.yamlnet.benchmarks.CpuTime "$model" 10 || echo "$model: FAILED"
    done
fi

# Median of the numbers on stdin (one per line).
median() {
    sort -n | awk '{a[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

# cold LABEL JAVA_OPTIONS... -- PROGRAM_ARGS...: RUNS fresh processes; prints median/min/max wall ms and
# the median in-process compile time that ColdCompile reports.
cold() {
    local label="$1"
    shift
    local jvm=()
    while [[ "$1" != "--" ]]; do
        jvm+=("$1")
        shift
    done
    shift
    local walls=() inner=() i t0 t1 rc
    for ((i = 0; i < RUNS; i++)); do
        t0=$(date +%s%N)
        set +e
        java "${jvm[@]}" -cp "$JAR" dev.yamlnet.benchmarks.ColdCompile "$@" >/dev/null 2>"$OUT/cold-stderr.txt"
        rc=$?
        set -e
        t1=$(date +%s%N)
        if [[ $rc -ne 0 ]]; then
            echo "$label: FAILED (exit $rc): $(head -1 "$OUT/cold-stderr.txt")"
            return 0
        fi
        walls+=($(( (t1 - t0) / 1000000 )))
        inner+=("$(sed -n 's/^compile_ms=//p' "$OUT/cold-stderr.txt")")
    done
    local med min max imed
    med=$(printf '%s\n' "${walls[@]}" | median)
    min=$(printf '%s\n' "${walls[@]}" | sort -n | head -1)
    max=$(printf '%s\n' "${walls[@]}" | sort -n | tail -1)
    imed=$(printf '%s\n' "${inner[@]}" | { grep . || true; } | median)
    printf '%-58s wall median %5s ms (min %s, max %s, %d runs); in-process compile+render median %s ms; runs: %s\n' \
        "$label" "$med" "$min" "$max" "$RUNS" "${imed:--}" "${walls[*]}"
}

if [[ "${SKIP_COLD:-0}" != 1 ]]; then
    echo
    echo "== cold processes (fresh JVM per run, wall time from date +%s%N)"
    {
        cold "JVM start + exit only (--noop)" -- --noop
        # A class-data-sharing archive of the classes one compile loads (JDK 13+ dynamic AppCDS),
        # made once from the first model; shows what a launcher could save on start-up.
        first="${MODELS%%,*}"
        rm -f "$OUT/cold.jsa"
        java -XX:ArchiveClassesAtExit="$OUT/cold.jsa" -cp "$JAR" dev.yamlnet.benchmarks.ColdCompile \
            "examples/yaml/$first" >/dev/null 2>&1 || true
        for model in ${MODELS//,/ }; do
            cold "$model" -- "examples/yaml/$model"
            cold "$model, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -- "examples/yaml/$model"
            if [[ -f "$OUT/cold.jsa" ]]; then
                cold "$model, AppCDS archive" -XX:SharedArchiveFile="$OUT/cold.jsa" -- "examples/yaml/$model"
            fi
        done
    } | tee "$OUT/cold.txt"
fi

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
