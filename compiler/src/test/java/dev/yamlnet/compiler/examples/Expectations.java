package dev.yamlnet.compiler.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a broken example declares about itself, in comments, so that the file and its expected
 * diagnostics are reviewed together:
 *
 * <ul>
 *   <li>{@code # expect: E0502 @18} at the end of the offending line: one diagnostic per code on
 *       that line, at the given column when {@code @column} follows the code;
 *   <li>{@code # expect-file: E0505} on a line of its own: a diagnostic without a position;
 *   <li>{@code # imgsz: 650} and {@code # scale: s} on lines of their own: compile options.
 * </ul>
 *
 * Warnings are compared only when the file declares at least one.
 */
record Expectations(List<Expected> diagnostics, Optional<Integer> imgsz, Optional<String> scale) {
    /** One expected diagnostic; line 0 is file-level, a null column matches any column. */
    record Expected(String code, int line, Integer column) {
        @Override
        public String toString() {
            return code + " at " + (line == 0 ? "file level" : line + (column == null ? "" : ":" + column));
        }
    }

    private static final Pattern EXPECT = Pattern.compile("#.*?\\bexpect:(.*)$");
    private static final Pattern EXPECT_FILE = Pattern.compile("^\\s*#\\s*expect-file:(.*)$");
    private static final Pattern IMGSZ = Pattern.compile("^\\s*#\\s*imgsz:\\s*(\\d+)\\s*$");
    private static final Pattern SCALE = Pattern.compile("^\\s*#\\s*scale:\\s*(\\S+)\\s*$");
    private static final Pattern CODE = Pattern.compile("[EW]\\d{4}");
    private static final Pattern COLUMN = Pattern.compile("@(\\d+)");

    Expectations {
        diagnostics = List.copyOf(diagnostics);
    }

    /** Reads the declarations; a malformed one is an error in the example, not a silent no-op. */
    static Expectations parse(String text) {
        List<Expected> out = new ArrayList<>();
        Optional<Integer> imgsz = Optional.empty();
        Optional<String> scale = Optional.empty();
        // YAML 1.1 line breaks, as the compiler counts lines (NEL, LS and PS included)
        String[] lines = text.split("\r\n|[\r\n\u0085\u2028\u2029]", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            Matcher m;
            if ((m = EXPECT_FILE.matcher(line)).matches()) {
                for (String token : tokens(m.group(1))) {
                    if (!CODE.matcher(token).matches()) {
                        throw new IllegalArgumentException(
                                "line " + number + ": '" + token + "' is not a diagnostic code");
                    }
                    out.add(new Expected(token, 0, null));
                }
            } else if ((m = IMGSZ.matcher(line)).matches()) {
                imgsz = Optional.of(Integer.parseInt(m.group(1)));
            } else if ((m = SCALE.matcher(line)).matches()) {
                scale = Optional.of(m.group(1));
            } else if ((m = EXPECT.matcher(line)).find()) {
                List<String> tokens = tokens(m.group(1));
                if (tokens.isEmpty()) {
                    throw new IllegalArgumentException("line " + number + ": 'expect:' without a code");
                }
                for (String token : tokens) {
                    Matcher col = COLUMN.matcher(token);
                    if (CODE.matcher(token).matches()) {
                        out.add(new Expected(token, number, null));
                    } else if (col.matches()
                            && !out.isEmpty()
                            && out.get(out.size() - 1).line() == number
                            && out.get(out.size() - 1).column() == null) {
                        Expected last = out.remove(out.size() - 1);
                        out.add(new Expected(last.code(), number, Integer.parseInt(col.group(1))));
                    } else {
                        throw new IllegalArgumentException(
                                "line " + number + ": cannot read '" + token + "' in 'expect:'");
                    }
                }
            }
        }
        return new Expectations(out, imgsz, scale);
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    boolean isEmpty() {
        return diagnostics.isEmpty();
    }

    boolean checksWarnings() {
        return diagnostics.stream().anyMatch(e -> e.code().startsWith("W"));
    }
}
