package dev.yamlnet.compiler.diag;

/**
 * Every diagnostic yamlnet can report. A code never changes meaning once released; new problems
 * get new codes. Codes are grouped by pipeline stage: E00xx reading the file, E01xx document
 * structure, E02xx names, E03xx the layer graph, E04xx arguments, E05xx shapes and resources,
 * E09xx the back ends (running a model, generating Java code);
 * warnings (W) follow the same grouping. {@code docs/diagnostics.md} lists them all with an example.
 */
public enum DiagCode {
    // E00xx: input and YAML syntax
    E0001(Severity.ERROR, "file cannot be read"),
    E0002(Severity.ERROR, "file is not valid UTF-8"),
    E0003(Severity.ERROR, "YAML syntax error"),
    E0004(Severity.ERROR, "duplicate key"),
    E0005(Severity.ERROR, "YAML tag not allowed"),
    E0006(Severity.ERROR, "YAML resource limit exceeded"),
    E0007(Severity.ERROR, "file is empty"),
    E0008(Severity.ERROR, "more than one YAML document"),
    E0009(Severity.ERROR, "unsupported YAML value"),
    E0010(Severity.ERROR, "checkpoint refused or unreadable"),

    // E01xx: document structure
    E0101(Severity.ERROR, "model file is not a mapping"),
    E0102(Severity.ERROR, "required key missing"),
    E0103(Severity.ERROR, "wrong type for a top-level key"),
    E0104(Severity.ERROR, "layer row is malformed"),
    E0105(Severity.ERROR, "scales table is malformed"),
    E0106(Severity.ERROR, "model has no layers"),

    // E02xx: names
    E0201(Severity.ERROR, "unknown module"),
    E0202(Severity.ERROR, "unknown symbol"),
    E0203(Severity.ERROR, "unknown scale"),
    E0204(Severity.ERROR, "activation not allowed"),
    E0205(Severity.ERROR, "required model key missing for a symbol"),

    // E03xx: the layer graph
    E0301(Severity.ERROR, "'from' index out of range"),
    E0302(Severity.ERROR, "'from' has the wrong form for this module"),
    E0303(Severity.ERROR, "invalid repeat count"),

    // E04xx: arguments
    E0401(Severity.ERROR, "too many arguments"),
    E0402(Severity.ERROR, "missing argument"),
    E0403(Severity.ERROR, "argument has the wrong type"),
    E0404(Severity.ERROR, "argument out of range"),
    E0405(Severity.ERROR, "string argument is not a Python literal"),

    // E05xx: shapes and resources
    E0501(Severity.ERROR, "channel count mismatch"),
    E0502(Severity.ERROR, "Concat inputs have different spatial sizes"),
    E0503(Severity.ERROR, "channels not divisible"),
    E0504(Severity.ERROR, "BoT3 position table does not match its feature map"),
    E0505(Severity.ERROR, "image size not a multiple of the model's largest stride"),
    E0506(Severity.ERROR, "feature map too small"),
    E0507(Severity.ERROR, "resource limit exceeded"),
    E0508(Severity.ERROR, "block requires equal input and output channels"),
    E0509(Severity.ERROR, "head inputs are inconsistent"),
    E0510(Severity.ERROR, "position embedding needs channels divisible by 4"),
    E0511(Severity.ERROR, "feature map does not split into the attention areas"),
    E0512(Severity.ERROR, "CBFuse index out of range"),
    E0513(Severity.ERROR, "attention width not a multiple of 32"),

    // E09xx: back ends (building a model to run it, generating Java code); the compiler itself never reports these
    E0901(Severity.ERROR, "module has no runtime block"),
    E0902(Severity.ERROR, "invalid Java package name"),
    E0903(Severity.ERROR, "no usable Java class name"),
    E0904(Severity.ERROR, "running the model needs more memory than allowed"),

    // Warnings
    W0101(Severity.WARNING, "unknown top-level key ignored"),
    W0102(Severity.WARNING, "no scale given"),
    W0103(Severity.WARNING, "key ignored by Ultralytics"),
    W0104(Severity.WARNING, "scale given for a model without a scales table"),
    W0301(Severity.WARNING, "layer output is never used"),
    W0501(Severity.WARNING, "attention memory is large"),
    W0502(Severity.WARNING, "Ultralytics cannot count this model's GFLOPs");

    private final Severity severity;
    private final String title;

    DiagCode(Severity severity, String title) {
        this.severity = severity;
        this.title = title;
    }

    public Severity severity() {
        return severity;
    }

    /** A short lowercase description of the whole class of problems. */
    public String title() {
        return title;
    }
}
