package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.list;
import static dev.yamlnet.compiler.modules.ArgValues.none;
import static dev.yamlnet.compiler.modules.ArgValues.truthy;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgSpec;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.Branch;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.modules.parts.Thop;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The Detect family of heads (Detect, Segment, Pose, OBB): per input level a box branch
 * ({@code 4 * reg_max} distribution logits, decoded by DFL) and a class branch, plus the task's
 * own branch and parts. Ultralytics appends {@code reg_max}, {@code end2end} and the list of input
 * channels to the row's arguments; the class branch is "legacy" (two 3x3 convolutions) or
 * depthwise-separable depending on the parser's {@code legacy} flag when the head is parsed.
 */
public abstract class DetectionHeadSpec extends BaseModuleSpec {

    /** A head spec; heads take a list of input levels. */
    protected DetectionHeadSpec(String name, String pythonType, List<ArgSpec> arguments, String description) {
        super(name, pythonType, InputArity.MANY, arguments, description);
    }

    /**
     * What a task adds to the plain detection head: its output key and values per anchor, a branch per
     * level, an optional prototype network, and parts that only count in parameters and layers because
     * they run in training only: {@code perLevelTrainingOnly} (plain 1x1 {@code Conv2d}s with bias on the
     * task branch's hidden width, duplicated with the branches by end-to-end heads, e.g. Pose26's
     * {@code cv4_sigma}) and {@code onceParams}/{@code onceLeaves} (a module held once, e.g. Pose26's
     * flow model).
     */
    protected record TaskParts(
            String outputKey,
            int outputChannels,
            List<Branch> perLevel,
            Optional<ProtoPart> proto,
            List<int[]> perLevelTrainingOnly,
            long onceParams,
            int onceLeaves,
            boolean linear) {
        protected TaskParts(String outputKey, int outputChannels, List<Branch> perLevel, Optional<ProtoPart> proto) {
            this(outputKey, outputChannels, perLevel, proto, List.of(), 0, 0, false);
        }

        static TaskParts none() {
            return new TaskParts("", 0, List.of(), Optional.empty());
        }

        long trainingOnlyParams() {
            return perLevelTrainingOnly.stream()
                    .mapToLong(c -> (long) c[0] * c[1] + c[1])
                    .sum();
        }
    }

    /** A prototype generator: Segment's {@code Proto} or Segment26's {@code Proto26}. */
    protected interface ProtoPart {
        /** Number of prototype masks. */
        int masks();

        long params();

        /** MACs in eval, for the head's input levels. */
        long macs(List<Shape.FeatureMap> levels);

        int leaves();

        int norms();
    }

    /** Segmentation's prototype generator: conv 3x3, transposed conv 2x2 s2, conv 3x3, conv 1x1. */
    protected record ClassicProto(int c1, int hidden, int masks) implements ProtoPart {
        @Override
        public long params() {
            return ConvPart.of(c1, hidden, 3, 1).params()
                    + 4L * hidden * hidden
                    + hidden
                    + ConvPart.of(hidden, hidden, 3, 1).params()
                    + ConvPart.of(hidden, masks, 1, 1).params();
        }

        long macs(long h, long w) {
            return ConvPart.of(c1, hidden, 3, 1).macs(h, w)
                    + Thop.convTranspose2d(hidden, hidden, 2, 2, 1, h, w)
                    + ConvPart.of(hidden, hidden, 3, 1).macs(2 * h, 2 * w)
                    + ConvPart.of(hidden, masks, 1, 1).macs(2 * h, 2 * w);
        }

        @Override
        public long macs(List<Shape.FeatureMap> levels) {
            return macs(levels.get(0).height(), levels.get(0).width());
        }

        @Override
        public int leaves() {
            return 7;
        }

        @Override
        public int norms() {
            return 3;
        }
    }

    /**
     * YOLO26's {@code Proto26(ch, npr, nm, nc)}: each deeper level refined by a 1x1 Conv to the first
     * level's channels, nearest-upsampled and added to it, {@code feat_fuse} (3x3 to {@code npr}), then
     * the classic stack; plus a {@code semseg} branch (two 3x3 Convs and a 1x1 {@code Conv2d} to
     * {@code nc}) that runs in training only.
     */
    protected record Proto26Part(List<Integer> ch, int npr, int masks, int nc) implements ProtoPart {
        private ClassicProto stack() {
            return new ClassicProto(npr, npr, masks);
        }

