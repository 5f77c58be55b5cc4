package dev.yamlnet.compiler.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code docs/diagnostics.md} documents every code under its own heading, and nothing else. */
class DiagnosticsDocTest {
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+([EW]\\d{4})\\b.*$");

    private static Map<String, String> sections() throws IOException {
        String text = Files.readString(TestPaths.docs().resolve("diagnostics.md"));
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HEADING.matcher(text);
        String code = null;
        int start = 0;
        while (m.find()) {
            if (code != null) {
                out.put(code, text.substring(start, m.start()));
            }
            code = m.group(1);
            start = m.end();
        }
        if (code != null) {
            out.put(code, text.substring(start));
        }
        return out;
    }

    @Test
    void everyCodeHasAHeadingAndEveryHeadingACode() throws IOException {
        Set<String> documented = new TreeSet<>(sections().keySet());
        Set<String> codes = new TreeSet<>();
        for (DiagCode c : DiagCode.values()) {
            codes.add(c.name());
        }
        assertEquals(codes, documented);
    }

    @Test
    void everySectionNamesItsTitleAndAFix() throws IOException {
        Map<String, String> sections = sections();
        for (DiagCode c : DiagCode.values()) {
            String section = sections.get(c.name()).toLowerCase(Locale.ROOT);
            assertTrue(section.contains(c.title().toLowerCase(Locale.ROOT)), c + " section does not give its title '" + c.title() + "'");
            assertTrue(section.contains("fix:"), c + " section says nothing about the fix");
        }
    }
}
