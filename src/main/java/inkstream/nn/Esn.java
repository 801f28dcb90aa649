/*
 * Echo state network reservoir (Jaeger 2001), the baseline that shows what training the
 * recurrent weights is worth: a leaky tanh recurrence whose input, recurrent and bias weights stay
 * at their random initial values; only the output layer is trained (Pass.backward stops there).
 *
 *   z_t = b + x_t Win + h_{t-1} W          (H)
 *   h_t = (1 - a) h_{t-1} + a tanh(z_t),   a = LEAK
 *
 * W is sparse (10% non-zero) and scaled to spectral radius 0.95, the usual echo-state recipe.
 */
package inkstream.nn;

import java.util.SplittableRandom;

public final class Esn {
  public static final float LEAK = 0.5f;
  static final double SPECTRAL_RADIUS = 0.95;
  static final double DENSITY = 0.1;
  static final double INPUT_SCALE = 0.5;

  private Esn() {}

  /**
   * @param z   (T, H) out: tanh of the pre-activations
   * @param out (T, outStride) out: h_t at out[t * outStride + outOff + j]
   */
  public static void forward(int T, int D, int H, float[] x, float[] w, int wx, int wh, int b, boolean reverse, float[] h0,
      float[] z, float[] out, int outOff, int outStride) {
    for (int t = 0; t < T; t++) System.arraycopy(w, b, z, t * H, H);
    Kernels.matMat(T, D, H, x, 0, D, w, wx, z, 0, H);
    for (int s = 0; s < T; s++) {
      int t = reverse ? T - 1 - s : s;
      int tp = reverse ? t + 1 : t - 1;
      boolean first = s == 0;
      if (!first) Kernels.vecMat(H, H, out, tp * outStride + outOff, w, wh, z, t * H);
      else if (h0 != null) Kernels.vecMat(H, H, h0, 0, w, wh, z, t * H);
      Kernels.tanh(z, t * H, H);
      int ho = t * outStride + outOff;
      for (int j = 0; j < H; j++) {
        float prev = first ? (h0 == null ? 0f : h0[j]) : out[tp * outStride + outOff + j];
        out[ho + j] = (1 - LEAK) * prev + LEAK * z[t * H + j];
      }
    }
  }

  static float[] initialize(Params p, float[] w, SplittableRandom rng) {
    ModelConfig c = p.config();
    int H = c.hiddenSize();
    for (int l = 0; l < c.layers(); l++) {
      for (int d = 0; d < c.directions(); d++) {
        int din = c.layerInputSize(l);
        double inScale = INPUT_SCALE * (l == 0 ? 1 : 1 / Math.sqrt(din * DENSITY));
        for (int i = 0; i < din * H; i++) w[p.wx(l, d) + i] = (float) (rng.nextDouble(-inScale, inScale));
        double[] m = new double[H * H];
        for (int i = 0; i < m.length; i++) m[i] = rng.nextDouble() < DENSITY ? rng.nextDouble(-1, 1) : 0;
        double scale = SPECTRAL_RADIUS / spectralRadius(m, H, rng);
        for (int i = 0; i < m.length; i++) w[p.wh(l, d) + i] = (float) (m[i] * scale);
        for (int i = 0; i < H; i++) w[p.b(l, d) + i] = (float) rng.nextDouble(-0.2, 0.2);
      }
    }
    float ko = (float) (1 / Math.sqrt(c.layerOutputSize()));
    for (int i = p.wy(); i < p.by(); i++) w[i] = (float) rng.nextDouble(-ko, ko);
    return w;
  }

  /** Largest |eigenvalue| estimate: the growth rate of power iteration over the last of 200 steps. */
  static double spectralRadius(double[] m, int n, SplittableRandom rng) {
    double[] v = new double[n], u = new double[n];
    for (int i = 0; i < n; i++) v[i] = rng.nextDouble(-1, 1);
    double radius = 0;
    // the average log growth over the second half smooths out complex-pair oscillation
    double logSum = 0;
    int counted = 0;
    for (int it = 0; it < 200; it++) {
      java.util.Arrays.fill(u, 0);
      for (int i = 0; i < n; i++) {
        double vi = v[i];
        if (vi == 0) continue;
        for (int j = 0; j < n; j++) u[j] += vi * m[i * n + j];
      }
      double norm = 0, prev = 0;
      for (int i = 0; i < n; i++) {
        norm += u[i] * u[i];
        prev += v[i] * v[i];
      }
      norm = Math.sqrt(norm);
      if (it >= 100) {
        logSum += Math.log(norm / Math.sqrt(prev));
        counted++;
      }
      for (int i = 0; i < n; i++) v[i] = u[i] / norm;
    }
    radius = Math.exp(logSum / counted);
    return radius;
  }
}
