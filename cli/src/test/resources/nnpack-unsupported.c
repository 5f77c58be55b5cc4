/*
 * A test shim for LauncherTest: preloaded (LD_PRELOAD) into the JVM, it makes libtorch's NNPACK
 * report unsupported hardware, as it does on CPUs without AVX2, so that libtorch prints its
 * "Could not initialize NNPACK! Reason: Unsupported hardware." warning on every convolution.
 * 51 is nnp_status_unsupported_hardware in NNPACK's nnpack.h.
 */
int nnp_initialize(void) {
    return 51;
}
