package dev.yamlnet.djl;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.BoundingBox;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Joints;
import ai.djl.modality.cv.output.Landmark;
import ai.djl.modality.cv.output.Point;
import ai.djl.modality.cv.output.Rectangle;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.yamlnet.core.Task;
import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.Classification;
import dev.yamlnet.predict.Detection;
import dev.yamlnet.predict.Keypoint;
import dev.yamlnet.predict.ModelHead;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.Predictions;
import dev.yamlnet.predict.RawOutput;
import dev.yamlnet.predict.image.Pictures;
import dev.yamlnet.runtime.NativeArrays;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL {@code Translator} from a picture to what a yamlnet model finds in it, with Ultralytics 8.4.117's pre- and
 * post-processing (letterbox, NMS or the end-to-end top-k, masks, key points, rotated boxes, top-5): the same code
 * {@code yamlnet predict} and {@link YoloModel#predict(java.nio.file.Path)} run. It works with a model built by
 * {@link YoloBlockFactory}, which leaves the model's head in its properties.
 *
 * <p>Outputs: yamlnet's own {@link Predictions} for every task; DJL's {@link DetectedObjects} for detect, segment
 * (each box a DJL {@code Mask} at the picture's size), pose (each box a {@link Landmark} with the key points) and OBB
 * (each box a {@link Landmark} with the four corners; the rectangle is their hull); {@link Joints}{@code []} for pose;
 * {@link CategoryMask} for segment (0 = background, class {@code i} = {@code i + 1}); {@link Classifications} (the
 * top 5) for classify. DJL's boxes and points are fractions of the picture's width and height.
 *
 * @param <O> the output type
 */
public final class YoloTranslator<O> implements NoBatchifyTranslator<Image, O> {
    private static final String BATCH = "yamlnet.batch";

    private final Class<O> output;
    private final PredictOptions options;
    private PredictPipeline pipeline;

    YoloTranslator(Class<O> output, PredictOptions options) {
        this.output = output;
        this.options = options;
    }

    @Override
    public void prepare(TranslatorContext ctx) {
        pipeline = pipeline(ctx.getModel());
    }

    /** The model's head and image size, as {@link YoloBlockFactory} recorded them. */
    static PredictPipeline pipeline(Model model) {
        String task = model.getProperty(YoloBlockFactory.TASK);
        if (task == null) {
            throw new IllegalStateException("model " + model.getName() + " was not built by yamlnet's "
                    + "YoloBlockFactory: use YoloCriteria.builder or optArgument(\"blockFactory\", ...)");
        }
        Map<Integer, String> names = new HashMap<>();
        model.getProperties().forEach((k, v) -> {
            if (k.startsWith(YoloBlockFactory.NAME_PREFIX)) {
                names.put(Integer.parseInt(k.substring(YoloBlockFactory.NAME_PREFIX.length())), v);
            }
        });
        String[] kpt = model.getProperty(YoloBlockFactory.KPT, "0,0").split(",", -1);
        ModelHead head = new ModelHead(
                Task.valueOf(task),
                names,
                Integer.parseInt(kpt[0]),
                Integer.parseInt(kpt[1]),
                Boolean.parseBoolean(model.getProperty(YoloBlockFactory.END2END, "false")),
                Integer.parseInt(model.getProperty(YoloBlockFactory.STRIDE, "32")));
        return new PredictPipeline(
                head,
                Integer.parseInt(
                        model.getProperty(YoloBlockFactory.IMGSZ, Integer.toString(PredictPipeline.DEFAULT_IMGSZ))));
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        PredictPipeline.Batch batch = pipeline.prepare(List.of(bgr(input)), options);
        ctx.setAttachment(BATCH, batch);
        return new NDList(NativeArrays.floats(ctx.getNDManager(), batch.tensor(), batch.shape()));
    }

    /** The picture as OpenCV would hand it to Ultralytics: B, G, R bytes. */
    static BgrImage bgr(Image image) {
        if (image.getWrappedImage() instanceof BufferedImage b) {
            return Pictures.fromBufferedImage(b);
        }
        // another ImageFactory (OpenCV...): its RGB bytes, HWC
        byte[] px;
        try (NDManager manager = NDManager.newBaseManager()) {
            px = image.toNDArray(manager, Image.Flag.COLOR)
                    .toType(DataType.UINT8, false)
                    .toByteArray();
        }
        for (int i = 0; i < px.length; i += 3) {
            byte r = px[i];
            px[i] = px[i + 2];
            px[i + 2] = r;
        }
        return new BgrImage(image.getWidth(), image.getHeight(), px);
    }

    @Override
    public O processOutput(TranslatorContext ctx, NDList list) {
        PredictPipeline.Batch batch = (PredictPipeline.Batch) ctx.getAttachment(BATCH);
        List<RawOutput> raw = new ArrayList<>(list.size());
        for (NDArray y : list) {
            raw.add(new RawOutput(y.getShape().getShape(), NativeArrays.values(y)));
        }
        Predictions p = pipeline.finish(raw, batch, options).get(0);
        int w = batch.inputs().get(0).originalWidth();
        int h = batch.inputs().get(0).originalHeight();
        return output.cast(convert(p, output, pipeline.head(), w, h));
    }

    /** Converts yamlnet's results for a {@code w x h} picture to the output type. */
    static Object convert(Predictions p, Class<?> output, ModelHead head, int w, int h) {
        if (output == Predictions.class) {
            return p;
        }
        if (output == Classifications.class) {
            Classification c = p.classification();
            if (c == null) {
                throw new IllegalArgumentException("a " + head.task().name().toLowerCase(java.util.Locale.ROOT)
                        + " model gives no classes: " + "ask for DetectedObjects");
            }
            List<Double> probs = new ArrayList<>();
            c.top5Confidence().forEach(f -> probs.add((double) f));
            return new Classifications(c.top5Names(), probs);
        }
        if (output == DetectedObjects.class) {
            return detectedObjects(p, w, h);
        }
        if (output == Joints[].class) {
            Joints[] joints = new Joints[p.detections().size()];
            for (int i = 0; i < joints.length; i++) {
                List<Joints.Joint> list = new ArrayList<>();
                for (Keypoint k : p.detections().get(i).keypoints()) {
                    list.add(new Joints.Joint(k.x() / w, k.y() / h, Float.isNaN(k.visibility()) ? 1 : k.visibility()));
                }
                joints[i] = new Joints(list);
            }
            return joints;
        }
        if (output == CategoryMask.class) {
            int[][] mask = new int[h][w];
            List<Detection> byConfidence = new ArrayList<>(p.detections());
            byConfidence.sort(Comparator.comparingDouble(Detection::confidence));
            for (Detection d : byConfidence) {
                if (d.mask() == null) {
                    continue;
                }
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (d.mask().get(x, y)) {
                            mask[y][x] = d.classId() + 1;
                        }
                    }
                }
            }
            List<String> classes = new ArrayList<>();
            classes.add("background");
            int nc = head.names().keySet().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(-1)
                    + 1;
            for (int i = 0; i < nc; i++) {
                classes.add(head.name(i));
            }
            return new CategoryMask(classes, mask);
        }
        throw new IllegalArgumentException("yamlnet's translator has no " + output.getName() + " output");
    }

    private static DetectedObjects detectedObjects(Predictions p, int w, int h) {
        List<String> names = new ArrayList<>();
        List<Double> probs = new ArrayList<>();
        List<BoundingBox> boxes = new ArrayList<>();
        for (Detection d : p.detections()) {
            names.add(d.name());
            probs.add((double) d.confidence());
            double x = d.box().x1() / w;
            double y = d.box().y1() / h;
            double bw = d.box().width() / w;
            double bh = d.box().height() / h;
            if (d.mask() != null) {
                float[][] dist = new float[d.mask().height()][d.mask().width()];
                for (int r = 0; r < dist.length; r++) {
                    for (int c = 0; c < dist[r].length; c++) {
                        dist[r][c] = d.mask().get(c, r) ? 1 : 0;
                    }
                }
                boxes.add(new ai.djl.modality.cv.output.Mask(x, y, bw, bh, dist, true));
            } else if (!d.keypoints().isEmpty()) {
                List<Point> points = new ArrayList<>();
                for (Keypoint k : d.keypoints()) {
                    points.add(new Point(k.x() / w, k.y() / h));
                }
                boxes.add(new Landmark(x, y, bw, bh, points));
            } else if (d.obb() != null) {
                List<Point> points = new ArrayList<>();
                for (float[] corner : d.obb().corners()) {
                    points.add(new Point(corner[0] / w, corner[1] / h));
                }
                boxes.add(new Landmark(x, y, bw, bh, points));
            } else {
                boxes.add(new Rectangle(x, y, bw, bh));
            }
        }
        return new DetectedObjects(names, probs, boxes);
    }
}
