package dev.yamlnet.predict;

/** How the picture is fitted into the model's input, as Ultralytics' {@code LetterBox} chooses. */
public enum LetterboxMode {
    /**
     * Ultralytics' predictor default ({@code auto=True} for a PyTorch model with one picture shape per batch): the
     * smallest rectangle with sides that are multiples of the model's largest stride.
     */
    RECT,
    /** {@code rect=False}: always the full {@code imgsz x imgsz} square, padded with grey 114. */
    SQUARE
}
