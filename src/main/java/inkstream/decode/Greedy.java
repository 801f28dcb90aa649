/*
 * Best-path (greedy) CTC decoding: the most likely class per frame, repeats merged, blanks removed.
 */
package inkstream.decode;

public final class Greedy {
  private Greedy() {}

  /** @param logp (T, K) log-probabilities; returns the label sequence (classes >= 1). */
  public static int[] decode(int T, int K, float[] logp) {
    int[] out = new int[T];
    int n = 0;
    int prev = 0;
    for (int t = 0; t < T; t++) {
      int best = 0;
      for (int k = 1; k < K; k++) {
        if (logp[t * K + k] > logp[t * K + best]) best = k;
      }
      if (best != 0 && best != prev) out[n++] = best;
      prev = best;
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
