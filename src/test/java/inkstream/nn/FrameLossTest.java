package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameLossTest {

  @Test
  void shouldGiveKlDivergenceAndItsGradientWhenDistilling() {
    // one frame, two classes: teacher (0.8, 0.2), student (0.5, 0.5)
    float[] teacher = {(float) Math.log(0.8), (float) Math.log(0.2)};
    float[] student = {(float) Math.log(0.5), (float) Math.log(0.5)};
    float[] grad = {1f, -1f}; // accumulated into, not overwritten
    double loss = FrameLoss.distill(1, 2, student, teacher, 2f, grad);
    double kl = 0.8 * Math.log(0.8 / 0.5) + 0.2 * Math.log(0.2 / 0.5);
    assertEquals(2 * kl, loss, 1e-6);
    assertEquals(1f + 2f * (0.5f - 0.8f), grad[0], 1e-6);
    assertEquals(-1f + 2f * (0.5f - 0.2f), grad[1], 1e-6);
  }

  @Test
  void shouldBeZeroWhenStudentEqualsTeacher() {
    int T = 4, K = 5;
    float[] logits = GradCheck.randomArray(T * K, 3, 7), logp = new float[T * K], grad = new float[T * K];
    Kernels.logSoftmax(T, K, logits, logp);
    assertEquals(0, FrameLoss.distill(T, K, logp, logp, 1f, grad), 1e-6);
    for (float g : grad) assertEquals(0f, g, 1e-7f);
  }

  @Test
  void shouldMatchNumericGradientOfKlWithRespectToStudentLogits() {
    int T = 3, K = 6;
    float[] logits = GradCheck.randomArray(T * K, 2, 11), teacherLogits = GradCheck.randomArray(T * K, 2, 12);
    float[] teacher = new float[T * K], logp = new float[T * K], grad = new float[T * K];
    Kernels.logSoftmax(T, K, teacherLogits, teacher);
    Kernels.logSoftmax(T, K, logits, logp);
    FrameLoss.distill(T, K, logp, teacher, 0.7f, grad);
    GradCheck.check("distill", logits, grad, () -> {
      float[] lp = new float[T * K];
      Kernels.logSoftmax(T, K, logits, lp);
      return FrameLoss.distill(T, K, lp, teacher, 0.7f, new float[T * K]);
    }, 18, 1e-3f, 1e-2, 5);
  }
}
