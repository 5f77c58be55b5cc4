package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.example.models.Yolov8nBot3Model;
import dev.yamlnet.runtime.ModelGraph;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Uses the class yamlnet-maven-plugin generated from src/main/yamlnet/yolov8n-bot3.yaml: build the
 * block, initialise it with random weights, and run one image through it.
 */
class Yolov8nBot3ModelTest {

    @Test
    void generatedModelRunsOnDjl() {
        ModelGraph block = Yolov8nBot3Model.block();
        int size = Yolov8nBot3Model.IMGSZ;
        Shape input = new Shape(1, 3, size, size);
        try (Model model = Model.newInstance("yolov8n-bot3", Device.cpu(), "PyTorch")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, input);

            // Ultralytics counts every tensor but BatchNorm's running statistics (buffers)
            Map<String, Parameter> parameters = new TreeMap<>();
            block.collectParameters("", parameters);
            long count = parameters.values().stream()
                    .filter(p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR)
                    .mapToLong(p -> p.getShape().size())
                    .sum();
            assertEquals(2_916_816L, count, "Ultralytics 8.4.117: YOLOv8n-bot3 summary: 2,916,816 parameters");
            assertTrue(parameters.containsKey("model.0.conv.weight"), "Ultralytics state-dict names");

            try (NDManager call = model.getNDManager().newSubManager()) {
                NDArray image = call.randomUniform(0f, 1f, input);
                NDArray y = block.forward(new ParameterStore(call, false), new NDList(image), false).head();
                // [1, 4 + nc, anchors]: 80 classes, 80x80 + 40x40 + 20x20 = 8400 anchors at 640
                assertEquals(new Shape(1, 84, 8400), y.getShape());
                assertTrue(Float.isFinite(y.sum().getFloat()), "finite output");
            }
        }
        assertEquals(640, size);
        assertEquals(80, Yolov8nBot3Model.NC);
        assertArrayEquals(new int[] {8, 16, 32}, Yolov8nBot3Model.strides());
    }
}
