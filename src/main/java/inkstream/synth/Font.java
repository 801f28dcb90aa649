/*
 * A single-line (pen-path) font normalized to a common frame: y down, baseline at y = 0,
 * x-height 1 (measured on the glyph 'x', because declared metrics are unreliable), each glyph
 * starting at x = 0 with its advance width.
 */
package inkstream.synth;

import java.util.List;
import java.util.Map;

public record Font(String name, String design, boolean cursive, Map<Integer, Glyph> glyphs) {

  /** One character: polylines (each an array of x, y pairs) and the advance to the next glyph. */
  public record Glyph(double advance, List<double[]> strokes) {}

  public Font {
    glyphs = Map.copyOf(glyphs);
  }

  public Glyph glyph(int codePoint) {
    return glyphs.get(codePoint);
  }

  /** Whether every non-space character of the text has a glyph. */
  public boolean covers(String text) {
    return text.codePoints().allMatch(cp -> cp == ' ' || glyphs.containsKey(cp));
  }
}
