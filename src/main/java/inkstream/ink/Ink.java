/*
 * One line of pen ink: strokes of (x, y, t) samples in device units, y growing downward, t in
 * milliseconds (NaN when the source has no timing), plus an optional transcript.
 */
package inkstream.ink;

import java.util.List;

public record Ink(String id, String text, List<Stroke> strokes) {

  public Ink {
    strokes = List.copyOf(strokes);
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
