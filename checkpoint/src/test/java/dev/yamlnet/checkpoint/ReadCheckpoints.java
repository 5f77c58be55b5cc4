package dev.yamlnet.checkpoint;

import java.nio.file.Path;

/** Reads each checkpoint named on the command line and prints one verdict line per file (a test's child JVM). */
public final class ReadCheckpoints {
    private ReadCheckpoints() {}

    public static void main(String[] args) {
        for (String a : args) {
            Path p = Path.of(a);
            try {
                Checkpoint c = Checkpoint.read(p);
                System.out.println(
                        "accepted " + p.getFileName() + ": " + c.stateDict().size() + " tensors");
            } catch (CheckpointException e) {
                System.out.println("refused " + p.getFileName() + ": " + e.getMessage());
            }
        }
    }
}
