package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {
    private static String example(String name) {
        return TestPaths.examples().resolve(name).toString();
    }

    @Test
    void writesSvgToStdout() {
        Cli.Result r = Cli.run("graph", example("yolov8-bot3.yaml"), "--scale", "n");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out())
                .startsWith("<?xml")
                .contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", "8  BoT3", "</svg>");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void writesToAFileWithDashO(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("g.svg");
        Cli.Result r = Cli.run("graph", example("yolo11-seg.yaml"), "--scale", "x", "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .contains("23  Segment", "outputs at stride 8, 16, 32");
    }

    @Test
    void dotAndMermaidFormats() {
        Cli.Result dot = Cli.run("graph", example("yolov8.yaml"), "--scale", "n", "--format", "dot");
        assertThat(dot.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(dot.out()).startsWith("digraph yamlnet {").contains("L21 -> L22");
        Cli.Result mermaid = Cli.run("graph", example("yolov8.yaml"), "--scale", "n", "--format", "mermaid");
        assertThat(mermaid.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(mermaid.out()).contains("flowchart TB", "L21 -- \"stride 32\" --> L22");
    }

    @Test
    void brokenModelIsStillDrawnButFails() {
        Cli.Result r = Cli.run("graph", example("invalid/wrong-type-arg.yaml"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.MODEL_ERRORS);
        assertThat(r.err()).contains("error[E0403]", "drawn with the broken layers marked");
        assertThat(r.out())
                .contains("class=\"layer error\" data-index=\"1\"", "class=\"layer error\" data-index=\"2\"");
    }

    @Test
    void missingFileIsAnIoErrorWithNothingDrawn() {
        Cli.Result r = Cli.run("graph", "no/such/model.yaml");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("E0001", "nothing to draw");
    }

    @Test
    void unknownFormatIsAUsageError() {
        Cli.Result r = Cli.run("graph", example("yolov8.yaml"), "--format", "png");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("svg, dot, mermaid");
    }

    @Test
    void compareDrawsBothModelsWithTheChangedRowsOutlined(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("cmp.svg");
        Cli.Result r = Cli.run(
                "graph", example("yolov8n.yaml"), "--compare", example("yolov8n-bot3.yaml"), "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        String svg = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(svg)
                .contains(
                        "<g class=\"side base\">",
                        "<g class=\"side changed\">",
                        "class=\"layer backbone changed\" data-index=\"8\" data-diff=\"changed\"",
                        "class=\"layer attention changed\" data-index=\"8\" data-diff=\"changed\"",
                        "1 changed, 0 inserted, 0 removed; parameters 3,157,200 -&gt; 2,916,816 (-7.6 %)");
        assertThat(svg.split("data-diff=", -1)).hasSize(3);
    }

    @Test
    void compareOfTwoScalesUsesScaleChanged() {
        Cli.Result r = Cli.run(
                "graph",
                example("yolov8.yaml"),
                "--scale",
                "n",
                "--compare",
                example("yolov8.yaml"),
                "--scale-changed",
                "s");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("<title>yolov8n -&gt; yolov8s</title>", "23 changed, 0 inserted, 0 removed");
    }

    @Test
    void compareIsSvgOnlyAndNeedsModelsThatCompile() {
        Cli.Result dot =
                Cli.run("graph", example("yolov8n.yaml"), "--compare", example("yolov8n-p2.yaml"), "--format", "dot");
        assertThat(dot.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(dot.err()).contains("--compare draws SVG only");
        Cli.Result broken =
                Cli.run("graph", example("yolov8n.yaml"), "--compare", example("invalid/wrong-type-arg.yaml"));
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.MODEL_ERRORS);
        assertThat(broken.out()).isEmpty();
        assertThat(broken.err()).contains("error[E0403]");
    }
}
