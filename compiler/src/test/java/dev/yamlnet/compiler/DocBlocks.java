package dev.yamlnet.compiler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the Markdown docs, for the tests that check that what the docs show is
 * what yamlnet does. A block may carry a marker: an HTML comment alone on the line right before its
 * opening fence (invisible on GitHub), e.g. {@code <!-- invalid: E0502 -->} for a model that is
 * broken on purpose, or {@code <!-- not-checked: timings differ on every run -->} for console output
 * that cannot be reproduced.
 */
public final class DocBlocks {
    private DocBlocks() {}

    /** An HTML comment alone on a line. */
    public static final Pattern MARKER = Pattern.compile("^<!--\\s*(.*?)\\s*-->$");

    private static final Pattern OPEN = Pattern.compile("^(\\s*)```\\s*([A-Za-z0-9_-]*)\\s*$");
    private static final Pattern INVALID = Pattern.compile("^invalid:\\s*([EW]\\d{4})$");

    /**
     * One fenced block.
     *
     * @param where {@code docs/cli.md:12}: the file relative to the repository and the line of the opening fence
     * @param language the info string ({@code yaml}, {@code console}, empty)
     * @param text the lines between the fences, their common fence indentation removed, each ending in a newline
     * @param marker the text of the marker comment right before the fence
     */
    public record Block(String where, String language, String text, Optional<String> marker) {}

    /** README.md of the repository and every docs/*.md, in a stable order. */
    public static List<Path> documents(Path docs) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(docs.getParent().resolve("README.md"));
        try (Stream<Path> s = Files.list(docs)) {
            s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** The blocks of one file; {@code root} is what {@link Block#where()} is relative to. */
    public static List<Block> read(Path file, Path root) throws IOException {
        String name = root.relativize(file).toString().replace('\\', '/');
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = OPEN.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            int start = i;
            StringBuilder text = new StringBuilder();
            i++;
            while (i < lines.size() && !lines.get(i).trim().equals("```")) {
                String line = lines.get(i);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading())
                        .append('\n');
                i++;
            }
            if (i == lines.size()) {
                throw new IllegalStateException(name + ":" + (start + 1) + ": the block is never closed");
            }
            Optional<String> marker = Optional.empty();
            if (start > 0) {
                Matcher m = MARKER.matcher(lines.get(start - 1).trim());
                if (m.matches()) {
                    marker = Optional.of(m.group(1));
                }
            }
            out.add(new Block(name + ":" + (start + 1), open.group(2), text.toString(), marker));
        }
        return out;
    }

    /** The code of an {@code <!-- invalid: E0502 -->} marker. */
    public static Optional<String> invalidCode(Block block) {
        return block.marker().map(INVALID::matcher).filter(Matcher::matches).map(m -> m.group(1));
    }
}
