package dev.yamlnet.predict;

import java.util.List;

/**
 * The settings of one predict call, with Ultralytics 8.4.117's defaults.
 *
 * @param imgsz the input size the picture is fitted into (square side); 0 means "the checkpoint's training
 *     {@code imgsz}, else 640"
 * @param conf keep detections whose best-class score is strictly above this
 * @param iou NMS: suppress a box whose IoU with a kept box is above this (OBB: at or above, Fast-NMS)
 * @param maxDet keep at most this many detections per picture (after NMS)
 * @param classes keep only these class indices; empty keeps all
 * @param agnostic NMS across classes instead of per class (end-to-end heads: the head's agnostic top-k)
 * @param retinaMasks segment models: compute masks at the original picture size ({@code retina_masks=True})
 * @param letterbox how the picture is fitted
 * @param maxNms at most this many candidates enter NMS (the highest scores)
 */
public record PredictOptions(
        int imgsz,
        float conf,
        float iou,
        int maxDet,
        List<Integer> classes,
        boolean agnostic,
        boolean retinaMasks,
        LetterboxMode letterbox,
        int maxNms) {

    public PredictOptions {
        classes = List.copyOf(classes);
        if (imgsz < 0) {
            throw new IllegalArgumentException("imgsz must be 0 (the model's) or positive, got " + imgsz);
        }
        if (maxDet < 1 || maxNms < 1) {
            throw new IllegalArgumentException("max_det and max_nms must be at least 1");
        }
    }

    /** Ultralytics' defaults: conf 0.25, iou 0.7, max_det 300, all classes, per-class NMS, rectangular letterbox. */
    public static PredictOptions defaults() {
        return new PredictOptions(0, 0.25f, 0.7f, 300, List.of(), false, false, LetterboxMode.RECT, 30000);
    }

    public PredictOptions withImgsz(int value) {
        return new PredictOptions(value, conf, iou, maxDet, classes, agnostic, retinaMasks, letterbox, maxNms);
    }

    public PredictOptions withConf(float value) {
        return new PredictOptions(imgsz, value, iou, maxDet, classes, agnostic, retinaMasks, letterbox, maxNms);
    }

    public PredictOptions withIou(float value) {
        return new PredictOptions(imgsz, conf, value, maxDet, classes, agnostic, retinaMasks, letterbox, maxNms);
    }

    public PredictOptions withMaxDet(int value) {
        return new PredictOptions(imgsz, conf, iou, value, classes, agnostic, retinaMasks, letterbox, maxNms);
    }

    public PredictOptions withClasses(List<Integer> value) {
        return new PredictOptions(imgsz, conf, iou, maxDet, value, agnostic, retinaMasks, letterbox, maxNms);
    }

    public PredictOptions withAgnostic(boolean value) {
        return new PredictOptions(imgsz, conf, iou, maxDet, classes, value, retinaMasks, letterbox, maxNms);
    }

    public PredictOptions withRetinaMasks(boolean value) {
        return new PredictOptions(imgsz, conf, iou, maxDet, classes, agnostic, value, letterbox, maxNms);
    }

    public PredictOptions withLetterbox(LetterboxMode value) {
        return new PredictOptions(imgsz, conf, iou, maxDet, classes, agnostic, retinaMasks, value, maxNms);
    }
}
