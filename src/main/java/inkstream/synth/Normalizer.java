/*
 * Brings a font's glyphs into the common frame: x-height 1 measured on 'x' (declared cap and
 * x heights are wrong in several fonts), baseline at y = 0 (the bottom of 'x'), each glyph's
 * ink starting near x = 0.
 */
package inkstream.synth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class Normalizer {
  private Normalizer() {}

  static Font normalize(String name, String design, boolean cursive, Map<Integer, Font.Glyph> glyphs) {
    return normalize(name, design, cursive, glyphs, "x");
  }

  /**
   * With several letters, the x-height and baseline are the medians of their heights and bottoms
   * (outline fonts where one letter, often 'x', is drawn out of size).
   */
  static Font normalize(String name, String design, boolean cursive, Map<Integer, Font.Glyph> glyphs, String letters) {
    List<Double> heights = new java.util.ArrayList<>(), bottoms = new java.util.ArrayList<>();
    for (char c : letters.toCharArray()) {
      Font.Glyph g = glyphs.get((int) c);
      if (g == null || g.strokes().isEmpty()) continue;
      double[] b = box(g.strokes());
      heights.add(b[3] - b[1]);
      bottoms.add(b[3]);
    }
    if (heights.isEmpty()) throw new IllegalArgumentException(name + ": no glyph of '" + letters + "' to measure the x-height");
    java.util.Collections.sort(heights);
    java.util.Collections.sort(bottoms);
    double xh = heights.get(heights.size() / 2);
    if (!(xh > 0)) throw new IllegalArgumentException(name + ": glyph '" + letters + "' has no height");
    double base = bottoms.get(bottoms.size() / 2);
    Map<Integer, Font.Glyph> out = new HashMap<>();
    for (var e : glyphs.entrySet()) {
      Font.Glyph g = e.getValue();
      List<double[]> strokes = new java.util.ArrayList<>();
      for (double[] s : g.strokes()) {
        double[] t = new double[s.length];
        for (int i = 0; i < s.length; i += 2) {
          t[i] = s[i] / xh;
          t[i + 1] = (s[i + 1] - base) / xh;
        }
        strokes.add(t);
      }
      out.put(e.getKey(), new Font.Glyph(g.advance() / xh, strokes));
    }
    return new Font(name, design, cursive, out);
  }

  /** {minX, minY, maxX, maxY} of all points. */
  static double[] box(List<double[]> strokes) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double[] s : strokes) {
      for (int i = 0; i < s.length; i += 2) {
        b[0] = Math.min(b[0], s[i]);
        b[1] = Math.min(b[1], s[i + 1]);
        b[2] = Math.max(b[2], s[i]);
        b[3] = Math.max(b[3], s[i + 1]);
      }
    }
    return b;
  }
}
