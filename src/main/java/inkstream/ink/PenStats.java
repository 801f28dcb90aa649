/*
 * How people (or a generator) write single characters: per character, where the pen starts, how
 * many strokes, how long a path. Compares synthetic ink with real ink on measurable habits: people
 * begin almost every character in the upper half of its box (../shared/real-ink: 93% of the
 * digits, 96% of the letters), while fonts draw s, 9, 3 and many skeletons upwards from the bottom.
 * Only lines of exactly one character are counted (y grows downwards). For whole lines, the
 * ink per character: points, strokes and pen path, the path in units of the line's height spread
 * (the standard deviation of y about the least-squares line through its points), the unit of the
 * reference recipe beside this repository, which found synthetic pen paths per character about
 * 20% longer than people's.
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
      for (double[] r : list) {
        top += r[0];
        strokes += r[1];
      }
      out.put(t, new Row(list.size(), top / list.size(), strokes / list.size(), median(list, 2)));
    });
    return out;
  }

  /** Ink per character of lines of at least minChars characters other than spaces (medians over the lines). */
  public record LineRow(int lines, double pointsPerChar, double strokesPerChar, double pathPerChar) {}

  /** See LineRow; lines of fewer characters, or without points, are skipped; null when none is left. */
  public static LineRow lines(List<Ink> inks, int minChars) {
    List<double[]> rows = new ArrayList<>(); // {points, strokes, path / spread} per character
    for (Ink ink : inks) {
      String t = ink.text();
      long chars = t == null ? 0 : t.codePoints().filter(c -> !Character.isWhitespace(c)).count();
      if (chars < minChars || ink.points() < 3) continue;
      double sx = 0, sy = 0, sxx = 0, sxy = 0, path = 0;
      int n = 0;
      for (Ink.Stroke s : ink.strokes()) {
        for (int i = 0; i < s.size(); i++) {
          sx += s.x()[i];
          sy += s.y()[i];
          sxx += (double) s.x()[i] * s.x()[i];
          sxy += (double) s.x()[i] * s.y()[i];
          n++;
          if (i > 0) path += Math.hypot(s.x()[i] - s.x()[i - 1], s.y()[i] - s.y()[i - 1]);
        }
      }
      double vx = sxx / n - (sx / n) * (sx / n);
      double slope = vx > 1e-9 ? (sxy / n - (sx / n) * (sy / n)) / vx : 0;
      double ss = 0;
      for (Ink.Stroke s : ink.strokes()) {
        for (int i = 0; i < s.size(); i++) {
          double d = s.y()[i] - sy / n - slope * (s.x()[i] - sx / n);
          ss += d * d;
        }
      }
      double spread = Math.sqrt(ss / n);
      if (spread < 1e-9) continue;
      rows.add(new double[] {n / (double) chars, ink.strokes().size() / (double) chars, path / spread / chars});
    }
    if (rows.isEmpty()) return null;
    return new LineRow(rows.size(), median(rows, 0), median(rows, 1), median(rows, 2));
  }

  /** The median of column col of the rows (the mean of the middle two for an even count). */
  private static double median(List<double[]> rows, int col) {
    double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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
