package dev.yamlnet.core;

import java.util.Optional;

/**
 * The task of a model, guessed as Ultralytics does from the module name of its last row, and the
 * Python model class that task builds.
 */
public enum Task {
    DETECT("DetectionModel"),
    SEGMENT("SegmentationModel"),
    POSE("PoseModel"),
    OBB("OBBModel"),
    CLASSIFY("ClassificationModel");

    private final String modelClass;

    Task(String modelClass) {
        this.modelClass = modelClass;
    }

    public String modelClass() {
        return modelClass;
    }

    public String id() {
        return name().toLowerCase();
    }

    /** Ultralytics' {@code guess_model_task} for a model dict: by the last head module's name. */
    public static Optional<Task> guess(String lastModule) {
        String m = lastModule.toLowerCase();
        if (m.equals("classify") || m.equals("classifier") || m.equals("cls") || m.equals("fc")) {
            return Optional.of(CLASSIFY);
        }
        if (m.contains("detect")) {
            return Optional.of(DETECT);
        }
        if (m.contains("segment")) {
            return Optional.of(SEGMENT);
        }
        if (m.contains("pose")) {
            return Optional.of(POSE);
        }
        if (m.contains("obb")) {
            return Optional.of(OBB);
        }
        return Optional.empty();
    }
}
