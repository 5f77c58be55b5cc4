package dev.yamlnet.compiler.resolve;

import java.util.ArrayList;
import java.util.List;

/** Ultralytics' mutable parser state: the {@code ch} list, the stale {@code c2}, {@code legacy}. */
final class RowState {
    final List<Integer> channels = new ArrayList<>();
    final int inputChannels;
    int lastC2;
    boolean legacy = true;

    RowState(int inputChannels) {
        this.inputChannels = inputChannels;
        this.lastC2 = inputChannels;
    }

    /** {@code ch[f]} as Python indexes it (for layer 0 the list holds the input channels). */
    int ch(int layerIndex, int f) {
        if (layerIndex == 0) {
            return inputChannels;
        }
        int idx = f < 0 ? channels.size() + f : f;
        return channels.get(idx);
    }
}
