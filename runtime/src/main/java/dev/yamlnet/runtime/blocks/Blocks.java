package dev.yamlnet.runtime.blocks;

/** Argument checks shared by the block builders; a failure is a bug in the caller, not a user mistake. */
final class Blocks {
    private Blocks() {}

    static void requirePositive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
