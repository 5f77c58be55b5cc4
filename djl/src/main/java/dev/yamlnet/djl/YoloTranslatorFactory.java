package dev.yamlnet.djl;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Joints;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.Predictions;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link YoloTranslator}s for DJL's {@code Criteria}: from an {@link Image} to yamlnet's {@link Predictions},
 * DJL's {@link DetectedObjects}, {@link Classifications}, {@link Joints}{@code []} or {@link CategoryMask}.
 *
 * <p>The predict settings are criteria arguments, with Ultralytics' defaults: {@code conf} (or DJL's
 * {@code threshold}) 0.25, {@code iou} (or {@code nmsThreshold}) 0.7, {@code maxDet} 300, {@code classes} (a list
 * or {@code "0,2"}), {@code agnostic} false, {@code retinaMasks} false, {@code letterbox} {@code rect} or
 * {@code square}, {@code imgsz} (default: the model's training size).
 */
public final class YoloTranslatorFactory implements TranslatorFactory {
    private static final Set<Pair<Type, Type>> SUPPORTED = Set.of(
            new Pair<>(Image.class, Predictions.class),
            new Pair<>(Image.class, DetectedObjects.class),
            new Pair<>(Image.class, Classifications.class),
            new Pair<>(Image.class, Joints[].class),
            new Pair<>(Image.class, CategoryMask.class));

    /** Public for DJL's class-name lookup ({@code optArgument("translatorFactory", ...)}). */
    public YoloTranslatorFactory() {}

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return SUPPORTED;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments) {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException("yamlnet translates Image to Predictions, DetectedObjects, "
                    + "Classifications, Joints[] or CategoryMask, not " + input.getSimpleName() + " to "
                    + output.getSimpleName());
        }
        return (Translator<I, O>) new YoloTranslator<>(output, options(arguments));
    }

    /** The predict settings in DJL criteria arguments. */
    static PredictOptions options(Map<String, ?> arguments) {
        PredictOptions o = PredictOptions.defaults();
        Object v;
        if ((v = first(arguments, "conf", "threshold")) != null) {
            o = o.withConf(Float.parseFloat(v.toString()));
        }
        if ((v = first(arguments, "iou", "nmsThreshold")) != null) {
            o = o.withIou(Float.parseFloat(v.toString()));
        }
        if ((v = first(arguments, "maxDet", "max_det")) != null) {
            o = o.withMaxDet((int) Double.parseDouble(v.toString()));
        }
        if ((v = first(arguments, "imgsz", "imgsz")) != null) {
            o = o.withImgsz((int) Double.parseDouble(v.toString()));
        }
        if ((v = first(arguments, "agnostic", "agnostic_nms")) != null) {
            o = o.withAgnostic(Boolean.parseBoolean(v.toString()));
        }
        if ((v = first(arguments, "retinaMasks", "retina_masks")) != null) {
            o = o.withRetinaMasks(Boolean.parseBoolean(v.toString()));
        }
        if ((v = first(arguments, "letterbox", "letterbox")) != null) {
            o = o.withLetterbox(LetterboxMode.valueOf(v.toString().toUpperCase(Locale.ROOT)));
        }
        if ((v = first(arguments, "classes", "classes")) != null) {
            List<Integer> classes = new ArrayList<>();
            Collection<?> items =
                    v instanceof Collection<?> c ? c : List.of(v.toString().split(","));
            for (Object item : items) {
                String s = item.toString().trim();
                if (!s.isEmpty()) {
                    classes.add((int) Double.parseDouble(s));
                }
            }
            o = o.withClasses(classes);
        }
        return o;
    }

    private static Object first(Map<String, ?> arguments, String key, String alias) {
        Object v = arguments.get(key);
        return v != null ? v : arguments.get(alias);
    }
}
