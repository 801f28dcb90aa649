/*
 * The parameters of the feature pipeline, stored in every model file so a model always runs with
 * the features it was trained on.
 */
package inkstream.ink;

import inkstream.proto.v1.FeatureConfig;

public record FeatureRecipe(float resampleStep, int warmupPoints, int smoothingRadius) {
  /** The only recipe this build implements; see Featurizer for what it computes. */
  public static final String NAME = "inkstream-v1";
  /** Features per frame. */
  public static final int SIZE = 9;
  /** Index of the stroke-end flag (1 on the last frame of a stroke, else 0). */
  public static final int STROKE_END = 8;

  public static final FeatureRecipe DEFAULT = new FeatureRecipe(0.5f, 24, 1);

  public FeatureRecipe {
    if (!(resampleStep > 0 && resampleStep < 10)) throw new IllegalArgumentException("resampleStep not in (0, 10): " + resampleStep);
    if (warmupPoints < 0) throw new IllegalArgumentException("warmupPoints < 0: " + warmupPoints);
    if (smoothingRadius < 0 || smoothingRadius > 8) throw new IllegalArgumentException("smoothingRadius not in 0..8: " + smoothingRadius);
  }

  public FeatureConfig toProto() {
    return FeatureConfig.newBuilder()
        .setRecipe(NAME)
        .setResampleStep(resampleStep)
        .setWarmupPoints(warmupPoints)
        .setSmoothingRadius(smoothingRadius)
        .build();
  }

  public static FeatureRecipe fromProto(FeatureConfig c) {
    if (!NAME.equals(c.getRecipe())) {
      throw new IllegalArgumentException("feature recipe '" + c.getRecipe() + "' is not implemented by this build (it has '" + NAME + "')");
    }
    return new FeatureRecipe(c.getResampleStep(), c.getWarmupPoints(), c.getSmoothingRadius());
  }
}
