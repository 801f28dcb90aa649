/*
 * A wider network computing the same function (Net2WiderNet, Chen, Goodfellow and Shlens 2016):
 * each layer's H units become H' >= H, the first H the old ones and each new one a copy of an old
 * unit drawn at random. A copy gets its unit's incoming weights (Wx, Wh rows of all four gates, and
 * biases); every weight leaving a unit (the next layer's Wx, its own layer's Wh, the output layer's
 * Wy) is divided among the unit and its copies, so the copies, whose states stay identical, add up
 * to what the unit gave. Training then tells the copies apart (dropout masks them differently).
 * LSTM only; both directions of a layer share its choice of units.
 */
package inkstream.nn;

import java.util.SplittableRandom;

public final class Widen {
  private Widen() {}

  /** The model with hiddenSize units per layer and direction, the same outputs for every input. */
  public static Model widen(Model m, int hiddenSize, long seed) {
    ModelConfig c = m.config();
    if (c.cell() != ModelConfig.Cell.LSTM) throw new IllegalArgumentException("only an LSTM network can be widened");
    int H = c.hiddenSize(), W = hiddenSize, L = c.layers(), dirs = c.directions(), K = c.classes();
    if (W < H) throw new IllegalArgumentException("cannot widen " + H + " units to " + W);
    ModelConfig wide = new ModelConfig(c.inputSize(), W, L, c.bidirectional(), c.alphabet(), c.cell());
    Params p = m.params(), q = new Params(wide);
    float[] w = m.weights(), v = new float[q.size()];
    int[][] from = new int[L][W]; // [layer][new unit] the old unit it copies
    float[][] share = new float[L][W]; // [layer][new unit] 1 / copies of its old unit
    SplittableRandom r = new SplittableRandom(seed);
    for (int l = 0; l < L; l++) {
      int[] copies = new int[H];
      for (int j = 0; j < W; j++) {
        from[l][j] = j < H ? j : r.nextInt(H);
        copies[from[l][j]]++;
      }
      for (int j = 0; j < W; j++) share[l][j] = 1f / copies[from[l][j]];
    }
    for (int l = 0; l < L; l++) {
      int inNew = wide.layerInputSize(l);
      for (int d = 0; d < dirs; d++) {
        int wxO = p.wx(l, d), wxN = q.wx(l, d), whO = p.wh(l, d), whN = q.wh(l, d), bO = p.b(l, d), bN = q.b(l, d);
        for (int i = 0; i < inNew; i++) { // Wx (Din, 4H): input i of the new layer, from the previous layer's unit (or the features)
          int src = i;
          float s = 1f;
          if (l > 0) {
            int dir = i / W, unit = i % W;
            src = dir * H + from[l - 1][unit];
            s = share[l - 1][unit];
          }
          for (int g = 0; g < 4; g++) {
            for (int j = 0; j < W; j++) v[wxN + i * 4 * W + g * W + j] = s * w[wxO + src * 4 * H + g * H + from[l][j]];
          }
        }
        for (int i = 0; i < W; i++) { // Wh (H, 4H)
          for (int g = 0; g < 4; g++) {
            for (int j = 0; j < W; j++) v[whN + i * 4 * W + g * W + j] = share[l][i] * w[whO + from[l][i] * 4 * H + g * H + from[l][j]];
          }
        }
        for (int g = 0; g < 4; g++) {
          for (int j = 0; j < W; j++) v[bN + g * W + j] = w[bO + g * H + from[l][j]];
        }
      }
    }
    for (int d = 0; d < dirs; d++) { // Wy (Hout, K)
      for (int j = 0; j < W; j++) {
        for (int k = 0; k < K; k++) v[q.wy() + (d * W + j) * K + k] = share[L - 1][j] * w[p.wy() + (d * H + from[L - 1][j]) * K + k];
      }
    }
    System.arraycopy(w, p.by(), v, q.by(), K);
    return new Model(wide, v, m.features(), m.provenance(), m.chunkFrames(), m.rightContextFrames(), m.rightContextJitter());
  }
}
