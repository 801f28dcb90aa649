/*
 * SIMD versions of the hot kernels through the JDK Vector API (incubator module
 * jdk.incubator.vector). Loaded only when that module is present (see Kernels.SIMD): HotSpot's
 * auto-vectorizer gives up on axpy when the two arrays might be one array at different offsets,
 * which is exactly the flat-parameter layout, so explicit vectors are 5-10x faster here.
 * Transcendentals use the JDK's vectorized math (SVML on x86), within a few ulp of Math.
 */
package inkstream.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

final class VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorKernels() {}

  static void axpy(int n, float a, float[] x, int xo, float[] y, int yo) {
    FloatVector av = FloatVector.broadcast(S, a);
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      FloatVector.fromArray(S, x, xo + i).fma(av, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]);
  }

  /** y (n) += sum_r c[co + r] * m[mo + r * n ...], four rows per pass so y is loaded once per four. */
  static void vecMat(int rows, int n, float[] c, int co, float[] m, int mo, float[] y, int yo) {
    int r = 0;
    for (; r + 3 < rows; r += 4) {
      float c0 = c[co + r], c1 = c[co + r + 1], c2 = c[co + r + 2], c3 = c[co + r + 3];
      FloatVector b0 = FloatVector.broadcast(S, c0), b1 = FloatVector.broadcast(S, c1);
      FloatVector b2 = FloatVector.broadcast(S, c2), b3 = FloatVector.broadcast(S, c3);
      int m0 = mo + r * n, m1 = m0 + n, m2 = m1 + n, m3 = m2 + n;
      int i = 0;
      for (int ub = S.loopBound(n); i < ub; i += L) {
        FloatVector acc = FloatVector.fromArray(S, y, yo + i);
        acc = FloatVector.fromArray(S, m, m0 + i).fma(b0, acc);
        acc = FloatVector.fromArray(S, m, m1 + i).fma(b1, acc);
        acc = FloatVector.fromArray(S, m, m2 + i).fma(b2, acc);
        acc = FloatVector.fromArray(S, m, m3 + i).fma(b3, acc);
        acc.intoArray(y, yo + i);
      }
      for (; i < n; i++) {
        y[yo + i] = Math.fma(m[m3 + i], c3, Math.fma(m[m2 + i], c2, Math.fma(m[m1 + i], c1, Math.fma(m[m0 + i], c0, y[yo + i]))));
      }
    }
    for (; r < rows; r++) axpy(n, c[co + r], m, mo + r * n, y, yo);
  }

  /**
   * Matrix times matrix, Y (T, n) += C (T, rows) M (rows, n), as T vecMats with identical bits, but
   * four rows of Y at a time so each loaded vector of M serves four rows of C.
   */
  static void matMat(int T, int rows, int n, float[] c, int co, int cs, float[] m, int mo, float[] y, int yo, int ys) {
    int t = 0;
    int ub = S.loopBound(n);
    for (; t + 3 < T; t += 4) {
      int c0 = co + t * cs, c1 = c0 + cs, c2 = c1 + cs, c3 = c2 + cs;
      int y0 = yo + t * ys, y1 = y0 + ys, y2 = y1 + ys, y3 = y2 + ys;
      int r = 0;
      for (; r + 3 < rows; r += 4) {
        int m0 = mo + r * n, m1 = m0 + n, m2 = m1 + n, m3 = m2 + n;
        for (int i = 0; i < ub; i += L) {
          FloatVector w0 = FloatVector.fromArray(S, m, m0 + i), w1 = FloatVector.fromArray(S, m, m1 + i);
          FloatVector w2 = FloatVector.fromArray(S, m, m2 + i), w3 = FloatVector.fromArray(S, m, m3 + i);
          block(w0, w1, w2, w3, c, c0 + r, y, y0 + i);
          block(w0, w1, w2, w3, c, c1 + r, y, y1 + i);
          block(w0, w1, w2, w3, c, c2 + r, y, y2 + i);
          block(w0, w1, w2, w3, c, c3 + r, y, y3 + i);
        }
        for (int i = ub; i < n; i++) {
          for (int k = 0; k < 4; k++) {
            int cc = co + (t + k) * cs + r, yy = yo + (t + k) * ys + i;
            y[yy] = Math.fma(m[m3 + i], c[cc + 3], Math.fma(m[m2 + i], c[cc + 2], Math.fma(m[m1 + i], c[cc + 1], Math.fma(m[m0 + i], c[cc], y[yy]))));
          }
        }
      }
      for (; r < rows; r++) {
        for (int k = 0; k < 4; k++) axpy(n, c[co + (t + k) * cs + r], m, mo + r * n, y, yo + (t + k) * ys);
      }
    }
    for (; t < T; t++) vecMat(rows, n, c, co + t * cs, m, mo, y, yo + t * ys);
  }

  private static void block(FloatVector w0, FloatVector w1, FloatVector w2, FloatVector w3, float[] c, int co, float[] y, int yo) {
    FloatVector acc = FloatVector.fromArray(S, y, yo);
    acc = w0.fma(FloatVector.broadcast(S, c[co]), acc);
    acc = w1.fma(FloatVector.broadcast(S, c[co + 1]), acc);
    acc = w2.fma(FloatVector.broadcast(S, c[co + 2]), acc);
    acc = w3.fma(FloatVector.broadcast(S, c[co + 3]), acc);
    acc.intoArray(y, yo);
  }

  /** a[o ..] = tanh(a[o ..]), the rational approximation of Kernels.tanh lane by lane (bit-identical). */
  static void tanh(float[] a, int o, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      tanh(FloatVector.fromArray(S, a, o + i)).intoArray(a, o + i);
    }
    for (; i < n; i++) a[o + i] = Kernels.tanh(a[o + i]);
  }

  /** a[o ..] = sigmoid(a[o ..]) = 0.5 tanh(a / 2) + 0.5, as Kernels.sigmoid. */
  static void sigmoid(float[] a, int o, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      tanh(FloatVector.fromArray(S, a, o + i).mul(0.5f)).fma(0.5f, 0.5f).intoArray(a, o + i);
    }
    for (; i < n; i++) a[o + i] = Kernels.sigmoid(a[o + i]);
  }

  private static final FloatVector A9 = FloatVector.broadcast(S, Kernels.TANH_A9), A7 = FloatVector.broadcast(S, Kernels.TANH_A7),
      A5 = FloatVector.broadcast(S, Kernels.TANH_A5), A3 = FloatVector.broadcast(S, Kernels.TANH_A3),
      A1 = FloatVector.broadcast(S, Kernels.TANH_A1), B2 = FloatVector.broadcast(S, Kernels.TANH_B2),
      B0 = FloatVector.broadcast(S, Kernels.TANH_B0);

  private static FloatVector tanh(FloatVector x) {
    x = x.max(-Kernels.TANH_CLAMP).min(Kernels.TANH_CLAMP);
    FloatVector x2 = x.mul(x);
    FloatVector p = x2.fma(Kernels.TANH_A13, Kernels.TANH_A11);
    p = x2.fma(p, A9);
    p = x2.fma(p, A7);
    p = x2.fma(p, A5);
    p = x2.fma(p, A3);
    p = x2.fma(p, A1);
    p = x.mul(p);
    FloatVector q = x2.fma(Kernels.TANH_B6, Kernels.TANH_B4);
    q = x2.fma(q, B2);
    q = x2.fma(q, B0);
    return p.div(q);
  }
}
