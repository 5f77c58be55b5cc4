package dev.yamlnet.compiler.syntax;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.Value;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The front door: bytes to a {@link Value} tree with a span on every value, or diagnostics.
 *
 * <p>It uses SnakeYAML's compose layer only (nodes with marks, never Java objects), types plain
 * scalars as PyYAML does, refuses every tag outside the YAML core types (so {@code !!python/...}
 * and {@code !!java...} can never become objects), reports duplicate keys at both places, and
 * bounds the work a hostile file can cause: file size, nesting depth, aliases and the number of
 * values after alias expansion.
 */
public final class SourceLoader {
    /**
     * Limits on what one model file may cost; the defaults are far above any real model.
     *
     * @param maxBytes the largest file, in bytes (and characters)
     * @param maxDepth how deeply lists and mappings may nest
     * @param maxAliases how many aliases of lists or mappings the file may use
     * @param maxValues how many values (scalars, lists, mappings) the document may hold once every
     *     alias is expanded; the parser's events are counted first, so a file with more is refused
     *     before any node is built
     * @param maxExpandedChars how many characters of scalar text the document may hold once every
     *     alias is expanded: an alias of a long scalar costs its length each time it is used
     */
    public record Limits(int maxBytes, int maxDepth, int maxAliases, int maxValues, long maxExpandedChars) {
        public static final Limits DEFAULT = new Limits(4 * 1024 * 1024, 64, 64, 200_000, 4L * 1024 * 1024);

        /** Limits whose expanded text may be as large as the file itself. */
        public Limits(int maxBytes, int maxDepth, int maxAliases, int maxValues) {
            this(maxBytes, maxDepth, maxAliases, maxValues, maxBytes);
        }
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Limits limits;

    public SourceLoader() {
        this(Limits.DEFAULT);
    }

    public SourceLoader(Limits limits) {
        this.limits = limits;
    }

