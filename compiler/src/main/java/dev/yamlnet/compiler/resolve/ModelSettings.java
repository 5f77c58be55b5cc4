package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.Task;
import java.util.Optional;
import java.util.Set;

/**
 * What the top-level keys decide for every row, read once by {@link TopLevelKeys}.
 *
 * @param scale the chosen scale letter, empty without a scales table
 * @param parserScale the scale as Ultralytics' parser holds it (the file-name guess even without a table)
 * @param scales the keys of the {@code scales} table in file order (empty without one)
 * @param depth the depth multiple
 * @param width the width multiple
 * @param maxChannels the channel cap ({@code Double.POSITIVE_INFINITY} without one)
 * @param nc the class count, empty when neither the file nor the options give one
 * @param kptShape the {@code kpt_shape} value, empty when absent or malformed
 * @param regMax the {@code reg_max} key (16 by default)
 * @param end2end the {@code end2end} key: {@code True}, {@code False} or {@code None}
 * @param activation the {@code activation} key's text, when it is an allowed activation
 * @param channels the input channels (3, or {@code channels} of a classification model)
 * @param task the task guessed from the last row's module
 * @param reportedKeys top-level keys already reported as malformed: naming them in a row reports nothing more
 */
record ModelSettings(
        String scale,
        String parserScale,
        java.util.List<String> scales,
        double depth,
        double width,
        double maxChannels,
        Optional<Integer> nc,
        Optional<Value> kptShape,
        int regMax,
        Value end2end,
        Optional<String> activation,
        int channels,
        Optional<Task> task,
        Set<String> reportedKeys) {}
