/*
 * One line of pen ink: strokes of (x, y, t) samples in device units, y growing downward, t in
 * milliseconds (NaN when the source has no timing), plus an optional transcript and, where the
 * ink's author knows it (synthetic ink), the time each character of the transcript was finished:
 * its last sample, NaN for characters without ink such as spaces.
 */
package inkstream.ink;

import java.util.List;

public record Ink(String id, String text, List<Stroke> strokes, double[] charEndMs) {

  public Ink {
    strokes = List.copyOf(strokes);
    if (charEndMs != null && (text == null || charEndMs.length != text.length())) {
      throw new IllegalArgumentException("character end times (" + charEndMs.length + ") do not match the text's length ("
          + (text == null ? "no text" : text.length()) + ")");
    }
  }

  public Ink(String id, String text, List<Stroke> strokes) {
    this(id, text, strokes, null);
  }

  /** One pen-down trace. Arrays have equal length >= 1 and are not modified after construction. */
  public record Stroke(float[] x, float[] y, double[] t) {
    public Stroke {
      if (x.length != y.length || x.length != t.length) {
        throw new IllegalArgumentException("stroke arrays differ in length: " + x.length + ", " + y.length + ", " + t.length);
      }
      if (x.length == 0) throw new IllegalArgumentException("empty stroke");
    }

    public int size() {
      return x.length;
    }
  }

  public int points() {
    int n = 0;
    for (Stroke s : strokes) n += s.size();
    return n;
  }

  /**
   * Per sample, in order (points()), its time in whole ms since the line's first sample, as a
   * tablet sends it (client time = line start + this); without timing (NaN) 100 Hz, a pen-up
   * counting as one sample period.
   */
  public long[] relativeTimesMs() {
    long[] out = new long[points()];
    double t0 = strokes.isEmpty() || Double.isNaN(strokes.get(0).t()[0]) ? 0 : strokes.get(0).t()[0];
    int row = 0, i = 0;
    for (Stroke s : strokes) {
      for (int k = 0; k < s.size(); k++, row++) out[i++] = (long) (Double.isNaN(s.t()[k]) ? row * 10.0 : s.t()[k] - t0);
      row++; // the pen-up
    }
    return out;
  }

  /** Runs the whole line through a featurizer: the offline path is the streaming path fed at once. */
  public Frames features(FeatureRecipe recipe) {
    Featurizer f = new Featurizer(recipe);
    for (Stroke s : strokes) {
      for (int i = 0; i < s.size(); i++) f.addPoint(s.x()[i], s.y()[i]);
      f.penUp();
    }
    f.finish();
    return f.takeFrames();
  }
}