    /**
     * Decodes raw bytes as UTF-8 (a leading byte-order mark is dropped). Undecodable bytes are an
     * error at the line and column where they occur; Ultralytics silently drops them instead.
     */
    public Optional<SourceFile> decode(String name, byte[] bytes, Diagnostics diags) {
        if (bytes.length > limits.maxBytes()) {
            diags.report(
                            DiagCode.E0006,
                            Span.NONE,
                            "file is " + bytes.length + " bytes, more than the limit of " + limits.maxBytes())
                    .hint("model files are a few kilobytes; check that this is the right file")
                    .emit();
            return Optional.empty();
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int offset =
                bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf
                        ? 3
                        : 0;
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
            return Optional.of(new SourceFile(name, text));
        } catch (MalformedInputException e) {
            int bad = findBadByte(bytes, offset);
            String before = new String(bytes, offset, Math.max(bad - offset, 0), StandardCharsets.UTF_8);
            int line = 1;
            int col = 1;
            for (int i = 0; i < before.length(); i++) {
                if (before.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            diags.report(
                            DiagCode.E0002,
                            Span.NONE,
                            String.format(
                                    "byte 0x%02x at line %d, column %d is not valid UTF-8",
                                    bytes[bad] & 0xff, line, col))
                    .hint("save the file as UTF-8")
                    .emit();
            return Optional.empty();
        } catch (CharacterCodingException e) {
            diags.report(DiagCode.E0002, Span.NONE, "file is not valid UTF-8")
                    .hint("save the file as UTF-8")
                    .emit();
            return Optional.empty();
        }
    }

    private static int findBadByte(byte[] bytes, int offset) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return Math.min(in.position(), bytes.length - 1);
    }

    /** Parses the text into values; returns empty after reporting when the file is unusable. */
    public Optional<Value> load(SourceFile source, Diagnostics diags) {
        if (source.text().length() > limits.maxBytes()) {
            diags.error(
                    DiagCode.E0006, Span.NONE, "file is larger than the limit of " + limits.maxBytes() + " characters");
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by us, with both positions
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(limits.maxBytes());
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        // Compose only, never construct: every tag reaches the converter, which refuses it with E0005
        // at its position (SnakeYAML's own inspector would reject global tags as a syntax error).
        options.setTagInspector(tag -> true);
        Yaml yaml = new Yaml(
                new SafeConstructor(options),
                new Representer(new DumperOptions()),
                new DumperOptions(),
                options,
                new PyYamlResolver());
        // the stretch check first: the value count runs SnakeYAML's parser, which is what long stretches slow down
        if (!withinTokenLimit(source, diags) || !withinValueBudget(source, yaml, diags)) {
            return Optional.empty();
        }
        Node root;
        try {
            Iterable<Node> documents = yaml.composeAll(new StringReader(source.text()));
            List<Node> nodes = new ArrayList<>();
            for (Node n : documents) {
                nodes.add(n);
                if (nodes.size() > 1) {
                    Span at = span(n);
                    diags.report(DiagCode.E0008, at, "a model file holds one YAML document, this is the second")
                            .hint("remove the '---' separator and everything after it, or split the file")
                            .emit();
                    return Optional.empty();
                }
            }
            root = nodes.isEmpty() ? null : nodes.get(0);
        } catch (org.yaml.snakeyaml.reader.ReaderException e) {
            Span at = codePointSpan(source, e.getPosition());
            diags.report(
                            DiagCode.E0003,
                            at,
                            String.format("control character U+%04X is not allowed in YAML", e.getCodePoint()))
                    .hint("remove it; YAML files hold printable text only")
                    .emit();
            return Optional.empty();
        } catch (MarkedYAMLException e) {
            reportYamlError(e, source, diags);
            return Optional.empty();
        } catch (YAMLException e) {
            reportLimit(e, source, yaml, diags);
            return Optional.empty();
        } catch (StackOverflowError e) {
            diags.error(DiagCode.E0006, Span.NONE, "YAML is nested too deeply");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            // SnakeYAML's own checks outside its parser, such as a tag whose %-escapes decode to a
            // space ('Tag must not contain leading or trailing spaces', a fuzzer finding)
            diags.report(DiagCode.E0003, Span.NONE, "malformed YAML: " + firstLine(String.valueOf(e.getMessage())))
                    .hint("check the tags ('!...') and directives ('%...') in the file")
                    .emit();
            return Optional.empty();
        }
        if (root == null || isEmptyScalar(root)) {
            diags.report(DiagCode.E0007, Span.NONE, "the file holds no YAML document")
                    .hint("a model file is a mapping with at least 'backbone' and 'head'")
                    .emit();
            return Optional.empty();
        }
        Converter converter = new Converter(diags);
        Value value = converter.convert(root, 0);
        if (converter.overBudget || converter.refused) {
            return Optional.empty(); // a refused tag or value would only cause follow-on errors
        }
        return Optional.ofNullable(value);
    }

    /**
     * Counts the parser's events (scalars, aliases, starts of lists and mappings) without building
     * any node, so that a file holding more values than the budget (a 4 MB flow-style list of
     * numbers) is refused in constant memory instead of after SnakeYAML has built a node, with two
     * marks, for each of its millions of values. Every value costs at least one event, so the count
     * is a lower bound on the expanded size the converter checks again. A syntax error is left to
     * the composer, which reports it with its position.
     */
    private boolean withinValueBudget(SourceFile source, Yaml yaml, Diagnostics diags) {
        if (source.text().length() < limits.maxValues()) {
            // every value takes at least one character (the key of 'a,' in a flow mapping brings a null
            // value with it, but takes two), so a smaller file cannot hold too many
            return true;
        }
        long values = 0;
        try {
            for (org.yaml.snakeyaml.events.Event ev : yaml.parse(new StringReader(source.text()))) {
                if (ev instanceof org.yaml.snakeyaml.events.ScalarEvent
                        || ev instanceof org.yaml.snakeyaml.events.AliasEvent
                        || ev instanceof org.yaml.snakeyaml.events.CollectionStartEvent) {
                    if (++values > limits.maxValues()) {
                        diags.report(
                                        DiagCode.E0006,
                                        markSpan(ev.getStartMark()),
                                        "the document holds more than " + limits.maxValues() + " values")
                                .label("value " + (limits.maxValues() + 1))
                                .hint("a model file holds a few hundred values; check that this is the right file")
                                .emit();
                        return false;
                    }
                }
            }
        } catch (YAMLException | StackOverflowError e) {
            return true; // reported by the composer, at its position
        }
        return true;
    }

    /**
     * The longest stretch of text SnakeYAML's reader may have to look ahead over at once: it copies
     * its whole look-ahead window for every 1,024 characters it reads, so one scalar of millions of
     * characters without a break (a plain or quoted scalar without spaces, a line of a block scalar)
     * takes time quadratic in its length (a 4 MB one took 20 s). No model value comes near this.
     */
    static final int MAX_TOKEN = 256 * 1024;

    private boolean withinTokenLimit(SourceFile source, Diagnostics diags) {
        String text = source.text();
        if (text.length() <= MAX_TOKEN) {
            return true;
        }
        int at = longestToken(text, MAX_TOKEN);
        if (at < 0) {
            return true;
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        diags.report(
                        DiagCode.E0006,
                        Span.of(line, text.codePointCount(lineStart, at) + 1, 1),
                        "a single value runs for more than " + MAX_TOKEN + " characters without a break")
                .hint("model values are short; check that this is the right file")
                .emit();
        return false;
    }

    /**
     * Where a stretch of more than {@code limit} characters without a break starts, or -1. A break is
     * whitespace; inside flow collections also {@code , [ ] { }}; inside quotes also a quote or a
     * backslash; a line of a block scalar ({@code |}, {@code >}) is one stretch, spaces and all.
     * Comments are skipped. It is an approximation of SnakeYAML's scanner that never needs to look
     * back: a misjudged flow level only makes stretches look longer.
     */
    static int longestToken(String text, int limit) {
        int depth = 0;
        int run = 0;
        int runStart = 0;
        char quote = 0;
        boolean tokenStart = true;
        int blockIndent = -1; // the indentation of the line holding a block scalar indicator, while in its content
        int lineIndent = 0;
        boolean lineStart = true;
        boolean blockPending = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                run = 0;
                tokenStart = true;
                lineStart = true;
                lineIndent = 0;
                if (blockPending) {
                    blockPending = false;
                    blockIndent = lastIndent(text, i);
                }
                continue;
            }
            if (lineStart) {
                if (c == ' ') {
                    lineIndent++;
                    continue;
                }
                lineStart = false;
                if (blockIndent >= 0 && lineIndent <= blockIndent) {
                    blockIndent = -1; // the block scalar ended
                }
            }
            if (blockIndent >= 0) { // block scalar content: the whole line is one stretch
                if (run++ == 0) {
                    runStart = i;
                }
                if (run > limit) {
                    return runStart;
                }
                continue;
            }
            if (quote != 0) {
                if (c == '\\' && quote == '"') { // an escape: skip the escaped character
                    i++;
                    run = 0;
                    continue;
                }
                if (c == quote) {
                    if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                        i++; // '' is a quote inside single quotes
                    } else {
                        quote = 0;
                        tokenStart = false;
                    }
                    run = 0;
                    continue;
                }
                if (c == ' ' || c == '\t') {
                    run = 0;
                    continue;
                }
            } else if (c == ' ' || c == '\t') {
                run = 0;
                tokenStart = true;
                continue;
            } else if (tokenStart && c == '#') {
                int eol = text.indexOf('\n', i);
                i = (eol < 0 ? text.length() : eol) - 1;
                continue;
            } else if (tokenStart && (c == '"' || c == '\'')) {
                quote = c;
                run = 0;
                continue;
            } else if (tokenStart && depth == 0 && (c == '|' || c == '>')) {
                blockPending = true;
                continue;
            } else if ((tokenStart && (c == '[' || c == '{')) || (depth > 0 && ",[]{}".indexOf(c) >= 0)) {
                depth += c == '[' || c == '{' ? 1 : c == ']' || c == '}' ? -1 : 0;
                depth = Math.max(depth, 0);
                run = 0;
                tokenStart = true;
                continue;
            }
            tokenStart = false;
            if (run++ == 0) {
                runStart = i;
            }
            if (run > limit) {
                return runStart;
            }
        }
        return -1;
    }

