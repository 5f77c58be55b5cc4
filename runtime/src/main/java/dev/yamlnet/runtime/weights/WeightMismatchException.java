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
    public enum Kind { MISSING, UNEXPECTED, SHAPE }

    private final transient List<Problem> problems;

    public WeightMismatchException(String file, List<Problem> problems) {
        super(message(file, problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String message(String file, List<Problem> problems) {
        long missing = problems.stream().filter(p -> p.kind() == Kind.MISSING).count();
        long unexpected = problems.stream().filter(p -> p.kind() == Kind.UNEXPECTED).count();
        long shape = problems.stream().filter(p -> p.kind() == Kind.SHAPE).count();
        StringBuilder sb = new StringBuilder("weights in ").append(file).append(" do not fit the model (")
                .append(missing).append(" missing, ").append(unexpected).append(" unexpected, ")
                .append(shape).append(" with the wrong shape)");
        for (Problem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
