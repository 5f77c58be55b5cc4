package dev.yamlnet.runtime.blocks;

import java.util.ArrayList;
import java.util.List;

/**
 * Ultralytics' {@code C2f} (YOLOv8's CSP block): {@code cv1} (1x1) to {@code 2c} channels
 * ({@code c = int(c2 * e)}), split in two halves; {@code n} bottlenecks ({@code m.0} ... {@code m.n-1},
 * two 3x3 Convs each) chain on the second half; {@code cv2} (1x1) fuses all {@code (2 + n) c} maps.
 */
public final class C2fBlock extends SplitChainBlock {
    private C2fBlock(Builder b) {
        super(b.c1, b.c2, (int) (b.c2 * b.e), bottlenecks((int) (b.c2 * b.e), b.n, b.shortcut, b.g));
    }

    private static List<YoloBlock> bottlenecks(int c, int n, boolean shortcut, int g) {
        List<YoloBlock> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new BottleneckBlock(c, c, shortcut, g, 3, 3, 1.0));
        }
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link C2fBlock}: {@code setChannels} is required; n 1, no shortcut, g 1, e 0.5 by default. */
    public static final class Builder extends CspBuilder<Builder> {
        private Builder() {
            super(false);
        }

        public C2fBlock build() {
            validate();
            return new C2fBlock(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }

    /** Settings shared by the CSP blocks (C2f, C2): channels, repeats, shortcut, groups, width ratio. */
    public abstract static class CspBuilder<T extends CspBuilder<T>> {
        int c1;
        int c2;
        int n = 1;
        boolean shortcut;
        int g = 1;
        double e = 0.5;

        CspBuilder(boolean shortcutDefault) {
            this.shortcut = shortcutDefault;
        }

        protected abstract T self();

        public T setChannels(int in, int out) {
            this.c1 = in;
            this.c2 = out;
            return self();
        }

        /** Number of bottlenecks (the YAML row's repeats). */
        public T optRepeats(int repeats) {
            this.n = repeats;
            return self();
        }

        public T optShortcut(boolean s) {
            this.shortcut = s;
            return self();
        }

        /** Groups of each bottleneck's second convolution. */
        public T optGroups(int groups) {
            this.g = groups;
            return self();
        }

        /** Hidden width ratio: {@code c = int(c2 * e)}. */
        public T optExpansion(double ratio) {
            this.e = ratio;
            return self();
        }

        void validate() {
            Blocks.requirePositive("input channels", c1);
            Blocks.requirePositive("output channels", c2);
            Blocks.requirePositive("repeats", n);
            Blocks.requirePositive("hidden width int(c2 * e)", (int) (c2 * e));
            Blocks.requirePositive("groups", g);
        }
    }
}
