/*
 * The small numeric building blocks every layer uses: vector-matrix products, axpy, transpose,
 * activations, log-space helpers. Plain loops over float[]; when the JVM has the Vector API
 * module the hot ones run as the SIMD code in VectorKernels instead.
 */
package inkstream.nn;

public final class Kernels {
  /** log(0): the sentinel for impossible paths in log space. */
  public static final double NEG_INF = Double.NEGATIVE_INFINITY;

  /**
   * Whether the SIMD kernels run: true when the JVM was started with
   * --add-modules jdk.incubator.vector, unless -Dinkstream.simd=false.
   */
  public static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equals(System.getProperty("inkstream.simd"));

  private Kernels() {}

  /** y[yo .. yo+n) += a * x[xo .. xo+n) */
  public static void axpy(int n, float a, float[] x, int xo, float[] y, int yo) {
    if (SIMD) {
      VectorKernels.axpy(n, a, x, xo, y, yo);
      return;
    }
    for (int i = 0; i < n; i++) {
      y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]);
    }
  }

  /**
   * Vector times matrix: y (n) += c (rows) M (rows, n), with c at c[co], M row-major at m[mo] and
   * y at y[yo]. Every layer's products are written as this (rows of M are contiguous).
   */
  public static void vecMat(int rows, int n, float[] c, int co, float[] m, int mo, float[] y, int yo) {
    if (SIMD) {
      VectorKernels.vecMat(rows, n, c, co, m, mo, y, yo);
      return;
    }
    vecMatScalar(rows, n, c, co, m, mo, y, yo);
  }

  /**
   * The scalar vecMat: each element of y takes the rows in order, one fused multiply-add each, the
   * same operations as the SIMD version, so the two give identical bits and results do not depend
   * on the JVM flags.
   */
  static void vecMatScalar(int rows, int n, float[] c, int co, float[] m, int mo, float[] y, int yo) {
    vecMatTail(rows, n, 0, c, co, m, mo, y, yo);
  }

  /** vecMatScalar on the columns [from, n). */
  static void vecMatTail(int rows, int n, int from, float[] c, int co, float[] m, int mo, float[] y, int yo) {
    for (int i = from; i < n; i++) {
      float acc = y[yo + i];
      for (int r = 0; r < rows; r++) acc = Math.fma(m[mo + r * n + i], c[co + r], acc);
      y[yo + i] = acc;
    }
  }

  /**
   * Matrix times matrix: Y (T, n) += C (T, rows) M (rows, n), rows of C every cs floats from co and
   * rows of Y every ys floats from yo. Bit-identical to T calls of vecMat.
   */
  public static void matMat(int T, int rows, int n, float[] c, int co, int cs, float[] m, int mo, float[] y, int yo, int ys) {
    if (SIMD) {
      VectorKernels.matMat(T, rows, n, c, co, cs, m, mo, y, yo, ys);
      return;
    }
    for (int t = 0; t < T; t++) vecMatScalar(rows, n, c, co + t * cs, m, mo, y, yo + t * ys);
  }

  /** dst (cols, rows) = transpose of src (rows, cols) stored at src[so]. */
  public static void transpose(int rows, int cols, float[] src, int so, float[] dst) {
    transpose(rows, cols, src, so, dst, 0);
  }

  /** dst (cols, rows) at do = transpose of src (rows, cols) at so. */
  public static void transpose(int rows, int cols, float[] src, int so, float[] dst, int dOff) {
    for (int r = 0; r < rows; r++) {
      int base = so + r * cols;
      for (int k = 0; k < cols; k++) {
        dst[dOff + k * rows + r] = src[base + k];
      }
    }
  }

  /** a[o .. o+n) = sigmoid(a[o .. o+n)) */
  public static void sigmoid(float[] a, int o, int n) {
    if (SIMD) {
      VectorKernels.sigmoid(a, o, n);
      return;
    }
    for (int i = 0; i < n; i++) a[o + i] = sigmoid(a[o + i]);
  }

  /** a[o .. o+n) = tanh(a[o .. o+n)) */
  public static void tanh(float[] a, int o, int n) {
    if (SIMD) {
      VectorKernels.tanh(a, o, n);
      return;
    }
    for (int i = 0; i < n; i++) a[o + i] = tanh(a[o + i]);
  }

  // tanh as a 13/6 odd rational function (the coefficients of Eigen's float tanh), made only of
  // multiply-adds and one division: every JIT tier and the SIMD path give the same bits, which
  // keeps training bit-reproducible (the JDK's vector TANH differs between interpreter and C2).
  static final float TANH_CLAMP = 7.90531110763549805f;
  static final float TANH_A1 = 4.89352455891786e-03f, TANH_A3 = 6.37261928875436e-04f, TANH_A5 = 1.48572235717979e-05f,
      TANH_A7 = 5.12229709037114e-08f, TANH_A9 = -8.60467152213735e-11f, TANH_A11 = 2.00018790482477e-13f,
      TANH_A13 = -2.76076847742355e-16f;
  static final float TANH_B0 = 4.89352518554385e-03f, TANH_B2 = 2.26843463243900e-03f, TANH_B4 = 1.18534705686654e-04f,
      TANH_B6 = 1.19825839466702e-06f;

  /** tanh within 3e-7 absolute error; odd, monotone, saturating at +-(1 - 2.4e-7) beyond +-7.9. */
  public static float tanh(float x) {
    x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
    float x2 = x * x;
    float p = Math.fma(x2, TANH_A13, TANH_A11);
    p = Math.fma(x2, p, TANH_A9);
    p = Math.fma(x2, p, TANH_A7);
    p = Math.fma(x2, p, TANH_A5);
    p = Math.fma(x2, p, TANH_A3);
    p = Math.fma(x2, p, TANH_A1);
    p = x * p;
    float q = Math.fma(x2, TANH_B6, TANH_B4);
    q = Math.fma(x2, q, TANH_B2);
    q = Math.fma(x2, q, TANH_B0);
    return p / q;
  }

  public static float sigmoid(float x) {
    return Math.fma(tanh(0.5f * x), 0.5f, 0.5f);
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
