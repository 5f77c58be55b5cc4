package dev.yamlnet.predict;

import java.util.List;

/**
 * What a classification model says about one picture, as Ultralytics' {@code Probs}: the five most likely classes
 * in descending probability, with their names and probabilities.
 */
public record Classification(List<Integer> top5, List<String> top5Names, List<Float> top5Confidence) {

    public Classification {
        top5 = List.copyOf(top5);
        top5Names = List.copyOf(top5Names);
        top5Confidence = List.copyOf(top5Confidence);
        if (top5.size() != top5Names.size() || top5.size() != top5Confidence.size()) {
            throw new IllegalArgumentException("top-5 lists differ in length");
        }
    }

    /** The most likely class index. */
    public int top1() {
        return top5.get(0);
    }
}
