package dev.yamlnet.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.yamlnet.runtime.blocks.ConvBlock;
import dev.yamlnet.runtime.blocks.Layers;

/** Run in a fresh JVM by {@link OfflineEngineTest}: starts the engine and runs one Conv block. */
public final class OfflineEngineProbe {
    private OfflineEngineProbe() {}

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ConvBlock c = Layers.conv(3, 4, 3, 2, 1, 1, 1, true);
            c.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            NDArray y = c.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 3, 16, 16))), false)
                    .head();
            System.out.println(
                    "engine " + engine.getEngineName() + " " + engine.getVersion() + " forward " + y.getShape());
        }
    }
}
