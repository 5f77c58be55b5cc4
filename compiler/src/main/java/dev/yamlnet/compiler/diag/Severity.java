package dev.yamlnet.compiler.diag;

/** How serious a diagnostic is. Only errors make a model invalid. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The lowercase word printed before the code, as compilers do. */
    public String label() {
        return label;
    }
}
