package dev.yamlnet.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.PyLiteral;
import dev.yamlnet.compiler.value.Value;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The YAML front end types plain scalars as PyYAML 6's safe loader does (YAML 1.1), because that
 * is what Ultralytics reads model files with. Expected values were checked against
 * {@code yaml.safe_load}.
 */
class SourceLoaderTest {
    private static Value scalar(String yamlText) {
        Diagnostics diags = new Diagnostics();
        Optional<Value> doc = new SourceLoader().load(new SourceFile("t.yaml", "v: " + yamlText + "\n"), diags);
        assertTrue(diags.sorted().isEmpty(), () -> "unexpected diagnostics for " + yamlText + ": " + diags.sorted());
        return ((Value.Dict) doc.orElseThrow()).entries().get(0).value();
    }

    private static List<Diagnostic> problems(String text) {
        Diagnostics diags = new Diagnostics();
        new SourceLoader().load(new SourceFile("t.yaml", text), diags);
        return diags.sorted();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "True, true",
        "true, true",
        "yes, true",
        "Yes, true",
        "on, true",
        "ON, true",
        "False, false",
        "no, false",
        "NO, false",
        "off, false",
        "Off, false"
    })
    void yaml11BooleansAreBooleans(String text, boolean expected) {
        assertEquals(new Value.Bool(expected, Span.NONE).value(), ((Value.Bool) scalar(text)).value());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "010, 8",
        "0x10, 16",
        "1_000, 1000",
        "0b101, 5",
        "'1:30', 90",
        "+12, 12",
        "-3, -3",
        "0, 0",
        "99999999999999999999, 99999999999999999999"
    })
    void integersFollowYaml11(String text, String expected) {
        assertEquals(new BigInteger(expected), ((Value.Int) scalar(text)).value());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"1.0e+3, 1000.0", "1.5, 1.5", "0.25, 0.25", "1_0.5, 10.5", ".5, 0.5", "6.02e-3, 0.00602"})
    void floatsNeedADotAndASignedExponent(String text, double expected) {
        assertEquals(expected, ((Value.Float) scalar(text)).value());
    }

    @Test
    void infinityIsAFloat() {
        assertEquals(Double.POSITIVE_INFINITY, ((Value.Float) scalar(".inf")).value());
    }

    @ParameterizedTest(name = "{0} stays a string")
    @CsvSource({"1e3", "1.0e3", "None", "nearest", "08", "0o10", "-.5", "nn.Upsample"})
    void otherPlainScalarsAreStrings(String text) {
        Value v = scalar(text);
        assertInstanceOf(Value.Str.class, v, text);
        assertEquals(text, ((Value.Str) v).value());
    }

    @Test
    void stringsThatLookLikeNumbersBecomeNumbersOnlyThroughLiteralEval() {
        // PyYAML leaves 1e3 and None as strings; Ultralytics' literal_eval turns them into 1000.0 and None
        assertEquals(
                1000.0,
                ((Value.Float) PyLiteral.evaluate(((Value.Str) scalar("1e3")).value(), Span.NONE)
                                .value())
                        .value());
        assertInstanceOf(
                Value.None.class,
                PyLiteral.evaluate(((Value.Str) scalar("None")).value(), Span.NONE)
                        .value());
    }

    @ParameterizedTest(name = "{0} is null")
    @CsvSource(value = {"~", "null", "Null", "NULL"})
    void nullSpellings(String text) {
        assertInstanceOf(Value.None.class, scalar(text));
    }

    @Test
    void quotedScalarsAreNeverTyped() {
        assertEquals("True", ((Value.Str) scalar("'True'")).value());
        assertEquals("010", ((Value.Str) scalar("\"010\"")).value());
    }

    @Test
    void bareWordsAreMarkedSoThatSymbolsCanBeTold() {
        assertTrue(((Value.Str) scalar("nc")).bare());
        assertTrue(!((Value.Str) scalar("'nc'")).bare());
        assertTrue(!((Value.Str) scalar("nn.Upsample")).bare());
    }

    @Test
    void valuesKeepTheirPositions() {
        Diagnostics diags = new Diagnostics();
        Value doc = new SourceLoader()
                .load(new SourceFile("t.yaml", "nc: 80\nbackbone:\n  - [-1, 1, Conv, [64, 3, 2]]\n"), diags)
                .orElseThrow();
        Value.Seq rows = (Value.Seq) ((Value.Dict) doc).entries().get(1).value();
        Value.Seq row = (Value.Seq) rows.items().get(0);
        assertEquals(new Span(3, 5, 3, 30), row.span());
        assertEquals(new Span(3, 13, 3, 17), row.items().get(2).span()); // Conv
    }

    @Test
    void emptyInputIsE0007() {
        Diagnostics diags = new Diagnostics();
        Optional<SourceFile> src = new SourceLoader().decode("empty.yaml", new byte[0], diags);
        assertTrue(new SourceLoader().load(src.orElseThrow(), diags).isEmpty());
        assertEquals(
                List.of(DiagCode.E0007),
                diags.sorted().stream().map(Diagnostic::code).toList());
        assertEquals(
                List.of(DiagCode.E0007),
                problems("# only a comment\n").stream().map(Diagnostic::code).toList());
    }

    @Test
    void aByteOrderMarkIsDroppedAndBadBytesAreE0002() {
        Diagnostics diags = new Diagnostics();
        byte[] bom = "\uFEFFnc: 80\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                "nc: 80\n",
                new SourceLoader().decode("a.yaml", bom, diags).orElseThrow().text());
        assertTrue(new SourceLoader()
                .decode("b.yaml", new byte[] {'n', 'c', ':', ' ', (byte) 0xff}, diags)
                .isEmpty());
        Diagnostic d = diags.sorted().get(0);
        assertEquals(DiagCode.E0002, d.code());
        assertEquals("byte 0xff at line 1, column 5 is not valid UTF-8", d.message());
    }

    @Test
    void aFileOverTheSizeLimitIsE0006() {
        Diagnostics diags = new Diagnostics();
        SourceLoader small = new SourceLoader(new SourceLoader.Limits(16, 64, 64, 1000));
        assertTrue(small.decode("big.yaml", new byte[17], diags).isEmpty());
        assertEquals(DiagCode.E0006, diags.sorted().get(0).code());
    }

    @Test
    void duplicateKeysAreReportedAtTheSecondWithANoteAtTheFirst() {
        List<Diagnostic> d = problems("nc: 80\nnc: 20\n");
        assertEquals(1, d.size());
        assertEquals(DiagCode.E0004, d.get(0).code());
        assertEquals(2, d.get(0).span().line());
        assertEquals(1, d.get(0).notes().get(0).span().line());
    }

    @Test
    void tagsAreRefusedWhereTheyAreWritten() {
        List<Diagnostic> d =
                problems("a: !!python/object/apply:os.system [\"x\"]\nb: !!javax.script.ScriptEngineManager []\n"
                        + "c: !local 3\nd: !!str ok\n");
        assertEquals(
                List.of(DiagCode.E0005, DiagCode.E0005, DiagCode.E0005),
                d.stream().map(Diagnostic::code).toList());
        assertEquals(List.of(1, 2, 3), d.stream().map(x -> x.span().line()).toList());
        assertEquals(
                "tag '!!python/object/apply:os.system' is not allowed in a model file",
                d.get(0).message());
    }

    @Test
    void aliasBombsStopAtTheLimit() {
        StringBuilder b = new StringBuilder("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            b.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                b.append(i > 0 ? ", " : "").append('*').append(prev);
            }
            b.append("]\n");
        }
        List<Diagnostic> d = problems(b.toString());
        assertEquals(List.of(DiagCode.E0006), d.stream().map(Diagnostic::code).toList());
        // 9 aliases per line from line 2: the 65th is the 2nd alias on line 9
        assertEquals(9, d.get(0).span().line());
    }

    /** Lines a to {@code last}: a list of nine numbers, then lists of nine aliases of the line before. */
    private static String nestedAliases(char last) {
        StringBuilder b = new StringBuilder("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
        for (char c = 'b'; c <= last; c++) {
            b.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                b.append(i > 0 ? ", " : "").append('*').append((char) (c - 1));
            }
            b.append("]\n");
        }
        return b.toString();
    }

    private static long numbers(Value v) {
        if (v instanceof Value.Seq s) {
            return s.items().stream().mapToLong(SourceLoaderTest::numbers).sum();
        }
        return v instanceof Value.Int ? 1 : 0;
    }

    @Test
    void aliasesOfAliasesWithinTheBudgetLoadWithEveryValue() {
        // 36 aliases in 300 bytes; line e holds 9^5 = 59,049 numbers, 66,430 values in all, under the
        // 200,000 budget. A fuzzer found a file like it taking 12 s when each use was walked again.
        Diagnostics diags = new Diagnostics();
        long t0 = System.nanoTime();
        Optional<Value> doc = new SourceLoader().load(new SourceFile("t.yaml", nestedAliases('e')), diags);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(diags.sorted().isEmpty(), () -> diags.sorted().toString());
        List<Value.Entry> lines = ((Value.Dict) doc.orElseThrow()).entries();
        assertEquals(
                List.of(9L, 81L, 729L, 6_561L, 59_049L),
                lines.stream().map(e -> numbers(e.value())).toList());
        assertTrue(millis < 5_000, "milliseconds to load: " + millis);
    }

    @Test
    void aliasesOfAliasesPastTheBudgetAreRefusedAtTheirLine() {
        // one line more: 531,441 numbers on line f. On files like it, counting up to the budget one by one took
        // 0.4 to 0.9 s, and 10 to 21 s under a fuzzer on a loaded machine (a fuzzer finding).
        long t0 = System.nanoTime();
        List<Diagnostic> d = problems(nestedAliases('f'));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 5_000, "milliseconds to refuse: " + millis);
        assertEquals(List.of(DiagCode.E0006), d.stream().map(Diagnostic::code).toList());
        assertEquals("the document expands to more than 200000 values", d.get(0).message());
        assertEquals(6, d.get(0).span().line());
    }

    @Test
    void deepNestingStopsAtTheLimit() {
        List<Diagnostic> d = problems("x: " + "[".repeat(200) + "]".repeat(200) + "\n");
        assertEquals(List.of(DiagCode.E0006), d.stream().map(Diagnostic::code).toList());
        assertEquals(1, d.get(0).span().line());
    }

    @Test
    void tabsAndMultipleDocuments() {
        Diagnostic tab = problems("a:\n\t- 1\n").get(0);
        assertEquals(DiagCode.E0003, tab.code());
        assertEquals(new Span(2, 1, 2, 2), tab.span());
        assertEquals(List.of("YAML indentation uses spaces, never tabs"), tab.hints());
        List<Diagnostic> two = problems("a: 1\n---\nb: 2\n");
        assertEquals(DiagCode.E0008, two.get(0).code());
        assertEquals(3, two.get(0).span().line());
    }

    /** PyYAML fails on these (ValueError, KeyError), so Ultralytics crashes: each is an error where it is written. */
    @ParameterizedTest(name = "{0} is E0009")
    @CsvSource(
            delimiter = '|',
            value = {
                "!!float eighty|'eighty' is not a valid float",
                "!!float ''|'' is not a valid float",
                "!!float 1.5f|'1.5f' is not a valid float",
                "!!float 0x1p3|'0x1p3' is not a valid float",
                "!!float '1::2'|'1::2' is not a valid float",
                "!!bool word|'word' is not a valid boolean",
                "!!bool 1|'1' is not a valid boolean",
                "!!int ten|'ten' is not a valid integer"
            })
    void taggedWordsThatPyYamlCannotConvertAreErrors(String text, String message) {
        List<Diagnostic> d = problems("nc: 80\nv: " + text + "\n");
        assertEquals(List.of(DiagCode.E0009), d.stream().map(Diagnostic::code).toList());
        assertEquals(message, d.get(0).message());
        assertEquals(new Span(2, 4, 2, 4 + text.length()), d.get(0).span());
    }

    /** What Python's float() makes of them after PyYAML's own handling (checked with yaml.safe_load). */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "!!float 80|80.0",
                "!!float -1_5|-15.0",
                "!!float inf|Infinity",
                "!!float -Infinity|-Infinity",
                "!!float 1e3|1000.0",
                "!!float '1:30'|90.0",
                "!!float .5|0.5",
                "!!float 5.|5.0",
                "!!float --2|2.0"
            })
    void taggedFloatsFollowPyYaml(String text, double expected) {
        assertEquals(expected, ((Value.Float) scalar(text)).value());
    }

    @Test
    void taggedNanIsAFloat() {
        assertTrue(Double.isNaN(((Value.Float) scalar("!!float nan")).value()));
    }

    @Test
    void aFlowListOfMillionsOfValuesIsRefusedBeforeAnyNodeIsBuilt() {
        // 1.4 million scalars in 4 MB: refused at the 200,001st value, where it is
        String text = "x: [" + "1, ".repeat(1_398_000) + "1]\n";
        List<Diagnostic> d = problems(text);
        assertEquals(List.of(DiagCode.E0006), d.stream().map(Diagnostic::code).toList());
        assertEquals("the document holds more than 200000 values", d.get(0).message());
        // the mapping, "x" and the list are values 1 to 3: the 199,998th number (column 5 + 3 * 199,997) is the first
        // too many
        assertEquals(new Span(1, 5 + 3 * 199_997, 1, 6 + 3 * 199_997), d.get(0).span());
    }

    @Test
    void aliasesOfALongScalarCountTheirLengthEachTimeTheyAreUsed() {
        // 100 kB aliased 50 times is 5 MB of text: more than a 4 MiB file could hold
        String text = "a: &a " + "x".repeat(100_000) + "\nb: [" + "*a, ".repeat(49) + "*a]\n";
        List<Diagnostic> d = problems(text);
        assertEquals(List.of(DiagCode.E0006), d.stream().map(Diagnostic::code).toList());
        assertTrue(
                d.get(0).message().startsWith("the document expands to more than 4194304 characters"),
                d.get(0).message());
        assertEquals(2, d.get(0).span().line());
        // 40 uses (4 MB) are still within the budget
        assertTrue(problems("a: &a " + "x".repeat(100_000) + "\nb: [" + "*a, ".repeat(39) + "*a]\n")
                .isEmpty());
    }

    /**
     * PyYAML's int() refuses them in CPython 3.11 (ValueError), so Ultralytics crashes, and the
     * conversion is quadratic. SnakeYAML types only plain scalars of up to 1,024 characters (longer
     * ones stay strings, a guard against its regular expressions), so long integers arrive through
     * the !!int tag.
     */
    @Test
    void integersOfMoreThan4300DigitsAreErrors() {
        assertEquals(new BigInteger("9".repeat(4_300)), ((Value.Int) scalar("!!int " + "9".repeat(4_300))).value());
        for (String text : new String[] {
            "9".repeat(4_301), "9".repeat(200_000), "0x" + "f".repeat(100_000), "1:".repeat(100_000) + "1"
        }) {
            List<Diagnostic> d = problems("nc: !!int " + text + "\n");
            assertEquals(
                    List.of(DiagCode.E0009), d.stream().map(Diagnostic::code).toList(), text.substring(0, 10));
            assertTrue(
                    d.get(0).message().contains("exceeds Python's limit of 4300 digits"),
                    d.get(0).message());
        }
        assertInstanceOf(Value.Str.class, scalar("9".repeat(1_025)));
    }

    /**
     * SnakeYAML's reader copies its look-ahead window for every 1,024 characters, so one value of
     * millions of characters without a break took 20 s; such values are refused before parsing.
     * Long lines of short values (a flow-style model on one line) and long texts with spaces are fine.
     */
    @Test
    void aValueOfMillionsOfCharactersWithoutABreakIsRefusedBeforeParsing() {
        int n = 1_000_000;
        for (String text : new String[] {
            "x: " + "9".repeat(n),
            "x: " + "1,".repeat(n / 2),
            "x: '" + "a".repeat(n) + "'",
            "x: \"" + "a".repeat(n) + "\"",
            "x: |\n  " + "a b ".repeat(n / 4) + "\n",
            "x: [a, " + "b".repeat(n) + "]",
            "x: a[" + "1,".repeat(n / 2)
        }) {
            long t0 = System.nanoTime();
            List<Diagnostic> d = problems(text + "\n");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(
                    List.of(DiagCode.E0006), d.stream().map(Diagnostic::code).toList(), text.substring(0, 6));
            assertEquals(
                    "a single value runs for more than 262144 characters without a break",
                    d.get(0).message());
            assertTrue(millis < 10_000, "took " + millis + " ms");
        }
        assertEquals(
                new Span(2, 6, 2, 7),
                problems("a: 1\nb: [ " + "x".repeat(300_000) + "]\n").get(0).span());
        // a flow-style file on one line, and a long text with spaces, are read
        assertTrue(problems("x: [" + "[-1,1,Conv,[64,3,2]],".repeat(20_000) + "]\n")
                .isEmpty());
        assertTrue(problems("x: '" + "word ".repeat(200_000) + "'\n").isEmpty());
        assertTrue(problems("x: 'it''s " + "a".repeat(1_000) + "'\n# " + "c".repeat(300_000) + "\n")
                .isEmpty());
    }

    /** A fuzzer finding: SnakeYAML's Tag refused the decoded name with an IllegalArgumentException, which escaped. */
    @Test
    void aTagWhoseEscapesDecodeToASpaceIsASyntaxError() {
        List<Diagnostic> d = problems("nc: 80\nx: !!a%20 1\n");
        assertEquals(List.of(DiagCode.E0003), d.stream().map(Diagnostic::code).toList());
        assertEquals(
                "malformed YAML: Tag must not contain leading or trailing spaces.",
                d.get(0).message());
    }
}
