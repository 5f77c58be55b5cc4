package dev.yamlnet.compiler.backend.java;

import dev.yamlnet.compiler.backend.java.JavaBackend.InvalidNameException;
import dev.yamlnet.compiler.diag.DiagCode;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * Checks the names a user asks the generated source to have: a package (E0902) and a class name
 * (E0903). Both must be plain ASCII Java names, so no name can carry anything else into the source.
 */
final class JavaNames {
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");

    private JavaNames() {}

    /** Lowercase ASCII segments separated by dots, none a Java keyword; else E0902. */
    static void checkPackage(String pkg) throws InvalidNameException {
        if (!PACKAGE.matcher(pkg).matches()) {
            throw new InvalidNameException(
                    DiagCode.E0902,
                    "package '" + JavaText.safeComment(pkg) + "' is not a lowercase dotted Java package name");
        }
        for (String part : pkg.split("\\.")) {
            if (SourceVersion.isKeyword(part)) {
                throw new InvalidNameException(DiagCode.E0902, "package segment '" + part + "' is a Java keyword");
            }
        }
    }

    /** A Java identifier of ASCII characters only; else E0903. */
    static void checkClassName(String className) throws InvalidNameException {
        if (!SourceVersion.isName(className) || !className.chars().allMatch(c -> c < 128)) {
            throw new InvalidNameException(
                    "class name '" + JavaText.safeComment(className) + "' is not a Java identifier");
        }
    }
}
