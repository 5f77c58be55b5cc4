package com.example.simam;

import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgValues.floating;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeChecks;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.SimpleInstance;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.util.List;

/**
 * SimAM (Yang et al., "SimAM: A Simple, Parameter-Free Attention Module", ICML 2021) as a yamlnet
 * plug-in. The PyTorch module it describes:
 *
 * <pre>
 * class SimAM(nn.Module):
 *     def __init__(self, e_lambda=1e-4):
 *         super().__init__()
 *         self.act = nn.Sigmoid()
 *         self.e_lambda = e_lambda
 *
 *     def forward(self, x):
 *         n = x.shape[2] * x.shape[3] - 1
 *         d = (x - x.mean(dim=[2, 3], keepdim=True)).pow(2)
 *         y = d / (4 * (d.sum(dim=[2, 3], keepdim=True) / n + self.e_lambda)) + 0.5
 *         return x * self.act(y)
 * </pre>
 *
 * <p>YAML row: {@code [-1, 1, SimAM, [1e-4]]} (or {@code []} for the default). It keeps the
 * input's channels and size, has no parameters, and is one leaf module (the Sigmoid); thop counts
 * nothing for it (its arithmetic is functional, and thop has no rule for Sigmoid).
 */
public final class SimAmSpec extends BaseModuleSpec {
    public SimAmSpec() {
        super("SimAM", "simam.SimAM", InputArity.ONE,
                List.of(optional("e_lambda", ArgType.FLOAT, floating(1e-4),
                        "added to the variance; keeps a flat map finite")),
                "SimAM: parameter-free attention that weighs each activation by how much it stands out from its "
                        + "channel's mean. Keeps the input's shape; no parameters.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        // the resolver has checked the type (a number) and filled in the default; the rest is the spec's to check
        if (!(ctx.floatArg("e_lambda") > 0)) {
            ctx.report(DiagCode.E0404, ctx.argSpan("e_lambda"), "e_lambda must be positive, got " + PyRepr.repr(ctx.arg("e_lambda")))
                    .label("divides by the variance plus e_lambda").hint("the paper uses 1e-4").emit();
            return null; // after reporting: the row is left out, compilation goes on
        }
        // Ultralytics passes the row's arguments unchanged (SimAM is no channel-changing module)
        return new Instance(ctx.args(), ctx.inputChannels().get(0), ctx.repeats());
    }

    /** One bound row: n copies of SimAM in a row (n > 1 is an nn.Sequential of them). */
    private static final class Instance extends SimpleInstance {
        private final int copies;

        Instance(List<Value> args, int channels, int copies) {
            super(args, channels); // no parameters, no normalisation, no MACs
            this.copies = copies;
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = ShapeChecks.featureMap(inputs, ctx, "SimAM"); // reports E0509 for a non-map input
            return in == null ? Shape.UNKNOWN : in;
        }

        @Override
        public int leaves() {
            return copies; // one Sigmoid each
        }
    }
}
