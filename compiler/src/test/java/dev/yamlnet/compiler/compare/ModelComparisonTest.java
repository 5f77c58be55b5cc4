package dev.yamlnet.compiler.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.compare.RowDiff.Field;
import dev.yamlnet.compiler.compare.RowDiff.Status;
import dev.yamlnet.compiler.ir.ModelIr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Real variants of the example models, compared against their stock model. The expected alignments
 * are what a person reading the two YAML files side by side says: which rows were edited, which were
 * added or taken out, and that every other row still pairs with its counterpart.
 */
class ModelComparisonTest {

    static ModelIr compile(String file, String scale) {
        Path path = TestPaths.examples().resolve(file);
        Compilation c = Compiler.compile(path, CompileOptions.defaults(file).withScale(scale));
        assertThat(c.errors()).as(file).isEmpty();
        return c.model().orElseThrow();
    }

    static ModelIr compile(String file) {
        return compile(file, null);
    }

    /** The script as "base->changed" index pairs, "+j" for inserted and "-i" for removed rows. */
    static List<String> script(ModelComparison c) {
        List<String> out = new ArrayList<>();
        for (RowDiff r : c.rows()) {
            switch (r.status()) {
                case INSERTED -> out.add("+" + r.changed().index());
                case REMOVED -> out.add("-" + r.base().index());
                default -> out.add(r.base().index() + "->" + r.changed().index());
            }
        }
        return out;
    }

    static List<String> pairs(int fromBase, int toBase, int offset) {
        return IntStream.rangeClosed(fromBase, toBase)
                .mapToObj(i -> i + "->" + (i + offset))
                .toList();
    }

    static List<String> inserted(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(j -> "+" + j).toList();
    }

    @SafeVarargs
    static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    static List<Integer> changedBaseRows(ModelComparison c) {
        return c.rows().stream()
                .filter(r -> r.status() == Status.CHANGED)
                .map(r -> r.base().index())
                .toList();
    }

    @Test
    void bot3ReplacesOneC2fAndNothingElseChanges() {
        ModelComparison c = ModelComparison.of(compile("yolov8n.yaml"), compile("yolov8n-bot3.yaml"));
        assertThat(script(c)).isEqualTo(pairs(0, 22, 0));
        assertThat(changedBaseRows(c)).containsExactly(8);
        RowDiff row8 = c.rows().get(8);
        assertThat(row8.base().module()).isEqualTo("C2f");
        assertThat(row8.changed().module()).isEqualTo("BoT3");
        assertThat(row8.differences()).isEqualTo(EnumSet.of(Field.MODULE, Field.ARGS, Field.PARAMS, Field.GFLOPS));
        assertThat(row8.baseParams()).isEqualTo(460_288);
        assertThat(row8.changedParams()).isEqualTo(219_904);
        assertThat(row8.paramsDelta()).isEqualTo(219_904 - 460_288);
        // BoT3 keeps C2f's 256x20x20 output, so no shape anywhere differs
        assertThat(c.firstShapeDivergence()).isEmpty();
        assertThat(c.total("params").base()).isEqualTo(3_157_200);
        assertThat(c.total("params").changed()).isEqualTo(2_916_816);
        assertThat(c.total("params").relative().getAsDouble()).isBetween(-0.0762, -0.0761);
        assertThat(c.counts())
                .containsEntry(Status.SAME, 22)
                .containsEntry(Status.CHANGED, 1)
                .containsEntry(Status.INSERTED, 0)
                .containsEntry(Status.REMOVED, 0);
        assertThat(row8.changedAttentionBytes()).contains(2_560_000L); // 4 heads x 400^2 float32
        assertThat(row8.baseAttentionBytes()).isEmpty();
    }

    @Test
    void aP2HeadIsSixInsertedRowsAndTheRestOfTheHeadRealigns() {
        ModelComparison c = ModelComparison.of(compile("yolov8n.yaml"), compile("yolov8n-p2.yaml"));
        // rows 16-21 of yolov8-p2.yaml (upsample to stride 4, concat P2, C2f, and back down to stride 8)
        // are new; base rows 16-21 continue as its rows 22-27; Detect takes four levels instead of three
        assertThat(script(c)).isEqualTo(concat(pairs(0, 15, 0), inserted(16, 21), pairs(16, 22, 6)));
        assertThat(changedBaseRows(c)).containsExactly(22);
        RowDiff detect = c.rows().get(c.rows().size() - 1);
        assertThat(detect.differences()).contains(Field.FROM, Field.ARGS, Field.OUTPUT, Field.PARAMS);
        // the only shape that differs among paired rows is Detect's: 8400 anchors become 8400 + 160^2
        assertThat(c.firstShapeDivergence()).contains(detect);
        assertThat(SummaryOf.output(detect.changed())).isEqualTo("84x34000");
    }

