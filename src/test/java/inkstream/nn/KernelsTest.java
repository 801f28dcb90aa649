package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelsTest {

  @Test
  void shouldRunSimdKernelsInTests() {
    assertTrue(Kernels.SIMD, "the test JVM must run with --add-modules jdk.incubator.vector (see pom.xml)");
  }

  @Test
  void shouldGiveIdenticalBitsFromSimdAndScalarKernels() {
    // odd sizes exercise the vector tails and the row blocks of four
    int rows = 7, n = 37;
    float[] c = GradCheck.randomArray(rows + 3, 1, 1), m = GradCheck.randomArray(rows * n + 5, 1, 2);
    c[4] = 0f;
    float[] ySimd = GradCheck.randomArray(n + 2, 1, 3), yScalar = ySimd.clone();
    VectorKernels.vecMat(rows, n, c, 3, m, 5, ySimd, 2);
    Kernels.vecMatScalar(rows, n, c, 3, m, 5, yScalar, 2);
    assertArrayEquals(yScalar, ySimd);

    int T = 6, cs = rows + 2, ys = n + 3;
    float[] cm = GradCheck.randomArray(T * cs, 1, 6), yMat = GradCheck.randomArray(T * ys, 1, 7), yRows = yMat.clone();
    VectorKernels.matMat(T, rows, n, cm, 1, cs, m, 5, yMat, 2, ys);
    for (int t = 0; t < T; t++) Kernels.vecMatScalar(rows, n, cm, 1 + t * cs, m, 5, yRows, 2 + t * ys);
    assertArrayEquals(yRows, yMat);

    float[] a = GradCheck.randomArray(53, 12, 4), b = a.clone();
    VectorKernels.tanh(a, 1, 51);
    for (int i = 1; i < 52; i++) b[i] = Kernels.tanh(b[i]);
    assertArrayEquals(b, a);
    float[] s = GradCheck.randomArray(53, 12, 5), t = s.clone();
    VectorKernels.sigmoid(s, 2, 50);
    for (int i = 2; i < 52; i++) t[i] = Kernels.sigmoid(t[i]);
    assertArrayEquals(t, s);
  }

  @Test
  void shouldApproximateTanhAndSigmoidClosely() {
    double worst = 0;
    for (float x = -20f; x <= 20f; x += 1e-3f) {
      worst = Math.max(worst, Math.abs(Kernels.tanh(x) - Math.tanh(x)));
      assertEquals(1 / (1 + Math.exp(-x)), Kernels.sigmoid(x), 5e-7);
    }
    assertTrue(worst < 5e-7, "largest tanh error " + worst);
    assertEquals(0f, Kernels.tanh(0f));
    assertEquals(-Kernels.tanh(0.3f), Kernels.tanh(-0.3f));
  }
}
