package dev.yamlnet.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checkpoints Ultralytics 8.4.117 wrote (test resources {@code checkpoints/}) read back with what
 * the description beside each one ({@code <model>.json}, written from Python with torch.load) says
 * they hold: task, class names, stride, training image size, globals, archive root.
 */
class CheckpointTest {
    @TempDir
    static Path files;

    static Stream<String> trained() {
        return Stream.of(
                "yolov8t-shapes",
                "yolov8t-seg-shapes",
                "yolov8t-pose-shapes",
                "yolov8t-obb-shapes",
                "yolov8t-cls-shapes",
                "yolo11t-shapes",
                "yolov8t-bot3-notable-shapes",
                "yolo26t-shapes");
    }

    static JsonObject description(String model) throws IOException {
        return JsonParser.parseString(TestCheckpoints.text(model + ".json")).getAsJsonObject();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trained")
    void readsWhatTheDescriptionSays(String model) throws Exception {
        JsonObject d = description(model);
        Checkpoint c = Checkpoint.read(TestCheckpoints.file(model + ".pt", files));
        assertThat(c.task()).contains(d.get("task").getAsString());
        Map<Integer, String> names = new LinkedHashMap<>();
        d.getAsJsonObject("names")
                .entrySet()
                .forEach(e ->
                        names.put(Integer.parseInt(e.getKey()), e.getValue().getAsString()));
        assertThat(c.names()).containsExactlyEntriesOf(names);
        List<Double> stride = new ArrayList<>();
        d.getAsJsonArray("stride").forEach(e -> stride.add(e.getAsDouble()));
        assertThat(c.stride()).isEqualTo(stride);
        assertThat(c.imgsz()).containsExactly(d.get("imgsz").getAsInt());
        assertThat(c.root()).isEqualTo(d.get("zip_root").getAsString());
        assertThat(c.ultralyticsVersion()).contains(d.get("ckpt_version").getAsString());
        List<String> globals = new ArrayList<>();
        d.getAsJsonArray("pickle_globals").forEach(e -> globals.add(e.getAsString()));
        assertThat(c.globals()).containsExactlyInAnyOrderElementsOf(globals);
        // stripped best.pt: the model under 'model', every float tensor float16
        assertThat(c.modelKey()).isEqualTo("model");
        assertThat(c.stateDict().values()).extracting(CheckpointTensor::dtype).containsOnly("F16");
        assertThat(c.stateDict().keySet())
                .noneMatch(k -> k.endsWith("num_batches_tracked"))
                .allMatch(k -> k.startsWith("model."));
        // the YAML the model was built from, with the keys Ultralytics adds
        Map<String, Object> yaml = c.yaml().orElseThrow();
        assertThat(yaml).containsKeys("nc", "backbone", "head", "yaml_file", "channels");
        assertThat(yaml.get("nc")).isEqualTo((long) names.size());
        JsonElement kpt = d.get("kpt_shape");
        if (kpt != null && !kpt.isJsonNull()) {
            assertThat(yaml.get("kpt_shape"))
                    .isEqualTo(List.of(
                            kpt.getAsJsonArray().get(0).getAsLong(),
                            kpt.getAsJsonArray().get(1).getAsLong()));
        }
        assertThat(yaml.containsKey("end2end") && Boolean.TRUE.equals(yaml.get("end2end")))
                .isEqualTo(d.get("end2end").getAsBoolean());
    }

    @Test
    void theUntrainedCheckpointMatchesItsLayout() throws Exception {
        JsonObject d = description("yolov8t");
        Checkpoint c = Checkpoint.read(TestCheckpoints.file("yolov8t.pt", files));
        JsonObject model = d.getAsJsonObject("model_object");
        // float16 tensors; the int64 ones are the num_batches_tracked buffers, which are left out
        assertThat(model.getAsJsonObject("state_dict_tensors_by_dtype")
                        .get("torch.float16")
                        .getAsInt())
                .isEqualTo(298);
        assertThat(c.stateDict()).hasSize(298);
        assertThat(c.modelClass()).isEqualTo("ultralytics.nn.tasks.DetectionModel");
        assertThat(c.root()).isEqualTo("best");
        assertThat(model.getAsJsonObject("attributes")
                        .getAsJsonObject("args")
                        .get("imgsz")
                        .getAsString())
                .isEqualTo("int: 128");
        assertThat(c.imgsz()).containsExactly(128);
        assertThat(c.yaml().orElseThrow().keySet())
                .containsExactly("nc", "scales", "backbone", "head", "scale", "yaml_file", "channels");
        assertThat(c.yaml().orElseThrow().get("scale")).isEqualTo("t");
        @SuppressWarnings("unchecked")
        List<Object> head = (List<Object>) c.yaml().orElseThrow().get("head");
        assertThat(head).hasSize(13);
        assertThat(head.get(12)).isEqualTo(List.of(List.of(15L, 18L, 21L), 1L, "Detect", List.of("nc")));
        assertThat(head.get(0)).isEqualTo(List.of(-1L, 1L, "nn.Upsample", List.of("None", 2L, "nearest")));
        CheckpointTensor first = c.stateDict().get("model.0.conv.weight");
        assertThat(first.shape()).containsExactly(8, 3, 3, 3);
        assertThat(first.dtype()).isEqualTo("F16");
        assertThat(c.stateDict())
                .containsKeys("model.0.bn.running_mean", "model.0.bn.running_var", "model.22.dfl.conv.weight");
        assertThat(c.trainArgs()).hasSize(115).containsEntry("task", "detect");
    }

    @Test
    void anUnstrippedLastPtGivesTheEmaModel() throws Exception {
        Checkpoint best = Checkpoint.read(TestCheckpoints.file("yolov8t.pt", files));
        Checkpoint last = Checkpoint.read(TestCheckpoints.file("yolov8t-last-unstripped.pt", files));
        assertThat(last.modelKey()).isEqualTo("ema");
        assertThat(last.root()).isEqualTo("archive");
        // strip_optimizer made best.pt from this EMA: same tensors, same values; the optimizer state is not read
        assertThat(last.stateDict()).isEqualTo(best.stateDict());
        assertThat(last.trainArgs()).hasSize(116);
        assertThat(last.globals()).contains("ultralytics.utils.IterableSimpleNamespace");
    }

    @Test
    void aClassifierKeepsItsTorchvisionTransformsInert() throws Exception {
        Checkpoint c = Checkpoint.read(TestCheckpoints.file("yolov8t-cls-shapes.pt", files));
        assertThat(c.globals())
                .contains(
                        "torchvision.transforms.transforms.Resize",
                        "__builtin__.getattr",
                        "torchvision.transforms.functional.InterpolationMode");
        assertThat(c.modelClass()).isEqualTo("ultralytics.nn.tasks.ClassificationModel");
        assertThat(c.stateDict()).containsKey("model.9.linear.weight");
    }
}
