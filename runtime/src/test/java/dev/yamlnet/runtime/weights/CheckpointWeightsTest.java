package dev.yamlnet.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yamlnet.checkpoint.Checkpoint;
import dev.yamlnet.checkpoint.CheckpointTensor;
import dev.yamlnet.checkpoint.TestCheckpoints;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code .pt} is a weight file like the others: its state dict, by name, float32, read without an engine. */
class CheckpointWeightsTest {
    @TempDir
    Path tmp;

    @Test
    void aCheckpointReadsAsItsStateDict() throws Exception {
        Path pt = TestCheckpoints.file("yolov8t.pt", tmp);
        Map<String, Tensor> tensors = WeightLoader.read(pt);
        Map<String, CheckpointTensor> state = Checkpoint.read(pt).stateDict();
        assertThat(tensors.keySet()).containsExactlyElementsOf(state.keySet());
        Tensor w = tensors.get("model.0.conv.weight");
        assertThat(w.dtype()).isEqualTo("F16");
        assertThat(w.shape()).containsExactly(8, 3, 3, 3);
        assertThat(w.data()).containsExactly(state.get("model.0.conv.weight").data());
        assertThat(tensors.keySet()).noneMatch(k -> k.endsWith("num_batches_tracked"));
    }

    @Test
    void aRefusedCheckpointIsAWeightLoadErrorNamingTheFile() throws Exception {
        Path pt = TestCheckpoints.file("hostile/builtins-eval.pt", tmp);
        assertThatThrownBy(() -> WeightLoader.read(pt))
                .isInstanceOf(WeightLoadException.class)
                .hasMessageStartingWith(pt + ": refusing global 'builtins.eval'");
        Path cut = TestCheckpoints.file("hostile/truncated-half.pt", tmp);
        assertThatThrownBy(() -> WeightLoader.read(cut))
                .isInstanceOf(WeightLoadException.class)
                .hasMessageContaining("truncated");
    }
}
