package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.modules.ModuleSpec;
import java.util.List;

/**
 * The built-in module types, one line each, in alphabetical order of their YAML names (a test
 * checks the order and that names are unique). Plug-ins are found separately by
 * {@link dev.yamlnet.compiler.modules.ModuleRegistry}.
 */
public final class Builtins {
    /** The model-wide default activation object of Ultralytics' Conv (one SiLU, counted once). */
    public static final String CONV_DEFAULT_ACT = "Conv.default_act";
    /** RepConv's own class-level default SiLU (not Conv's), counted once per model. */
    public static final String REPCONV_DEFAULT_ACT = "RepConv.default_act";

    private Builtins() {}

    /** Every built-in spec, alphabetical by YAML name. */
    public static List<ModuleSpec> all() {
        return List.of(
                new AifiSpec(),
                new A2c2fSpec(),
                ADownSpec.aConv(),
                ADownSpec.aDown(),
                new Bot3Spec(),
                new BottleneckSpec(),
                new C1Spec(),
                new C2Spec(),
                new C2psaSpec(),
                new C2fSpec(),
                new C2fCibSpec(),
                C3Spec.c3(),
                C3Spec.c3Ghost(),
                new C3k2Spec(),
                C3Spec.c3x(),
                new CbFuseSpec(),
                new CbLinearSpec(),
                new ClassifySpec(),
                new ConcatSpec(),
                new ConvSpec(),
                new DwConvSpec(),
                new DetectSpec(),
                ElanSpecs.elan1(),
                new FocusSpec(),
                new GhostConvSpec(),
                new HgBlockSpec(),
                new HgStemSpec(),
                new ObbSpec(),
                new Obb26Spec(),
                new PoseSpec(),
                new Pose26Spec(),
                new PsaSpec(),
                new ScDownSpec(),
                new RtDetrDecoderSpec(),
                new RepC3Spec(),
                new ResNetLayerSpec(),
                ElanSpecs.repNcspElan4(),
                new SppSpec(),
                ElanSpecs.sppElan(),
                new SppfSpec(),
                new SegmentSpec(),
                new Segment26Spec(),
                new ConvTranspose2dSpec(),
                new IdentitySpec(),
                new MaxPoolSpec(),
                new UpsampleSpec(),
                new ZeroPadSpec(),
                new V10DetectSpec());
    }
}
