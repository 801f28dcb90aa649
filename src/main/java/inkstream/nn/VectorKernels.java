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

  /**
   * y (n) += c (rows) M (rows, n). Register-blocked: four vectors of y stay in registers while all
   * rows stream past, so each weight is loaded once and y once. Every element sees the rows in
   * order, one fused multiply-add each, exactly as Kernels.vecMatScalar.
   */
  static void vecMat(int rows, int n, float[] c, int co, float[] m, int mo, float[] y, int yo) {
    int i = 0;
    for (; i + 4 * L <= n; i += 4 * L) {
      FloatVector a0 = FloatVector.fromArray(S, y, yo + i), a1 = FloatVector.fromArray(S, y, yo + i + L);
      FloatVector a2 = FloatVector.fromArray(S, y, yo + i + 2 * L), a3 = FloatVector.fromArray(S, y, yo + i + 3 * L);
      for (int r = 0, mr = mo + i; r < rows; r++, mr += n) {
        FloatVector b = FloatVector.broadcast(S, c[co + r]);
        a0 = FloatVector.fromArray(S, m, mr).fma(b, a0);
        a1 = FloatVector.fromArray(S, m, mr + L).fma(b, a1);
        a2 = FloatVector.fromArray(S, m, mr + 2 * L).fma(b, a2);
        a3 = FloatVector.fromArray(S, m, mr + 3 * L).fma(b, a3);
      }
      a0.intoArray(y, yo + i);
      a1.intoArray(y, yo + i + L);
      a2.intoArray(y, yo + i + 2 * L);
      a3.intoArray(y, yo + i + 3 * L);
    }
    if (i < n) vecMatFrom(i, rows, n, c, co, m, mo, y, yo);
  }

  /**
   * Y (T, n) += C (T, rows) M (rows, n), bit-identical to T vecMats. Four rows of Y and two vectors
   * of each (eight accumulators) stay in registers while the rows of M stream past, so each loaded
   * weight vector serves four rows of C.
   */
  static void matMat(int T, int rows, int n, float[] c, int co, int cs, float[] m, int mo, float[] y, int yo, int ys) {
    int t = 0;
    for (; t + 3 < T; t += 4) {
      int c0 = co + t * cs, c1 = c0 + cs, c2 = c1 + cs, c3 = c2 + cs;
      int y0 = yo + t * ys, y1 = y0 + ys, y2 = y1 + ys, y3 = y2 + ys;
      int i = 0;
      for (; i + 2 * L <= n; i += 2 * L) {
        FloatVector p0 = FloatVector.fromArray(S, y, y0 + i), q0 = FloatVector.fromArray(S, y, y0 + i + L);
        FloatVector p1 = FloatVector.fromArray(S, y, y1 + i), q1 = FloatVector.fromArray(S, y, y1 + i + L);
        FloatVector p2 = FloatVector.fromArray(S, y, y2 + i), q2 = FloatVector.fromArray(S, y, y2 + i + L);
        FloatVector p3 = FloatVector.fromArray(S, y, y3 + i), q3 = FloatVector.fromArray(S, y, y3 + i + L);
        for (int r = 0, mr = mo + i; r < rows; r++, mr += n) {
          FloatVector u = FloatVector.fromArray(S, m, mr), v = FloatVector.fromArray(S, m, mr + L);
          FloatVector b0 = FloatVector.broadcast(S, c[c0 + r]);
          p0 = u.fma(b0, p0);
          q0 = v.fma(b0, q0);
          FloatVector b1 = FloatVector.broadcast(S, c[c1 + r]);
          p1 = u.fma(b1, p1);
          q1 = v.fma(b1, q1);
          FloatVector b2 = FloatVector.broadcast(S, c[c2 + r]);
          p2 = u.fma(b2, p2);
          q2 = v.fma(b2, q2);
          FloatVector b3 = FloatVector.broadcast(S, c[c3 + r]);
          p3 = u.fma(b3, p3);
          q3 = v.fma(b3, q3);
        }
        p0.intoArray(y, y0 + i);
        q0.intoArray(y, y0 + i + L);
        p1.intoArray(y, y1 + i);
        q1.intoArray(y, y1 + i + L);
        p2.intoArray(y, y2 + i);
        q2.intoArray(y, y2 + i + L);
        p3.intoArray(y, y3 + i);
        q3.intoArray(y, y3 + i + L);
      }
      if (i < n) {
        // the remaining columns, row by row of Y
        for (int k = 0; k < 4; k++) vecMatFrom(i, rows, n, c, co + (t + k) * cs, m, mo, y, yo + (t + k) * ys);
      }
    }
    for (; t < T; t++) vecMat(rows, n, c, co + t * cs, m, mo, y, yo + t * ys);
  }

  /** vecMat restricted to columns [from, n). */
  private static void vecMatFrom(int from, int rows, int n, float[] c, int co, float[] m, int mo, float[] y, int yo) {
    int i = from;
    for (; i + L <= n; i += L) {
      FloatVector a0 = FloatVector.fromArray(S, y, yo + i);
      for (int r = 0, mr = mo + i; r < rows; r++, mr += n) {
        a0 = FloatVector.fromArray(S, m, mr).fma(FloatVector.broadcast(S, c[co + r]), a0);
      }
      a0.intoArray(y, yo + i);
    }
    if (i < n) Kernels.vecMatTail(rows, n, i, c, co, m, mo, y, yo);
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
