package dev.yamlnet.predict;

import java.util.List;

/**
 * The post-processed result for one picture: the detections (detect, segment, pose, OBB, end-to-end models) or
 * the classification (classify models; {@code null} otherwise).
 */
public record Predictions(List<Detection> detections, Classification classification) {

    public Predictions {
        detections = List.copyOf(detections);
    }
}