    /** The indentation of the line that holds position {@code i}. */
    private static int lastIndent(String text, int i) {
        int start = text.lastIndexOf('\n', i - 1) + 1;
        int n = 0;
        while (start + n < text.length() && text.charAt(start + n) == ' ') {
            n++;
        }
        return n;
    }

    private static boolean isEmptyScalar(Node n) {
        return n instanceof ScalarNode s
                && s.getTag().equals(Tag.NULL)
                && s.getValue().isEmpty();
    }

    private void reportYamlError(YAMLException e, SourceFile source, Diagnostics diags) {
        String text = e.getMessage() == null ? "unreadable YAML" : e.getMessage();
        if (e instanceof MarkedYAMLException m) {
            Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
            String problem = m.getProblem() != null ? m.getProblem() : text;
            Span at = mark == null
                    ? Span.NONE
                    : inText(
                            source,
                            Span.fromZeroBased(mark.getLine(), mark.getColumn(), mark.getLine(), mark.getColumn() + 1));
            DiagCode code = problem.contains("limit") || problem.contains("exceeds") ? DiagCode.E0006 : DiagCode.E0003;
            boolean tab = problem.contains("found character '\\t'") || problem.contains("\\t(TAB)");
            String message = tab ? "a tab character where YAML expects spaces" : firstLine(problem);
            Diagnostics.Report r = diags.report(code, at, message);
            if (m.getContext() != null && m.getContextMark() != null && mark != m.getContextMark()) {
                Mark c = m.getContextMark();
                r.note(
                        firstLine(m.getContext()),
                        inText(source, Span.fromZeroBased(c.getLine(), c.getColumn(), c.getLine(), c.getColumn() + 1)));
            }
            if (tab) {
                r.hint("YAML indentation uses spaces, never tabs");
            }
            r.emit();
            return;
        }
        diags.error(DiagCode.E0003, Span.NONE, firstLine(text));
    }

