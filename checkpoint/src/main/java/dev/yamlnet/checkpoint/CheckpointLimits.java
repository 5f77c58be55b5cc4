package dev.yamlnet.checkpoint;

/**
 * What one checkpoint may cost. The defaults are far above what Ultralytics writes (the checkpoints
 * in the test resources have a {@code data.pkl} of 41 to 160 KB, nest 15 to 19 levels deep and run
 * 15,394 to 65,086 opcodes) and far below what would hurt the JVM.
 *
 * @param maxPickleBytes largest {@code data.pkl} read
 * @param maxOpcodes opcodes the unpickler may run (each makes or pushes at most one value: containers,
 *     strings, numbers, marks, memo entries)
 * @param maxDepth deepest nesting of containers and objects in the unpickled graph
 * @param maxEntries zip entries in the archive
 * @param maxDims dimensions of one tensor
 * @param maxTensorElements elements of one tensor (a Java array's limit)
 * @param maxTotalElements elements of all tensors read, together
 * @param maxExpansion bytes read from the archive, as a multiple of its size on disk (zip bombs)
 */
public record CheckpointLimits(
        long maxPickleBytes,
        int maxOpcodes,
        int maxDepth,
        int maxEntries,
        int maxDims,
        long maxTensorElements,
        long maxTotalElements,
        int maxExpansion) {

    public static final CheckpointLimits DEFAULT =
            new CheckpointLimits(32L << 20, 4_000_000, 100, 1_000_000, 16, Integer.MAX_VALUE - 8, 1L << 31, 16);
}
