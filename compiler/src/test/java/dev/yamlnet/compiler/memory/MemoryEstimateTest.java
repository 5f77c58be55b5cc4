package dev.yamlnet.compiler.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.ir.ModelIr;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The estimate errs high, never low: for each case, the peak RSS that {@code /usr/bin/time -v}
 * measured for {@code yamlnet run --random} (Linux x86-64, 2 cores, PyTorch 2.x CPU engine of DJL
 * 0.36, 2025-12) is a lower bound, and the estimate stays within three times it.
 */
class MemoryEstimateTest {
    private static ModelIr model(String file, int imgsz) {
        Path p = TestPaths.examples().resolve(file);
        return Compiler.compile(p, CompileOptions.defaults(p.toString()).withImgsz(imgsz))
                .model()
                .orElseThrow();
    }

    @ParameterizedTest(name = "{0} at {1}: measured {2} MiB")
    @CsvSource({
        "yolov8n.yaml, 640, 300",
        "yolov8n.yaml, 1280, 503",
        "yolov8n.yaml, 2560, 1109",
        "yolov8x-seg.yaml, 1280, 2050",
        "yolo11s-pose.yaml, 1920, 1365",
        "yolov8n-bot3-notable.yaml, 1280, 528",
        "yolov8n-bot3-notable.yaml, 2560, 1909"
    })
    void theEstimateIsAboveTheMeasuredPeakAndNotFarAbove(String file, int imgsz, long measuredMib) {
        long estimate = MemoryEstimate.of(model(file, imgsz)).total();
        assertThat(estimate).isGreaterThan(measuredMib << 20).isLessThan(3 * (measuredMib << 20));
    }

    @Test
    void activationsGrowWithTheAreaAndAttentionWithItsSquare() {
        ModelIr m = model("yolov8n-bot3-notable.yaml", 640);
        MemoryEstimate at640 = MemoryEstimate.of(m);
        MemoryEstimate at1280 = MemoryEstimate.of(m, 1, 1280, 1280);
        MemoryEstimate batch4 = MemoryEstimate.of(m, 4, 640, 640);
        assertThat((double) at1280.activations() / at640.activations()).isBetween(3.5, 16.5);
        assertThat(batch4.activations()).isBetween(4 * at640.activations() - 4, 4 * at640.activations() + 4);
        // at 16384 BoT3 (layer 8) sees a 512x512 map: 4 heads x 262,144^2 float32 logits per copy
        MemoryEstimate big = MemoryEstimate.of(model("yolov8n-bot3-notable.yaml", 16384));
        assertThat(big.peakLayer()).isEqualTo(8);
        assertThat(big.attention()).isEqualTo((long) MemoryEstimate.ATTENTION_COPIES * 4 * 262_144L * 262_144L * 4);
    }

    @Test
    void sizesArePrintedInBinaryUnitsWithThreeDigits() {
        assertThat(MemoryEstimate.human(1536L << 20)).isEqualTo("1.50 GiB");
        assertThat(MemoryEstimate.human(312L << 20)).isEqualTo("312 MiB");
        assertThat(MemoryEstimate.human(47L << 30)).isEqualTo("47.0 GiB");
        assertThat(MemoryEstimate.human(900)).isEqualTo("900 bytes");
        assertThat(MemoryEstimate.human(Long.MAX_VALUE)).isEqualTo("more than 8 EiB");
    }
}