    /**
     * SnakeYAML's composer enforces the alias and nesting limits without a position. Parsing the
     * events again (cheap, and bounded: no nodes are built) finds the alias or the collection that
     * crossed the limit, so the error can point at it.
     */
    private void reportLimit(YAMLException e, SourceFile source, Yaml yaml, Diagnostics diags) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        boolean aliases = text.contains("aliases");
        boolean nesting = text.contains("Nesting Depth");
        if (!aliases && !nesting) {
            reportYamlError(e, source, diags);
            return;
        }
        Span at = Span.NONE;
        try {
            java.util.Set<String> collectionAnchors = new java.util.HashSet<>();
            int depth = 0;
            int aliasCount = 0;
            for (org.yaml.snakeyaml.events.Event ev : yaml.parse(new StringReader(source.text()))) {
                if (ev instanceof org.yaml.snakeyaml.events.CollectionStartEvent c) {
                    if (c.getAnchor() != null) {
                        collectionAnchors.add(c.getAnchor());
                    }
                    if (++depth > limits.maxDepth() && nesting) {
                        at = markSpan(ev.getStartMark());
                        break;
                    }
                } else if (ev instanceof org.yaml.snakeyaml.events.CollectionEndEvent) {
                    depth--;
                } else if (ev instanceof org.yaml.snakeyaml.events.AliasEvent a
                        && collectionAnchors.contains(a.getAnchor())
                        && ++aliasCount > limits.maxAliases()
                        && aliases) {
                    at = markSpan(ev.getStartMark());
                    break;
                }
            }
        } catch (YAMLException | StackOverflowError ignored) {
            // keep the file-level position
        }
        if (aliases) {
            diags.report(DiagCode.E0006, at, "more than " + limits.maxAliases() + " aliases of lists or mappings")
                    .label("alias " + (limits.maxAliases() + 1))
                    .hint(
                            "aliases that repeat aliases grow exponentially (a 'billion laughs' YAML bomb); write the values out")
                    .emit();
        } else {
            diags.report(DiagCode.E0006, at, "values are nested more than " + limits.maxDepth() + " levels deep")
                    .hint("model files need at most a few levels of nesting")
                    .emit();
        }
    }

    /** The span of the code point at {@code position} (counted from the start, as SnakeYAML's reader does). */
    private static Span codePointSpan(SourceFile source, int position) {
        String text = source.text();
        int line = 1;
        int column = 1;
        int index = 0;
        for (int k = 0; k < position && index < text.length(); k++) {
            int cp = text.codePointAt(index);
            index += Character.charCount(cp);
            boolean crlf = cp == '\r' && index < text.length() && text.charAt(index) == '\n';
            if (cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || (cp == '\r' && !crlf)) {
                line++;
                column = 1;
            } else if (!crlf) {
                column++;
            }
        }
        return position < 0 || index > text.length() ? Span.NONE : Span.of(line, column, 1);
    }

    /** The end of the stream is just after the last line; point at the end of that line instead. */
    private static Span inText(SourceFile source, Span span) {
        if (span.line() <= source.lineCount() || source.lineCount() == 0) {
            return span;
        }
        int last = source.lineCount();
        return Span.of(
                last, source.line(last).codePointCount(0, source.line(last).length()) + 1, 1);
    }

