package dev.yamlnet.compiler.value;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yamlnet.compiler.source.Span;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's {@code repr()}, as Ultralytics prints arguments; expected texts are CPython 3's. */
class PyReprTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.25, 0.25",
        "1e-05, 1e-05",
        "1e16, 1e+16",
        "100.0, 100.0",
        "1e15, 1000000000000000.0",
        "0.30000000000000004, 0.30000000000000004",
        "1.5e-7, 1.5e-07",
        "-0.0, -0.0",
        "123456789012345678.0, 1.2345678901234568e+17",
        "0.0001, 0.0001",
        "0.00001234, 1.234e-05",
        "0.33, 0.33",
        "1.25, 1.25",
        "-2.5, -2.5"
    })
    void floats(double value, String expected) {
        assertEquals(expected, PyRepr.floatRepr(value));
    }

    @Test
    void specialFloats() {
        assertEquals("inf", PyRepr.floatRepr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PyRepr.floatRepr(Double.NEGATIVE_INFINITY));
        assertEquals("nan", PyRepr.floatRepr(Double.NaN));
    }

    @Test
    void stringsPickTheirQuotesAsPythonDoes() {
        assertEquals("'nearest'", PyRepr.stringRepr("nearest"));
        assertEquals("\"it's\"", PyRepr.stringRepr("it's"));
        assertEquals("'a\"b\\'c'", PyRepr.stringRepr("a\"b'c"));
        assertEquals("'tab\\there'", PyRepr.stringRepr("tab\there"));
        assertEquals("'back\\\\slash'", PyRepr.stringRepr("back\\slash"));
    }

    @Test
    void containers() {
        Value one = new Value.Int(BigInteger.ONE, Span.NONE);
        Value two = new Value.Int(BigInteger.TWO, Span.NONE);
        Value three = new Value.Int(BigInteger.valueOf(3), Span.NONE);
        assertEquals("(1,)", PyRepr.repr(new Value.Seq(List.of(one), true, Span.NONE)));
        assertEquals("()", PyRepr.repr(new Value.Seq(List.of(), true, Span.NONE)));
        assertEquals("[]", PyRepr.repr(new Value.Seq(List.of(), false, Span.NONE)));
        Value mixed = new Value.Seq(
                List.of(
                        one,
                        new Value.Str("a", false, Span.NONE),
                        new Value.None(Span.NONE),
                        new Value.Bool(true, Span.NONE),
                        new Value.Seq(List.of(two, three), true, Span.NONE)),
                false,
                Span.NONE);
        assertEquals("[1, 'a', None, True, (2, 3)]", PyRepr.repr(mixed));
        Value dict = new Value.Dict(
                List.of(new Value.Entry(new Value.Str("a", false, Span.NONE), new Value.Float(1.0, Span.NONE))),
                Span.NONE);
        assertEquals("{'a': 1.0}", PyRepr.repr(dict));
    }
}
