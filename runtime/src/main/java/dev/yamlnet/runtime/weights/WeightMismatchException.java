package dev.yamlnet.runtime.weights;

import java.util.List;

/**
 * The file's tensors do not match the model's: every missing, unexpected and wrongly shaped tensor is
 * listed by its Ultralytics name with expected and found shapes, all in one message.
 */
public final class WeightMismatchException extends WeightLoadException {
    private static final long serialVersionUID = 1L;

    /** One problem with one tensor name. */
    public record Problem(Kind kind, String name, String expected, String found) {
        @Override
        public String toString() {
            return switch (kind) {
                case MISSING -> "missing " + name + ": the model expects " + expected + ", the file has no such tensor";
                case UNEXPECTED -> "unexpected " + name + " " + found + ": the model has no such tensor";
                case SHAPE -> "shape mismatch " + name + ": the model expects " + expected + ", the file has " + found;
            };
        }
    }

    /** Kinds of mismatch. */
    public enum Kind {
        MISSING,
        UNEXPECTED,
        SHAPE
    }

    private final transient List<Problem> problems;
    private final List<String> hints;

    public WeightMismatchException(String file, List<Problem> problems) {
        this(file, problems, List.of());
    }

    /** With hints from the model's blocks on how to make the file fit (printed after the problems). */
    public WeightMismatchException(String file, List<Problem> problems, List<String> hints) {
        super(message(file, problems, hints));
        this.problems = List.copyOf(problems);
        this.hints = List.copyOf(hints);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** How to make the file fit, when a block of the model recognised the mismatch (may be empty). */
    public List<String> hints() {
        return hints;
    }

    private static String message(String file, List<Problem> problems, List<String> hints) {
        long missing = problems.stream().filter(p -> p.kind() == Kind.MISSING).count();
        long unexpected =
                problems.stream().filter(p -> p.kind() == Kind.UNEXPECTED).count();
        long shape = problems.stream().filter(p -> p.kind() == Kind.SHAPE).count();
        StringBuilder sb = new StringBuilder("weights in ")
                .append(file)
                .append(" do not fit the model (")
                .append(missing)
                .append(" missing, ")
                .append(unexpected)
                .append(" unexpected, ")
                .append(shape)
                .append(" with the wrong shape)");
        for (Problem p : problems) {
            sb.append("\n  ").append(p);
        }
        for (String h : hints) {
            sb.append("\n  hint: ").append(h);
        }
        return sb.toString();
    }
}
