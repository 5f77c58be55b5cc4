package dev.yamlnet.predict;

/** Milliseconds per picture spent in each step, as Ultralytics' {@code Results.speed}. */
public record Speed(double preprocessMs, double inferenceMs, double postprocessMs) {}
