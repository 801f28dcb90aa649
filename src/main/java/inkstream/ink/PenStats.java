/*
 * How people (or a generator) write single characters: per character, where the pen starts, how
 * many strokes, how long a path. Compares synthetic ink with real ink on measurable habits: people
 * begin almost every character in the upper half of its box (../shared/real-ink: 93% of the
 * digits, 96% of the letters), while fonts draw s, 9, 3 and many skeletons upwards from the bottom.
 * Only lines of exactly one character are counted (y grows downwards).
 */
package inkstream.ink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class PenStats {
  private PenStats() {}

  /** One character's habits over n samples. */
  public record Row(int n, double startTopShare, double meanStrokes, double medianPathPerHeight) {}

  /** Per character (lines of one character only), in character order. */
  public static Map<String, Row> of(List<Ink> inks) {
    Map<String, List<double[]>> samples = new TreeMap<>(); // {starts in top half 0/1, strokes, path / height}
    for (Ink ink : inks) {
      String t = ink.text();
      if (t == null || t.codePointCount(0, t.length()) != 1 || ink.strokes().isEmpty()) continue;
      double top = Double.MAX_VALUE, bottom = -Double.MAX_VALUE, path = 0;
      for (Ink.Stroke s : ink.strokes()) {
        for (int i = 0; i < s.size(); i++) {
          top = Math.min(top, s.y()[i]);
          bottom = Math.max(bottom, s.y()[i]);
          if (i > 0) path += Math.hypot(s.x()[i] - s.x()[i - 1], s.y()[i] - s.y()[i - 1]);
        }
      }
      double h = Math.max(bottom - top, 1e-9);
      boolean startsTop = ink.strokes().get(0).y()[0] <= top + 0.5 * h;
      samples.computeIfAbsent(t, k -> new ArrayList<>()).add(new double[] {startsTop ? 1 : 0, ink.strokes().size(), path / h});
    }
    Map<String, Row> out = new TreeMap<>();
    samples.forEach((t, list) -> {
      double top = 0, strokes = 0;
      double[] ratio = new double[list.size()];
      for (int i = 0; i < list.size(); i++) {
        top += list.get(i)[0];
        strokes += list.get(i)[1];
        ratio[i] = list.get(i)[2];
      }
      java.util.Arrays.sort(ratio);
      double median = ratio.length % 2 == 1 ? ratio[ratio.length / 2] : (ratio[ratio.length / 2 - 1] + ratio[ratio.length / 2]) / 2;
      out.put(t, new Row(list.size(), top / list.size(), strokes / list.size(), median));
    });
    return out;
  }

  /** Mean over the characters both have of |a.startTopShare - b.startTopShare|; NaN when none. */
  public static double startTopGap(Map<String, Row> a, Map<String, Row> b) {
    double sum = 0;
    int n = 0;
    for (var e : a.entrySet()) {
      Row o = b.get(e.getKey());
      if (o == null) continue;
      sum += Math.abs(e.getValue().startTopShare() - o.startTopShare());
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