    @Test
    void twoScalesOfOneFileChangeEveryRowAndInsertNone() {
        ModelComparison c = ModelComparison.of(compile("yolov8.yaml", "n"), compile("yolov8.yaml", "s"));
        assertThat(script(c)).isEqualTo(pairs(0, 22, 0));
        // every row's output has twice the channels at width 0.5 instead of 0.25
        assertThat(changedBaseRows(c))
                .isEqualTo(IntStream.rangeClosed(0, 22).boxed().toList());
        assertThat(c.rows().get(10).differences())
                .isEqualTo(EnumSet.of(Field.OUTPUT)); // nn.Upsample has no channel args
        RowDiff first = c.firstShapeDivergence().orElseThrow();
        assertThat(first.base().index()).isZero();
        assertThat(SummaryOf.output(first.base())).isEqualTo("16x320x320");
        assertThat(SummaryOf.output(first.changed())).isEqualTo("32x320x320");
    }

    @Test
    void aSecondC2psaAtP4IsOneInsertedRowAndTheConcatThatNowTakesIt() {
        ModelComparison c = ModelComparison.of(compile("yolo11n.yaml"), compile("yolo11n-psa-p4.yaml"));
        assertThat(script(c)).isEqualTo(concat(pairs(0, 6, 0), inserted(7, 7), pairs(7, 23, 1)));
        // the head's first Concat took P4 from row 6 and now takes it from the new C2PSA (row 7): its
        // from changed, its output did not; the later Concats name moved rows that still correspond
        assertThat(changedBaseRows(c)).containsExactly(12);
        assertThat(c.rows().get(13).differences()).isEqualTo(EnumSet.of(Field.FROM));
        assertThat(c.rows().get(7).changed().module()).isEqualTo("C2PSA");
        assertThat(c.firstShapeDivergence()).isEmpty();
        assertThat(c.total("params").delta()).isEqualTo(c.rows().get(7).changedParams());
    }

    @Test
    void aP6ModelInsertsAStageInTheBackboneAndALevelEachWayInTheHead() {
        ModelComparison c = ModelComparison.of(compile("yolov8n.yaml"), compile("yolov8n-p6.yaml"));
        List<String> s = script(c);
        // the backbone gains a stride-32 stage (Conv 768, C2f 768) before the 1024 one, which moves to stride 64
        assertThat(s.subList(0, 12)).isEqualTo(concat(pairs(0, 6, 0), inserted(7, 8), pairs(7, 9, 2)));
        assertThat(s)
                .doesNotContain(
                        IntStream.rangeClosed(0, 22).mapToObj(i -> "-" + i).toArray(String[]::new));
        assertThat(s.stream().filter(x -> x.startsWith("+"))).hasSize(8);
        // the head's Concats with backbone levels P4 (6) and P3 (4) pair with the ones that take the same levels
        assertThat(s).contains("11->16", "14->19", "22->30");
    }

    @Test
    void aRemovedSppfIsOneRemovedRowAndTheRenumberedHeadStillPairs() {
        ModelComparison c = ModelComparison.of(compile("yolov8n.yaml"), compile("yolov8n-no-sppf.yaml"));
        assertThat(script(c)).isEqualTo(concat(pairs(0, 8, 0), List.of("-9"), pairs(10, 22, -1)));
        // [-1, 12] became [-1, 11] and Detect's [15, 18, 21] became [14, 17, 20]: the same rows, renumbered.
        // [-1, 9] became [-1, 8]: it took the removed SPPF and now takes the C2f before it
        assertThat(changedBaseRows(c)).containsExactly(20);
        assertThat(c.rows().get(20).differences()).isEqualTo(EnumSet.of(Field.FROM));
        assertThat(c.total("params").delta()).isEqualTo(-164_608);
    }

    @Test
    void aModelComparedWithItselfIsTheSameEverywhere() {
        ModelIr m = compile("yolo11n-seg.yaml");
        ModelComparison c = ModelComparison.of(m, compile("yolo11n-seg.yaml"));
        assertThat(c.identical()).isTrue();
        assertThat(c.differences()).isEmpty();
        assertThat(c.total("gflops").delta()).isZero();
    }

    @Test
    void perRowGflopsAddUpToTheModelsCountAtItsImageSize() {
        // yamlnet's full-size pass for an attention model is exactly what its total counts
        ModelIr m = compile("yolo11n.yaml");
        double sum = m.layers().stream().mapToDouble(RowDiff::gflops).sum();
        assertThat(sum).isCloseTo(m.gflopsImgsz(), org.assertj.core.data.Offset.offset(1e-9));
    }

    /** The summary's output column, to state shapes as the table prints them. */
    static final class SummaryOf {
        static String output(dev.yamlnet.compiler.ir.LayerIr l) {
            return dev.yamlnet.compiler.shape.Shape.outputText(l.output());
        }
    }
}