        @Override
        public long params() {
            int c0 = ch.get(0);
            long refine = 0;
            for (int i = 1; i < ch.size(); i++) {
                refine += ConvPart.of(ch.get(i), c0, 1, 1).params();
            }
            long semseg = ConvPart.of(c0, npr, 3, 1).params()
                    + ConvPart.of(npr, npr, 3, 1).params()
                    + (long) npr * nc
                    + nc;
            return stack().params() + refine + ConvPart.of(c0, npr, 3, 1).params() + semseg;
        }

        @Override
        public long macs(List<Shape.FeatureMap> levels) {
            int c0 = ch.get(0);
            long total = 0;
            for (int i = 1; i < levels.size(); i++) {
                Shape.FeatureMap f = levels.get(i);
                total += ConvPart.of(ch.get(i), c0, 1, 1).macs(f.height(), f.width());
            }
            Shape.FeatureMap p3 = levels.get(0);
            total += ConvPart.of(c0, npr, 3, 1).macs(p3.height(), p3.width());
            return total + stack().macs(p3.height(), p3.width());
        }

        @Override
        public int leaves() {
            return 7 + 2 * (ch.size() - 1) + 2 + 5;
        }

        @Override
        public int norms() {
            return 3 + (ch.size() - 1) + 1 + 2;
        }
    }

    /** The YAML arguments as the parser rewrites them before appending reg_max, end2end and channels. */
    protected List<Value> yamlArgs(BindContext ctx) {
        return ctx.args();
    }

    /** The task's additions, given the input channels and the rewritten YAML arguments. */
    protected abstract TaskParts taskParts(BindContext ctx, List<Integer> channels, List<Value> yamlArgs);

    /**
     * What a head's runtime block is built from: the class count, {@code reg_max}, the class-branch
     * style, the YAML arguments by name as the parser rewrites them (with the signature's defaults
     * filled in), and each level's channels and stride.
     *
     * @param args the head's arguments by their signature names
     * @param ch each level's input channels
     */
    protected record RuntimeHead(
            int nc, int regMax, boolean legacy, boolean end2end, Map<String, Value> args, int[] ch, double[] strides) {
        /**
         * The argument called {@code name}.
         *
         * @throws IllegalStateException when the head's signature has no such argument
         */
        Value arg(String name) {
            Value v = args.get(name);
            if (v == null) {
                throw new IllegalStateException(
                        "the head has no argument '" + name + "'; its arguments are " + args.keySet());
            }
            return v;
        }
    }

