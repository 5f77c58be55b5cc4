package dev.yamlnet.checkpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks the unpickled object graph before anything walks it: no reference cycle, and no path
 * deeper than {@link CheckpointLimits#maxDepth}. The walk itself is iterative (an explicit stack) and
 * visits each object once, so a million nested tuples cost a loop, not a stack overflow; after it,
 * the recursive readers in {@link Checkpoint} are safe.
 */
final class Graph {
    private Graph() {}

    private static final Integer IN_PROGRESS = -1;

    private record Frame(Object node, Iterator<?> children, int[] depth) {}

    /** The depth of the deepest path (a scalar is depth 0), or a refusal. */
    static int check(Object root, int maxDepth) throws CheckpointException {
        Map<Object, Integer> done = new IdentityHashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        if (!isContainer(root)) {
            return 0;
        }
        push(stack, done, root);
        int result = 0;
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.children.hasNext()) {
                Object child = f.children.next();
                if (!isContainer(child)) {
                    continue;
                }
                Integer known = done.get(child);
                if (IN_PROGRESS.equals(known)) {
                    throw new CheckpointException(
                            "the pickle holds a reference cycle (an object that contains itself); "
                                    + "a checkpoint never does");
                }
                if (known != null) {
                    f.depth[0] = Math.max(f.depth[0], known + 1);
                    if (stack.size() + known > maxDepth) {
                        throw tooDeep(maxDepth);
                    }
                    continue;
                }
                if (stack.size() >= maxDepth) {
                    throw tooDeep(maxDepth);
                }
                push(stack, done, child);
            } else {
                stack.pop();
                done.put(f.node, f.depth[0]);
                if (stack.isEmpty()) {
                    result = f.depth[0];
                } else {
                    Frame parent = stack.peek();
                    parent.depth[0] = Math.max(parent.depth[0], f.depth[0] + 1);
                }
            }
        }
        return result;
    }

    private static CheckpointException tooDeep(int maxDepth) {
        return new CheckpointException("the pickle nests objects more than " + maxDepth + " levels deep (the limit; "
                + "Ultralytics checkpoints nest 15 to 19)");
    }

    private static void push(Deque<Frame> stack, Map<Object, Integer> done, Object node) {
        done.put(node, IN_PROGRESS);
        stack.push(new Frame(node, children(node), new int[] {1}));
    }

    private static boolean isContainer(Object o) {
        return o instanceof Collection<?>
                || o instanceof Map<?, ?>
                || o instanceof Object[]
                || o instanceof Py.Instance;
    }

    private static Iterator<?> children(Object o) {
        if (o instanceof Object[] a) {
            return Arrays.asList(a).iterator();
        } else if (o instanceof Collection<?> c) {
            return c.iterator();
        } else if (o instanceof Map<?, ?> m) {
            List<Object> kv = new ArrayList<>(2 * m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                kv.add(e.getKey());
                kv.add(e.getValue());
            }
            return kv.iterator();
        }
        Py.Instance i = (Py.Instance) o;
        List<Object> all = new ArrayList<>(i.args);
        all.addAll(i.state.values());
        all.add(i.otherState);
        return all.iterator();
    }
}
