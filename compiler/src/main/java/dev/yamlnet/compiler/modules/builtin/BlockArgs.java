package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;

/** Checks shared by the CSP block specs (C1, C2, C3, C3k2, C2PSA...). */
final class BlockArgs {
    private BlockArgs() {}

    /**
     * The hidden width {@code int(c2 * e)} for the ratio at YAML argument {@code eIndex}, or -1
     * after reporting that it is not at least 1.
     */
    static int hidden(BindContext ctx, String module, int c2, int eIndex) {
        double e = BaseModuleSpec.toDouble(ctx.arg(eIndex));
        int c = (int) (c2 * e);
        if (c < 1) {
            ctx.report(DiagCode.E0404, eIndex < ctx.args().size() ? ctx.argSpan(eIndex) : ctx.moduleSpan(),
                    module + "'s hidden width int(" + c2 + " * " + e + ") is " + c + ", expected at least 1")
                    .hint("use a larger e or more output channels").emit();
            return -1;
        }
        return c;
    }

    /** Reports E0503 unless {@code g} divides {@code channels} (a grouped conv inside a block). */
    static boolean groupsDivide(BindContext ctx, String module, int gIndex, int g, int channels) {
        if (channels % g != 0) {
            ctx.report(DiagCode.E0503, gIndex < ctx.args().size() ? ctx.argSpan(gIndex) : ctx.moduleSpan(),
                    "groups " + g + " must divide " + module + "'s hidden width " + channels)
                    .hint("choose groups that divide " + channels + ", e.g. 1").emit();
            return false;
        }
        return true;
    }
}
