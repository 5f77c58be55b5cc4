package dev.yamlnet.compiler;

import dev.yamlnet.checkpoint.Checkpoint;
import java.util.Optional;

/**
 * The result of compiling a checkpoint file: the compilation of its embedded model YAML (or the
 * diagnostic saying why the file could not be used), and the checkpoint itself when it could be read,
 * so that its weights need not be read twice.
 */
public record CheckpointCompilation(Compilation compilation, Optional<Checkpoint> checkpoint) {}
