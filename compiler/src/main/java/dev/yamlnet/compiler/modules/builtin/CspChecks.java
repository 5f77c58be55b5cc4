package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.BindContext;

/** Checks shared by the CSP block specs (C1, C2, C3, C3k2, C2PSA, Bottleneck...), by argument name. */
final class CspChecks {
    private CspChecks() {}

    /**
     * The hidden width {@code int(c2 * e)} for the ratio argument {@code e}, or -1 after reporting
     * that it is not at least 1.
     */
    static int hidden(BindContext ctx, String module, int c2, String e) {
        double ratio = ctx.floatArg(e);
        int c = (int) (c2 * ratio);
        if (c < 1) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.written(e) ? ctx.argSpan(e) : ctx.moduleSpan(),
                            module + "'s hidden width int(" + c2 + " * " + ratio + ") is " + c
                                    + ", expected at least 1")
                    .hint("use a larger e or more output channels")
                    .emit();
            return -1;
        }
        return c;
    }

    /** Reports E0503 unless {@code g} divides {@code channels} (a grouped conv inside a block). */
    static boolean groupsDivide(BindContext ctx, String module, String gName, int g, int channels) {
        if (channels % g != 0) {
            ctx.report(
                            DiagCode.E0503,
                            ctx.written(gName) ? ctx.argSpan(gName) : ctx.moduleSpan(),
                            "groups " + g + " must divide " + module + "'s hidden width " + channels)
                    .hint("choose groups that divide " + channels + ", e.g. 1")
                    .emit();
            return false;
        }
        return true;
    }
}
