package dev.yamlnet.checkpoint;

/**
 * What one checkpoint may cost. The defaults are far above what Ultralytics writes (the checkpoints
 * in the test resources have a {@code data.pkl} of 41 to 160 KB, nest 15 to 19 levels deep and make
 * 7,955 to 33,368 objects) and far below what would hurt the JVM.
 *
 * @param maxPickleBytes largest {@code data.pkl} read
 * @param maxObjects objects the unpickler may create (containers, strings, records, memo entries)
 * @param maxDepth deepest nesting of containers and objects in the unpickled graph
 * @param maxEntries zip entries in the archive
 * @param maxDims dimensions of one tensor
 * @param maxTensorElements elements of one tensor (a Java array's limit)
 * @param maxTotalElements elements of all tensors read, together
 * @param maxExpansion bytes read from the archive, as a multiple of its size on disk (zip bombs)
 */
public record CheckpointLimits(long maxPickleBytes, int maxObjects, int maxDepth, int maxEntries, int maxDims,
        long maxTensorElements, long maxTotalElements, int maxExpansion) {

    public static final CheckpointLimits DEFAULT = new CheckpointLimits(32L << 20, 2_000_000, 100, 1_000_000, 16,
            Integer.MAX_VALUE - 8, 1L << 31, 16);
}
