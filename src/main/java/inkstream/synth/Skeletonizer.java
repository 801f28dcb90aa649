/*
 * Pen paths from outline (filled) handwriting fonts: each glyph is rendered at about 40 pixels
 * per x-height, thinned to a one-pixel skeleton (Zhang and Suen 1984, then corner pixels that
 * connectivity does not need are removed), and the skeleton's graph (end points and junctions
 * joined by pixel chains; closed loops) is traced into strokes:
 * - spurs shorter than the pen width (thinning artefacts at corners and stroke ends) are cut;
 * - a stroke starts at the left-most, then top-most free end (an odd node when there is one,
 *   so each stroke can run through as many chains as possible); a closed loop starts at its top
 *   and runs counter-clockwise, as people write o, a, d;
 * - at a junction the pen goes on along the chain that bends least (good continuation), but
 *   leaves chains that end in a dead end for last (Fleury: do not burn bridges), so a loop
 *   through a crossing is drawn in one stroke;
 * - at a dead end the pen goes back along a short near-vertical chain it just drew when that
 *   leads to chains still to draw (the down-and-up stem of n, h, m, r, b, p), as pens do,
 *   instead of lifting;
 * - chains are simplified (Ramer-Douglas-Peucker, 0.6 pixels); tiny components become dots.
 * Coordinates come out in the font's frame (y down, baseline 0) and go through Normalizer like
 * every other font (x-height: the median height of the letters without ascenders or descenders,
 * since some outline fonts draw 'x' out of size). Deterministic: the same font bytes give the same strokes.
 */
package inkstream.synth;

