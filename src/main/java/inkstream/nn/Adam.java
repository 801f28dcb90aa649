/*
 * Adam (Kingma and Ba 2015) with global-norm gradient clipping. Moments have the parameter layout.
 */
package inkstream.nn;

public final class Adam {
  public static final float BETA1 = 0.9f;
  public static final float BETA2 = 0.999f;
  public static final float EPS = 1e-8f;

  private final float[] m; // first moment, same layout as the weights
  private final float[] v; // second moment
  private long step; // updates applied so far

  public Adam(int size) {
    this(new float[size], new float[size], 0);
  }

  public Adam(float[] m, float[] v, long step) {
    if (m.length != v.length) throw new IllegalArgumentException("moment sizes differ: " + m.length + " != " + v.length);
    this.m = m;
    this.v = v;
    this.step = step;
  }

  /**
   * Applies one update in place. The gradient is scaled down first if its L2 norm exceeds clipNorm
   * (clipNorm <= 0 disables clipping).
   *
   * @return the gradient norm before clipping
   */
  public double update(float[] w, float[] grad, float lr, float clipNorm) {
    if (w.length != m.length || grad.length != m.length) {
      throw new IllegalArgumentException("size mismatch: weights " + w.length + ", grad " + grad.length + ", moments " + m.length);
    }
    double sq = 0;
    for (float g : grad) sq += (double) g * g;
    double norm = Math.sqrt(sq);
    float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
    step++;
    float c1 = (float) (1 - Math.pow(BETA1, step));
    float c2 = (float) (1 - Math.pow(BETA2, step));
    float a = lr * (float) Math.sqrt(c2) / c1;
    for (int i = 0; i < w.length; i++) {
      float g = grad[i] * scale;
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      w[i] -= a * m[i] / ((float) Math.sqrt(v[i]) + EPS);
    }
    return norm;
  }

  public float[] m() {
    return m;
  }

  public float[] v() {
    return v;
  }

  public long step() {
    return step;
  }
}
