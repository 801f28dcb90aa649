/*
 * The small numeric building blocks every layer uses: axpy, transpose, activations, log-space
 * helpers. Plain loops over float[] that HotSpot's C2 turns into SIMD code (axpy has no
 * loop-carried dependency, which is why layers are written as sums of axpys, not dot products).
 */
package inkstream.nn;

public final class Kernels {
  /** log(0): the sentinel for impossible paths in log space. */
  public static final double NEG_INF = Double.NEGATIVE_INFINITY;

  private Kernels() {}

  /** y[yo .. yo+n) += a * x[xo .. xo+n) */
  public static void axpy(int n, float a, float[] x, int xo, float[] y, int yo) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }

  /** dst (cols, rows) = transpose of src (rows, cols) stored at src[so]. */
  public static void transpose(int rows, int cols, float[] src, int so, float[] dst) {
    for (int r = 0; r < rows; r++) {
      int base = so + r * cols;
      for (int k = 0; k < cols; k++) {
        dst[k * rows + r] = src[base + k];
      }
    }
  }

  /** Sum of a[ao+i] * b[bo+i] with four partial sums. */
  public static float dot(int n, float[] a, int ao, float[] b, int bo) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[ao + i] * b[bo + i];
      s1 += a[ao + i + 1] * b[bo + i + 1];
      s2 += a[ao + i + 2] * b[bo + i + 2];
      s3 += a[ao + i + 3] * b[bo + i + 3];
    }
    for (; i < n; i++) s0 += a[ao + i] * b[bo + i];
    return (s0 + s1) + (s2 + s3);
  }

  public static float sigmoid(float z) {
    return 1f / (1f + (float) Math.exp(-z));
  }

  public static float tanh(float z) {
    // tanh(z) = 1 - 2 / (exp(2z) + 1); exact at the float level and cheaper than Math.tanh.
    if (z > 15f) return 1f;
    if (z < -15f) return -1f;
    return 1f - 2f / ((float) Math.exp(2f * z) + 1f);
  }

  /** log(exp(a) + exp(b)) without overflow; NEG_INF is the identity. */
  public static double logAdd(double a, double b) {
    if (a == NEG_INF) return b;
    if (b == NEG_INF) return a;
    return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
  }

  /** Row-wise log-softmax of (T, K) logits into logp (T, K). */
  public static void logSoftmax(int T, int K, float[] logits, float[] logp) {
    for (int t = 0; t < T; t++) {
      int o = t * K;
      float max = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < K; k++) max = Math.max(max, logits[o + k]);
      double sum = 0;
      for (int k = 0; k < K; k++) sum += Math.exp(logits[o + k] - max);
      float lse = max + (float) Math.log(sum);
      for (int k = 0; k < K; k++) logp[o + k] = logits[o + k] - lse;
    }
  }
}
