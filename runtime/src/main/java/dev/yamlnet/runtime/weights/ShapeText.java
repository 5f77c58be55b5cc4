package dev.yamlnet.runtime.weights;

/** Shapes printed the way PyTorch users read them: {@code (64, 3, 3, 3)}, {@code (8,)} hidden as {@code (8)}. */
final class ShapeText {
    private ShapeText() {}

    static String of(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }
}
