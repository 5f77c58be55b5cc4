package dev.yamlnet.predict;

import java.util.List;
import java.util.Objects;

/**
 * One detected object, in original-picture pixels, as one row of Ultralytics' {@code Results}.
 *
 * @param classId the class index ({@code Results.boxes.cls})
 * @param name the class name from the checkpoint's {@code names} (or the index as text when there are none)
 * @param confidence the score of the best class ({@code Results.boxes.conf})
 * @param box the axis-aligned box; for oriented boxes the min/max of the corners ({@code obb.xyxy})
 * @param mask segment models: the mask at the original picture size; {@code null} otherwise
 * @param keypoints pose models: one per key point in the order of the model's {@code kpt_shape}; empty otherwise
 * @param obb OBB models: the rotated box; {@code null} otherwise
 */
public record Detection(
        int classId, String name, float confidence, Box box, Mask mask, List<Keypoint> keypoints, OrientedBox obb) {

    public Detection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(box, "box");
        keypoints = List.copyOf(keypoints);
    }

    /** A plain detection: no mask, no key points, no rotated box. */
    public static Detection of(int classId, String name, float confidence, Box box) {
        return new Detection(classId, name, confidence, box, null, List.of(), null);
    }
}
