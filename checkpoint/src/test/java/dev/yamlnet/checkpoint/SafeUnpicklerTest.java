package dev.yamlnet.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yamlnet.checkpoint.TestCheckpoints.Pickle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The restricted unpickler on hand-made pickles: the cases no Ultralytics file shows, each written
 * opcode by opcode the way an attacker (or a broken writer) would.
 */
class SafeUnpicklerTest {
    @TempDir
    Path dir;

    private int files;

    private Path archive(byte[] pickle, Map<String, byte[]> storages) throws Exception {
        return TestCheckpoints.checkpoint(dir.resolve("t" + files++ + ".pt"), pickle, storages);
    }

    /** The raw object graph the unpickler makes (before any checkpoint interpretation). */
    private Object unpickle(Pickle p, Map<String, byte[]> storages, CheckpointLimits limits) throws Exception {
        try (Archive a = Archive.open(archive(p.bytes(), storages), limits)) {
            return new SafeUnpickler(a, limits).read(a.pickle());
        }
    }

    private Object unpickle(Pickle p) throws Exception {
        return unpickle(p, Map.of(), CheckpointLimits.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "os.system",
                "posix.system",
                "nt.system",
                "builtins.exec",
                "builtins.__import__",
                "subprocess.check_output",
                "torch.load",
                "torch.hub.load",
                "copyreg._reconstructor",
                "pickle.loads",
                "numpy.load",
                "runpy._run_code",
                "collections.defaultdict",
                "torch.serialization.load"
            })
    void aForbiddenGlobalIsRefusedByNameWhereverItIsNamed(String global) {
        String module = global.substring(0, global.lastIndexOf('.'));
        String name = global.substring(global.lastIndexOf('.') + 1);
        // GLOBAL, even without a call
        assertThatThrownBy(() -> unpickle(new Pickle().global(module, name)))
                .isInstanceOfSatisfying(
                        ForbiddenGlobalException.class,
                        e -> assertThat(e.global()).isEqualTo(global))
                .hasMessageContaining("'" + global + "'")
                .hasMessageContaining("nothing from the file was run");
        // STACK_GLOBAL (protocol 4): module and name pushed as strings first
        assertThatThrownBy(() -> unpickle(
                        new Pickle().str(module).str(name).op(0x93).emptyTuple().reduce()))
                .isInstanceOfSatisfying(
                        ForbiddenGlobalException.class,
                        e -> assertThat(e.global()).isEqualTo(global));
        // INST (protocol 0): class and call in one opcode
        assertThatThrownBy(() -> unpickle(new Pickle()
                        .mark()
                        .str("touch x")
                        .op('i')
                        .raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(
                        ForbiddenGlobalException.class,
                        e -> assertThat(e.global()).isEqualTo(global));
    }

    @Test
    void aNameThatIsNotAPythonIdentifierIsRefused() {
        assertThatThrownBy(() -> unpickle(new Pickle().global("ultralytics.nn", "Conv\u001b[2J")))
                .isInstanceOf(ForbiddenGlobalException.class)
                .hasMessageNotContaining("\u001b");
        assertThatThrownBy(() -> unpickle(new Pickle().global("ultralytics/../os", "system")))
                .isInstanceOf(ForbiddenGlobalException.class);
    }

    @Test
    void onlyAllowlistedGlobalsCanBeCalled() {
        assertThatThrownBy(() ->
                        unpickle(new Pickle().str("os.system").emptyTuple().reduce()))
                .hasMessageContaining("refusing to call a str");
        assertThatThrownBy(() -> unpickle(new Pickle()
                        .global("torch", "FloatStorage")
                        .emptyTuple()
                        .reduce()))
                .hasMessageContaining("refusing to call torch.FloatStorage");
        // getattr only names a member of a record class, never an attribute of a function or a builtin
        assertThatThrownBy(() -> unpickle(new Pickle()
                        .global("builtins", "getattr")
                        .global("collections", "OrderedDict")
                        .str("fromkeys")
                        .op(0x86)
                        .reduce()))
                .hasMessageContaining("refusing getattr");
        assertThatThrownBy(() -> unpickle(new Pickle()
                        .global("builtins", "getattr")
                        .global("builtins", "set")
                        .str("__init__")
                        .op(0x86)
                        .reduce()))
                .hasMessageContaining("refusing getattr");
    }

    @Test
    void aRecordClassCalledWithArgumentsStaysAnInertRecord() throws Exception {
        // Python would run DetectionModel('x.yaml').__init__; here it is a name, the arguments and a state
        Object o = unpickle(new Pickle()
                .global("ultralytics.nn.tasks", "DetectionModel")
                .str("x.yaml")
                .op(0x85)
                .reduce()
                .emptyDict()
                .str("training")
                .bool(false)
                .setitem()
                .build());
        assertThat(o).isInstanceOfSatisfying(Py.Instance.class, i -> {
            assertThat(i.className).isEqualTo("ultralytics.nn.tasks.DetectionModel");
            assertThat(i.args).containsExactly("x.yaml");
            assertThat(i.state).containsEntry("training", false);
        });
        Object member = unpickle(new Pickle()
                .global("builtins", "getattr")
                .global("torchvision.transforms.functional", "InterpolationMode")
                .str("BILINEAR")
                .op(0x86)
                .reduce());
        assertThat(member).isEqualTo(new Py.Member("torchvision.transforms.functional.InterpolationMode", "BILINEAR"));
    }

    @Test
    void buildSetsStateOnlyOnRecords() {
        assertThatThrownBy(() -> unpickle(new Pickle()
                        .emptyDict()
                        .emptyDict()
                        .str("__class__")
                        .str("x")
                        .setitem()
                        .build()))
                .hasMessageContaining("refusing BUILD")
                .hasMessageContaining("dict");
        assertThatThrownBy(() -> unpickle(new Pickle().emptyList().str("state").build()))
                .hasMessageContaining("refusing BUILD");
    }

    @Test
    void dictsKeepPickleOrderAndRefuseUnhashableKeys() throws Exception {
        Pickle p = new Pickle().emptyDict().mark();
        for (String k : List.of("zeta", "alpha", "mid", "beta")) {
            p.str(k).integer(k.length());
        }
        Object o = unpickle(p.setitems());
        assertThat(List.copyOf(((Map<?, ?>) o).keySet())).isEqualTo(List.of("zeta", "alpha", "mid", "beta"));
        // a list as a key: unhashable in Python, and a recursive hashCode in Java
        assertThatThrownBy(() ->
                        unpickle(new Pickle().emptyDict().emptyList().integer(1).setitem()))
                .hasMessageContaining("unhashable");
    }

    @Test
    void aLengthLongerThanTheDataIsRefusedBeforeAnythingIsAllocated() {
        Pickle p = new Pickle().op('X').int4(0x7fff_ff00).raw("short".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> unpickle(p)).hasMessageContaining("a length of 2147483392 bytes");
        Pickle bytes8 = new Pickle().op(0x8e).raw(new byte[] {-1, -1, -1, -1, -1, -1, -1, 0x7f});
        assertThatThrownBy(() -> unpickle(bytes8)).hasMessageContaining("a length of");
        Pickle digits = new Pickle().op('L').raw(("1".repeat(5000) + "L\n").getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> unpickle(digits)).hasMessageContaining("5001 digits");
    }

    @Test
    void aTruncatedOrGarbledPickleIsMalformedNotACrash() {
        byte[] whole =
                new Pickle().emptyDict().mark().str("a").integer(1).setitems().bytes();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertThatThrownBy(() -> {
                    try (Archive a = Archive.open(archive(cut, Map.of()), CheckpointLimits.DEFAULT)) {
                        new SafeUnpickler(a, CheckpointLimits.DEFAULT).read(a.pickle());
                    }
                })
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("malformed pickle");
        assertThatThrownBy(() -> unpickle(new Pickle().get(7))).hasMessageContaining("malformed pickle");
        assertThatThrownBy(() -> unpickle(new Pickle().op(0xfe))).hasMessageContaining("malformed pickle");
        assertThatThrownBy(() -> unpickle(new Pickle().integer(3).emptyList().appends()))
                .hasMessageContaining("malformed pickle");
    }

    @Test
    void aCycleAndDeepNestingAreRefused() throws Exception {
        // l = []; l.append(l)
        Object cyclic = unpickle(new Pickle().emptyList().put(0).get(0).op('a'));
        assertThatThrownBy(() -> Graph.check(cyclic, 100)).hasMessageContaining("reference cycle");
        Pickle deep = new Pickle().emptyTuple();
        for (int i = 0; i < 150; i++) {
            deep.op(0x85);
        }
        Object nested = unpickle(deep);
        assertThatThrownBy(() -> Graph.check(nested, 100)).hasMessageContaining("more than 100 levels");
        assertThat(Graph.check(nested, 200)).isEqualTo(151);
        // shared (not cyclic) references are fine: a = []; (a, a, (a,))
        Object shared =
                unpickle(new Pickle().emptyList().put(1).get(1).get(1).op(0x85).op(0x87));
        assertThat(Graph.check(shared, 100)).isEqualTo(3);
    }

    @Test
    void theOpcodeCountIsBounded() {
        Pickle p = new Pickle().mark();
        for (int i = 0; i < 1000; i++) {
            p.emptyList();
        }
        p.op('l');
        CheckpointLimits small = new CheckpointLimits(1 << 20, 500, 100, 100, 16, 1 << 20, 1 << 20, 16);
        assertThatThrownBy(() -> unpickle(p, Map.of(), small)).hasMessageContaining("more than 500 opcodes");
    }

    // ---- storages and tensors -------------------------------------------------------------------

    @Test
    void aStorageMustBeInTheArchiveWithExactlyItsSize() {
        Pickle missing = new Pickle().tensor("FloatStorage", "0", 4, 0, new int[] {4}, new int[] {1});
        assertThatThrownBy(() -> unpickle(missing)).hasMessageContaining("no entry archive/data/0");
        Pickle shortOne = new Pickle().tensor("FloatStorage", "0", 4, 0, new int[] {4}, new int[] {1});
        assertThatThrownBy(() ->
                        unpickle(shortOne, Map.of("0", TestCheckpoints.floats(1, 2, 3)), CheckpointLimits.DEFAULT))
                .hasMessageContaining("holds 12 bytes")
                .hasMessageContaining("4 F32 elements (16 bytes)");
        Pickle traversal = new Pickle().tensor("FloatStorage", "../../etc/passwd", 1, 0, new int[] {1}, new int[] {1});
        assertThatThrownBy(() -> unpickle(traversal)).hasMessageContaining("no entry archive/data/../../etc/passwd");
    }

    @Test
    void aTensorViewMustLieInsideItsStorage() {
        Map<String, byte[]> four = Map.of("0", TestCheckpoints.floats(1, 2, 3, 4));
        assertThatThrownBy(() -> unpickle(
                        new Pickle().tensor("FloatStorage", "0", 4, 1, new int[] {4}, new int[] {1}),
                        four,
                        CheckpointLimits.DEFAULT))
                .hasMessageContaining("reaches element 4 of storage 0, which holds 4");
        assertThatThrownBy(() -> unpickle(
                        new Pickle().tensor("FloatStorage", "0", 4, 0, new int[] {2, 2}, new int[] {3, 1}),
                        four,
                        CheckpointLimits.DEFAULT))
                .hasMessageContaining("reaches element 4");
        assertThatThrownBy(() -> unpickle(
                        new Pickle().tensor("FloatStorage", "0", 4, 0, new int[] {2}, new int[] {-1}),
                        four,
                        CheckpointLimits.DEFAULT))
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> unpickle(
                        new Pickle().tensor("FloatStorage", "0", 4, 0, new int[] {2, 2}, new int[] {1}),
                        four,
                        CheckpointLimits.DEFAULT))
                .hasMessageContaining("size of 2 dimensions but a stride of 1");
        int[] many = new int[17];
        java.util.Arrays.fill(many, 1);
        assertThatThrownBy(() -> unpickle(
                        new Pickle().tensor("FloatStorage", "0", 4, 0, many, many), four, CheckpointLimits.DEFAULT))
                .hasMessageContaining("17 dimensions");
        assertThatThrownBy(() -> unpickle(
                        new Pickle()
                                .tensor("FloatStorage", "0", 4, 0, new int[] {1 << 20, 1 << 20, 1 << 20}, new int[] {
                                    0, 0, 0
                                }),
                        four,
                        CheckpointLimits.DEFAULT))
                .hasMessageContaining("elements, more than the limit");
    }

    /** {'model': Sequential-like record with one parameter and two buffers}: the state-dict walk. */
    private static Pickle checkpointOf(String dtype, int numel, int[] size, int[] stride) {
        Pickle p = new Pickle().emptyDict().str("model");
        p.global("ultralytics.nn.tasks", "DetectionModel")
                .emptyTuple()
                .newobj()
                .emptyDict()
                .mark();
        p.str("_parameters")
                .global("collections", "OrderedDict")
                .emptyTuple()
                .reduce()
                .mark()
                .str("weight")
                .tensor(dtype, "0", numel, 0, size, stride)
                .setitems();
        p.str("_buffers")
                .global("collections", "OrderedDict")
                .emptyTuple()
                .reduce()
                .mark()
                .str("num_batches_tracked")
                .tensor("LongStorage", "1", 1, 0, new int[0], new int[0])
                .str("scratch")
                .tensor("LongStorage", "1", 1, 0, new int[0], new int[0])
                .setitems();
        p.str("_non_persistent_buffers_set")
                .global("builtins", "set")
                .emptyList()
                .str("scratch")
                .op('a')
                .op(0x85)
                .reduce();
        p.str("_modules").global("collections", "OrderedDict").emptyTuple().reduce();
        p.setitems().build().setitem();
        return p;
    }

    private Checkpoint read(Pickle p, Map<String, byte[]> storages) throws Exception {
        return Checkpoint.read(archive(p.bytes(), storages));
    }

    @Test
    void stridedViewsComeOutInCOrder() throws Exception {
        // a 2x3 transpose of a contiguous 3x2 storage: stride (1, 2)
        Map<String, byte[]> s = Map.of("0", TestCheckpoints.floats(0, 1, 2, 3, 4, 5), "1", new byte[8]);
        Checkpoint c = read(checkpointOf("FloatStorage", 6, new int[] {2, 3}, new int[] {1, 2}), s);
        CheckpointTensor w = c.stateDict().get("weight");
        assertThat(w.shape()).containsExactly(2, 3);
        assertThat(w.data()).containsExactly(0, 2, 4, 1, 3, 5);
        // the non-persistent buffer and num_batches_tracked are not part of the state dict
        assertThat(c.stateDict().keySet()).containsExactly("weight");
        assertThat(c.yaml()).isEmpty();
    }

    @Test
    void everyStorageTypeBecomesFloat32() throws Exception {
        ByteBuffer bf16 = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3fc0)
                .putShort((short) 0xc040);
        ByteBuffer f64 = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.1)
                .putDouble(-2.5);
        ByteBuffer f16 = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3c00)
                .putShort((short) 0x0001);
        ByteBuffer i64 = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(-7)
                .putLong(1L << 40);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("BFloat16Storage", new Object[] {bf16.array(), new float[] {1.5f, -3f}});
        cases.put("DoubleStorage", new Object[] {f64.array(), new float[] {0.1f, -2.5f}});
        cases.put("HalfStorage", new Object[] {f16.array(), new float[] {1f, 0x1p-24f}});
        cases.put("LongStorage", new Object[] {i64.array(), new float[] {-7f, (float) (1L << 40)}});
        cases.put("ByteStorage", new Object[] {new byte[] {(byte) 200, 3}, new float[] {200f, 3f}});
        for (Map.Entry<String, Object[]> e : cases.entrySet()) {
            Checkpoint c = read(
                    checkpointOf(e.getKey(), 2, new int[] {2}, new int[] {1}),
                    Map.of("0", (byte[]) e.getValue()[0], "1", new byte[8]));
            assertThat(c.stateDict().get("weight").data()).as(e.getKey()).containsExactly((float[]) e.getValue()[1]);
        }
    }

    @Test
    void aBigEndianArchiveIsReadAsSuch() throws Exception {
        Pickle p = checkpointOf("FloatStorage", 2, new int[] {2}, new int[] {1});
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", p.bytes());
        entries.put("archive/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
        entries.put(
                "archive/data/0",
                ByteBuffer.allocate(8)
                        .order(ByteOrder.BIG_ENDIAN)
                        .putFloat(1.25f)
                        .putFloat(-8f)
                        .array());
        entries.put("archive/data/1", new byte[8]);
        Checkpoint c = Checkpoint.read(TestCheckpoints.zip(dir.resolve("big.pt"), entries, false));
        assertThat(c.stateDict().get("weight").data()).containsExactly(1.25f, -8f);
    }

    @Test
    void aBareStateDictGivesTensorsOnly() throws Exception {
        Pickle p = new Pickle()
                .global("collections", "OrderedDict")
                .emptyTuple()
                .reduce()
                .mark()
                .str("model.0.conv.weight")
                .tensor("FloatStorage", "0", 2, 0, new int[] {2}, new int[] {1})
                .str("model.0.bn.num_batches_tracked")
                .tensor("LongStorage", "1", 1, 0, new int[0], new int[0])
                .setitems();
        Checkpoint c = read(p, Map.of("0", TestCheckpoints.floats(3, 4), "1", new byte[8]));
        assertThat(c.modelKey()).isEmpty();
        assertThat(c.yaml()).isEmpty();
        assertThat(c.stateDict().keySet()).containsExactly("model.0.conv.weight");
        assertThat(c.stateDict().get("model.0.conv.weight").data()).containsExactly(3, 4);
    }

    @Test
    void theEmbeddedYamlMustBePlainData() {
        Pickle p = new Pickle().emptyDict().str("model");
        p.global("ultralytics.nn.tasks", "DetectionModel")
                .emptyTuple()
                .newobj()
                .emptyDict()
                .mark();
        for (String k : List.of("_parameters", "_buffers", "_modules")) {
            p.str(k).global("collections", "OrderedDict").emptyTuple().reduce();
        }
        p.str("yaml")
                .emptyDict()
                .str("backbone")
                .emptyList()
                .emptyList()
                .mark()
                .integer(-1)
                .integer(1)
                .str("Conv")
                .emptyList()
                .global("ultralytics.nn.modules", "Conv")
                .emptyTuple()
                .newobj()
                .op('a')
                .appends()
                .op('a')
                .setitem();
        p.setitems().build().setitem();
        assertThatThrownBy(() -> read(p, Map.of()))
                .hasMessageContaining(
                        "model.yaml.backbone[0][3][0] is a " + "ultralytics.nn.modules.Conv, not plain data");
    }

    @Test
    void aZipBombIsRefused() throws Exception {
        byte[] zeros = new byte[4 << 20];
        Pickle p = checkpointOf("FloatStorage", zeros.length / 4, new int[] {zeros.length / 4}, new int[] {1});
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", p.bytes());
        entries.put("archive/data/0", zeros);
        entries.put("archive/data/1", new byte[8]);
        Path bomb = TestCheckpoints.zip(dir.resolve("bomb.pt"), entries, true);
        assertThat(Files.size(bomb)).isLessThan(64 << 10);
        CheckpointLimits limits = new CheckpointLimits(1 << 20, 1000, 100, 100, 16, 1 << 30, 1L << 31, 2);
        assertThatThrownBy(() -> Checkpoint.read(bomb, limits)).hasMessageContaining("zip bomb");
    }

    @Test
    void filesThatAreNotCheckpointsSayWhatTheyAre() throws Exception {
        Path legacy =
                Files.write(dir.resolve("legacy.pt"), new Pickle().integer(1).bytes());
        assertThatThrownBy(() -> Checkpoint.read(legacy)).hasMessageContaining("before PyTorch 1.6");
        Path script = TestCheckpoints.zip(
                dir.resolve("model.torchscript"),
                Map.of("model/constants.pkl", new Pickle().none().bytes(), "model/code/__torch__.py", new byte[1]),
                false);
        assertThatThrownBy(() -> Checkpoint.read(script)).hasMessageContaining("TorchScript");
        Path npz = TestCheckpoints.zip(dir.resolve("w.npz"), Map.of("a.npy", new byte[10]), false);
        assertThatThrownBy(() -> Checkpoint.read(npz)).hasMessageContaining("without <root>/data.pkl");
        Map<String, byte[]> two = new LinkedHashMap<>();
        two.put("a/data.pkl", new Pickle().none().bytes());
        two.put("b/data.pkl", new Pickle().none().bytes());
        Path ambiguous = TestCheckpoints.zip(dir.resolve("two.pt"), two, false);
        assertThatThrownBy(() -> Checkpoint.read(ambiguous)).hasMessageContaining("2 data.pkl entries");
        Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
        assertThatThrownBy(() -> Checkpoint.read(empty)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Checkpoint.read(archive(new Pickle().none().bytes(), Map.of())))
                .hasMessageContaining("holds a None, not a checkpoint dict");
        assertThat(Checkpoint.isCheckpoint(npz)).isFalse();
        assertThat(Checkpoint.isCheckpoint(legacy)).isTrue();
        Path renamed = Files.copy(ambiguous, dir.resolve("weights.bin"));
        assertThat(Checkpoint.isCheckpoint(renamed)).isTrue();
    }
}
