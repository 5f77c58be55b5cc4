package dev.yamlnet.compiler.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.value.PyRepr;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ultralytics' parse_model rules, one behaviour per test, on small inline models. */
class ResolverTest {
    private static final String HEADER =
            "nc: 4\nscales:\n  n: [0.33, 0.25, 1024]\n  s: [0.33, 0.50, 1024]\n  x: [1.00, 1.25, 512]\n";

    static Compilation compile(String name, String yaml, CompileOptions options) {
        return Compiler.compile(new SourceFile(name, yaml), options);
    }

    static Compilation compile(String name, String yaml) {
        return compile(name, yaml, CompileOptions.defaults(name).withImgsz(64));
    }

    static List<DiagCode> codes(Compilation c) {
        return c.diagnostics().stream().map(Diagnostic::code).toList();
    }

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource(
            value = {
                "yolov8n.yaml,n",
                "yolo11x-seg.yaml,x",
                "yoloe-11s-seg.yaml,s",
                "yoloe-v8l.yaml,l",
                "yolov10b.yaml,''",
                "yolov9c.yaml,''",
                "my_yolo8s_custom.yaml,s",
                "rtdetr-l.yaml,''",
                "models/yolov8m-p2.yaml,m"
            })
    void scaleIsGuessedFromTheFileNameAsUltralyticsDoes(String file, String scale) {
        assertThat(Resolver.guessScale(file)).isEqualTo(scale);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "yolov8n.yaml,yolov8.yaml",
        "yolo11n-seg.yaml,yolo11-seg.yaml",
        "yolov8n-p6.yaml,yolov8-p6.yaml",
        "yolov10n.yaml,yolov10.yaml",
        "yoloe-11s-seg.yaml,yoloe-11-seg.yaml",
        "dir/yolov8x-bot3.yaml,dir/yolov8-bot3.yaml"
    })
    void scaleLessFileNameDropsTheScaleLetter(String requested, String unified) {
        assertThat(ModelFile.unified(Path.of(requested))).contains(Path.of(unified));
    }

    @Test
    void scaleLessNameIsUnchangedWithoutAScaleLetter() {
        assertThat(ModelFile.unified(Path.of("yolov9c.yaml"))).isEmpty();
    }

    @ParameterizedTest(name = "n={0} depth={1} -> {2}")
    @CsvSource({
        "5,0.5,2",
        "3,0.5,2",
        "3,0.33,1",
        "6,0.33,2",
        "9,0.33,3",
        "3,0.67,2",
        "6,0.67,4",
        "3,1.33,4",
        "9,1.33,12",
        "1,0.33,1",
        "2,0.1,1"
    })
    void repeatsRoundHalfToEvenAndOnlyAboveOne(int n, double depth, int expected) {
        String yaml = "nc: 4\ndepth_multiple: " + depth + "\nbackbone:\n  - [-1, " + n
                + ", C2f, [16, True]]\nhead:\n  - [-1, 1, Conv, [16, 1, 1]]\n";
        Compilation c = compile("model.yaml", yaml);
        assertThat(c.errors()).isEmpty();
        assertThat(c.model().orElseThrow().layers().get(0).repeats()).isEqualTo(expected);
    }

    @Test
    void widthScalingRoundsUpToMultiplesOfEightAfterCappingAtMaxChannels() {
        // x: min(1024, 512) * 1.25 = 640; min(100, 512) * 1.25 = 125 -> 128
        String yaml = HEADER + "backbone:\n  - [-1, 1, Conv, [1024, 3, 2]]\nhead:\n  - [-1, 1, Conv, [100, 1, 1]]\n";
        ModelIr m = compile(
                        "net-x.yaml",
                        yaml,
                        CompileOptions.defaults("yolov8x.yaml").withImgsz(64))
                .model()
                .orElseThrow();
        assertThat(PyRepr.list(m.layers().get(0).args(), false)).isEqualTo("[3, 640, 3, 2]");
        assertThat(PyRepr.list(m.layers().get(1).args(), false)).isEqualTo("[640, 128, 1, 1]");
    }

    @Test
    void missingScaleFallsBackToTheFirstWithAWarning() {
        Compilation c = compile(
                "custom.yaml",
                HEADER + "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\nhead:\n  - [-1, 1, Conv, [64, 1, 1]]\n");
        assertThat(c.errors()).isEmpty();
        assertThat(codes(c)).containsExactly(DiagCode.W0102);
        assertThat(c.model().orElseThrow().scale()).isEqualTo("n");
    }

    @Test
    void explicitScaleWinsOverTheFileName() {
        Compilation c = compile(
                "yolov8n.yaml",
                HEADER + "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\nhead:\n  - [-1, 1, Conv, [64, 1, 1]]\n",
                CompileOptions.defaults("yolov8n.yaml").withScale("s").withImgsz(64));
        assertThat(c.model().orElseThrow().layers().get(0).args().get(1).toString())
                .contains("32");
    }

    @Test
    void unknownScaleIsAnErrorListingTheAvailableOnes() {
        Compilation c = compile(
                "yolov8m.yaml",
                HEADER + "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\nhead:\n  - [-1, 1, Conv, [64, 1, 1]]\n");
        assertThat(codes(c)).containsExactly(DiagCode.E0203);
        assertThat(c.errors().get(0).message()).contains("'m'").contains("n, s, x");
    }

    @Test
    void ncSymbolIsReplacedAndANonLiteralStringIsKept() {
        String yaml =
                HEADER + "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\n  - [-1, 1, nn.Upsample, [None, 2, nearest]]\n"
                        + "head:\n  - [[-1], 1, Concat, [1]]\n  - [[2], 1, Detect, [nc]]\n";
        ModelIr m = compile("yolov8n.yaml", yaml).model().orElseThrow();
        assertThat(PyRepr.list(m.layers().get(1).args(), false)).isEqualTo("[None, 2, 'nearest']");
        assertThat(PyRepr.list(m.layers().get(3).args(), false)).startsWith("[4, 16, None, [16]]");
    }

    @Test
    void bareWordWhereANumberIsExpectedIsAnUnknownSymbolWithASuggestion() {
        String yaml = HEADER + "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\nhead:\n  - [[-1], 1, Detect, [nC]]\n";
        Compilation c = compile("yolov8n.yaml", yaml);
        assertThat(codes(c)).containsExactly(DiagCode.E0202);
        assertThat(c.errors().get(0).hints()).containsExactly("did you mean 'nc'?");
        assertThat(c.errors().get(0).span().line()).isEqualTo(9);
        assertThat(c.errors().get(0).span().column()).isEqualTo(24); // "  - [[-1], 1, Detect, [nC]]"
    }

    @Test
    void saveListUsesPythonModuloAndIsSorted() {
        String yaml = HEADER
                + "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\n  - [-1, 1, Conv, [64, 3, 1]]\n  - [-1, 1, Conv, [64, 3, 1]]\n"
                + "head:\n  - [[-1, -3, 1], 1, Concat, [1]]\n";
        ModelIr m = compile("yolov8n.yaml", yaml).model().orElseThrow();
        assertThat(m.save()).containsExactly(0, 1); // -3 mod 3 = 0
        assertThat(m.layers().get(3).inputs()).containsExactly(2, 0, 1);
    }

    @Test
    void everyProblemOfAFileIsReportedInOneRun() {
        String yaml = HEADER
                + "backbone:\n  - [-1, 1, Conv, [64, 0, 2]]\n  - [-1, 1, C2F, [64]]\n  - [5, 1, Conv, [64, 3, 1]]\n"
                + "head:\n  - [-1, 1, Conv, [64, 3, 1, None, 1, 1, True, 9]]\n";
        Compilation c = compile("yolov8n.yaml", yaml);
        assertThat(codes(c)).containsExactly(DiagCode.E0404, DiagCode.E0201, DiagCode.E0301, DiagCode.E0401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "nn.ReLU()|true",
                "torch.nn.ReLU()|true",
                "nn.SiLU(inplace=True)|true",
                "nn.LeakyReLU(0.1)|true",
                "nn.LeakyReLU(negative_slope=0.1, inplace=True)|true",
                "nn.Hardswish()|true",
                "nn.PReLU()|false",
                "__import__('os').system('x')|false",
                "nn.ReLU(x)|false",
                "nn.Conv2d(3, 16, 3)|false"
            })
    void activationKeyAcceptsOnlyParameterFreeActivationsWithLiteralArguments(String expression, boolean accepted) {
        String yaml = "nc: 4\nactivation: \"" + expression.replace("\"", "\\\"")
                + "\"\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n" + "head:\n  - [-1, 1, Conv, [16, 1, 1]]\n";
        Compilation c = compile("model.yaml", yaml);
        assertThat(codes(c).contains(DiagCode.E0204)).as(expression).isEqualTo(!accepted);
    }

    @Test
    void imageSizeOutsideTheLimitsIsRefusedBeforeAnythingElse() {
        String yaml = HEADER + "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\nhead:\n  - [-1, 1, Conv, [64, 1, 1]]\n";
        assertThat(codes(compile(
                        "yolov8n.yaml",
                        yaml,
                        CompileOptions.defaults("yolov8n.yaml").withImgsz(0))))
                .containsExactly(DiagCode.E0507);
        assertThat(codes(compile(
                        "yolov8n.yaml",
                        yaml,
                        CompileOptions.defaults("yolov8n.yaml").withImgsz(1 << 20))))
                .containsExactly(DiagCode.E0507);
    }
}
