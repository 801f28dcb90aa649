/*
 * Connectionist temporal classification loss and its gradient (Graves et al. 2006), in log space.
 *
 * Class 0 is the blank. The extended label sequence l' interleaves blanks: b l1 b l2 ... lL b,
 * S = 2L + 1 states. alpha and beta include the emission at their own step, so the state
 * occupancy is alpha[t,s] + beta[t,s] - logp[t, l'(s)] - logP.
 *
 * Layouts: logp[t * K + k], alpha[t * S + s], beta[t * S + s].
 * An impossible labelling (too few frames for the labels and their repeats) gives +infinity and
 * a zero gradient, never NaN. An instance holds reusable buffers; use one per thread.
 */
package inkstream.nn;

import static inkstream.nn.Kernels.NEG_INF;
import static inkstream.nn.Kernels.logAdd;

public final class Ctc {
  private double[] alpha = new double[0]; // (T, S)
  private double[] beta = new double[0]; // (T, S)
  private double[] acc = new double[0]; // (K) per-step occupancy per class, log space

  /**
   * @param logp   (T, K) log-probabilities (log-softmax of the logits)
   * @param labels (L) classes in 1..K-1
   * @param grad   (T, K) out: d loss / d logits (overwritten)
   * @return -log p(labels | input), +infinity when impossible
   */
  public double lossAndGradient(int T, int K, float[] logp, int[] labels, float[] grad) {
    int L = labels.length;
    int S = 2 * L + 1;
    for (int label : labels) {
      if (label <= 0 || label >= K) throw new IllegalArgumentException("label out of range 1.." + (K - 1) + ": " + label);
    }
    ensure(T * S, K);
    double logP = forwardBackward(T, K, logp, labels, S);
    if (logP == NEG_INF) {
      java.util.Arrays.fill(grad, 0, T * K, 0f);
      return Double.POSITIVE_INFINITY;
    }
    for (int t = 0; t < T; t++) {
      java.util.Arrays.fill(acc, 0, K, NEG_INF);
      for (int s = 0; s < S; s++) {
        int k = s % 2 == 0 ? 0 : labels[s / 2];
        double occ = alpha[t * S + s] + beta[t * S + s] - logp[t * K + k];
        acc[k] = logAdd(acc[k], occ);
      }
      for (int k = 0; k < K; k++) {
        double p = Math.exp(logp[t * K + k]);
        double q = acc[k] == NEG_INF ? 0 : Math.exp(acc[k] - logP);
        grad[t * K + k] = (float) (p - q);
      }
    }
    return -logP;
  }

  /** The loss alone (no gradient). */
  public double loss(int T, int K, float[] logp, int[] labels) {
    int S = 2 * labels.length + 1;
    ensure(T * S, K);
    double logP = forwardBackward(T, K, logp, labels, S);
    return logP == NEG_INF ? Double.POSITIVE_INFINITY : -logP;
  }

  private double forwardBackward(int T, int K, float[] logp, int[] labels, int S) {
    if (T == 0) return labels.length == 0 ? 0 : NEG_INF;
    java.util.Arrays.fill(alpha, 0, T * S, NEG_INF);
    java.util.Arrays.fill(beta, 0, T * S, NEG_INF);
    alpha[0] = logp[0];
    if (S > 1) alpha[1] = logp[labels[0]];
    for (int t = 1; t < T; t++) {
      for (int s = 0; s < S; s++) {
        int k = label(labels, s);
        double a = alpha[(t - 1) * S + s];
        if (s >= 1) a = logAdd(a, alpha[(t - 1) * S + s - 1]);
        if (s >= 2 && k != 0 && k != label(labels, s - 2)) a = logAdd(a, alpha[(t - 1) * S + s - 2]);
        alpha[t * S + s] = a == NEG_INF ? NEG_INF : a + logp[t * K + k];
      }
    }
    int last = (T - 1) * S;
    beta[last + S - 1] = logp[(T - 1) * K];
    if (S > 1) beta[last + S - 2] = logp[(T - 1) * K + labels[labels.length - 1]];
    for (int t = T - 2; t >= 0; t--) {
      for (int s = 0; s < S; s++) {
        int k = label(labels, s);
        double b = beta[(t + 1) * S + s];
        if (s + 1 < S) b = logAdd(b, beta[(t + 1) * S + s + 1]);
        if (s + 2 < S && k != 0 && k != label(labels, s + 2)) b = logAdd(b, beta[(t + 1) * S + s + 2]);
        beta[t * S + s] = b == NEG_INF ? NEG_INF : b + logp[t * K + k];
      }
    }
    double logP = alpha[last + S - 1];
    if (S > 1) logP = logAdd(logP, alpha[last + S - 2]);
    return logP;
  }

  private static int label(int[] labels, int s) {
    return s % 2 == 0 ? 0 : labels[s / 2];
  }

  private void ensure(int ts, int k) {
    if (alpha.length < ts) {
      alpha = new double[ts];
      beta = new double[ts];
    }
    if (acc.length < k) acc = new double[k];
  }
}
