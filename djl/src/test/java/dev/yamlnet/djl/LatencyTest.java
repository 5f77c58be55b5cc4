package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.compare.SpeedReport;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Timed forward passes of two small models at 64 pixels, taking turns. */
class LatencyTest {
    @Test
    @Tag("engine")
    void everyModelGetsItsTimedPassesAndAMinimumNoLargerThanItsMedian() throws Exception {
        CompileOptions at64 = CompileOptions.defaults("yolov8n.yaml").withImgsz(64);
        try (YoloModel stock = YoloModel.load(TestPaths.examples().resolve("yolov8.yaml"), at64);
                YoloModel p2 = YoloModel.load(
                        TestPaths.examples().resolve("yolov8-p2.yaml"),
                        CompileOptions.defaults("yolov8n-p2.yaml").withImgsz(64))) {
            List<SpeedReport.Timing> t = Latency.alternating(List.of(stock, p2), 3, 1);
            assertThat(t).hasSize(2);
            for (SpeedReport.Timing x : t) {
                assertThat(x.runs()).isEqualTo(3);
                assertThat(x.minMs()).isPositive().isLessThanOrEqualTo(x.medianMs());
            }
        }
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Latency.median(new double[] {1, 2, 4, 10})).isEqualTo(3);
        assertThat(Latency.median(new double[] {1, 2, 4})).isEqualTo(2);
    }

    @Test
    void noTimedPassIsAUsageMistake() {
        assertThatThrownBy(() -> Latency.alternating(List.of(), 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
