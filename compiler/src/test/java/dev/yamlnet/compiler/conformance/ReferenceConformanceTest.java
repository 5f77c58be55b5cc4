package dev.yamlnet.compiler.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.summary.SummaryText;
import dev.yamlnet.compiler.value.PyRepr;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every configuration real Ultralytics 8.4.117 was run on, yamlnet must print the same
 * table and totals: per layer from, n, params, module type, arguments and output shape exactly;
 * parameters, gradients, layer count, strides and save list exactly; GFLOPs to the decimal
 * Ultralytics prints (and within 1e-6 relative of its unrounded value).
 */
class ReferenceConformanceTest {

    static List<ReferenceCase> cases() {
        return ReferenceCase.all();
    }

    static ModelIr compile(ReferenceCase c) {
        CompileOptions options = CompileOptions.defaults(c.requestedName()).withImgsz(c.imgsz());
        if (c.scale().isPresent()) {
            options = options.withScale(c.scale().get());
        }
        Compilation result = Compiler.compile(c.yaml(), options);
        assertThat(result.errors())
                .as(() -> new DiagnosticPrinter(result.source()).render(result.diagnostics()))
                .isEmpty();
        return result.model().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void layerTableMatchesUltralytics(ReferenceCase c) {
        ModelIr model = compile(c);
        JsonArray layers = c.reference().getAsJsonArray("layers");
        assertThat(model.layers()).hasSize(layers.size());
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < layers.size(); i++) {
            JsonObject ref = layers.get(i).getAsJsonObject();
            LayerIr l = model.layers().get(i);
            String ctx = "layer " + i;
            soft.assertThat(SummaryText.fromText(l.from()))
                    .as(ctx + " from")
                    .isEqualTo(ref.get("from").toString().replace(",", ", "));
            soft.assertThat(l.repeats()).as(ctx + " n").isEqualTo(ref.get("n").getAsInt());
            soft.assertThat(l.params())
                    .as(ctx + " params")
                    .isEqualTo(ref.get("params").getAsLong());
            soft.assertThat(l.spec().pythonType())
                    .as(ctx + " module")
                    .isEqualTo(ref.get("module").getAsString());
            soft.assertThat(PyRepr.list(l.args(), false))
                    .as(ctx + " arguments")
                    .isEqualTo(ref.get("args").getAsString());
            String line = SummaryText.row(l, PyRepr.list(l.args(), false), 30);
            soft.assertThat(line)
                    .as(ctx + " printed row")
                    .startsWith(ref.get("line").getAsString().stripTrailing());
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputShapesMatchUltralytics(ReferenceCase c) {
        ModelIr model = compile(c);
        JsonArray shapes = c.reference().getAsJsonArray("per_layer_output_shapes");
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < shapes.size(); i++) {
            soft.assertThat(Shape.toPlain(model.layers().get(i).output()))
                    .as("layer " + i + " output")
                    .isEqualTo(ReferenceCase.withoutBatch(shapes.get(i)));
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void totalsMatchUltralytics(ReferenceCase c) {
        ModelIr model = compile(c);
        JsonObject ref = c.reference();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(model.params())
                .as("parameters")
                .isEqualTo(ref.get("total_params").getAsLong());
        soft.assertThat(model.gradients())
                .as("gradients")
                .isEqualTo(ref.get("total_gradients").getAsLong());
        soft.assertThat(model.layerCount())
                .as("layers")
                .isEqualTo(ref.get("num_layers_summary").getAsInt());
        List<Double> strides = new ArrayList<>();
        ref.getAsJsonArray("stride").forEach(s -> strides.add(s.getAsDouble()));
        soft.assertThat(model.strides()).as("strides").isEqualTo(strides);
        List<Integer> save = new ArrayList<>();
        ref.getAsJsonArray("save").forEach(s -> save.add(s.getAsInt()));
        soft.assertThat(model.save()).as("save list").isEqualTo(save);
        double gflops640 = ref.get("gflops_640").getAsDouble();
        if (gflops640 > 0) {
            soft.assertThat(model.gflopsUltralytics())
                    .as("Ultralytics counts GFLOPs")
                    .isPresent();
            soft.assertThat(SummaryText.oneDecimal(model.gflops()))
                    .as("GFLOPs printed")
                    .isEqualTo(ref.get("gflops_640_printed").getAsString());
            soft.assertThat(model.gflops())
                    .as("GFLOPs at 640")
                    .isCloseTo(gflops640, org.assertj.core.data.Percentage.withPercentage(1e-4));
            soft.assertThat(SummaryText.summaryLine(model))
                    .as("summary line")
                    .isEqualTo(ref.get("summary_line").getAsString());
        } else {
            // Ultralytics' own counter failed on a tabled BoT3: yamlnet reports its static count instead
            soft.assertThat(model.gflopsUltralytics())
                    .as("Ultralytics counts no GFLOPs")
                    .isEmpty();
            soft.assertThat(model.gflops()).as("yamlnet's static count").isPositive();
        }
        String atImgsz = "gflops_" + c.imgsz();
        if (c.imgsz() != 640 && ref.has(atImgsz)) {
            soft.assertThat(model.gflopsImgsz())
                    .as("GFLOPs at " + c.imgsz())
                    .isCloseTo(ref.get(atImgsz).getAsDouble(), org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
        soft.assertAll();
    }
}
