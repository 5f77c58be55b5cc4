package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user running a loop of forward passes relies on: a pass leaves nothing behind in the
 * model's long-lived manager (else native memory grows with every call), and while it runs, the
 * caller's manager ends up holding only the input and the outputs (intermediates are freed as soon
 * as no later layer reads them, not when the caller closes its manager). The models cover every
 * head and the blocks that compute from parameters directly (BoT3's position tables, the
 * segmentation prototypes' transposed convolution).
 */
@Tag("engine")
class ForwardMemoryTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "yolov8t",
                "yolov8t-bot3",
                "yolov8t-bot3-notable",
                "yolov8t-seg",
                "yolo11t-pose",
                "yolo11t-obb",
                "yolov8t-cls"
            })
    void forwardPassLeavesOnlyItsOutputs(String name) throws Exception {
        try (YoloModel model = FixtureParityTest.model(name)) {
            NDManager longLived = model.model().getNDManager();
            float[] image = new float[Math.toIntExact(model.inputShape().size())];
            model.predict(image); // warm-up: anything created once (lazily) is created now
            int before = longLived.getManagedArrays().size();

            try (NDManager call = longLived.newSubManager()) {
                NDArray x = call.create(image, model.inputShape());
                NDList ys = model.predictAll(x);
                List<NDArray> held = call.getManagedArrays();
                assertThat(held.size())
                        .as("arrays the caller's manager holds after the pass (input + outputs)")
                        .isEqualTo(1 + ys.size());
                assertThat(held).contains(x);
                assertThat(held).containsAll(ys);
            }
            for (int i = 0; i < 3; i++) {
                model.predict(image);
            }
            assertThat(longLived.getManagedArrays().size())
                    .as("arrays in the model's manager after three more passes")
                    .isEqualTo(before);
        }
    }

    /**
     * Memory outside DJL's bookkeeping: Java direct buffers are freed only by the garbage collector,
     * so a pass that stages its input or output in a new one grows the process between collections.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yolov8t", "yolov8t-seg"})
    void repeatedPassesAllocateNoDirectBuffers(String name) throws Exception {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct"))
                .findFirst()
                .orElseThrow();
        try (YoloModel model = FixtureParityTest.model(name)) {
            float[] image = new float[Math.toIntExact(model.inputShape().size())];
            model.predictAll(image);
            long before = direct.getMemoryUsed();
            for (int i = 0; i < 10; i++) {
                model.predict(image);
                model.predictAll(image);
            }
            assertThat(direct.getMemoryUsed() - before)
                    .as("direct buffer bytes added by 20 passes (input: %d bytes)", 4L * image.length)
                    .isLessThan(4L * image.length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yolov8t", "yolov8t-bot3"})
    void callerKeepsOwnershipOfTheInput(String name) throws Exception {
        try (YoloModel model = FixtureParityTest.model(name);
                NDManager call = model.model().getNDManager().newSubManager()) {
            Shape shape = model.inputShape();
            NDArray x = call.ones(shape);
            model.predictAll(x);
            model.predictAll(x); // the same input twice: it must still be open and unchanged
            assertThat(x.getManager()).isSameAs(call);
            assertThat(x.sum().getFloat()).isEqualTo((float) shape.size());
        }
    }
}