    private static Span markSpan(Mark m) {
        return m == null ? Span.NONE : Span.fromZeroBased(m.getLine(), m.getColumn(), m.getLine(), m.getColumn() + 1);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    static Span span(Node n) {
        Mark s = n.getStartMark();
        Mark e = n.getEndMark();
        if (s == null) {
            return Span.NONE;
        }
        if (e == null) {
            e = s;
        }
        return Span.fromZeroBased(s.getLine(), s.getColumn(), e.getLine(), e.getColumn());
    }

    /** A converted collection, the values its expansion holds (itself included), their text and its height. */
    private record Converted(Value value, int count, long chars, int height) {}

    /** Turns nodes into values, within the budgets counted per node occurrence (each alias costs its expansion). */
    private final class Converter {
        private final Diagnostics diags;
        private int count;
        private long chars;
        private boolean overBudget;
        private boolean refused;
        private Span topLevel;
        /** Collections being converted, to catch an alias inside its own anchor. */
        private final java.util.Set<Node> onPath =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        /**
         * Collections converted once (an anchor, met again through an alias), with what their
         * expansion cost: a further use adds that cost to the budgets and shares the value (values
         * are immutable) instead of walking the nodes again. Without it, aliases of aliases cost
         * time in their expanded size: a 285-byte file that expands to some 50,000 values took up to
         * 0.1 s, and 12.7 s under a fuzzer's instrumentation on a loaded machine (a fuzzer finding).
         */
        private final Map<Node, Converted> converted = new java.util.IdentityHashMap<>();
        /** The deepest level reached so far in the collection being converted. */
        private int deepest;

        Converter(Diagnostics diags) {
            this.diags = diags;
        }

        Value convert(Node node, int depth) {
            if (overBudget) {
                return null;
            }
            if (depth == 1) {
                topLevel = span(node); // aliases share their anchor's node: blame the top-level value instead
            }
            Converted done = converted.get(node);
            if (done != null
                    && count + done.count() <= limits.maxValues()
                    && chars + done.chars() <= limits.maxExpandedChars()
                    && depth + done.height() <= limits.maxDepth()) {
                count += done.count();
                chars += done.chars();
                deepest = Math.max(deepest, depth + done.height());
                return done.value();
            }
            // over a budget: walked again, so that the error names the same value as a full expansion would
            deepest = Math.max(deepest, depth);
            if (++count > limits.maxValues()) {
                overBudget = true;
                diags.report(
                                DiagCode.E0006,
                                topLevel != null ? topLevel : span(node),
                                "the document expands to more than " + limits.maxValues() + " values")
                        .hint(
                                "aliases that repeat aliases grow exponentially (a 'billion laughs' YAML bomb); write the values out")
                        .emit();
                return null;
            }
            if (depth > limits.maxDepth()) {
                overBudget = true;
                diags.error(
                        DiagCode.E0006,
                        span(node),
                        "values are nested more than " + limits.maxDepth() + " levels deep");
                return null;
            }
            Tag tag = node.getTag();
            Span at = span(node);
            if (!isAllowedTag(tag, node)) {
                diags.report(
                                DiagCode.E0005,
                                at,
                                "tag '" + tag.getValue().replace("tag:yaml.org,2002:", "!!")
                                        + "' is not allowed in a model file")
                        .label("only plain YAML values are read")
                        .hint("yamlnet never constructs objects from tags; remove the tag")
                        .emit();
                refused = true;
                return new Value.None(at);
            }
            if (node instanceof ScalarNode s) {
                chars += s.getValue().length();
                if (chars > limits.maxExpandedChars()) {
                    overBudget = true;
                    diags.report(
                                    DiagCode.E0006,
                                    topLevel != null ? topLevel : at,
                                    "the document expands to more than " + limits.maxExpandedChars()
                                            + " characters of text")
                            .hint(
                                    "an alias of a long value costs its whole length each time it is used; write the values out")
                            .emit();
                    return null;
                }
                return scalar(s, at);
            }
            if (!onPath.add(node)) {
                overBudget = true;
                diags.report(
                                DiagCode.E0006,
                                at,
                                "this " + (node instanceof SequenceNode ? "list" : "mapping")
                                        + " contains an alias of itself")
                        .label("anchored here")
                        .hint("a recursive alias expands forever; write the values out")
                        .emit();
                return null;
            }
            int countBefore = count - 1;
            long charsBefore = chars;
            int outerDeepest = deepest;
            deepest = depth;
            try {
                Value value = collection(node, depth, at);
                if (value != null && !overBudget) {
                    converted.put(
                            node, new Converted(value, count - countBefore, chars - charsBefore, deepest - depth));
                }
                return value;
            } finally {
                onPath.remove(node);
                deepest = Math.max(outerDeepest, deepest);
            }
        }

        private Value collection(Node node, int depth, Span at) {
            if (node instanceof SequenceNode seq) {
                List<Value> items = new ArrayList<>();
                for (Node child : seq.getValue()) {
                    Value v = convert(child, depth + 1);
                    if (v == null) {
                        return null;
                    }
                    items.add(v);
                }
                return new Value.Seq(items, false, at);
            }
            MappingNode map = (MappingNode) node;
            List<Value.Entry> entries = new ArrayList<>();
            Map<Object, Span> seen = new HashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode().getTag().equals(Tag.MERGE)) {
                    diags.report(DiagCode.E0009, span(t.getKeyNode()), "merge keys ('<<') are not supported")
                            .hint("write the merged keys out")
                            .emit();
                    refused = true;
                    continue;
                }
                Value key = convert(t.getKeyNode(), depth + 1);
                Value value = convert(t.getValueNode(), depth + 1);
                if (key == null || value == null) {
                    return null;
                }
                Object identity = keyIdentity(key);
                Span first = seen.putIfAbsent(identity, key.span());
                if (first != null) {
                    diags.report(DiagCode.E0004, key.span(), "duplicate key " + describeKey(key))
                            .label("defined again here")
                            .note("first defined here", first)
                            .hint("YAML keeps only the last value; remove one of them")
                            .emit();
                }
                entries.add(new Value.Entry(key, value));
            }
            return new Value.Dict(entries, at);
        }

