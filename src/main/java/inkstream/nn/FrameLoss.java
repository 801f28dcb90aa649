/*
 * Framewise cross-entropy: one target class per frame (for sequence labelling tasks where the
 * alignment is known, like the binary-addition toy). The sequence-level loss is Ctc.
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
}
