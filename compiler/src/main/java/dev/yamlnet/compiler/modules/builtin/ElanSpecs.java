package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.integer;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * YOLOv9's same-size blocks, all Ultralytics base modules (only {@code c2} is width-scaled; the
 * inner widths {@code c3}, {@code c4} and the repeat count {@code n} pass through as written):
 * {@code RepNCSPELAN4(c1, c2, c3, c4, n)}, {@code ELAN1(c1, c2, c3, c4)} and
 * {@code SPPELAN(c1, c2, c3, k)}. The row's repeats make copies ({@code nn.Sequential}); they are
 * not the blocks' {@code n}.
 */
final class ElanSpecs {
    /** RepConv's own class-level SiLU, one module shared by every RepConv of the model. */
    static final String REPCONV_DEFAULT_ACT = "RepConv.default_act";

    private ElanSpecs() {}

    /** {@code RepNCSPELAN4}. */
    static BaseModuleSpec repNcspElan4() {
        return new ElanSpec(
                "RepNCSPELAN4",
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        required("c3", ArgType.INT, "width of cv1 (split in halves), not scaled"),
                        required("c4", ArgType.INT, "width of the two RepCSP branches, not scaled"),
                        optional("n", ArgType.INT, integer(1), "RepBottlenecks per RepCSP")),
                "YOLOv9's CSP-ELAN block: cv1 to c3 channels split in halves, two chained branches of a RepCSP "
                        + "(RepConv bottlenecks) and a 3x3 Conv on the second half, cv4 fusing all four. Only c2 "
                        + "is width-scaled.");
    }

    /** {@code ELAN1}. */
    static BaseModuleSpec elan1() {
        return new ElanSpec(
                "ELAN1",
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        required("c3", ArgType.INT, "width of cv1 (split in halves), not scaled"),
                        required("c4", ArgType.INT, "width of the two 3x3 Convs, not scaled")),
                "YOLOv9's light ELAN block (yolov9t/s): RepNCSPELAN4 with plain 3x3 Convs for its branches. Only "
                        + "c2 is width-scaled.");
    }

    /** {@code SPPELAN}. */
    static BaseModuleSpec sppElan() {
        return new ElanSpec(
                "SPPELAN",
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        required("c3", ArgType.INT, "width of cv1 and the pooled maps, not scaled"),
                        optional("k", ArgType.INT, integer(5), "max-pool kernel size (stride 1, same size)")),
                "YOLOv9's spatial pyramid pooling: cv1 to c3 channels, three chained k x k max-pools, cv5 fusing "
                        + "the four maps. Only c2 is width-scaled.");
    }

    private static final class ElanSpec extends BaseModuleSpec {
        ElanSpec(String name, List<dev.yamlnet.compiler.modules.ArgSpec> args, String description) {
            super(name, "ultralytics.nn.modules.block." + name, InputArity.ONE, args, description);
        }

        @Override
        public ModuleInstance bind(BindContext ctx) {
            int c1 = ctx.inputChannels().get(0);
            int c2 = ctx.scaleChannels(ctx.intArg("c2"));
            boolean ok = requirePositive(ctx, "c2", "output channels") && requirePositive(ctx, "c3", "c3");
            boolean spp = name().equals("SPPELAN");
            if (!spp) {
                ok = ok && requirePositive(ctx, "c4", "c4");
            }
            if (name().equals("RepNCSPELAN4")) {
                ok = ok && requirePositive(ctx, "n", "n");
            }
            if (spp) {
                ok = ok && requirePositive(ctx, "k", "kernel size");
            }
            if (!ok) {
                return null;
            }
            int c3 = ctx.intArg("c3");
            List<ConvPart> convs = new ArrayList<>();
            Set<String> shared = new HashSet<>(Set.of(Builtins.CONV_DEFAULT_ACT));
            int extraLeaves = 0;
            if (spp) {
                int k = ctx.intArg("k");
                if (k % 2 == 0) {
                    ctx.report(DiagCode.E0404, ctx.argSpan("k"), "SPPELAN's kernel size must be odd, got " + k)
                            .label("an even kernel with padding k // 2 grows the map by one pixel per pool")
                            .emit();
                    return null;
                }
                convs.add(ConvPart.of(c1, c3, 1, 1));
                convs.add(ConvPart.of(4 * c3, c2, 1, 1));
                extraLeaves = 3; // cv2, cv3, cv4: three nn.MaxPool2d modules
            } else {
                int c4 = ctx.intArg("c4");
                if (c3 < 2) {
                    ctx.report(DiagCode.E0404, ctx.argSpan("c3"), name() + "'s c3 must be at least 2, got " + c3)
                            .label("cv1's output is split in two halves of c3 // 2 channels")
                            .emit();
                    return null;
                }
                convs.add(ConvPart.of(c1, c3, 1, 1));
                if (name().equals("ELAN1")) {
                    convs.add(ConvPart.of(c3 / 2, c4, 3, 1));
                    convs.add(ConvPart.of(c4, c4, 3, 1));
                } else {
                    int n = ctx.intArg("n");
                    convs.addAll(repCsp(c3 / 2, c4, n));
                    convs.add(ConvPart.of(c4, c4, 3, 1));
                    convs.addAll(repCsp(c4, c4, n));
                    convs.add(ConvPart.of(c4, c4, 3, 1));
                    shared.add(REPCONV_DEFAULT_ACT);
                }
                convs.add(ConvPart.of(c3 + 2 * c4, c2, 1, 1));
            }
            Set<String> sharedLeaves = Set.copyOf(shared);
            String module = name();
            int c4 = spp ? 0 : ctx.intArg("c4");
            int last = spp ? ctx.intArg("k") : name().equals("RepNCSPELAN4") ? ctx.intArg("n") : 0;
            DefaultActivation act = DefaultActivation.of(ctx);
            ModuleInstance one =
                    new SameSizeInstance(injectedArgs(ctx, c1, c2, false), c2, convs, module, extraLeaves, List.of()) {
                        @Override
                        public Set<String> sharedLeaves() {
                            return sharedLeaves;
                        }

                        @Override
                        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                            return act.finish(blocks, () -> switch (module) {
                                case "SPPELAN" -> blocks.sppElan(c1, c2, c3, last);
                                case "ELAN1" -> blocks.elan1(c1, c2, c3, c4);
                                default -> blocks.repNcspElan4(c1, c2, c3, c4, last);
                            });
                        }
                    };
            return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
        }
    }

    /**
     * {@code RepCSP(c1, c2, n)}: a C3 ({@code c_ = int(c2 * 0.5)}) of {@code n} RepBottlenecks, each a
     * RepConv (linear 3x3 and 1x1 Convs, their sum through RepConv's SiLU) then a 3x3 Conv.
     */
    static List<ConvPart> repCsp(int c1, int c2, int n) {
        int c = c2 / 2;
        List<ConvPart> out = new ArrayList<>(
                List.of(ConvPart.of(c1, c, 1, 1), ConvPart.of(c1, c, 1, 1), ConvPart.of(2 * c, c2, 1, 1)));
        for (int i = 0; i < n; i++) {
            out.add(ConvPart.of(c, c, 3, 1, 1, false));
            out.add(new ConvPart(c, c, 1, 1, 1, 0, 0, 1, 1, false));
            out.add(ConvPart.of(c, c, 3, 1));
        }
        return out;
    }
}
