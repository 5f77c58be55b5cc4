package dev.yamlnet.compiler.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places the boxes and routes the arrows of a {@link GraphModel}, deterministically, with nothing
 * but arithmetic (no Graphviz). The layout is layered top to bottom: the input image and the
 * backbone in the left column, the head in the right column, each in index order. Box sizes come
 * from the length of their text in a monospace font.
 *
 * <p>Arrows are orthogonal. An input from the box just above goes straight down. Every other
 * input runs in a vertical lane of its own outside the columns (left of the backbone for backbone
 * skips, between the columns for backbone-to-head inputs, right of the head for head skips), leaving
 * and entering boxes at their sides, so no arrow crosses a box and no two arrows share a segment.
 * Lanes are reused by arrows whose vertical extents do not overlap.
 */
public final class GraphLayout {
    /** Advance of one character at the 12 px monospace font the renderer uses (DejaVu Sans Mono: 0.602 em). */
    static final double CHAR_W = 7.3;

    static final double LINE_H = 15;
    static final double PAD_X = 10;
    static final double PAD_Y = 7;
    static final double GAP_Y = 30;
    static final double LANE = 9;
    static final double MARGIN = 20;
    static final double HEADER = 58;
    static final double SECTION_PAD = 8;
    static final double SECTION_LABEL = 22;
    /** Room for stride labels right of the head's lanes ("stride 128" at 10 px). */
    static final double LABEL_W = 70;

    /** A placed box, top-left corner and size. */
    public record Box(double x, double y, double w, double h) {
        public double right() {
            return x + w;
        }

        public double bottom() {
            return y + h;
        }

        public double centerX() {
            return x + w / 2;
        }

        /** Whether the two boxes share any interior point. */
        public boolean overlaps(Box o) {
            return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
        }
    }

    /** A point of an edge's route or a label's anchor, in SVG user units (y grows downwards). */
    public record Point(double x, double y) {}

    /** One routed edge: its points from the source port to the target port, and where its label goes. */
    public record Route(GraphModel.Edge edge, List<Point> points, Point labelAt) {
        public Route {
            points = List.copyOf(points);
        }
    }

    /** A labelled background panel behind one column. */
    public record Panel(String label, Box box) {}

    private final GraphModel model;
    private final Map<Integer, Box> boxes = new LinkedHashMap<>();
    private final Map<Integer, Integer> column = new HashMap<>();
    private final Map<Integer, Integer> row = new HashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<Panel> panels = new ArrayList<>();
    private double width;
    private double height;
    private final double boxWidth;

    private GraphLayout(GraphModel model) {
        this.model = model;
        int chars = 0;
        for (GraphModel.Node n : all()) {
            for (String line : n.lines()) {
                chars = Math.max(chars, line.length());
            }
        }
        boxWidth = Math.ceil(chars * CHAR_W + 2 * PAD_X);
    }

    /** Lays out the model. */
    public static GraphLayout of(GraphModel model) {
        GraphLayout l = new GraphLayout(model);
        l.run();
        return l;
    }

    public GraphModel model() {
        return model;
    }

    /** Boxes by layer index ({@link GraphModel#IMAGE} for the input image). */
    public Map<Integer, Box> boxes() {
        return boxes;
    }

    public List<Route> routes() {
        return routes;
    }

