/*
 * New letter shapes between two training fonts: a glyph of font a morphed a share w of the way
 * towards the same character of font b. Fonts give each letter one shape; writers give it many,
 * often somewhere between the shapes of two fonts (an n with half an entry arch, a rounder or
 * narrower a). Each stroke of a is paired with the stroke of b at the same place in the glyph,
 * both are resampled to the same number of points by arc length, and the points are mixed. Only
 * glyphs that correspond are blended: the same number of strokes, each pair drawn the same way
 * round (b's stroke reversed when that fits better) and close point for point (mean distance
 * under MAX_MEAN_DISTANCE x-heights); any other glyph stays a's, so a blend never draws a letter
 * halfway between two unrelated constructions.
 */
package inkstream.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

public final class FontBlend {
  /** Mean point distance (x-heights) above which two strokes are different constructions. */
  public static final double MAX_MEAN_DISTANCE = 0.35;

  private FontBlend() {}

  /** Font a with each corresponding glyph moved w (0..1) of the way towards font b's; the name says both. */
  public static Font blend(Font a, Font b, double w) {
    if (!(w >= 0 && w <= 1)) throw new IllegalArgumentException("blend weight must be in [0, 1]: " + w);
    Map<Integer, Font.Glyph> glyphs = new HashMap<>();
    for (Map.Entry<Integer, Font.Glyph> e : a.glyphs().entrySet()) {
      Font.Glyph other = b.glyph(e.getKey());
      Font.Glyph mixed = other == null ? null : blend(e.getValue(), other, w);
      glyphs.put(e.getKey(), mixed != null ? mixed : e.getValue());
    }
    return new Font(a.name() + "+" + b.name(), a.design(), a.cursive(), glyphs);
  }

  /**
   * Font a with some letters in another font's form: writers mix forms (a print a in cursive,
   * a looped or a pointed s) and keep each within a line. Each character of a is taken, with
   * probability share, from one donor drawn from donors (the same form for every occurrence in
   * what this font writes); a donor without that character, or a itself, leaves a's glyph.
   * Glyphs share the frame (x-height 1, baseline 0), so a borrowed glyph keeps its own advance.
   */
  public static Font allographs(Font a, List<Font> donors, double share, SplittableRandom r) {
    if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("allograph share must be in [0, 1]: " + share);
    Map<Integer, Font.Glyph> glyphs = new HashMap<>(a.glyphs());
    List<Integer> chars = new ArrayList<>(new TreeSet<>(a.glyphs().keySet())); // a fixed order: the same draws per seed
    boolean changed = false;
    for (int cp : chars) {
      if (cp == ' ' || r.nextDouble() >= share) continue;
      Font donor = donors.get(r.nextInt(donors.size()));
      Font.Glyph g = donor == a ? null : donor.glyph(cp);
      if (g == null) continue;
      glyphs.put(cp, g);
      changed = true;
    }
    return changed ? new Font(a.name() + "~", a.design(), a.cursive(), glyphs) : a;
  }

  /** The glyph w of the way from a to b, or null when they do not correspond. */
  static Font.Glyph blend(Font.Glyph a, Font.Glyph b, double w) {
    if (a.strokes().size() != b.strokes().size() || a.strokes().isEmpty()) return null;
    List<double[]> out = new ArrayList<>(a.strokes().size());
    for (int s = 0; s < a.strokes().size(); s++) {
      double[] p = a.strokes().get(s), q = b.strokes().get(s);
      int n = Math.max(8, Math.max(p.length, q.length) / 2);
      double[] rp = resample(p, n), rq = resample(q, n), rr = resample(reversed(q), n);
      double forward = meanDistance(rp, rq), backward = meanDistance(rp, rr);
      double[] match = backward < forward ? rr : rq;
      if (Math.min(forward, backward) > MAX_MEAN_DISTANCE) return null;
      double[] m = new double[2 * n];
      for (int i = 0; i < 2 * n; i++) m[i] = (1 - w) * rp[i] + w * match[i];
      out.add(m);
    }
    return new Font.Glyph((1 - w) * a.advance() + w * b.advance(), out);
  }

  /** A polyline (x, y pairs) as n points evenly spaced along its length (a dot: n copies of it). */
  static double[] resample(double[] p, int n) {
    int m = p.length / 2;
    double[] cum = new double[m];
    for (int i = 1; i < m; i++) cum[i] = cum[i - 1] + Math.hypot(p[2 * i] - p[2 * i - 2], p[2 * i + 1] - p[2 * i - 1]);
    double total = cum[m - 1];
    double[] out = new double[2 * n];
    int seg = 0;
    for (int k = 0; k < n; k++) {
      double at = n == 1 ? 0 : total * k / (n - 1);
      while (seg < m - 2 && cum[seg + 1] < at) seg++;
      if (m == 1 || total == 0) {
        out[2 * k] = p[0];
        out[2 * k + 1] = p[1];
        continue;
      }
      double len = cum[seg + 1] - cum[seg], f = len > 0 ? Math.min(1, Math.max(0, (at - cum[seg]) / len)) : 0;
      out[2 * k] = p[2 * seg] + f * (p[2 * seg + 2] - p[2 * seg]);
      out[2 * k + 1] = p[2 * seg + 1] + f * (p[2 * seg + 3] - p[2 * seg + 1]);
    }
    return out;
  }

  private static double[] reversed(double[] p) {
    double[] r = new double[p.length];
    for (int i = 0; i < p.length; i += 2) {
      r[p.length - 2 - i] = p[i];
      r[p.length - 1 - i] = p[i + 1];
    }
    return r;
  }

  private static double meanDistance(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i += 2) sum += Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1]);
    return sum / (a.length / 2);
  }
}