        private boolean isAllowedTag(Tag tag, Node node) {
            if (node instanceof ScalarNode) {
                return tag.equals(Tag.STR)
                        || tag.equals(Tag.INT)
                        || tag.equals(Tag.FLOAT)
                        || tag.equals(Tag.BOOL)
                        || tag.equals(Tag.NULL)
                        || tag.equals(Tag.TIMESTAMP)
                        || tag.equals(Tag.BINARY)
                        || tag.getValue().equals("tag:yaml.org,2002:value");
            }
            if (node instanceof SequenceNode) {
                return tag.equals(Tag.SEQ);
            }
            return tag.equals(Tag.MAP);
        }

        private Value scalar(ScalarNode s, Span at) {
            String text = s.getValue();
            Tag tag = s.getTag();
            if (tag.equals(Tag.NULL)) {
                return new Value.None(at);
            }
            if (tag.equals(Tag.BOOL)) {
                // PyYAML looks the word up in its table and fails on any other (a KeyError in Ultralytics)
                String t = text.toLowerCase(java.util.Locale.ROOT);
                boolean yes = t.equals("yes") || t.equals("true") || t.equals("on");
                if (!yes && !t.equals("no") && !t.equals("false") && !t.equals("off")) {
                    diags.report(DiagCode.E0009, at, "'" + text + "' is not a valid boolean")
                            .hint(
                                    "YAML 1.1 booleans are true/false, yes/no and on/off; remove the !!bool tag for a string")
                            .emit();
                    refused = true;
                    return new Value.None(at);
                }
                return new Value.Bool(yes, at);
            }
            if (tag.equals(Tag.INT)) {
                BigInteger v = parseYamlInt(text);
                if (v == null) {
                    diags.error(
                            DiagCode.E0009,
                            at,
                            text.length() > dev.yamlnet.compiler.value.PyLiteral.MAX_INT_DIGITS
                                    ? "an integer of " + text.length() + " characters exceeds Python's limit of "
                                            + dev.yamlnet.compiler.value.PyLiteral.MAX_INT_DIGITS + " digits"
                                    : "'" + text + "' is not a valid integer");
                    refused = true;
                    return new Value.None(at);
                }
                return new Value.Int(v, at);
            }
            if (tag.equals(Tag.FLOAT)) {
                Double v = parseYamlFloat(text);
                if (v == null) {
                    diags.report(DiagCode.E0009, at, "'" + text + "' is not a valid float")
                            .hint("write a number such as 0.5 or 1.0e+3, or remove the !!float tag for a string")
                            .emit();
                    refused = true;
                    return new Value.None(at);
                }
                return new Value.Float(v, at);
            }
            if (tag.equals(Tag.TIMESTAMP)
                    || tag.equals(Tag.BINARY)
                    || tag.getValue().equals("tag:yaml.org,2002:value")) {
                diags.report(
                                DiagCode.E0009,
                                at,
                                "'" + text + "' is read as a " + tag.getValue().replace("tag:yaml.org,2002:", "")
                                        + " value, which no model key accepts")
                        .hint("quote it if you meant a string")
                        .emit();
                refused = true;
                return new Value.Str(text, false, at);
            }
            boolean bare = s.isPlain() && IDENTIFIER.matcher(text).matches();
            return new Value.Str(text, bare, at);
        }
    }

    private static Object keyIdentity(Value key) {
        if (key instanceof Value.Str s) {
            return "s:" + s.value();
        } else if (key instanceof Value.Int i) {
            return "n:" + i.value();
        } else if (key instanceof Value.Bool b) {
            return "n:" + (b.value() ? 1 : 0); // Python: True == 1
        } else if (key instanceof Value.Float f) {
            return f.value() == Math.rint(f.value()) && !Double.isInfinite(f.value())
                    ? "n:" + (long) f.value()
                    : "f:" + f.value();
        } else if (key instanceof Value.None) {
            return "none";
        }
        return key; // collections as keys: identity
    }

    private static String describeKey(Value key) {
        return key instanceof Value.Str s ? "'" + s.value() + "'" : dev.yamlnet.compiler.value.PyRepr.repr(key);
    }

    /** YAML 1.1 integers as PyYAML reads them: signs, underscores, 0b, 0x, leading-0 octal, base 60. */
    static BigInteger parseYamlInt(String text) {
        String t = text.replace("_", "");
        boolean negative = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            negative = t.startsWith("-");
            t = t.substring(1);
        }
        if (t.isEmpty() || t.length() > dev.yamlnet.compiler.value.PyLiteral.MAX_INT_DIGITS) {
            return null; // Python's int() refuses more than 4,300 digits; the conversion is quadratic
        }
        BigInteger v;
        try {
            if (t.equals("0")) {
                v = BigInteger.ZERO;
            } else if (t.startsWith("0b")) {
                v = new BigInteger(t.substring(2), 2);
            } else if (t.startsWith("0x")) {
                v = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0")) {
                v = new BigInteger(t.substring(1), 8);
            } else if (t.contains(":")) {
                v = BigInteger.ZERO;
                for (String part : t.split(":")) {
                    v = v.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
                }
            } else {
                v = new BigInteger(t);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return negative ? v.negate() : v;
    }

    /** What Python's {@code float()} accepts once PyYAML has removed underscores and one sign. */
    private static final Pattern PY_FLOAT =
            Pattern.compile("\\s*[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:e[+-]?\\d+)?|inf|infinity|nan)\\s*");

    /**
     * YAML 1.1 floats as PyYAML's {@code construct_yaml_float} reads them (underscores dropped, a
     * sign, {@code .inf}, {@code .nan}, base 60 with colons, else Python's {@code float()}); null
     * for text it would fail on, such as the word in {@code !!float eighty}.
     */
    static Double parseYamlFloat(String text) {
        String t = text.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        double sign = 1;
        if (t.startsWith("-") || t.startsWith("+")) {
            sign = t.startsWith("-") ? -1 : 1;
            t = t.substring(1);
        }
        if (t.equals(".inf")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (t.equals(".nan")) {
            return Double.NaN;
        }
        if (t.contains(":")) {
            double v = 0;
            for (String part : t.split(":", -1)) {
                Double d = pythonFloat(part);
                if (d == null) {
                    return null;
                }
                v = v * 60 + d;
            }
            return sign * v;
        }
        Double v = pythonFloat(t);
        return v == null ? null : sign * v;
    }

    private static Double pythonFloat(String text) {
        if (!PY_FLOAT.matcher(text).matches()) {
            return null;
        }
        String t = text.strip();
        String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        double magnitude = body.equals("nan")
                ? Double.NaN
                : body.startsWith("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(body);
        return t.startsWith("-") ? -magnitude : magnitude;
    }
}
