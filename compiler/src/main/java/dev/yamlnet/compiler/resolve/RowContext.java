package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.ModuleSpec;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.syntax.LayerSyntax;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.Optional;

/** The row as module specs see it. */
final class RowContext implements BindContext {
    private final LayerSyntax row;
    private final ModuleSpec spec;
    private final List<Value> args;
    private final List<Integer> fed;
    private final int repeats;
    private final ModelSettings s;
    private final RowState state;
    private final Diagnostics diags;

    RowContext(
            LayerSyntax row,
            ModuleSpec spec,
            List<Value> args,
            List<Integer> fed,
            int repeats,
            ModelSettings s,
            RowState state,
            Diagnostics diags) {
        this.row = row;
        this.spec = spec;
        this.args = List.copyOf(args);
        this.fed = List.copyOf(fed);
        this.repeats = repeats;
        this.s = s;
        this.state = state;
        this.diags = diags;
    }

    @Override
    public int layerIndex() {
        return row.index();
    }

    @Override
    public List<Value> args() {
        return args;
    }

    @Override
    public ModuleSpec spec() {
        return spec;
    }

    @Override
    public List<Integer> inputChannels() {
        return fed;
    }

    @Override
    public int repeats() {
        return repeats;
    }

    @Override
    public double width() {
        return s.width();
    }

    @Override
    public double depth() {
        return s.depth();
    }

    @Override
    public double maxChannels() {
        return s.maxChannels();
    }

    @Override
    public String scale() {
        return s.scale();
    }

    @Override
    public String parserScale() {
        return s.parserScale();
    }

    @Override
    public Optional<Integer> nc() {
        return s.nc();
    }

    @Override
    public int regMax() {
        return s.regMax();
    }

    @Override
    public Value end2end() {
        return s.end2end();
    }

    @Override
    public boolean legacy() {
        return state.legacy;
    }

    @Override
    public void clearLegacy() {
        state.legacy = false;
    }

    @Override
    public Optional<String> defaultActivation() {
        return s.activation();
    }

    @Override
    public Span rowSpan() {
        return row.span();
    }

    @Override
    public Span moduleSpan() {
        return row.module().span();
    }

    @Override
    public Span argSpan(String name) {
        int i = spec.argumentIndex(name);
        List<Value> items = ((Value.Seq) row.args()).items();
        return i < items.size() ? items.get(i).span() : row.args().span();
    }

    @Override
    public Span fromSpan() {
        return row.from().span();
    }

    @Override
    public Diagnostics diagnostics() {
        return diags;
    }
}
