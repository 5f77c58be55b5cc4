package dev.yamlnet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help text that wraps only at spaces. Picocli wraps with Java's line break rules, which also break
 * after a dot, a slash or a hyphen: {@code com.example.} / {@code models}, {@code --scale-} /
 * {@code changed}. Here every table (options, parameters, exit codes), the synopsis, the description
 * and the footer break at spaces only, and a no-break space (U+00A0) in a text keeps two words on
 * one line ({@code --scale\u00a0n}) and is printed as a plain space. Only a word longer than a whole
 * line is still cut.
 */
final class HelpFormat {
    /** Written in texts where a line must not break; printed as a space. */
    static final char NO_BREAK = '\u00a0';

    private HelpFormat() {}

    /** Makes every command of {@code cli} (and those added later) use this help. */
    static void install(CommandLine cli) {
        cli.setHelpFactory(SpaceWrappingHelp::new);
    }

    /**
     * Where {@code text} may be split into lines of at most {@code first} characters for the first
     * and {@code rest} for the others: after the spaces that end each line (those are dropped).
     * Returns the [start, end) of each line in the plain text.
     */
    static List<int[]> lines(String text, int first, int rest) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int width = Math.max(1, out.isEmpty() ? first : rest);
            if (n - start <= width) {
                out.add(new int[] {start, n});
                break;
            }
            int cut = text.lastIndexOf(' ', start + width);
            int end;
            int next;
            if (cut > start) {
                end = cut;
                while (end > start && text.charAt(end - 1) == ' ') {
                    end--;
                }
                next = cut;
            } else {
                // one word longer than the line: cut at the next space, or inside it when there is none
                int space = text.indexOf(' ', start);
                end = space > start && space - start <= width ? space : start + width;
                next = end;
            }
            while (next < n && text.charAt(next) == ' ') {
                next++;
            }
            out.add(new int[] {start, end});
            start = next;
        }
        return out;
    }

    /** A text with its no-break spaces printed as spaces. */
    static Text plainSpaces(Text t) {
        String s = t.plainString();
        int k = s.indexOf(NO_BREAK);
        if (k < 0) {
            return t;
        }
        Text out = t.substring(0, 0);
        int from = 0;
        while (k >= 0) {
            out = out.concat(t.substring(from, k)).concat(" ");
            from = k + 1;
            k = s.indexOf(NO_BREAK, from);
        }
        return out.concat(t.substring(from));
    }

    /** Wraps a paragraph of text to {@code width}, each line's leading spaces kept for the lines it wraps to. */
    static String paragraph(String text, int width) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            int lead = 0;
            while (lead < line.length() && line.charAt(lead) == ' ') {
                lead++;
            }
            String body = line.substring(lead);
            if (body.isEmpty()) {
                out.append(line.stripTrailing()).append(System.lineSeparator());
                continue;
            }
            for (int[] l : lines(body, width - lead, width - lead)) {
                out.append(" ".repeat(lead)).append(body, l[0], l[1]).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /** A table whose wrapping columns break at spaces only. */
    static final class SpaceWrappingTable extends TextTable {
        private final int spare;

        /** {@code spare}: columns to leave free at the end of each line, as picocli does in that table. */
        SpaceWrappingTable(ColorScheme scheme, Column[] columns, int indentWrappedLines, int spare) {
            super(scheme, columns);
            this.indentWrappedLines = indentWrappedLines;
            this.spare = spare;
        }

        @Override
        public TextTable.Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (value == null || column.overflow != Column.Overflow.WRAP) {
                return super.putValue(row, col, value == null ? null : plainSpaces(value));
            }
            String plain = value.plainString();
            int used = textAt(row, col).plainString().length();
            int first = column.width - Math.max(column.indent, used) - spare;
            int rest = column.width - column.indent - indentWrappedLines - spare;
            if (plain.length() <= first) {
                return super.putValue(row, col, plainSpaces(value));
            }
            TextTable.Cell cell = null;
            int r = row;
            int indent = column.indent;
            for (int[] l : lines(plain, first, rest)) {
                if (r >= rowCount()) {
                    addEmptyRow();
                }
                cell = super.putValue(r, col, plainSpaces(value.substring(l[0], l[1])));
                r = cell.row + 1;
                column.indent = indent + indentWrappedLines; // the lines it wraps to
            }
            column.indent = indent;
            return cell;
        }
    }

    /** Picocli's help with {@link SpaceWrappingTable}s and space-only wrapping of the other sections. */
    static final class SpaceWrappingHelp extends Help {
        SpaceWrappingHelp(CommandSpec spec, ColorScheme scheme) {
            super(spec, scheme);
        }

        private int width() {
            return commandSpec().usageMessage().width();
        }

        @Override
        public Layout createDefaultLayout(
                List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
            Layout layout = super.createDefaultLayout(options, positionals, scheme);
            TextTable t = layout.textTable();
            return new Layout(
                    scheme,
                    new SpaceWrappingTable(scheme, t.columns(), t.indentWrappedLines, 1),
                    layout.optionRenderer(),
                    layout.parameterRenderer());
        }

        @Override
        public TextTable createTextTable(Map<?, ?> map) {
            TextTable t = super.createTextTable(map);
            if (map == null || map.isEmpty()) {
                return t;
            }
            TextTable mine = new SpaceWrappingTable(colorScheme(), t.columns(), t.indentWrappedLines, 0);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                mine.addRowValues(
                        colorScheme().text(String.valueOf(e.getKey())),
                        colorScheme().text(String.valueOf(e.getValue())));
            }
            return mine;
        }

        @Override
        protected String insertSynopsisCommandName(int headingLength, Text text) {
            // as picocli lays it out: the options after the command name, wrapped lines under the first option
            String name = commandSpec().qualifiedName();
            int column = headingLength + name.length();
            Text command = colorScheme().commandText(name);
            String plain = text.plainString();
            StringBuilder out = new StringBuilder(command.toString());
            List<int[]> parts = lines(plain.substring(1), width() - column - 2, width() - column - 2);
            for (int k = 0; k < parts.size(); k++) {
                if (k > 0) {
                    out.append(System.lineSeparator()).append(" ".repeat(column));
                }
                out.append(' ').append(plainSpaces(text.substring(parts.get(k)[0] + 1, parts.get(k)[1] + 1)));
            }
            return out.append(System.lineSeparator()).toString();
        }

        @Override
        public String description(Object... params) {
            return section(commandSpec().usageMessage().description(), params);
        }

        @Override
        public String footer(Object... params) {
            return section(commandSpec().usageMessage().footer(), params);
        }

        @Override
        public String header(Object... params) {
            return section(commandSpec().usageMessage().header(), params);
        }

        private String section(String[] lines, Object... params) {
            StringBuilder out = new StringBuilder();
            for (String line : lines) {
                String formatted = String.format(line, params);
                // picocli leaves the last column of the screen free in these sections
                out.append(plainSpaces(colorScheme().text(paragraph(formatted, width() - 1)))
                        .toString());
            }
            return out.toString();
        }
    }
}
