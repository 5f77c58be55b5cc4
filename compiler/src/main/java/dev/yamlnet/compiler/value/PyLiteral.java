package dev.yamlnet.compiler.value;

import dev.yamlnet.compiler.source.Span;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What Ultralytics' {@code ast.literal_eval} makes of a string argument, without evaluating
 * anything. Three outcomes, as in Python:
 *
 * <ul>
 *   <li>{@link Outcome#literal()}: the text is a Python literal (number, quoted string,
 *       {@code True}, {@code None}, list, tuple, dict, set, with unary signs) and becomes that value;
 *   <li>{@link Outcome#notLiteral()}: the text is a valid Python expression but not a literal
 *       ({@code nearest}, {@code torch.nn.ReLU()}, {@code 2*3}); Ultralytics keeps the string;
 *   <li>{@link Outcome#syntaxError()}: the text is not a Python expression ({@code a b}, {@code 1e},
 *       the empty string); Ultralytics crashes with a {@code SyntaxError}.
 * </ul>
 *
 * <p>The parser covers Python's expression grammar. Lambdas and list or set comprehensions, which
 * only ever appear in malicious files, are read loosely and reported as not literal, as Python does.
 */
public final class PyLiteral {
    /** The result of parsing: exactly one of value (literal), keep (not literal) or error. */
    public record Outcome(Value value, boolean keepString, String error) {
        public boolean literal() {
            return value != null;
        }

        public boolean notLiteral() {
            return keepString;
        }

        public boolean syntaxError() {
            return error != null;
        }
    }

    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    /** Marker for "parsed, but not a literal". */
    private static final Value NOT_LITERAL = new Value.None(Span.NONE);

    /**
     * Brackets and nested expressions deeper than this are a syntax error, as in Python, whose
     * tokenizer refuses a 201st level of parentheses ("too many nested parentheses").
     */
    static final int MAX_NESTING = 200;

    /**
     * The longest run of prefix operators ({@code - + ~ not}) or of {@code **} accepted. Python
     * 3.11's parser gives up (RecursionError, MemoryError) at about 3,000, so Ultralytics crashes
     * on longer runs; yamlnet reads them in a loop and stops earlier, at this count.
     */
    static final int MAX_CHAIN = 1_000;

    /**
     * The most digits an integer literal may have. CPython (3.11 and the security releases before it)
     * refuses to convert decimal strings of more than 4,300 digits (CVE-2020-10735), because the
     * conversion takes time quadratic in the length; Java's BigInteger parser is quadratic too, so
     * yamlnet refuses longer integers in every base.
     */
    public static final int MAX_INT_DIGITS = 4_300;

    private final String text;
    private final Span span;
    private int pos;
    private int depth;
    /** Values a sign was applied to: literal_eval reads one sign on a number, never {@code --1} or {@code -(-1)}. */
    private final java.util.Set<Value> signed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private PyLiteral(String text, Span span) {
        this.text = text;
        this.span = span;
    }

    public static Outcome evaluate(String text, Span span) {
        String stripped = stripLeading(text);
        PyLiteral p = new PyLiteral(stripped, span);
        try {
            Value v = p.parseExpressionList();
            p.skipSpace();
            if (p.pos < p.text.length()) {
                throw new SyntaxError("invalid syntax at '" + p.text.substring(p.pos) + "'");
            }
            if (v == NOT_LITERAL || v == null) {
                return new Outcome(null, true, null);
            }
            return new Outcome(v, false, null);
        } catch (SyntaxError e) {
            return new Outcome(null, false, e.getMessage());
        } catch (StackOverflowError e) {
            // a last guard: the nesting and chain limits keep the recursion far below any real stack
            return new Outcome(null, false, "expression too complex to parse");
        }
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return s.substring(i);
    }

    // expression_list: expr (',' expr)* [','] -> a tuple when a comma appears
    private Value parseExpressionList() {
        skipSpace();
        if (pos >= text.length()) {
            throw new SyntaxError("unexpected end of input");
        }
        Value first = parseTest();
        skipSpace();
        if (peek() != ',') {
            return first;
        }
        List<Value> items = new ArrayList<>();
        items.add(first);
        boolean literal = first != NOT_LITERAL;
        while (peek() == ',') {
            pos++;
            skipSpace();
            if (pos >= text.length() || peek() == ')') {
                break;
            }
            Value v = parseTest();
            literal &= v != NOT_LITERAL;
            items.add(v);
            skipSpace();
        }
        return literal ? new Value.Seq(items, true, span) : NOT_LITERAL;
    }

    // test: or_test ['if' or_test 'else' test] | lambda
    private Value parseTest() {
        if (++depth > MAX_NESTING + 1) { // the outermost expression is not nested
            throw new SyntaxError("too many nested parentheses");
        }
        try {
            if (keyword("lambda")) { // valid Python, never a literal
                skipLambdaParameters();
                expect(':');
                parseTest();
                return NOT_LITERAL;
            }
            Value v = parseBinary(0);
            if (!keyword("if")) {
                return v;
            }
            // a if c else b if d else ...: a loop, so that a long chain costs no stack
            int chain = 0;
            do {
                chain(++chain);
                parseBinary(0);
                if (!keyword("else")) {
                    throw new SyntaxError("expected 'else'");
                }
                if (keyword("lambda")) {
                    skipLambdaParameters();
                    expect(':');
                    parseTest();
                    return NOT_LITERAL;
                }
                parseBinary(0);
            } while (keyword("if"));
            return NOT_LITERAL;
        } finally {
            depth--;
        }
    }

    private static void chain(int length) {
        if (length > MAX_CHAIN) {
            throw new SyntaxError("more than " + MAX_CHAIN + " operators in a row: too complex for Python's parser");
        }
    }

    private static final String[][] BINARY_LEVELS = {
        {"or"},
        {"and"},
        {"==", "!=", "<=", ">=", "<", ">", "not in", "in", "is not", "is"},
        {"|"},
        {"^"},
        {"&"},
        {"<<", ">>"},
        {"+", "-"},
        {"*", "//", "/", "%", "@"},
    };

    private Value parseBinary(int level) {
        if (level == BINARY_LEVELS.length) {
            return parseUnary();
        }
        if (level == 2 && keyword("not")) { // not_test sits between 'and' and comparisons
            int chain = 1;
            while (keyword("not")) {
                chain(++chain);
            }
            parseOperands(level);
            return NOT_LITERAL;
        }
        return parseOperands(level);
    }

    /** Operands of this level joined by its operators (after any leading 'not'). */
    private Value parseOperands(int level) {
        Value left = parseBinary(level + 1);
        while (true) {
            skipSpace();
            String op = matchOperator(BINARY_LEVELS[level]);
            if (op == null) {
                return left;
            }
            Value right = parseBinary(level + 1);
            left = NOT_LITERAL; // literal_eval rejects binary operators (apart from complex sums)
            if (right == null) {
                throw new SyntaxError("invalid syntax");
            }
        }
    }

    private String matchOperator(String[] ops) {
        for (String op : ops) {
            if (Character.isLetter(op.charAt(0))) {
                int save = pos;
                boolean ok = true;
                for (String word : op.split(" ")) {
                    if (!keyword(word)) {
                        ok = false;
                        break;
                    }
                }
                if (ok) {
                    return op;
                }
                pos = save;
            } else if (text.startsWith(op, pos)) {
                // do not read '*' of '**', '/' of '//', '<' of '<<', '=' assignments
                String next = pos + op.length() < text.length()
                        ? text.substring(pos + op.length(), pos + op.length() + 1)
                        : "";
                if ((op.equals("*") && next.equals("*"))
                        || (op.equals("<") && next.equals("<"))
                        || (op.equals(">") && next.equals(">"))
                        || (op.equals("/") && next.equals("/"))
                        || next.equals("=") && !op.endsWith("=")) {
                    continue;
                }
                pos += op.length();
                return op;
            }
        }
        return null;
    }

    // factor: ('-' | '+' | '~') factor | power, read as a loop over the signs
    private Value parseUnary() {
        char first = '\0';
        int signs = 0;
        skipSpace();
        while (peek() == '-' || peek() == '+' || peek() == '~') {
            chain(++signs);
            first = signs == 1 ? peek() : first;
            pos++;
            skipSpace();
        }
        Value operand = parsePower();
        if (signs == 0) {
            return operand;
        }
        // literal_eval takes one sign on a number: -1 and -(1), not --1, -(-1), ~1, -True, -'a' or -[1]
        if (signs > 1 || first == '~' || signed.contains(operand)) {
            return NOT_LITERAL;
        }
        Value v;
        if (operand instanceof Value.Int i) {
            v = new Value.Int(first == '-' ? i.value().negate() : i.value(), span);
        } else if (operand instanceof Value.Float f) {
            v = new Value.Float(first == '-' ? -f.value() : f.value(), span);
        } else {
            return NOT_LITERAL;
        }
        signed.add(v);
        return v;
    }

    // power: primary ['**' factor], read as a loop: a ** -b ** c ...
    private Value parsePower() {
        Value base = parsePrimary();
        skipSpace();
        int powers = 0;
        while (text.startsWith("**", pos)) {
            chain(++powers);
            pos += 2;
            int signs = 0;
            skipSpace();
            while (peek() == '-' || peek() == '+' || peek() == '~') {
                chain(++signs);
                pos++;
                skipSpace();
            }
            parsePrimary();
            skipSpace();
        }
        return powers > 0 ? NOT_LITERAL : base;
    }

    private Value parsePrimary() {
        Value v = parseAtom();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '.') {
                pos++;
                skipSpace();
                if (readName() == null) {
                    throw new SyntaxError("expected a name after '.'");
                }
                v = NOT_LITERAL;
            } else if (c == '(') {
                pos++;
                parseArguments(')');
                v = NOT_LITERAL;
            } else if (c == '[') {
                pos++;
                parseArguments(']');
                v = NOT_LITERAL;
            } else {
                return v;
            }
        }
    }

    /** Call arguments or a subscript: anything up to the closing bracket, checked for syntax. */
    private void parseArguments(char close) {
        skipSpace();
        while (peek() != close) {
            if (pos >= text.length()) {
                throw new SyntaxError("'" + (close == ')' ? '(' : '[') + "' was never closed");
            }
            if (text.startsWith("**", pos) || peek() == '*') {
                pos += text.startsWith("**", pos) ? 2 : 1;
            }
            int save = pos;
            String name = readName();
            skipSpace();
            if (name != null && peek() == '=' && !text.startsWith("==", pos)) {
                pos++; // keyword argument
            } else {
                pos = save;
            }
            if (peek() == ':') { // slice without start
                pos++;
            } else {
                parseTest();
            }
            skipSpace();
            while (peek() == ':') {
                pos++;
                skipSpace();
                if (peek() != close && peek() != ',' && peek() != ':') {
                    parseTest();
                }
                skipSpace();
            }
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != close) {
                throw new SyntaxError("invalid syntax");
            }
        }
        pos++;
    }

    private Value parseAtom() {
        skipSpace();
        if (pos >= text.length()) {
            throw new SyntaxError("unexpected end of input");
        }
        char c = peek();
        if (c == '(') {
            pos++;
            skipSpace();
            if (peek() == ')') {
                pos++;
                return new Value.Seq(List.of(), true, span);
            }
            Value inner = parseExpressionList();
            expect(')');
            return inner;
        }
        if (c == '[') {
            pos++;
            List<Value> items = new ArrayList<>();
            boolean literal = parseSequence(']', items);
            return literal ? new Value.Seq(items, false, span) : NOT_LITERAL;
        }
        if (c == '{') {
            return parseBrace();
        }
        if (c == '"' || c == '\'') {
            return parseStrings("");
        }
        if (isAsciiDigit(c) || (c == '.' && pos + 1 < text.length() && isAsciiDigit(text.charAt(pos + 1)))) {
            return parseNumber();
        }
        String name = readName();
        if (name == null) {
            throw new SyntaxError("invalid character '" + new String(Character.toChars(text.codePointAt(pos))) + "'");
        }
        if (peek() == '"' || peek() == '\'') {
            String prefix = name.toLowerCase();
            if (prefix.matches("r|u|b|br|rb|f|fr|rf")) {
                Value s = parseStrings(prefix);
                return prefix.contains("b") || prefix.contains("f") ? NOT_LITERAL : s;
            }
        }
        switch (name) {
            case "True":
                return new Value.Bool(true, span);
            case "False":
                return new Value.Bool(false, span);
            case "None":
                return new Value.None(span);
            case "and":
            case "or":
            case "not":
            case "in":
            case "is":
            case "if":
            case "else":
            case "lambda":
            case "for":
            case "def":
            case "class":
            case "import":
            case "from":
            case "return":
            case "yield":
            case "while":
            case "with":
            case "as":
            case "pass":
            case "del":
            case "global":
            case "raise":
            case "try":
            case "except":
            case "finally":
            case "assert":
            case "break":
            case "continue":
            case "elif":
            case "nonlocal":
            case "async":
            case "await":
                throw new SyntaxError("invalid syntax at keyword '" + name + "'");
            default:
                return NOT_LITERAL;
        }
    }

    /** Items of a list, set or tuple until {@code close}; returns whether all are literals. */
    private boolean parseSequence(char close, List<Value> items) {
        boolean literal = true;
        skipSpace();
        while (peek() != close) {
            if (pos >= text.length()) {
                throw new SyntaxError("'" + (close == ']' ? '[' : '{') + "' was never closed");
            }
            Value v = parseTest();
            if (keyword("for")) { // a comprehension: valid Python, never a literal
                skipComprehension();
                if (peek() != close) {
                    throw new SyntaxError("invalid syntax");
                }
                pos++;
                return false;
            }
            literal &= v != NOT_LITERAL;
            items.add(v);
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != close) {
                throw new SyntaxError("invalid syntax");
            }
        }
        pos++;
        return literal;
    }

    /** Lambda parameters up to the ':' (names, defaults, '*', '/' and commas). */
    private void skipLambdaParameters() {
        while (true) {
            skipSpace();
            char c = peek();
            if (c == ':') {
                return;
            }
            if (Character.isLetter(c) || c == '_') {
                while (pos < text.length()
                        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    pos++;
                }
            } else if (c == '=') {
                pos++;
                parseTest();
            } else if (c == ',' || c == '*' || c == '/') {
                pos++;
            } else {
                throw new SyntaxError("invalid syntax");
            }
        }
    }

    /** After 'for': targets 'in' source, then further 'if' and 'for' clauses. */
    private void skipComprehension() {
        do {
            parseBinary(3);
            skipSpace();
            while (peek() == ',') {
                pos++;
                parseBinary(3);
                skipSpace();
            }
            if (!keyword("in")) {
                throw new SyntaxError("invalid syntax");
            }
            parseBinary(0);
            while (keyword("if")) {
                parseBinary(0);
            }
        } while (keyword("for"));
        skipSpace();
    }

    private Value parseBrace() {
        pos++; // '{'
        skipSpace();
        if (peek() == '}') {
            pos++;
            return new Value.Dict(List.of(), span);
        }
        Value first = parseTest();
        skipSpace();
        if (peek() != ':') {
            List<Value> items = new ArrayList<>();
            items.add(first);
            if (peek() == ',') {
                pos++;
                parseSequence('}', items);
            } else {
                expect('}');
            }
            // a set is a literal in Python, but no module takes one: keep the text as Ultralytics
            // would keep any other non-argument, and let the argument check report its type
            return NOT_LITERAL;
        }
        List<Value.Entry> entries = new ArrayList<>();
        boolean literal = first != NOT_LITERAL;
        Value key = first;
        while (true) {
            expect(':');
            Value value = parseTest();
            literal &= value != NOT_LITERAL;
            entries.add(new Value.Entry(key, value));
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            }
            if (peek() == '}') {
                pos++;
                break;
            }
            if (pos >= text.length()) {
                throw new SyntaxError("'{' was never closed");
            }
            key = parseTest();
            literal &= key != NOT_LITERAL;
            skipSpace();
        }
        return literal ? new Value.Dict(entries, span) : NOT_LITERAL;
    }

    private Value parseStrings(String prefix) {
        StringBuilder all = new StringBuilder();
        boolean raw = prefix.contains("r");
        while (peek() == '"' || peek() == '\'') {
            char q = peek();
            boolean triple = text.startsWith(String.valueOf(q).repeat(3), pos);
            pos += triple ? 3 : 1;
            while (true) {
                if (pos >= text.length()) {
                    throw new SyntaxError("unterminated string literal");
                }
                char c = text.charAt(pos);
                if (triple ? text.startsWith(String.valueOf(q).repeat(3), pos) : c == q) {
                    pos += triple ? 3 : 1;
                    break;
                }
                if (!triple && (c == '\n' || c == '\r')) {
                    throw new SyntaxError("unterminated string literal");
                }
                if (c == '\\' && pos + 1 < text.length()) {
                    char n = text.charAt(pos + 1);
                    pos += 2;
                    if (raw) {
                        all.append('\\').append(n);
                        continue;
                    }
                    pos = escape(n, all);
                    continue;
                }
                all.append(c);
                pos++;
            }
            skipSpace();
            // adjacent literals concatenate; a prefix on the next one is allowed
            int save = pos;
            String nextPrefix = readName();
            if (nextPrefix != null && !(peek() == '"' || peek() == '\'')) {
                pos = save;
                break;
            }
            if (nextPrefix == null) {
                pos = save;
            } else {
                raw = nextPrefix.toLowerCase().contains("r");
            }
        }
        return new Value.Str(all.toString(), false, span);
    }

    /**
     * Decodes the escape sequence whose character after the backslash is {@code n} (already
     * consumed) into {@code out}, as Python 3 does in a str literal; returns the position after it.
     * Unknown escapes keep their backslash (Python warns and does the same); a truncated hex escape
     * ({@code x}, {@code u}, {@code U}), an out-of-range code point or an unknown character name
     * ({@code N}) is a SyntaxError, as in Python.
     */
    private int escape(char n, StringBuilder out) {
        switch (n) {
            case '\n':
                return pos; // line continuation
            case '\\':
                out.append('\\');
                return pos;
            case '\'':
                out.append('\'');
                return pos;
            case '"':
                out.append('"');
                return pos;
            case 'a':
                out.append('\u0007');
                return pos;
            case 'b':
                out.append('\b');
                return pos;
            case 'f':
                out.append('\f');
                return pos;
            case 'n':
                out.append('\n');
                return pos;
            case 'r':
                out.append('\r');
                return pos;
            case 't':
                out.append('\t');
                return pos;
            case 'v':
                out.append('\u000b');
                return pos;
            case 'x':
                return hexEscape(2, "\\xXX", out);
            case 'u':
                return hexEscape(4, "\\uXXXX", out);
            case 'U':
                return hexEscape(8, "\\UXXXXXXXX", out);
            case 'N': {
                int close = text.indexOf('}', pos);
                if (peek() != '{' || close < 0) {
                    throw new SyntaxError("malformed \\N character escape");
                }
                String name = text.substring(pos + 1, close);
                try {
                    out.appendCodePoint(Character.codePointOf(name));
                } catch (IllegalArgumentException e) {
                    throw new SyntaxError("unknown Unicode character name '" + name + "' in \\N{...}");
                }
                return close + 1;
            }
            default:
                if (n >= '0' && n <= '7') { // up to three octal digits
                    int v = n - '0';
                    int at = pos;
                    while (at < text.length() && at < pos + 2 && text.charAt(at) >= '0' && text.charAt(at) <= '7') {
                        v = v * 8 + (text.charAt(at) - '0');
                        at++;
                    }
                    out.appendCodePoint(v);
                    return at;
                }
                out.append('\\').append(n);
                return pos;
        }
    }

    private int hexEscape(int digits, String form, StringBuilder out) {
        if (pos + digits > text.length()) {
            throw new SyntaxError("truncated " + form + " escape");
        }
        String hex = text.substring(pos, pos + digits);
        if (!hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new SyntaxError("truncated " + form + " escape");
        }
        long cp = Long.parseLong(hex, 16);
        if (cp > Character.MAX_CODE_POINT) {
            throw new SyntaxError("illegal Unicode character in " + form + " escape");
        }
        out.appendCodePoint((int) cp);
        return pos + digits;
    }

    private Value parseNumber() {
        int start = pos;
        String lower;
        if (peek() == '0' && pos + 1 < text.length() && "xXoObB".indexOf(text.charAt(pos + 1)) >= 0) {
            char kind = Character.toLowerCase(text.charAt(pos + 1));
            pos += 2;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String digits = text.substring(start + 2, pos);
            int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
            if (digits.length() > MAX_INT_DIGITS) {
                throw new SyntaxError(
                        "integer literal of " + digits.length() + " digits exceeds the limit of " + MAX_INT_DIGITS);
            }
            if (!validDigits(digits, radix)) {
                throw new SyntaxError(
                        "invalid " + (radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary") + " literal");
            }
            return new Value.Int(new BigInteger(digits.replace("_", ""), radix), span);
        }
        boolean isFloat = false;
        while (pos < text.length() && (isAsciiDigit(peek()) || peek() == '_')) {
            pos++;
        }
        if (peek() == '.') {
            isFloat = true;
            pos++;
            while (pos < text.length() && (isAsciiDigit(peek()) || peek() == '_')) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            isFloat = true;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            int expStart = pos;
            while (pos < text.length() && (isAsciiDigit(peek()) || peek() == '_')) {
                pos++;
            }
            if (pos == expStart) {
                throw new SyntaxError("invalid decimal literal");
            }
        }
        boolean imaginary = false;
        if (peek() == 'j' || peek() == 'J') {
            imaginary = true;
            pos++;
        }
        if (pos < text.length() && (Character.isLetter(peek()) || peek() == '_')) {
            throw new SyntaxError("invalid decimal literal");
        }
        lower = text.substring(start, imaginary ? pos - 1 : pos);
        if (lower.contains("__") || lower.endsWith("_") || lower.contains("_.") || lower.contains("._")) {
            throw new SyntaxError("invalid decimal literal");
        }
        String clean = lower.replace("_", "");
        if (imaginary) {
            return NOT_LITERAL; // complex numbers: valid, but no module takes one
        }
        if (isFloat) {
            return new Value.Float(Double.parseDouble(clean), span);
        }
        if (clean.length() > 1 && clean.startsWith("0") && !clean.matches("0+")) {
            throw new SyntaxError("leading zeros in decimal integer literals are not permitted");
        }
        if (clean.length() > MAX_INT_DIGITS) {
            // CPython: "Exceeds the limit (4300 digits) for integer string conversion", a SyntaxError here
            throw new SyntaxError(
                    "integer literal of " + clean.length() + " digits exceeds Python's limit of " + MAX_INT_DIGITS);
        }
        return new Value.Int(new BigInteger(clean), span);
    }

    private static boolean validDigits(String digits, int radix) {
        if (digits.isEmpty() || digits.startsWith("__") || digits.endsWith("_") || digits.contains("__")) {
            return false;
        }
        for (char c : digits.toCharArray()) {
            if (c != '_' && Character.digit(c, radix) < 0) {
                return false;
            }
        }
        return true;
    }

    private String readName() {
        int start = pos;
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }
        return null;
    }

    private boolean keyword(String word) {
        skipSpace();
        if (text.startsWith(word, pos)) {
            int end = pos + word.length();
            if (end == text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                pos = end;
                return true;
            }
        }
        return false;
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw new SyntaxError(pos >= text.length() ? "unexpected end of input" : "expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** Python's numeric literals take ASCII digits only ({@code Character.isDigit} would take U+0660 and friends). */
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
