/*
 * One direction of an LSTM layer over a sequence: forward and backward (BPTT) kernels.
 *
 * The cell has no peephole connections (the "vanilla" LSTM of Greff et al. 2017, which found
 * peepholes removable without loss; Graves 2009 used them). Gate order in every 4H block:
 * input i, forget f, cell candidate g, output o.
 *
 *   z_t = b + x_t Wx + h_{t-1} Wh          (4H)
 *   i = sigm(z_i), f = sigm(z_f), g = tanh(z_g), o = sigm(z_o)
 *   c_t = f * c_{t-1} + i * g,   h_t = o * tanh(c_t)
 *
 * A reverse direction is the same kernel visiting t = T-1 .. 0. Outputs are written with a stride
 * so that the two directions of a bidirectional layer fill the two halves of one (T, 2H) array.
 * Not here: parameter layout (Params), stacking (Network), anything about files or Kafka.
 */
package inkstream.nn;

public final class Lstm {
  private Lstm() {}

  /**
   * Runs one direction over T steps.
   *
   * @param x      (T, D) inputs, row-major
   * @param w      parameter array; Wx at wx (D, 4H), Wh at wh (H, 4H), bias at b (4H)
   * @param h0     (H) initial output state, or null for zeros
   * @param c0     (H) initial cell state, or null for zeros
   * @param gates  (T, 4H) out: activated gates i, f, g, o
   * @param c      (T, H) out: cell states
   * @param out    (T, outStride) out: h_t written at out[t * outStride + outOff + j]
   */
  public static void forward(int T, int D, int H, float[] x, float[] w, int wx, int wh, int b,
      boolean reverse, float[] h0, float[] c0, float[] gates, float[] c,
      float[] out, int outOff, int outStride) {
    int G = 4 * H;
    // Input projection for all steps at once: it does not depend on the recurrence.
    for (int t = 0; t < T; t++) System.arraycopy(w, b, gates, t * G, G);
    Kernels.matMat(T, D, G, x, 0, D, w, wx, gates, 0, G);
    for (int s = 0; s < T; s++) {
      int t = reverse ? T - 1 - s : s;
      int tp = reverse ? t + 1 : t - 1; // previous step in processing order
      boolean first = s == 0;
      int zo = t * G;
      // z += h_{t-1} Wh
      if (!first) {
        Kernels.vecMat(H, G, out, tp * outStride + outOff, w, wh, gates, zo);
      } else if (h0 != null) {
        Kernels.vecMat(H, G, h0, 0, w, wh, gates, zo);
      }
      Kernels.sigmoid(gates, zo, 2 * H); // i, f
      Kernels.tanh(gates, zo + 2 * H, H); // g
      Kernels.sigmoid(gates, zo + 3 * H, H); // o
      int co = t * H, ho = t * outStride + outOff;
      for (int j = 0; j < H; j++) {
        float cp = first ? (c0 == null ? 0f : c0[j]) : c[tp * H + j];
        float cv = gates[zo + H + j] * cp + gates[zo + j] * gates[zo + 2 * H + j];
        c[co + j] = cv;
        out[ho + j] = cv;
      }
      Kernels.tanh(out, ho, H);
      for (int j = 0; j < H; j++) out[ho + j] *= gates[zo + 3 * H + j];
    }
  }

  /**
   * Backpropagation through time for one direction. Gradients are accumulated with +=. h0/c0 are
   * the initial state the forward pass started from (null for zeros); no gradient flows into them
   * (truncated at the start of the sequence, as in chunked latency-controlled training).
   *
   * @param dOut  (T, outStride) gradient of the loss w.r.t. h_t at dOut[t * outStride + outOff + j]
   * @param dx    (T, D) out, accumulated; may be null when the input needs no gradient
   * @param dw    gradient array with the same layout as w
   * @param wt    the weights transposed (Params.transposeAll): Wx^T (4H, D) at wx, Wh^T (4H, H) at wh
   * @param seqT  scratch of at least T * max(D, H) floats for transposed sequences
   * @param dz    scratch (T, 4H): pre-activation gradients
   * @param dh    scratch (H); dc scratch (H); tc scratch (H)
   */
  public static void backward(int T, int D, int H, float[] x, float[] w, int wx, int wh, float[] h0, float[] c0,
      float[] gates, float[] c, float[] out, int outOff, int outStride, boolean reverse,
      float[] dOut, float[] dx, float[] dw, int b, float[] wt, float[] seqT, float[] dz, float[] dh, float[] dc, float[] tc) {
    int G = 4 * H;
    java.util.Arrays.fill(dh, 0, H, 0f);
    java.util.Arrays.fill(dc, 0, H, 0f);
    for (int s = T - 1; s >= 0; s--) {
      int t = reverse ? T - 1 - s : s;
      int tp = reverse ? t + 1 : t - 1;
      boolean first = s == 0;
      int zo = t * G;
      System.arraycopy(c, t * H, tc, 0, H);
      Kernels.tanh(tc, 0, H);
      for (int j = 0; j < H; j++) {
        float ig = gates[zo + j], fg = gates[zo + H + j], gg = gates[zo + 2 * H + j],
            og = gates[zo + 3 * H + j];
        float tcv = tc[j];
        float dhv = dh[j] + dOut[t * outStride + outOff + j];
        float dcv = dc[j] + dhv * og * (1f - tcv * tcv);
        float cp = first ? (c0 == null ? 0f : c0[j]) : c[tp * H + j];
        dz[zo + j] = dcv * gg * ig * (1f - ig);
        dz[zo + H + j] = dcv * cp * fg * (1f - fg);
        dz[zo + 2 * H + j] = dcv * ig * (1f - gg * gg);
        dz[zo + 3 * H + j] = dhv * tcv * og * (1f - og);
        dc[j] = dcv * fg;
      }
      // dh_{t-1} = dz_t Wh^T
      java.util.Arrays.fill(dh, 0, H, 0f);
      if (!first) Kernels.vecMat(G, H, dz, zo, wt, wh, dh, 0);
    }
    // dWh += sum_t h_{t-1}^T dz_t, a product of h transposed to (H, T) with dz shifted by one step.
    if (T > 1) {
      for (int t = 0; t < T; t++) {
        for (int j = 0; j < H; j++) seqT[j * T + t] = out[t * outStride + outOff + j];
      }
      if (reverse) {
        Kernels.matMat(H, T - 1, G, seqT, 1, T, dz, 0, dw, wh, G);
      } else {
        Kernels.matMat(H, T - 1, G, seqT, 0, T, dz, G, dw, wh, G);
      }
    }
    if (h0 != null) { // the first step's recurrent input was h0: dWh += h0^T dz_first
      int first = (reverse ? T - 1 : 0) * G;
      for (int j = 0; j < H; j++) Kernels.axpy(G, h0[j], dz, first, dw, wh + j * G);
    }
    // db += sum_t dz_t, dWx += x^T dz
    for (int t = 0; t < T; t++) Kernels.axpy(G, 1f, dz, t * G, dw, b);
    Kernels.transpose(T, D, x, 0, seqT); // (D, T)
    Kernels.matMat(D, T, G, seqT, 0, T, dz, 0, dw, wx, G);
    if (dx != null) {
      Kernels.matMat(T, G, D, dz, 0, G, wt, wx, dx, 0, D);
    }
  }
}
