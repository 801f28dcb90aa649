/*
 * Feature frames of (part of) a line and, per frame, the ink it came from.
 */
package inkstream.ink;

public record Frames(
    int count,
    float[] values, // (count, FeatureRecipe.SIZE)
    int[] strokes, // (count) index of the stroke the frame lies on
    int[] samples // (count) index of the raw sample (within the line) at or before the frame
) {
  public float get(int frame, int feature) {
    return values[frame * FeatureRecipe.SIZE + feature];
  }
}