import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class Skeletonizer {
  static final double PX_PER_XHEIGHT = 40;
  /** Letters without ascenders or descenders: their median height is the x-height. */
  static final String X_HEIGHT_LETTERS = "acemnorsuvwxz";
  private static final int PAD = 3;
  // 8-neighbourhood in ring order: N, NE, E, SE, S, SW, W, NW
  private static final int[] DX = {0, 1, 1, 1, 0, -1, -1, -1};
  private static final int[] DY = {-1, -1, 0, 1, 1, 1, 0, -1};

  private Skeletonizer() {}

  /** A font from sfnt bytes (TrueType or OpenType), printable ASCII, pen paths by skeleton. */
  static Font fromSfnt(byte[] sfnt, String name, String design) throws IOException {
    java.awt.Font base;
    try {
      base = java.awt.Font.createFont(java.awt.Font.TRUETYPE_FONT, new ByteArrayInputStream(sfnt));
    } catch (java.awt.FontFormatException e) {
      throw new IOException(name + ": not a readable font: " + e.getMessage(), e);
    }
    FontRenderContext frc = new FontRenderContext(null, false, false);
    Rectangle2D xBox = base.deriveFont(100f).createGlyphVector(frc, "x").getOutline().getBounds2D();
    if (!(xBox.getHeight() > 0)) throw new IOException(name + ": glyph 'x' has no outline to measure the x-height");
    java.awt.Font f = base.deriveFont((float) (100 * PX_PER_XHEIGHT / xBox.getHeight()));
    Map<Integer, Font.Glyph> glyphs = new HashMap<>();
    for (int cp = 32; cp <= 126; cp++) {
      if (!f.canDisplay(cp)) continue;
      GlyphVector gv = f.createGlyphVector(frc, String.valueOf((char) cp));
      double advance = gv.getGlyphMetrics(0).getAdvance();
      List<double[]> strokes = cp == ' ' ? List.of() : strokes(gv.getOutline());
      if (cp != ' ' && strokes.isEmpty()) continue;
      glyphs.put(cp, new Font.Glyph(advance, strokes));
    }
    return Normalizer.normalize(name, design, false, glyphs, X_HEIGHT_LETTERS);
  }

  /** Strokes (x, y pairs, the outline's coordinates) tracing the skeleton of a filled shape. */
  static List<double[]> strokes(Shape outline) {
    Rectangle2D b = outline.getBounds2D();
    if (b.isEmpty()) return List.of();
    int x0 = (int) Math.floor(b.getMinX()) - PAD, y0 = (int) Math.floor(b.getMinY()) - PAD;
    int w = (int) Math.ceil(b.getMaxX()) - x0 + PAD, h = (int) Math.ceil(b.getMaxY()) - y0 + PAD;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.translate(-x0, -y0);
    g.fill(outline);
    g.dispose();
    boolean[] ink = new boolean[w * h];
    int inkCount = 0;
    var raster = img.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        ink[y * w + x] = raster.getSample(x, y, 0) > 127;
        if (ink[y * w + x]) inkCount++;
      }
    }
    if (inkCount == 0) return List.of();
    int[] component = components(ink, w, h);
    thin(ink, w, h);
    keepEveryComponent(ink, component, w);
    int skelCount = 0;
    for (boolean v : ink) if (v) skelCount++;
    double penWidth = inkCount / (double) Math.max(1, skelCount);
    List<List<int[]>> paths = new Graph(ink, w, h, Math.max(3, 0.8 * penWidth)).trace();
    List<double[]> out = new ArrayList<>();
    for (List<int[]> p : paths) {
      List<int[]> simple = simplify(p, 0.6);
      double[] s = new double[2 * simple.size()];
      for (int i = 0; i < simple.size(); i++) {
        s[2 * i] = simple.get(i)[0] + x0 + 0.5;
        s[2 * i + 1] = simple.get(i)[1] + y0 + 0.5;
      }
      out.add(s);
    }
    return out;
  }

  // ---------------------------------------------------------------- thinning

  /** Zhang-Suen thinning in place, then removal of corner pixels connectivity does not need. */
  static void thin(boolean[] img, int w, int h) {
    boolean changed = true;
    List<Integer> del = new ArrayList<>();
    while (changed) {
      changed = false;
      for (int step = 0; step < 2; step++) {
        del.clear();
        for (int y = 1; y < h - 1; y++) {
          for (int x = 1; x < w - 1; x++) {
            if (!img[y * w + x]) continue;
            boolean[] p = ring(img, w, x, y);
            int count = 0, transitions = 0;
            for (int k = 0; k < 8; k++) {
              if (p[k]) count++;
              if (!p[k] && p[(k + 1) % 8]) transitions++;
            }
            if (count < 2 || count > 6 || transitions != 1) continue;
            // p[0]=N p[2]=E p[4]=S p[6]=W
            boolean ok = step == 0 ? !(p[0] && p[2] && p[4]) && !(p[2] && p[4] && p[6])
                : !(p[0] && p[2] && p[6]) && !(p[0] && p[4] && p[6]);
            if (ok) del.add(y * w + x);
          }
        }
        for (int i : del) img[i] = false;
        changed |= !del.isEmpty();
      }
    }
    // a pixel whose neighbours are all connected to each other without it is redundant
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        if (img[y * w + x] && ringComponents(ring(img, w, x, y)) == 1 && neighbours(img, w, x, y) >= 2 && neighbours(img, w, x, y) <= 3) {
          img[y * w + x] = false;
        }
      }
    }
  }

  /** 8-connected component label per ink pixel (-1 elsewhere). */
  static int[] components(boolean[] img, int w, int h) {
    int[] label = new int[w * h];
    java.util.Arrays.fill(label, -1);
    int next = 0;
    java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>();
    for (int i = 0; i < w * h; i++) {
      if (!img[i] || label[i] >= 0) continue;
      label[i] = next;
      q.add(i);
      while (!q.isEmpty()) {
        int p = q.poll(), x = p % w, y = p / w;
        for (int k = 0; k < 8; k++) {
          int nx = x + DX[k], ny = y + DY[k];
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          int n = ny * w + nx;
          if (img[n] && label[n] < 0) {
            label[n] = next;
            q.add(n);
          }
        }
      }
      next++;
    }
    return label;
  }

  /** Thinning erases a 2x2 blob entirely; such a component (a dot) keeps its pixel nearest its centre. */
  static void keepEveryComponent(boolean[] img, int[] label, int w) {
    Map<Integer, double[]> sums = new HashMap<>(); // label -> {sx, sy, n, survivors}
    for (int i = 0; i < label.length; i++) {
      if (label[i] < 0) continue;
      double[] s = sums.computeIfAbsent(label[i], k -> new double[4]);
      s[0] += i % w;
      s[1] += i / w;
      s[2]++;
      if (img[i]) s[3]++;
    }
    for (var e : sums.entrySet()) {
      double[] s = e.getValue();
      if (s[3] > 0) continue;
      double cx = s[0] / s[2], cy = s[1] / s[2], best = Double.MAX_VALUE;
      int at = -1;
      for (int i = 0; i < label.length; i++) {
        if (label[i] != e.getKey()) continue;
        double d = Math.hypot(i % w - cx, i / w - cy);
        if (d < best) {
          best = d;
          at = i;
        }
      }
      img[at] = true;
    }
  }

  private static boolean[] ring(boolean[] img, int w, int x, int y) {
    boolean[] p = new boolean[8];
    for (int k = 0; k < 8; k++) p[k] = img[(y + DY[k]) * w + x + DX[k]];
    return p;
  }

  private static int neighbours(boolean[] img, int w, int x, int y) {
    int n = 0;
    for (int k = 0; k < 8; k++) if (img[(y + DY[k]) * w + x + DX[k]]) n++;
    return n;
  }

  /** Number of 8-connected groups among the set pixels of a 3x3 ring (centre excluded). */
  private static int ringComponents(boolean[] p) {
    int[] parent = {0, 1, 2, 3, 4, 5, 6, 7};
    for (int a = 0; a < 8; a++) {
      for (int c = a + 1; c < 8; c++) {
        if (p[a] && p[c] && Math.abs(DX[a] - DX[c]) <= 1 && Math.abs(DY[a] - DY[c]) <= 1) {
          parent[find(parent, a)] = find(parent, c);
        }
      }
    }
    int n = 0;
    for (int k = 0; k < 8; k++) if (p[k] && find(parent, k) == k) n++;
    return n;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }

  // ---------------------------------------------------------------- skeleton graph

  /** End points and junctions (clusters of pixels with other than two neighbours) and the chains between them. */
  private static final class Graph {
    final int w, h;
    final boolean[] on;
    final int[] cluster; // pixel -> node id, -1 for chain pixels
    final List<double[]> nodeXY = new ArrayList<>(); // centroid per node
    final List<Edge> edges = new ArrayList<>();
    final List<List<Edge>> adjacent = new ArrayList<>();

    static final class Edge {
      final int a, b;
      final List<int[]> pts; // from node a to node b
      boolean used, removed;

      Edge(int a, int b, List<int[]> pts) {
        this.a = a;
        this.b = b;
        this.pts = pts;
      }

      int other(int n) {
        return n == a ? b : a;
      }

      double length() {
        double l = 0;
        for (int i = 1; i < pts.size(); i++) l += Math.hypot(pts.get(i)[0] - pts.get(i - 1)[0], pts.get(i)[1] - pts.get(i - 1)[1]);
        return l;
      }

      /** Points in walking order from node n. */
      List<int[]> from(int n) {
        if (n == a) return pts;
        List<int[]> r = new ArrayList<>(pts);
        java.util.Collections.reverse(r);
        return r;
      }
    }

    Graph(boolean[] on, int w, int h, double spur) {
      this.on = on;
      this.w = w;
      this.h = h;
      cluster = new int[w * h];
      java.util.Arrays.fill(cluster, -1);
      boolean[] chainUsed = new boolean[w * h];
      // nodes: clusters of pixels with other than two neighbours
      for (int i = 0; i < w * h; i++) {
        if (on[i] && cluster[i] < 0 && degree(i) != 2) {
          int id = nodeXY.size();
          List<Integer> members = new ArrayList<>();
          java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>();
          q.add(i);
          cluster[i] = id;
          while (!q.isEmpty()) {
            int p = q.poll();
            members.add(p);
            for (int k = 0; k < 8; k++) {
              int n = step(p, k);
              if (n >= 0 && on[n] && cluster[n] < 0 && degree(n) != 2) {
                cluster[n] = id;
                q.add(n);
              }
            }
          }
          double sx = 0, sy = 0;
          for (int p : members) {
            sx += p % w;
            sy += p / w;
          }
          nodeXY.add(new double[] {sx / members.size(), sy / members.size()});
          adjacent.add(new ArrayList<>());
        }
      }
      // chains leaving each node
      for (int i = 0; i < w * h; i++) {
        if (!on[i] || cluster[i] < 0) continue;
        for (int k = 0; k < 8; k++) {
          int n = step(i, k);
          if (n < 0 || !on[n] || cluster[n] >= 0 || chainUsed[n]) continue;
          List<int[]> pts = new ArrayList<>();
          pts.add(xy(i));
          int prev = i, cur = n;
          int end = -1;
          while (true) {
            chainUsed[cur] = true;
            pts.add(xy(cur));
            int next = -1;
            for (int d = 0; d < 8 && next < 0; d++) {
              int m = step(cur, d);
              if (m >= 0 && on[m] && m != prev && cluster[m] >= 0 && (cluster[m] != cluster[i] || pts.size() > 3)) next = m;
            }
            if (next >= 0 && cluster[next] >= 0) {
              pts.add(xy(next));
              end = cluster[next];
              break;
            }
            for (int d = 0; d < 8 && next < 0; d++) {
              int m = step(cur, d);
              if (m >= 0 && on[m] && m != prev && cluster[m] < 0 && !chainUsed[m]) next = m;
            }
            if (next < 0) break; // a dead end in a chain (should not happen after thinning)
            prev = cur;
            cur = next;
          }
          if (end < 0) end = addNode(cur);
          addEdge(new Edge(cluster[i], end, pts));
        }
      }
      // closed loops without any node: start at the top-most pixel
      for (int i = 0; i < w * h; i++) {
        if (!on[i] || cluster[i] >= 0 || chainUsed[i]) continue;
        int node = addNode(i);
        chainUsed[i] = true;
        List<int[]> pts = new ArrayList<>();
        pts.add(xy(i));
        int prev = i, cur = -1;
        for (int d = 0; d < 8 && cur < 0; d++) {
          int m = step(i, d);
          if (m >= 0 && on[m] && !chainUsed[m]) cur = m;
        }
        while (cur >= 0) {
          chainUsed[cur] = true;
          pts.add(xy(cur));
          int next = -1;
          for (int d = 0; d < 8 && next < 0; d++) {
            int m = step(cur, d);
            if (m >= 0 && on[m] && m != prev && !chainUsed[m]) next = m;
          }
          prev = cur;
          cur = next;
        }
        pts.add(xy(i));
        addEdge(new Edge(node, node, pts));
      }
      pruneSpurs(spur);
    }

    private int addNode(int pixel) {
      int id = nodeXY.size();
      cluster[pixel] = id;
      nodeXY.add(new double[] {pixel % w, pixel / w});
      adjacent.add(new ArrayList<>());
      return id;
    }

    private void addEdge(Edge e) {
      edges.add(e);
      adjacent.get(e.a).add(e);
      if (e.b != e.a) adjacent.get(e.b).add(e);
    }

    private int liveDegree(int n) {
      int d = 0;
      for (Edge e : adjacent.get(n)) if (!e.removed) d += e.a == e.b ? 2 : 1;
      return d;
    }

    /** Cut chains from a junction to a free end that are shorter than the pen is wide. */
    private void pruneSpurs(double spur) {
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Edge e : edges) {
          if (e.removed || e.a == e.b) continue;
          int da = liveDegree(e.a), db = liveDegree(e.b);
          boolean spurAtA = da == 1 && db >= 3, spurAtB = db == 1 && da >= 3;
          if ((spurAtA || spurAtB) && e.length() < spur) {
            e.removed = true;
            changed = true;
          }
        }
      }
    }

    private int degree(int p) {
      int x = p % w, y = p / w, n = 0;
      for (int k = 0; k < 8; k++) {
        int nx = x + DX[k], ny = y + DY[k];
        if (nx >= 0 && ny >= 0 && nx < w && ny < h && on[ny * w + nx]) n++;
      }
      return n;
    }

    private int step(int p, int k) {
      int nx = p % w + DX[k], ny = p / w + DY[k];
      return nx >= 0 && ny >= 0 && nx < w && ny < h ? ny * w + nx : -1;
    }

    private int[] xy(int p) {
      return new int[] {p % w, p / w};
    }

    private int freeDegree(int n) {
      int d = 0;
      for (Edge e : adjacent.get(n)) if (!e.removed && !e.used) d += e.a == e.b ? 2 : 1;
      return d;
    }

    /** Pen paths covering every chain (and a dot for every node with no chain). */
    List<List<int[]>> trace() {
      List<List<int[]>> strokes = new ArrayList<>();
      while (true) {
        int start = -1;
        boolean startOdd = false;
        for (int n = 0; n < nodeXY.size(); n++) {
          int d = freeDegree(n);
          if (d == 0) continue;
          boolean odd = (d & 1) == 1;
          if (start < 0 || odd && !startOdd || odd == startOdd && score(n) < score(start)) {
            start = n;
            startOdd = odd;
          }
        }
        if (start < 0) break;
        strokes.add(walk(start));
      }
      // dots: nodes that never had a chain (not the ends of pruned spurs)
      for (int n = 0; n < nodeXY.size(); n++) {
        if (adjacent.get(n).isEmpty()) {
          int x = (int) Math.round(nodeXY.get(n)[0]), y = (int) Math.round(nodeXY.get(n)[1]);
          List<int[]> dot = new ArrayList<>();
          dot.add(new int[] {x, y - 1});
          dot.add(new int[] {x, y + 1});
          strokes.add(dot);
        }
      }
      strokes.sort(java.util.Comparator.comparingDouble(s -> s.get(0)[0])); // stable: left to right by start
      return strokes;
    }

    private double score(int n) {
      return nodeXY.get(n)[0] + 0.5 * nodeXY.get(n)[1];
    }

    private List<int[]> walk(int start) {
      List<int[]> path = new ArrayList<>();
      int cur = start;
      Edge last = null;
      boolean lastWasRetrace = false;
      while (true) {
        Edge best = null;
        boolean bestReversed = false;
        double bestCost = Double.MAX_VALUE;
        double[] in = path.size() >= 2 ? direction(path, path.size() - 1, -1) : null;
        for (Edge e : adjacent.get(cur)) {
          if (e.removed || e.used) continue;
          for (int rev = 0; rev < (e.a == e.b ? 2 : 1); rev++) {
            List<int[]> pts = e.a == e.b ? (rev == 0 ? e.pts : reversed(e.pts)) : e.from(cur);
            double[] out = direction(pts, 0, 1);
            double cost;
            if (in != null) {
              cost = -(in[0] * out[0] + in[1] * out[1]); // least bend
            } else if (e.a == e.b) {
              cost = out[0]; // a loop from its top: leftwards first = counter-clockwise
            } else {
              cost = -out[0] + 0.01 * out[1]; // rightwards first
            }
            // do not burn bridges (Fleury): a chain into a dead end waits while others remain
            if (e.a != e.b && freeDegree(e.other(cur)) == 1) cost += 4;
            if (cost < bestCost) {
              bestCost = cost;
              best = e;
              bestReversed = rev == 1;
            }
          }
        }
        if (best == null) {
          // go back along a short chain just drawn when chains remain at its other end
          if (last != null && !lastWasRetrace && last.a != last.b && last.length() < 1.2 * PX_PER_XHEIGHT
              && steep(last) && freeDegree(last.other(cur)) > 0) {
            List<int[]> back = last.from(cur);
            path.addAll(back.subList(1, back.size()));
            cur = last.other(cur);
            lastWasRetrace = true;
            continue;
          }
          break;
        }
        List<int[]> pts = best.a == best.b ? (bestReversed ? reversed(best.pts) : best.pts) : best.from(cur);
        path.addAll(path.isEmpty() ? pts : pts.subList(1, pts.size()));
        best.used = true;
        last = best;
        lastWasRetrace = false;
        cur = best.other(cur);
      }
      if (path.size() == 1) path.add(path.get(0).clone());
      return path;
    }

    /** A near-vertical chain: a stem, which pens go down and back up (n, h, m, r, b, p, d). */
    private static boolean steep(Edge e) {
      int[] a = e.pts.get(0), b = e.pts.get(e.pts.size() - 1);
      return Math.abs(b[1] - a[1]) > 2 * Math.abs(b[0] - a[0]);
    }

    private static List<int[]> reversed(List<int[]> pts) {
      List<int[]> r = new ArrayList<>(pts);
      java.util.Collections.reverse(r);
      return r;
    }

    /** Unit direction over up to 6 pixels from index i, going forward (sign 1) or backward (-1). */
    private static double[] direction(List<int[]> pts, int i, int sign) {
      int j = Math.max(0, Math.min(pts.size() - 1, i + sign * 6));
      int[] a = pts.get(i), b = pts.get(j);
      double dx = sign > 0 ? b[0] - a[0] : a[0] - b[0], dy = sign > 0 ? b[1] - a[1] : a[1] - b[1];
      double n = Math.hypot(dx, dy);
      return n == 0 ? new double[] {0, 0} : new double[] {dx / n, dy / n};
    }
  }

  /** Ramer-Douglas-Peucker on pixel points. */
  static List<int[]> simplify(List<int[]> pts, double eps) {
    if (pts.size() < 3) return pts;
    boolean[] keep = new boolean[pts.size()];
    keep[0] = keep[pts.size() - 1] = true;
    java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>();
    stack.push(new int[] {0, pts.size() - 1});
    while (!stack.isEmpty()) {
      int[] r = stack.pop();
      int[] a = pts.get(r[0]), b = pts.get(r[1]);
      double dx = b[0] - a[0], dy = b[1] - a[1], len = Math.hypot(dx, dy);
      double worst = -1;
      int at = -1;
      for (int i = r[0] + 1; i < r[1]; i++) {
        int[] p = pts.get(i);
        double d = len == 0 ? Math.hypot(p[0] - a[0], p[1] - a[1]) : Math.abs(dy * (p[0] - a[0]) - dx * (p[1] - a[1])) / len;
        if (d > worst) {
          worst = d;
          at = i;
        }
      }
      if (worst > eps) {
        keep[at] = true;
        stack.push(new int[] {r[0], at});
        stack.push(new int[] {at, r[1]});
      }
    }
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < pts.size(); i++) if (keep[i]) out.add(pts.get(i));
    return out;
  }
}
