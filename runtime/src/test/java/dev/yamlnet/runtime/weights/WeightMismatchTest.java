package dev.yamlnet.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.yamlnet.runtime.blocks.ConvBlock;
import dev.yamlnet.runtime.blocks.Layers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A file that does not fit is rejected as a whole, every problem named with both shapes. */
class WeightMismatchTest {

    static Tensor t(String name, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return new Tensor(name, "F32", shape, new float[(int) n]);
    }

    @Test
    void reportsMissingUnexpectedAndWrongShapesTogether() {
        ConvBlock conv = Layers.conv(3, 8, 3, 2, 1, 1, 1, true);
        Map<String, Tensor> file = new LinkedHashMap<>();
        file.put("conv.weight", t("conv.weight", 16, 3, 3, 3));
        file.put("bn.bias", t("bn.bias", 8));
        file.put("bn.running_mean", t("bn.running_mean", 8));
        file.put("bn.running_var", t("bn.running_var", 8));
        file.put("bn.num_batches_tracked", t("bn.num_batches_tracked"));
        file.put("extra.weight", t("extra.weight", 4, 2));

        WeightMismatchException e = catchThrowableOfType(
                () -> WeightLoader.apply(conv.ultralyticsParameters(), file, "w.safetensors"),
                WeightMismatchException.class);

        assertThat(e.getMessage())
                .startsWith(
                        "weights in w.safetensors do not fit the model (1 missing, 1 unexpected, 1 with the wrong shape)")
                .contains("shape mismatch conv.weight: the model expects (8, 3, 3, 3), the file has (16, 3, 3, 3)")
                .contains("missing bn.weight: the model expects (8), the file has no such tensor")
                .contains("unexpected extra.weight (4, 2): the model has no such tensor")
                .doesNotContain("num_batches_tracked");
        assertThat(e.problems())
                .extracting(WeightMismatchException.Problem::kind)
                .containsExactly(
                        WeightMismatchException.Kind.SHAPE,
                        WeightMismatchException.Kind.MISSING,
                        WeightMismatchException.Kind.UNEXPECTED);
    }
}