    public List<Panel> panels() {
        return panels;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    private List<GraphModel.Node> all() {
        List<GraphModel.Node> out = new ArrayList<>();
        out.add(model.image());
        out.addAll(model.layers());
        return out;
    }

    private static double boxHeight(GraphModel.Node n) {
        return n.lines().size() * LINE_H + 2 * PAD_Y;
    }

    private void run() {
        // columns and rows: 0 = image + backbone, 1 = head
        List<List<GraphModel.Node>> cols = List.of(new ArrayList<>(), new ArrayList<>());
        for (GraphModel.Node n : all()) {
            int c = "head".equals(n.section()) ? 1 : 0;
            row.put(n.index(), cols.get(c).size());
            column.put(n.index(), c);
            cols.get(c).add(n);
        }
        boolean twoColumns = !cols.get(1).isEmpty();

        // classify edges and assign lanes
        Set<GraphModel.Edge> straight = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Integer> fedFromAbove = new HashSet<>();
        List<GraphModel.Edge> left = new ArrayList<>();
        List<GraphModel.Edge> gap = new ArrayList<>();
        List<GraphModel.Edge> right = new ArrayList<>();
        for (GraphModel.Edge e : model.edges()) {
            int cf = column.get(e.from());
            int ct = column.get(e.to());
            if (cf == ct && row.get(e.to()) == row.get(e.from()) + 1 && fedFromAbove.add(e.to())) {
                straight.add(e);
            } else if (cf == ct) {
                (cf == 0 ? left : right).add(e);
            } else {
                gap.add(e);
            }
        }
        // lanes need the rows' y extents, which depend only on box heights: compute y first
        double top = MARGIN
                + HEADER
                + (model.notes().isEmpty() ? 0 : model.notes().size() * LINE_H + 6)
                + SECTION_LABEL
                + SECTION_PAD;
        Map<Integer, Double> ys = new HashMap<>();
        double bottom = top;
        for (List<GraphModel.Node> col : cols) {
            double y = top;
            for (GraphModel.Node n : col) {
                ys.put(n.index(), y);
                y += boxHeight(n) + GAP_Y;
            }
            bottom = Math.max(bottom, y - GAP_Y);
        }
        // side ports: every side attachment of a box gets its own height
        Map<String, List<GraphModel.Edge>> sides = new HashMap<>();
        for (GraphModel.Edge e : left) {
            sides.computeIfAbsent(e.from() + "L", k -> new ArrayList<>()).add(e);
            sides.computeIfAbsent(e.to() + "L", k -> new ArrayList<>()).add(e);
        }
        for (GraphModel.Edge e : right) {
            sides.computeIfAbsent(e.from() + "R", k -> new ArrayList<>()).add(e);
            sides.computeIfAbsent(e.to() + "R", k -> new ArrayList<>()).add(e);
        }
        for (GraphModel.Edge e : gap) {
            sides.computeIfAbsent(e.from() + "R", k -> new ArrayList<>()).add(e);
            sides.computeIfAbsent(e.to() + "L", k -> new ArrayList<>()).add(e);
        }
        Map<GraphModel.Edge, double[]> portY = new IdentityHashMap<>(); // [source y, target y]
        for (Map.Entry<String, List<GraphModel.Edge>> s : sides.entrySet()) {
            String key = s.getKey();
            int index = Integer.parseInt(key.substring(0, key.length() - 1));
            GraphModel.Node n = model.node(index);
            double y0 = ys.get(index);
            double h = boxHeight(n);
            List<GraphModel.Edge> list = s.getValue();
            // outputs first (they go down), inputs in source order; keeps the drawing stable
            list.sort((a, b) -> {
                boolean ao = a.from() == index;
                boolean bo = b.from() == index;
                if (ao != bo) {
                    return ao ? 1 : -1;
                }
                return ao ? Integer.compare(a.to(), b.to()) : Integer.compare(a.from(), b.from());
            });
            for (int k = 0; k < list.size(); k++) {
                double y = y0 + (k + 1) * h / (list.size() + 1);
                GraphModel.Edge e = list.get(k);
                double[] pair = portY.computeIfAbsent(e, x -> new double[2]);
                if (e.from() == index && !(e.to() == index)) {
                    pair[0] = y;
                } else {
                    pair[1] = y;
                }
            }
        }
        Map<GraphModel.Edge, Integer> leftLanes = lanes(left, portY);
        Map<GraphModel.Edge, Integer> gapLanes = lanes(gap, portY);
        Map<GraphModel.Edge, Integer> rightLanes = lanes(right, portY);
        int nLeft = count(leftLanes);
        int nGap = count(gapLanes);
        int nRight = count(rightLanes);

        double x0 = MARGIN + SECTION_PAD + (nLeft + 1) * LANE;
        double x1 = x0 + boxWidth + 2 * SECTION_PAD + Math.max(nGap + 1, 3) * LANE;
        for (List<GraphModel.Node> col : cols) {
            for (GraphModel.Node n : col) {
                double x = column.get(n.index()) == 0 ? x0 : x1;
                boxes.put(n.index(), new Box(x, ys.get(n.index()), boxWidth, boxHeight(n)));
            }
        }
        boolean rightLabels = right.stream().anyMatch(e -> !e.label().isEmpty());
        width = (twoColumns ? x1 + boxWidth : x0 + boxWidth)
                + SECTION_PAD
                + (nRight + 1) * LANE
                + MARGIN
                + (rightLabels ? LABEL_W : 0);
        width = Math.max(width, 560);
        height = bottom + SECTION_PAD + MARGIN;
        double panelTop = top - SECTION_LABEL - SECTION_PAD;
        panels.add(new Panel(
                "backbone",
                new Box(
                        x0 - SECTION_PAD,
                        panelTop,
                        boxWidth + 2 * SECTION_PAD,
                        columnBottom(cols.get(0)) + SECTION_PAD - panelTop)));
        if (twoColumns) {
            panels.add(new Panel(
                    "head",
                    new Box(
                            x1 - SECTION_PAD,
                            panelTop,
                            boxWidth + 2 * SECTION_PAD,
                            columnBottom(cols.get(1)) + SECTION_PAD - panelTop)));
        }

        // routes, in the model's edge order
        for (GraphModel.Edge e : model.edges()) {
            Box a = boxes.get(e.from());
            Box b = boxes.get(e.to());
            List<Point> pts = new ArrayList<>();
            Point label;
            if (straight.contains(e)) {
                pts.add(new Point(a.centerX(), a.bottom()));
                pts.add(new Point(b.centerX(), b.y()));
                label = new Point(b.centerX() + 5, b.y() - 6);
            } else if (leftLanes.containsKey(e)) {
                double lane = x0 - SECTION_PAD - (leftLanes.get(e) + 1) * LANE;
                double[] py = portY.get(e);
                pts.add(new Point(a.x(), py[0]));
                pts.add(new Point(lane, py[0]));
                pts.add(new Point(lane, py[1]));
                pts.add(new Point(b.x(), py[1]));
                label = new Point(b.x() - 60, py[1] - 3);
            } else if (rightLanes.containsKey(e)) {
                double lane = x1 + boxWidth + SECTION_PAD + (rightLanes.get(e) + 1) * LANE;
                double[] py = portY.get(e);
                pts.add(new Point(a.right(), py[0]));
                pts.add(new Point(lane, py[0]));
                pts.add(new Point(lane, py[1]));
                pts.add(new Point(b.right(), py[1]));
                // beyond the outermost lane, level with the arrow's last segment: no lane crosses the text
                label = new Point(x1 + boxWidth + SECTION_PAD + (nRight + 1) * LANE + 3, py[1] + 4);
            } else {
                double lane = x0 + boxWidth + SECTION_PAD + (gapLanes.get(e) + 1) * LANE;
                double[] py = portY.get(e);
                pts.add(new Point(a.right(), py[0]));
                pts.add(new Point(lane, py[0]));
                pts.add(new Point(lane, py[1]));
                pts.add(new Point(b.x(), py[1]));
                label = new Point(lane + 3, py[1] - 3);
            }
            routes.add(new Route(e, pts, label));
        }
    }

    private double columnBottom(List<GraphModel.Node> col) {
        GraphModel.Node last = col.get(col.size() - 1);
        return boxes.get(last.index()).bottom();
    }

    private static int count(Map<GraphModel.Edge, Integer> lanes) {
        return lanes.values().stream().mapToInt(i -> i + 1).max().orElse(0);
    }

    /**
     * Interval colouring: edges sorted by their top, each takes the lowest lane free over its
     * vertical extent (with a little clearance so that two arrows never touch).
     */
    private static Map<GraphModel.Edge, Integer> lanes(
            List<GraphModel.Edge> edges, Map<GraphModel.Edge, double[]> portY) {
        List<GraphModel.Edge> sorted = new ArrayList<>(edges);
        sorted.sort((a, b) -> {
            int c = Double.compare(portY.get(a)[0], portY.get(b)[0]);
            return c != 0 ? c : Double.compare(portY.get(a)[1], portY.get(b)[1]);
        });
        Map<GraphModel.Edge, Integer> out = new IdentityHashMap<>();
        List<Double> laneEnd = new ArrayList<>();
        for (GraphModel.Edge e : sorted) {
            double lo = Math.min(portY.get(e)[0], portY.get(e)[1]);
            double hi = Math.max(portY.get(e)[0], portY.get(e)[1]);
            int lane = -1;
            for (int k = 0; k < laneEnd.size(); k++) {
                if (laneEnd.get(k) + 6 < lo) {
                    lane = k;
                    break;
                }
            }
            if (lane < 0) {
                lane = laneEnd.size();
                laneEnd.add(hi);
            } else {
                laneEnd.set(lane, hi);
            }
            out.put(e, lane);
        }
        return out;
    }
}
