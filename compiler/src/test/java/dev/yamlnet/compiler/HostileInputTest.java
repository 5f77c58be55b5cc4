package dev.yamlnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written to hurt: each ends in diagnostics, in time and memory proportional to the file,
 * never in an exception. The CLI's view of the same cases is in the cli module's tests.
 */
class HostileInputTest {
    @TempDir
    Path tmp;

    /** 999 rows, each with a misspelt module on one flow-style line: the errors are counted, the first 200 kept. */
    @Test
    void aFileWithThousandsOfErrorsKeepsTheFirstAndCountsTheRest() {
        StringBuilder head = new StringBuilder("head: [");
        for (int i = 0; i < 999; i++) {
            head.append(i > 0 ? ", " : "").append("[-1, 1, Nope").append(i).append(", [1]]");
        }
        String text = "nc: 80\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n" + head + "]\n";
        Compilation c = Compiler.compile(new SourceFile("many.yaml", text), CompileOptions.defaults("many.yaml"));
        assertThat(c.isSuccessful()).isFalse();
        assertThat(c.diagnostics()).hasSize(Diagnostics.MAX_KEPT);
        assertThat(c.diagnostics()).extracting(Diagnostic::code).containsOnly(DiagCode.E0201);
        assertThat(c.errorCount()).isEqualTo(999);
        assertThat(c.hiddenErrors()).isEqualTo(999 - Diagnostics.MAX_KEPT);
        // the kept ones are the first rows, in order
        assertThat(c.diagnostics().get(0).message()).isEqualTo("unknown module 'Nope0'");
        assertThat(c.diagnostics().get(199).message()).isEqualTo("unknown module 'Nope199'");
    }

    @Test
    void aDirectoryOrDeviceIsNotReadAsAModel() {
        Compilation dir = Compiler.compile(tmp, CompileOptions.defaults(tmp.toString()));
        assertThat(dir.errors()).extracting(Diagnostic::code).containsExactly(DiagCode.E0001);
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "a system with /dev/zero");
        // before, this read until the heap was exhausted
        Compilation device = Compiler.compile(zero, CompileOptions.defaults("zero.yaml"));
        assertThat(device.errors()).extracting(Diagnostic::code).containsExactly(DiagCode.E0001);
        assertThat(device.errors().get(0).message()).isEqualTo("not a regular file");
    }
}
