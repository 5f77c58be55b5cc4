package dev.yamlnet.compiler.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yamlnet.compiler.source.Span;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three outcomes of Python's {@code ast.literal_eval} on a string argument, as Ultralytics' parser uses it:
 * a value, "not a literal" (Ultralytics keeps the string), or a {@code SyntaxError} (Ultralytics
 * crashes). Expected outcomes were checked with CPython 3's {@code ast.literal_eval}.
 */
class PyLiteralTest {
    private static PyLiteral.Outcome eval(String text) {
        return PyLiteral.evaluate(text, Span.NONE);
    }

    /** Literal texts and Python's repr of the value literal_eval returns. */
    static Stream<Arguments> literalCases() {
        return Stream.of(
                Arguments.of("1e3", "1000.0"),
                Arguments.of("0x10", "16"),
                Arguments.of("1_000", "1000"),
                Arguments.of("None", "None"),
                Arguments.of("True", "True"),
                Arguments.of("False", "False"),
                Arguments.of("'a'", "'a'"),
                Arguments.of("\"it's\"", "\"it's\""),
                Arguments.of("[1, 2]", "[1, 2]"),
                Arguments.of("(1,)", "(1,)"),
                Arguments.of("()", "()"),
                Arguments.of("{'a': 1}", "{'a': 1}"),
                Arguments.of("-5", "-5"),
                Arguments.of("+5", "5"),
                Arguments.of("1.5", "1.5"),
                Arguments.of("-0.5", "-0.5"),
                Arguments.of("0o17", "15"),
                Arguments.of("0b11", "3"),
                Arguments.of("'  5'", "'  5'"),
                Arguments.of("[None, 2, 'nearest']", "[None, 2, 'nearest']"),
                Arguments.of("1, 2", "(1, 2)"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("literalCases")
    void literals(String text, String repr) {
        PyLiteral.Outcome o = eval(text);
        assertTrue(o.literal(), () -> text + " should be a literal, got " + o);
        assertEquals(repr, PyRepr.repr(o.value()));
    }

    /** Python 3's escape sequences in str literals; expected reprs are what CPython 3.11 prints for the same literal. */
    static Stream<Arguments> escapeCases() {
        return Stream.of(
                Arguments.of("'\\x41\\u0042\\U00000043'", "'ABC'"),
                Arguments.of("'\\101'", "'A'"),
                Arguments.of("'\\0'", "'\\x00'"),
                Arguments.of("'\\1234'", "'S4'"),
                Arguments.of("'a\\qb'", "'a\\\\qb'"),
                Arguments.of("'\\N{LATIN SMALL LETTER E WITH ACUTE}'", "'\u00e9'"),
                Arguments.of("'\\a\\v\\t'", "'\\x07\\x0b\\t'"),
                Arguments.of("'x\\\ny'", "'xy'"),
                Arguments.of("r'\\x41'", "'\\\\x41'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("escapeCases")
    void escapesDecodeAsPythonDoes(String text, String repr) {
        PyLiteral.Outcome o = eval(text);
        assertTrue(o.literal(), () -> text + " should be a literal, got " + o);
        assertEquals(repr, PyRepr.repr(o.value()));
    }

    @ParameterizedTest(name = "{0} is a SyntaxError")
    @ValueSource(strings = {"'\\x4'", "'\\u12'", "'\\N{NO SUCH NAME}'", "'\\U00110000'", "'\\N'"})
    void malformedEscapesAreSyntaxErrors(String text) {
        PyLiteral.Outcome o = eval(text);
        assertTrue(o.syntaxError() && !o.literal(), () -> text + ": " + o);
    }

    @Test
    void surroundingSpacesAreAllowed() {
        assertEquals("5", PyRepr.repr(eval("  5").value()));
        assertEquals("5", PyRepr.repr(eval("5  ").value()));
    }

    @ParameterizedTest(name = "{0} is kept as a string")
    @ValueSource(
            strings = {
                "nearest",
                "torch.nn.ReLU()",
                "2*3",
                "1 + 2",
                "a.b",
                "x[0]",
                "some-model",
                "resnet18",
                "DEFAULT",
                "IMAGENET1K_V1",
                "nn.Identity",
                "[1, x]",
                "lambda: 1",
                "[x for x in y]",
                "__import__('os').system('x')"
            })
    void validPythonThatIsNotALiteral(String text) {
        PyLiteral.Outcome o = eval(text);
        assertTrue(o.notLiteral() && !o.literal() && !o.syntaxError(), () -> text + ": " + o);
    }

    @ParameterizedTest(name = "{0} is a SyntaxError")
    @ValueSource(
            strings = {
                "a b",
                "1e",
                "",
                "mobileclip2:b",
                "(",
                "[1,",
                "'abc",
                "01",
                "1__0",
                "1e+",
                "[1, 2",
                "f(",
                "1_",
                "0x",
                "not",
                "if"
            })
    void notPythonAtAll(String text) {
        PyLiteral.Outcome o = eval(text);
        assertTrue(o.syntaxError() && !o.literal(), () -> "'" + text + "': " + o);
    }

    /** literal_eval takes one sign on a number constant; CPython 3.11 raises ValueError (Ultralytics keeps the string) on more. */
    @ParameterizedTest(name = "{0} is kept as a string")
    @ValueSource(strings = {"--1", "-(-1)", "+-2", "-+1.5", "~1", "not 1", "-True", "2**3", "-2**2"})
    void oneSignOnANumberIsALiteralTwoAreNot(String text) {
        PyLiteral.Outcome o = eval(text);
        assertTrue(o.notLiteral(), () -> text + ": " + o);
        assertEquals("-1", PyRepr.repr(eval("-(1)").value()));
    }

    /**
     * Long runs of prefix operators or powers, and deep brackets, end as syntax errors (E0405 in the
     * resolver) in time linear in their length, never as a stack overflow: CPython 3.11 itself fails
     * on 3,000 signs (RecursionError) and on a 201st level of brackets.
     */
    /** Python's numeric literals take ASCII digits only: U+0660 (Arabic-Indic zero) after a point is refused. */
    @ParameterizedTest(name = "{0} is a SyntaxError, not an internal error")
    @ValueSource(strings = {"-.\u0660", ".\u0660", "1.\u0660", "\u0660"})
    void nonAsciiDigitsAreSyntaxErrors(String text) {
        PyLiteral.Outcome o = eval(text);
        assertTrue(o.syntaxError() && !o.literal(), () -> text + ": " + o);
    }

    @ParameterizedTest(name = "{0} x 100000 is a SyntaxError")
    @ValueSource(strings = {"-", "+", "~", "not ", "2**", "2**-", "1 if 1 else "})
    void longOperatorChainsAreSyntaxErrorsNotStackOverflows(String op) {
        PyLiteral.Outcome o = eval(op.repeat(100_000) + "1");
        assertTrue(o.syntaxError(), () -> op + ": " + o);
        assertTrue(o.error().contains("too complex"), o.error());
    }

    @Test
    void chainsPythonStillParsesAreNotErrors() {
        // 900 signs: CPython parses them (and literal_eval refuses them as not a literal)
        assertTrue(eval("-".repeat(900) + "1").notLiteral());
        assertTrue(eval("not ".repeat(900) + "1").notLiteral());
        assertTrue(eval("2" + "**2".repeat(900)).notLiteral());
    }

    @Test
    void bracketsNestAsDeepAsPythonAllows() {
        // CPython 3.11: 200 levels parse, 201 are "too many nested parentheses"
        assertTrue(eval("(".repeat(200) + "1" + ")".repeat(200)).literal());
        assertTrue(eval("[".repeat(200) + "1" + "]".repeat(200)).literal());
        assertTrue(eval("(".repeat(201) + "1" + ")".repeat(201)).syntaxError());
        assertTrue(eval("[".repeat(100_000)).syntaxError());
        assertTrue(eval("f(".repeat(100_000)).syntaxError());
    }

    /** CPython 3.11 refuses decimal literals over 4,300 digits (SyntaxError); the conversion is quadratic in Java too. */
    @Test
    void integersOfMoreThan4300DigitsAreSyntaxErrorsInLinearTime() {
        assertTrue(eval("9".repeat(4_300)).literal());
        PyLiteral.Outcome o = eval("9".repeat(4_000_000));
        assertTrue(o.syntaxError(), () -> "" + o);
        assertTrue(o.error().contains("4000000 digits exceeds"), o.error());
        assertTrue(eval("0x" + "f".repeat(4_000_000)).syntaxError());
    }
}
