package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Progress lines appear only for steps that outlast the delay, with the time taken. */
class ProgressTest {
    @Test
    void quickStepPrintsNothing() {
        StringWriter s = new StringWriter();
        try (Progress p =
                Progress.start(new PrintWriter(s, true), "loading weights from w.safetensors...", "weights loaded")) {
            assertThat(p).isNotNull();
        }
        assertThat(s.toString()).isEmpty();
    }

    @Test
    void slowStepSaysWhatAndHowLong() throws InterruptedException {
        StringWriter s = new StringWriter();
        try (Progress p = Progress.start(
                new PrintWriter(s, true), "loading weights from w.safetensors...", "weights loaded", 10)) {
            Thread.sleep(300);
        }
        assertThat(s.toString())
                .matches("(?s)loading weights from w\\.safetensors\\.\\.\\.\\R" + "weights loaded in \\d+\\.\\d s\\R");
    }
}
