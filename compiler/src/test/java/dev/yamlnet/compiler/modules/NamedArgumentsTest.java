package dev.yamlnet.compiler.modules;

import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.modules.builtin.Builtins;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Specs read their bound arguments by the names of their own signature, through the resolver's and
 * the shape checker's contexts, and a name outside the signature is a bug reported with the module
 * and the argument. The probe module {@code Probe(c2, k=3, g=1)} keeps its input and runs a test's
 * reads at bind time and at shape time.
 */
class NamedArgumentsTest {
    /** {@code Probe(c2, k=3, g=1)}: an identity whose bind and infer run the test's reads. */
    static final class ProbeSpec extends BaseModuleSpec {
        final BiConsumer<BindContext, Map<String, Object>> onBind;
        final BiConsumer<ShapeContext, Map<String, Object>> onInfer;
        final Map<String, Object> seen = new LinkedHashMap<>();

        ProbeSpec(
                BiConsumer<BindContext, Map<String, Object>> onBind,
                BiConsumer<ShapeContext, Map<String, Object>> onInfer) {
            super(
                    "Probe",
                    "tests.Probe",
                    InputArity.ONE,
                    List.of(
                            required("c2", ArgType.INT, "output channels"),
                            optional("k", ArgType.INT, integer(3), "kernel size"),
                            optional("g", ArgType.INT, integer(1), "groups")),
                    "Test-only: reads its arguments by name.");
            this.onBind = onBind;
            this.onInfer = onInfer;
        }

        @Override
        public ModuleInstance bind(BindContext ctx) {
            onBind.accept(ctx, seen);
            int channels = ctx.inputChannels().get(0);
            List<Value> args = new ArrayList<>(ctx.args());
            return new ModuleInstance() {
                @Override
                public List<Value> args() {
                    return args;
                }

                @Override
                public OptionalInt recordedChannels() {
                    return OptionalInt.of(channels);
                }

                @Override
                public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                    onInfer.accept(sctx, seen);
                    return inputs.get(0);
                }

                @Override
                public long params() {
                    return 0;
                }

                @Override
                public int leaves() {
                    return 1;
                }

                @Override
                public int norms() {
                    return 0;
                }

                @Override
                public long macs(List<Shape> inputs, Shape output) {
                    return 0;
                }
            };
        }
    }

    /** The probe's row is line 3 of the file: {@code   - [-1, 1, Probe, [16, 5]]}. */
    static final String YAML = "backbone:\n  - [-1, 1, Conv, [8, 3, 2]]\n  - [-1, 1, Probe, [16, 5]]\nhead: []\n";

    static Compilation compile(ProbeSpec probe) {
        List<ModuleSpec> specs = new ArrayList<>(Builtins.all());
        specs.add(probe);
        return Compiler.compile(
                new SourceFile("probe.yaml", YAML),
                CompileOptions.defaults("probe.yaml").withImgsz(64).withRegistry(ModuleRegistry.of(specs)));
    }

    @Test
    void argumentsAreReadByNameWithTheSignaturesDefaultsAndSpans() {
        ProbeSpec probe = new ProbeSpec(
                (ctx, seen) -> {
                    seen.put("c2", ctx.intArg("c2"));
                    seen.put("k", ctx.intArg("k"));
                    seen.put("g", ctx.intArg("g"));
                    seen.put("k written", ctx.written("k"));
                    seen.put("g written", ctx.written("g"));
                    seen.put("k span", ctx.argSpan("k"));
                    seen.put("g span", ctx.argSpan("g"));
                    seen.put("k as float", ctx.floatArg("k"));
                    seen.put("g truthy", ctx.boolArg("g"));
                },
                (sctx, seen) -> {});
        Compilation c = compile(probe);
        assertThat(c.errors()).isEmpty();
        assertThat(probe.seen)
                .containsEntry("c2", 16)
                .containsEntry("k", 5)
                .containsEntry("g", 1)
                .containsEntry("k written", true)
                .containsEntry("g written", false)
                .containsEntry("k as float", 5.0)
                .containsEntry("g truthy", true);
        // "  - [-1, 1, Probe, [16, 5]]": the 5 is column 25; g, not written, points at the whole list [16, 5] from
        // column 20
        assertThat(probe.seen.get("k span")).isEqualTo(new Span(3, 25, 3, 26));
        assertThat(probe.seen.get("g span")).isEqualTo(new Span(3, 20, 3, 27));
    }

    @Test
    void aShapeTimeReportAtANamedArgumentPointsAtIt() {
        ProbeSpec probe = new ProbeSpec((ctx, seen) -> {}, (sctx, seen) -> {
            if (!sctx.probing()) {
                sctx.report(DiagCode.W0501, sctx.argSpan("k"), "probe warning at k")
                        .emit();
            }
        });
        Compilation c = compile(probe);
        Diagnostic d = c.warnings().stream()
                .filter(w -> w.message().equals("probe warning at k"))
                .findFirst()
                .orElseThrow();
        assertThat(d.span()).isEqualTo(new Span(3, 25, 3, 26));
    }

    @Test
    void aNameOutsideTheSignatureIsABugNamingTheModuleAndTheArgument() {
        ProbeSpec atBind = new ProbeSpec((ctx, seen) -> ctx.intArg("groups"), (sctx, seen) -> {});
        assertThatThrownBy(() -> compile(atBind))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("module Probe failed to bind layer 1")
                .hasMessageContaining("module Probe has no argument 'groups'; its arguments are [c2, k, g]");

        ProbeSpec spanAtBind = new ProbeSpec((ctx, seen) -> ctx.argSpan("kernel"), (sctx, seen) -> {});
        assertThatThrownBy(() -> compile(spanAtBind))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("module Probe has no argument 'kernel'");

        ProbeSpec atShape = new ProbeSpec((ctx, seen) -> {}, (sctx, seen) -> sctx.argSpan("stride"));
        assertThatThrownBy(() -> compile(atShape))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("module Probe has no argument 'stride'");
    }
}
