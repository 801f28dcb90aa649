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

  /** (count) Each frame's pen time: the time of its raw sample among the first sampleCount of sampleTimes (ms). */
  public long[] times(long[] sampleTimes, int sampleCount) {
    long[] out = new long[count];
    for (int i = 0; i < count; i++) out[i] = sampleTimes[Math.max(0, Math.min(samples[i], sampleCount - 1))];
    return out;
  }
}