    /**
     * This head's runtime block, e.g. {@code blocks.segment(...)}; empty (the default) when the runtime
     * has none for it (for instance for an end-to-end head the runtime cannot run). Only called for
     * heads whose Conv activation the runtime implements.
     */
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        return Optional.empty();
    }

    /** {@code reg_max} as the head is built with: the model's (v10Detect always uses 16). */
    protected int regMax(BindContext ctx) {
        return ctx.regMax();
    }

    /** Whether the head is end-to-end (one-to-one copies of the branches, top-k output). */
    protected boolean end2end(BindContext ctx) {
        return truthy(ctx.end2end());
    }

    /** Whether the class branch is the legacy one; the parser's flag (v10Detect always the light one). */
    protected boolean legacy(BindContext ctx) {
        return ctx.legacy();
    }

    /** The arguments as Ultralytics prints them: the YAML ones, then {@code reg_max}, {@code end2end}, the channels. */
    protected List<Value> printedArgs(BindContext ctx, List<Value> yaml, List<Integer> chs) {
        List<Value> args = new ArrayList<>(yaml);
        args.add(integer(ctx.regMax()));
        args.add(ctx.end2end() instanceof Value.Bool b ? bool(b.value()) : none());
        args.add(list(chs.stream().map(c -> integer(c)).toList()));
        return args;
    }

    /** The file names {@code yamlnet run --output-all} gives the head's outputs, in the block's order. */
    protected List<String> outputNames(boolean end2end, TaskParts task) {
        List<String> names = new ArrayList<>(List.of("output"));
        if (task.proto().isPresent()) {
            names.add("output_proto");
        }
        if (end2end) {
            names.add("output_pre_topk");
        }
        return names;
    }

    /** The key of the task output in the eval structure ("" for plain detection). */
    @Override
    public ModuleInstance bind(BindContext ctx) {
        if (!requirePositive(ctx, "nc", "the number of classes")) {
            return null;
        }
        List<Integer> chs = ctx.inputChannels();
        int nc = ctx.intArg("nc");
        int r = regMax(ctx);
        boolean e2e = end2end(ctx);
        boolean legacy = legacy(ctx);
        List<Value> yaml = yamlArgs(ctx);
        if (yaml == null) {
            return null;
        }
        TaskParts task = taskParts(ctx, chs, yaml);
        if (task == null) {
            return null;
        }
        List<Value> args = printedArgs(ctx, yaml, chs);
        int x0 = chs.get(0);
        int c2 = Math.max(Math.max(16, x0 / 4), 4 * r);
        int c3 = Math.max(x0, Math.min(nc, 100));
        List<List<Branch>> levels = new ArrayList<>();
        for (int k = 0; k < chs.size(); k++) {
            int x = chs.get(k);
            List<Branch> branches = new ArrayList<>();
            branches.add(new Branch(List.of(ConvPart.of(x, c2, 3, 1), ConvPart.of(c2, c2, 3, 1)), c2, 4 * r));
            if (legacy) {
                branches.add(new Branch(List.of(ConvPart.of(x, c3, 3, 1), ConvPart.of(c3, c3, 3, 1)), c3, nc));
            } else {
                branches.add(new Branch(
                        List.of(
                                ConvPart.of(x, x, 3, 1, x, true),
                                ConvPart.of(x, c3, 1, 1),
                                ConvPart.of(c3, c3, 3, 1, c3, true),
                                ConvPart.of(c3, c3, 1, 1)),
                        c3,
                        nc));
            }
            if (!task.perLevel().isEmpty()) {
                branches.add(task.perLevel().get(k));
            }
            levels.add(branches);
        }
        Map<String, Value> named = new LinkedHashMap<>();
        for (int i = 0; i < arguments().size(); i++) {
            String name = arguments().get(i).name();
            named.put(name, i < yaml.size() ? yaml.get(i) : ctx.arg(name));
        }
        return new HeadInstance(
                this,
                args,
                nc,
                r,
                e2e,
                levels,
                task,
                legacy,
                java.util.Collections.unmodifiableMap(named),
                DefaultActivation.of(ctx));
    }

    /** A bound Detect-family head. */
    public static final class HeadInstance implements ModuleInstance {
        private final DetectionHeadSpec spec;
        private final List<Value> args;
        private final int nc;
        private final int regMax;
        private final boolean e2e;
        private final List<List<Branch>> levels;
        private final TaskParts task;
        private final boolean legacy;
        private final Map<String, Value> named;
        private final DefaultActivation activation;

        HeadInstance(
                DetectionHeadSpec spec,
                List<Value> args,
                int nc,
                int regMax,
                boolean e2e,
                List<List<Branch>> levels,
                TaskParts task,
                boolean legacy,
                Map<String, Value> named,
                DefaultActivation activation) {
            this.spec = spec;
            this.args = List.copyOf(args);
            this.nc = nc;
            this.regMax = regMax;
            this.e2e = e2e;
            this.levels = List.copyOf(levels);
            this.task = task;
            this.legacy = legacy;
            this.named = named;
            this.activation = activation;
        }

        /**
         * The spec's block ({@code blocks.detect(nc, regMax, legacy, ch, strides)}, ...) for the levels'
         * channels and strides; none for end-to-end heads (not supported yet) or an activation the
         * runtime cannot run.
         */
        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            if (!activation.supported()) {
                return Optional.empty();
            }
            int[] ch = new int[inputs.size()];
            double[] strides = new double[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                if (!(inputs.get(i) instanceof Shape.FeatureMap f)) {
                    return Optional.empty();
                }
                ch[i] = f.channels();
                strides[i] = f.stride();
            }
            return spec.block(blocks, new RuntimeHead(nc, regMax, legacy, e2e, named, ch, strides))
                    .flatMap(b -> activation.finish(blocks, () -> b));
        }

        /** Whether the head is end-to-end (one-to-one branch, top-k output). */
        public boolean end2end() {
            return e2e;
        }

        @Override
        public List<String> outputNames() {
            return spec.outputNames(e2e, task);
        }

        /** The number of classes. */
        public int nc() {
            return nc;
        }

        /** The DFL channels per box side ({@code reg_max}). */
        public int regMax() {
            return regMax;
        }

        /** Whether the class branch is the YOLOv8 one (two 3x3 Convs) rather than depthwise-separable. */
        public boolean legacy() {
            return legacy;
        }

        @Override
        public List<Value> args() {
            return args;
        }

        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.empty();
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            List<Shape> feats = new ArrayList<>();
            long anchors = 0;
            for (int i = 0; i < inputs.size(); i++) {
                if (!(inputs.get(i) instanceof Shape.FeatureMap f)) {
                    ctx.report(
                                    DiagCode.E0509,
                                    ctx.fromSpan(),
                                    "head input " + i + " (layer "
                                            + ctx.inputLayers().get(i) + ") is not a feature map but "
                                            + Shape.describe(inputs.get(i)))
                            .emit();
                    return Shape.UNKNOWN;
                }
                feats.add(f);
                anchors += f.height() * f.width();
            }
            Map<String, Shape> raw = new LinkedHashMap<>();
            raw.put("boxes", Shape.Tensor.of(4L * regMax, anchors));
            raw.put("scores", Shape.Tensor.of(nc, anchors));
            raw.put("feats", new Shape.Tuple(feats));
            Shape.FeatureMap p3 = (Shape.FeatureMap) feats.get(0);
            Shape protoShape = task.proto()
                    .map(p -> (Shape) Shape.Tensor.of(p.masks(), 2 * p3.height(), 2 * p3.width()))
                    .orElse(null);
            if (task.outputChannels() > 0) {
                raw.put(task.outputKey(), Shape.Tensor.of(task.outputChannels(), anchors));
            }
            if (protoShape != null) {
                raw.put("proto", protoShape);
            }
            Shape y = e2e
                    ? Shape.Tensor.of(300, 6 + task.outputChannels())
                    : Shape.Tensor.of(4L + nc + task.outputChannels(), anchors);
            Shape first = protoShape != null ? new Shape.Tuple(List.of(y, protoShape)) : y;
            Shape preds = new Shape.Dict(raw);
            if (e2e) {
                Map<String, Shape> both = new LinkedHashMap<>();
                both.put("one2many", preds);
                both.put("one2one", preds);
                preds = new Shape.Dict(both);
            }
            return new Shape.Tuple(List.of(first, preds));
        }

        @Override
        public long params() {
            long branches = levels.stream()
                    .flatMap(List::stream)
                    .mapToLong(Branch::params)
                    .sum();
            return (branches + task.trainingOnlyParams()) * (e2e ? 2 : 1)
                    + (regMax > 1 ? regMax : 0)
                    + task.proto().map(ProtoPart::params).orElse(0L)
                    + task.onceParams();
        }

        @Override
        public long frozenParams() {
            return regMax > 1 ? regMax : 0;
        }

        @Override
        public int leaves() {
            int branches = levels.stream()
                            .flatMap(List::stream)
                            .mapToInt(Branch::leaves)
                            .sum()
                    + task.perLevelTrainingOnly().size();
            // a deep copy of a branch list holds its own copy of the shared default activation
            int copies = e2e ? branches + (task.perLevel().isEmpty() ? 2 : 3) : 0;
            return branches + copies + 1 + task.proto().map(ProtoPart::leaves).orElse(0) + task.onceLeaves();
        }

        @Override
        public Set<String> sharedLeaves() {
            return Set.of(Builtins.CONV_DEFAULT_ACT);
        }

        @Override
        public int norms() {
            int branches = levels.stream()
                    .flatMap(List::stream)
                    .mapToInt(Branch::norms)
                    .sum();
            return branches * (e2e ? 2 : 1) + task.proto().map(ProtoPart::norms).orElse(0);
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            long total = 0;
            long anchors = 0;
            List<Shape.FeatureMap> maps = new ArrayList<>();
            for (int k = 0; k < inputs.size(); k++) {
                Shape.FeatureMap f = (Shape.FeatureMap) inputs.get(k);
                maps.add(f);
                anchors += f.height() * f.width();
                for (Branch b : levels.get(k)) {
                    total += b.macs(f.height(), f.width());
                }
            }
            // in eval an end-to-end head runs both branch sets (one-to-many and one-to-one): thop counts both
            total *= e2e ? 2 : 1;
            if (regMax > 1) {
                total += Thop.conv2d(regMax, 1, 1, 1, 1, 4, anchors);
            }
            total += task.proto().map(p -> p.macs(maps)).orElse(0L);
            return total;
        }

        @Override
        public FlopTraits flopTraits() {
            return task.linear() ? FlopTraits.LINEAR_OR_ADAPTIVE_POOL : FlopTraits.PLAIN;
        }

        @Override
        public Optional<List<Double>> strides(List<Shape> inputs) {
            List<Double> out = new ArrayList<>();
            for (Shape s : inputs) {
                if (s instanceof Shape.FeatureMap f) {
                    out.add(f.stride());
                }
            }
            return Optional.of(out);
        }
    }
}
