package dev.yamlnet.compiler;

/**
 * Bounds on what a model may ask for, so that a mistyped or hostile file gets a clear error
 * instead of exhausting memory. The defaults are far above the largest stock model (YOLOv5x6:
 * 34 layers, 155 M parameters, 1280 channels).
 */
public record ModelLimits(int maxLayers, int maxRepeats, int maxChannels, long maxParams, int maxImgsz) {
    public static final ModelLimits DEFAULT = new ModelLimits(1_000, 100, 65_536, 2_000_000_000L, 16_384);
}
