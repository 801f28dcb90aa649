/*
 * Framewise losses: cross-entropy against one target class per frame (for sequence labelling
 * tasks where the alignment is known, like the binary-addition toy), and KL divergence towards a
 * teacher's per-frame distributions (distillation). The sequence-level loss is Ctc.
 */
package inkstream.nn;

public final class FrameLoss {
  private FrameLoss() {}

  /**
   * @param logp    (T, K) log-probabilities
   * @param targets (T) class per frame
   * @param grad    (T, K) out: d loss / d logits (overwritten)
   * @return summed negative log-likelihood
   */
  public static double crossEntropy(int T, int K, float[] logp, int[] targets, float[] grad) {
    double loss = 0;
    for (int t = 0; t < T; t++) {
      int y = targets[t];
      if (y < 0 || y >= K) throw new IllegalArgumentException("target out of range 0.." + (K - 1) + ": " + y);
      loss -= logp[t * K + y];
      for (int k = 0; k < K; k++) grad[t * K + k] = (float) Math.exp(logp[t * K + k]) - (k == y ? 1f : 0f);
    }
    return loss;
  }

  /**
   * Distillation towards a teacher's per-frame distributions: adds weight * sum_t KL(p_teacher(t)
   * || p_student(t)) to the loss and its gradient weight * (p_student - p_teacher) w.r.t. the
   * student's logits into grad (+=). The teacher gets no gradient.
   *
   * @param logpStudent (T, K) log-probabilities of the network being trained
   * @param logpTeacher (T, K) log-probabilities of the teacher
   * @param grad        (T, K) d loss / d student logits, accumulated
   * @return weight * summed KL divergence
   */
  public static double distill(int T, int K, float[] logpStudent, float[] logpTeacher, float weight, float[] grad) {
    double kl = 0;
    for (int t = 0; t < T; t++) {
      for (int k = 0; k < K; k++) {
        int i = t * K + k;
        double pt = Math.exp(logpTeacher[i]);
        kl += pt * (logpTeacher[i] - logpStudent[i]);
        grad[i] += weight * (float) (Math.exp(logpStudent[i]) - pt);
      }
    }
    return weight * kl;
  }
}
