/**
 * Ultralytics' predictor without an engine: what happens before and after the model runs.
 *
 * <p>The pipeline is {@code picture -> BgrImage -> ModelInput -> (an engine runs the model) -> RawOutput list
 * -> Predictions}. Pre-processing reproduces OpenCV's decoding and Ultralytics' {@code LetterBox}; post-processing
 * reproduces Ultralytics 8.4.117's per-task code (NMS, masks, key points, rotated boxes, top-5, end-to-end heads).
 * The types in this package are the results and the seams between the steps; they hold no engine type, so the
 * DJL and ONNX Runtime paths share them.
 */
package dev.yamlnet.predict;
