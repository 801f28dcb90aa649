package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CtcTest {

  private static float[] logOf(double... p) {
    float[] a = new float[p.length];
    for (int i = 0; i < p.length; i++) a[i] = (float) Math.log(p[i]);
    return a;
  }

  @Test
  void shouldMatchHandComputedLossWhenTwoFramesOneLabel() {
    // frames: p0 = [blank .4, a .6], p1 = [blank .7, a .3]; paths for "a": aa, a_, _a
    float[] logp = logOf(0.4, 0.6, 0.7, 0.3);
    double expected = -Math.log(0.6 * 0.3 + 0.6 * 0.7 + 0.4 * 0.3);
    assertEquals(expected, new Ctc().loss(2, 2, logp, new int[] {1}), 1e-6);
  }

  @Test
  void shouldRequireBlankBetweenRepeatsWhenLabelRepeats() {
    // "aa" in 3 frames has exactly one path: a _ a
    float[] logp = logOf(0.2, 0.8, 0.9, 0.1, 0.3, 0.7);
    assertEquals(-Math.log(0.8 * 0.9 * 0.7), new Ctc().loss(3, 2, logp, new int[] {1, 1}), 1e-6);
    // and "ab" in 2 frames has exactly one path: a b
    float[] logp3 = logOf(0.2, 0.5, 0.3, 0.1, 0.3, 0.6);
    assertEquals(-Math.log(0.5 * 0.6), new Ctc().loss(2, 3, logp3, new int[] {1, 2}), 1e-6);
  }

  @Test
  void shouldGiveInfiniteLossAndZeroGradientWhenLabelsImpossible() {
    // "aa" needs 3 frames; 2 are given
    float[] logp = logOf(0.2, 0.8, 0.9, 0.1);
    float[] grad = new float[4];
    java.util.Arrays.fill(grad, 7f);
    double loss = new Ctc().lossAndGradient(2, 2, logp, new int[] {1, 1}, grad);
    assertEquals(Double.POSITIVE_INFINITY, loss);
    for (float g : grad) {
      assertFalse(Float.isNaN(g));
      assertEquals(0f, g);
    }
  }

  @Test
  void shouldMatchCentralDifferencesWhenGradientChecked() {
    int T = 12, K = 5;
    int[] labels = {1, 3, 3, 2};
    float[] logits = GradCheck.randomArray(T * K, 2, 1);
    float[] logp = new float[T * K];
    float[] grad = new float[T * K];
    Ctc ctc = new Ctc();
    Kernels.logSoftmax(T, K, logits, logp);
    double loss = ctc.lossAndGradient(T, K, logp, labels, grad);
    assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
    GradCheck.check("ctc", logits, grad, () -> {
      float[] lp = new float[T * K];
      Kernels.logSoftmax(T, K, logits, lp);
      return new Ctc().loss(T, K, lp, labels);
    }, 60, 1e-2f, 1e-2, 2);
  }

  @Test
  void shouldGiveGradientRowsSummingToZeroWhenLabelsEmpty() {
    int T = 4, K = 3;
    float[] logits = GradCheck.randomArray(T * K, 1, 3);
    float[] logp = new float[T * K];
    float[] grad = new float[T * K];
    Kernels.logSoftmax(T, K, logits, logp);
    double loss = new Ctc().lossAndGradient(T, K, logp, new int[0], grad);
    double expected = 0;
    for (int t = 0; t < T; t++) expected -= logp[t * K];
    assertEquals(expected, loss, 1e-5);
    for (int t = 0; t < T; t++) {
      assertEquals(0, grad[t * K] + grad[t * K + 1] + grad[t * K + 2], 1e-6);
    }
  }
}
