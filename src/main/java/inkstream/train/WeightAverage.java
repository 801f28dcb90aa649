/*
 * A uniform average of the weights of models fine-tuned from a common ancestor (Izmailov et al.
 * 2018, "Averaging Weights Leads to Wider Optima and Better Generalization"; Wortsman et al. 2022,
 * "Model soups"): models trained from one starting point on different lines or augmentations lie
 * in one basin, and their mean often reads better than each of them. Nothing checks that the
 * models share an ancestor (the mean of unrelated networks is noise): that is the caller's recipe.
 */
package inkstream.train;

import inkstream.nn.Model;
import inkstream.proto.v1.Provenance;
import java.util.List;

public final class WeightAverage {
  private WeightAverage() {}

  /**
   * The element-wise mean of the models' weights, with the first model's shape, alphabet and
   * features (all must be equal), chunk and right context (equal too), and the widest right-context
   * jitter of any (the stream then releases frames from the least right context any was trained with).
   */
  public static Model of(List<Model> models, Provenance provenance) {
    if (models.size() < 2) throw new IllegalArgumentException("an average needs at least two models, got " + models.size());
    Model first = models.get(0);
    int jitter = 0;
    for (int m = 0; m < models.size(); m++) {
      Model o = models.get(m);
      if (!o.config().equals(first.config())) throw new IllegalArgumentException("model " + (m + 1) + " has another shape or alphabet: " + o.config() + " against " + first.config());
      if (!o.features().equals(first.features())) throw new IllegalArgumentException("model " + (m + 1) + " has other features than model 1");
      if (o.chunkFrames() != first.chunkFrames() || o.rightContextFrames() != first.rightContextFrames())
        throw new IllegalArgumentException("model " + (m + 1) + " was trained with chunk " + o.chunkFrames() + " and right context "
            + o.rightContextFrames() + ", model 1 with " + first.chunkFrames() + " and " + first.rightContextFrames());
      jitter = Math.max(jitter, o.rightContextJitter());
    }
    int n = first.weights().length;
    double[] sum = new double[n]; // (n) accumulated in double: the mean does not depend on rounding order beyond float's last bit
    for (Model o : models) {
      float[] w = o.weights();
      for (int i = 0; i < n; i++) sum[i] += w[i];
    }
    float[] mean = new float[n];
    for (int i = 0; i < n; i++) mean[i] = (float) (sum[i] / models.size());
    return new Model(first.config(), mean, first.features(), provenance, first.chunkFrames(), first.rightContextFrames(), jitter);
  }
}
