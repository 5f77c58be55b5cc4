package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.list;

import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code v10Detect}: YOLOv10's end-to-end detection head. Ultralytics gives it a branch of its own
 * in {@code parse_model}: only the list of input channels is appended (no {@code reg_max}, no
 * {@code end2end}), the head is always end-to-end with 16 DFL bins, and its class branch is always the
 * light depthwise-separable one, whatever the parser's {@code legacy} flag says. Eval output: the top
 * 300 detections {@code [300, 6]} (box x1, y1, x2, y2 in pixels, score, class) of the one-to-one branch.
 */
public final class V10DetectSpec extends DetectSpec {
    /** The spec. */
    public V10DetectSpec() {
        super(
                "v10Detect",
                "ultralytics.nn.modules.head.v10Detect",
                "YOLOv10 end-to-end detection head: Detect's box branch (16 DFL bins) and a light depthwise-separable "
                        + "class branch, each with a one-to-one copy; in eval only the copies run into the output, the top "
                        + "300 detections as [x1, y1, x2, y2, score, class].");
    }

    @Override
    protected int regMax(BindContext ctx) {
        return 16;
    }

    @Override
    protected boolean end2end(BindContext ctx) {
        return true;
    }

    @Override
    protected boolean legacy(BindContext ctx) {
        return false;
    }

    /** {@code [nc, [ch...]]}: v10Detect's own parse_model branch appends only the channels. */
    @Override
    protected List<Value> printedArgs(BindContext ctx, List<Value> yaml, List<Integer> chs) {
        List<Value> args = new ArrayList<>(yaml);
        args.add(list(chs.stream().map(c -> integer(c)).toList()));
        return args;
    }

    /** {@code detectEnd2end(nc, 16, false, ch, strides)}. */
    @Override
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        return Optional.of(blocks.detectEnd2end(head.nc(), head.regMax(), false, head.ch(), head.strides()));
    }
}
