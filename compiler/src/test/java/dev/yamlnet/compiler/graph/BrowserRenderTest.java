package dev.yamlnet.compiler.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.compare.ModelComparison;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SVG displays in a real browser: {@code scripts/screenshot-graph.sh} opens it in headless
 * Chromium and takes a screenshot of the picture's own size. Runs where Chromium is installed
 * (Debian: {@code apt-get install -y chromium}) and is skipped, with that reason, where it is not.
 */
class BrowserRenderTest {

    private static Optional<Path> chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void svgRendersInHeadlessChromium(@TempDir Path tmp) throws Exception {
        assumeTrue(chromium().isPresent(), "chromium is not installed (apt-get install -y chromium)");
        Path file = TestPaths.examples().resolve("yolov8-bot3.yaml");
        GraphLayout layout = GraphLayout.of(GraphModel.from(Compiler.compile(
                        file, CompileOptions.defaults(file.toString()).withScale("n")))
                .orElseThrow());
        Path svg = tmp.resolve("bot3.svg");
        Files.writeString(svg, SvgRenderer.render(layout), StandardCharsets.UTF_8);
        screenshotHasTheSvgsSize(tmp, svg, layout.width(), layout.height());
    }

    @Test
    void sideBySideComparisonRendersInHeadlessChromium(@TempDir Path tmp) throws Exception {
        assumeTrue(chromium().isPresent(), "chromium is not installed (apt-get install -y chromium)");
        Compilation base =
                Compiler.compile(TestPaths.examples().resolve("yolov8.yaml"), CompileOptions.defaults("yolov8n.yaml"));
        Compilation p2 = Compiler.compile(
                TestPaths.examples().resolve("yolov8-p2.yaml"), CompileOptions.defaults("yolov8n-p2.yaml"));
        GraphLayout a = GraphLayout.of(GraphModel.from(base).orElseThrow());
        GraphLayout b = GraphLayout.of(GraphModel.from(p2).orElseThrow());
        Path svg = tmp.resolve("compare.svg");
        Files.writeString(
                svg,
                CompareSvgRenderer.render(
                        a,
                        b,
                        ModelComparison.of(
                                base.model().orElseThrow(), p2.model().orElseThrow())),
                StandardCharsets.UTF_8);
        screenshotHasTheSvgsSize(tmp, svg, CompareSvgRenderer.width(a, b), CompareSvgRenderer.height(a, b));
    }

    private static void screenshotHasTheSvgsSize(Path tmp, Path svg, double svgWidth, double svgHeight)
            throws Exception {
        Path png = tmp.resolve(svg.getFileName().toString().replace(".svg", ".png"));
        Path script = TestPaths.examples().getParent().getParent().resolve("scripts/screenshot-graph.sh");
        Process p = new ProcessBuilder("bash", script.toString(), svg.toString(), png.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        // a PNG whose size is the SVG's (the script sizes the window one pixel larger; Chromium may trim it)
        try (InputStream in = Files.newInputStream(png);
                DataInputStream data = new DataInputStream(in)) {
            byte[] signature = new byte[8];
            data.readFully(signature);
            assertThat(signature).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            data.readInt(); // IHDR length
            byte[] type = new byte[4];
            data.readFully(type);
            assertThat(new String(type, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
            int width = data.readInt();
            int height = data.readInt();
            assertThat(width).isBetween((int) svgWidth, (int) svgWidth + 2);
            assertThat(height).isBetween((int) svgHeight, (int) svgHeight + 2);
        }
        assertThat(Files.size(png)).isGreaterThan(10_000); // a drawing, not a blank page
    }
}
