package dev.yamlnet.compiler.ir;

import dev.yamlnet.core.Task;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A compiled model: every layer resolved and shaped for one image size, with the totals
 * Ultralytics' summary line reports.
 *
 * @param name the model's name as Ultralytics titles it ({@code yolov8n}: the requested file's stem)
 * @param source the file that was read
 * @param scale the scale letter in use, "" when the file has none
 * @param scales the keys of the file's {@code scales} table in file order, empty when it has none
 * @param layerCount Ultralytics' "layers": leaf modules, shared ones once
 * @param gflops GFLOPs at 640 as yamlnet counts them (Ultralytics' figure where it has one)
 * @param gflopsUltralytics GFLOPs at 640 as Ultralytics prints them; empty when its counter fails
 * @param gflopsImgsz GFLOPs at {@code imgsz} (same rules)
 * @param fusedLabel whether Ultralytics titles the summary "(fused)" (fewer than 10 norm layers)
 * @param gflopsTorch2 GFLOPs at 640 with thop's {@code nn.MultiheadAttention} rule, which exists only on
 *     torch 2 or newer (the reference figures, {@code gflops}, are torch 1.13's, where such layers cost
 *     nothing); present only for models holding an {@code nn.MultiheadAttention} (RT-DETR)
 */
public record ModelIr(
        String name,
        String source,
        String scale,
        List<String> scales,
        double depth,
        double width,
        double maxChannels,
        int imgsz,
        int channels,
        Task task,
        Integer nc,
        List<LayerIr> layers,
        long params,
        long gradients,
        int layerCount,
        double gflops,
        OptionalDouble gflopsUltralytics,
        double gflopsImgsz,
        List<Double> strides,
        List<Integer> save,
        boolean fusedLabel,
        OptionalDouble gflopsTorch2) {

    public ModelIr {
        scales = List.copyOf(scales);
        layers = List.copyOf(layers);
        strides = List.copyOf(strides);
        save = List.copyOf(save);
    }

    /** The same model under another name (to tell apart two scales of one file side by side). */
    public ModelIr withName(String newName) {
        return new ModelIr(
                newName,
                source,
                scale,
                scales,
                depth,
                width,
                maxChannels,
                imgsz,
                channels,
                task,
                nc,
                layers,
                params,
                gradients,
                layerCount,
                gflops,
                gflopsUltralytics,
                gflopsImgsz,
                strides,
                save,
                fusedLabel,
                gflopsTorch2);
    }

    /** BatchNorm epsilon Ultralytics sets in detection-family models ({@code initialize_weights}). */
    public static final float DETECTION_BN_EPS = 1e-3f;
    /** PyTorch's default BatchNorm epsilon, kept by classification models. */
    public static final float CLASSIFICATION_BN_EPS = 1e-5f;

    /** 1e-3 for detection-family models, PyTorch's 1e-5 for classification models, as Ultralytics builds them. */
    public float batchNormEpsilon() {
        return task == Task.CLASSIFY ? CLASSIFICATION_BN_EPS : DETECTION_BN_EPS;
    }
}
