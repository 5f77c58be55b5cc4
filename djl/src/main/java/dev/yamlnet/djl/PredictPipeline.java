package dev.yamlnet.djl;

import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.Task;
import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.ImageResult;
import dev.yamlnet.predict.ModelHead;
import dev.yamlnet.predict.ModelInput;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.Predictions;
import dev.yamlnet.predict.RawOutput;
import dev.yamlnet.predict.Speed;
import dev.yamlnet.predict.image.Preprocess;
import dev.yamlnet.predict.post.Postprocess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' predictor around an engine: pre-processing, one forward pass per batch, post-processing, with the
 * time of each step. The engine is a function from a batch tensor to the model's outputs, so {@link YoloModel} and
 * the DJL {@code Translator} share this code.
 */
public final class PredictPipeline {
    /** The default image size when neither the options nor the model give one (Ultralytics' 640). */
    public static final int DEFAULT_IMGSZ = 640;

    /** Runs a model on a batch {@code [B, C, H, W]} and returns its outputs in Ultralytics' order. */
    @FunctionalInterface
    public interface Forward {
        List<RawOutput> run(float[] batch, long[] shape);
    }

    private final ModelHead head;
    private final int defaultImgsz;

    /**
     * @param head what post-processing must know about the model
     * @param defaultImgsz the image size used when the options give 0 (the checkpoint's training size)
     */
    public PredictPipeline(ModelHead head, int defaultImgsz) {
        this.head = head;
        this.defaultImgsz = defaultImgsz;
    }

    public ModelHead head() {
        return head;
    }

    /** The image size predict uses for these options: theirs, else the model's, as Ultralytics' check_imgsz rounds it. */
    public int imgsz(PredictOptions options) {
        int size = options.imgsz() > 0 ? options.imgsz() : defaultImgsz;
        if (head.task() == Task.CLASSIFY) {
            return size;
        }
        return Preprocess.checkImgsz(size, Math.max(1, head.stride()));
    }

    /**
     * The head of a compiled model: its task, the class names (by index; missing ones print their index), the key
     * point shape of a pose head, whether the head is end-to-end, and the largest stride.
     */
    public static ModelHead head(ModelIr ir, Map<Integer, String> names) {
        LayerIr last = ir.layers().get(ir.layers().size() - 1);
        List<Value> args = last.args();
        int kpts = 0;
        int values = 0;
        if (ir.task() == Task.POSE
                && args.size() > 1
                && args.get(1) instanceof Value.Seq seq
                && seq.items().size() == 2) {
            kpts = intValue(seq.items().get(0));
            values = intValue(seq.items().get(1));
        }
        // Ultralytics appends reg_max, end2end and the input channels to a head's arguments
        boolean endToEnd = ir.task() != Task.CLASSIFY
                && args.size() >= 2
                && args.get(args.size() - 2) instanceof Value.Bool b
                && b.value();
        int stride = (int) Math.round(
                ir.strides().stream().mapToDouble(Double::doubleValue).max().orElse(32));
        return new ModelHead(ir.task(), names, kpts, values, endToEnd, Math.max(stride, 1));
    }

    private static int intValue(Value v) {
        return v instanceof Value.Int i ? i.value().intValueExact() : 0;
    }

    /**
     * One pre-processed batch: the pictures' inputs and the batch tensor {@code [B, 3, H, W]}, with the time
     * pre-processing took.
     */
    public record Batch(List<ModelInput> inputs, float[] tensor, long[] shape, long preprocessNanos) {}

    /**
     * Pre-processes a batch. As in Ultralytics, the rectangular letterbox applies only when every picture of the
     * batch has the same size; otherwise the batch is letterboxed to the full square.
     */
    public Batch prepare(List<BgrImage> images, PredictOptions options) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no pictures to predict");
        }
        long t0 = System.nanoTime();
        int imgsz = imgsz(options);
        List<ModelInput> inputs;
        if (head.task() == Task.CLASSIFY) {
            inputs = new ArrayList<>(images.size());
            for (BgrImage image : images) {
                inputs.add(Preprocess.forClassification(image, imgsz));
            }
        } else {
            inputs = Preprocess.forDetection(images, imgsz, options.letterbox(), head.stride());
        }
        ModelInput first = inputs.get(0);
        int plane = first.pixels().length;
        float[] tensor = new float[Math.multiplyExact(plane, inputs.size())];
        for (int i = 0; i < inputs.size(); i++) {
            System.arraycopy(inputs.get(i).pixels(), 0, tensor, i * plane, plane);
        }
        long[] shape = {inputs.size(), 3, first.height(), first.width()};
        return new Batch(inputs, tensor, shape, System.nanoTime() - t0);
    }

    /** Post-processes the model's outputs for a batch: one {@link Predictions} per picture. */
    public List<Predictions> finish(List<RawOutput> outputs, Batch batch, PredictOptions options) {
        return Postprocess.apply(head, outputs, batch.inputs(), options.withImgsz(imgsz(options)));
    }

    /**
     * Predicts one batch: every picture is pre-processed, the batch runs in one forward pass, and each picture gets
     * its results (see {@link #prepare} for the letterbox of mixed sizes).
     *
     * @param paths how each picture is named in its result
     */
    public List<ImageResult> run(Forward forward, List<BgrImage> images, List<String> paths, PredictOptions options) {
        if (images.isEmpty()) {
            return List.of();
        }
        Batch batch = prepare(images, options);
        long t1 = System.nanoTime();
        List<RawOutput> outputs = forward.run(batch.tensor(), batch.shape());
        long t2 = System.nanoTime();
        List<Predictions> predictions = finish(outputs, batch, options);
        long t3 = System.nanoTime();
        double n = images.size();
        Speed speed = new Speed(batch.preprocessNanos() / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n);
        List<ImageResult> results = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            BgrImage image = images.get(i);
            results.add(new ImageResult(paths.get(i), image.width(), image.height(), predictions.get(i), speed));
        }
        return results;
    }
}
