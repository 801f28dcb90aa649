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
    for (int t = 0; t < T; t++) {
      int zo = t * G;
      System.arraycopy(w, b, gates, zo, G);
      for (int d = 0; d < D; d++) {
        float xv = x[t * D + d];
        if (xv != 0f) Kernels.axpy(G, xv, w, wx + d * G, gates, zo);
      }
    }
    for (int s = 0; s < T; s++) {
      int t = reverse ? T - 1 - s : s;
      int tp = reverse ? t + 1 : t - 1; // previous step in processing order
      boolean first = s == 0;
      int zo = t * G;
      // Recurrent projection: z += h_{t-1} Wh, one axpy per hidden unit.
      for (int j = 0; j < H; j++) {
        float hv = first ? (h0 == null ? 0f : h0[j]) : out[tp * outStride + outOff + j];
        if (hv != 0f) Kernels.axpy(G, hv, w, wh + j * G, gates, zo);
      }
      for (int j = 0; j < H; j++) {
        float ig = Kernels.sigmoid(gates[zo + j]);
        float fg = Kernels.sigmoid(gates[zo + H + j]);
        float gg = Kernels.tanh(gates[zo + 2 * H + j]);
        float og = Kernels.sigmoid(gates[zo + 3 * H + j]);
        gates[zo + j] = ig;
        gates[zo + H + j] = fg;
        gates[zo + 2 * H + j] = gg;
        gates[zo + 3 * H + j] = og;
        float cp = first ? (c0 == null ? 0f : c0[j]) : c[tp * H + j];
        float cv = fg * cp + ig * gg;
        c[t * H + j] = cv;
        out[t * outStride + outOff + j] = og * Kernels.tanh(cv);
      }
    }
  }

  /**
   * Backpropagation through time for one direction whose forward pass started from zero state.
   * Gradients are accumulated with +=.
   *
   * @param dOut  (T, outStride) gradient of the loss w.r.t. h_t at dOut[t * outStride + outOff + j]
   * @param dx    (T, D) out, accumulated; may be null when the input needs no gradient
   * @param dw    gradient array with the same layout as w
   * @param wT    scratch of at least 4H * max(D, H) floats for transposed weights
   * @param dz    scratch (T, 4H): pre-activation gradients
   * @param dh    scratch (H), dc scratch (H)
   */
  public static void backward(int T, int D, int H, float[] x, float[] w, int wx, int wh,
      float[] gates, float[] c, float[] out, int outOff, int outStride, boolean reverse,
      float[] dOut, float[] dx, float[] dw, int b, float[] wT, float[] dz, float[] dh, float[] dc) {
    int G = 4 * H;
    java.util.Arrays.fill(dh, 0, H, 0f);
    java.util.Arrays.fill(dc, 0, H, 0f);
    Kernels.transpose(H, G, w, wh, wT); // wT: (4H, H)
    for (int s = T - 1; s >= 0; s--) {
      int t = reverse ? T - 1 - s : s;
      int tp = reverse ? t + 1 : t - 1;
      boolean first = s == 0;
      int zo = t * G;
      for (int j = 0; j < H; j++) {
        float ig = gates[zo + j], fg = gates[zo + H + j], gg = gates[zo + 2 * H + j],
            og = gates[zo + 3 * H + j];
        float cv = c[t * H + j];
        float tc = Kernels.tanh(cv);
        float dhv = dh[j] + dOut[t * outStride + outOff + j];
        float dcv = dc[j] + dhv * og * (1f - tc * tc);
        float cp = first ? 0f : c[tp * H + j];
        dz[zo + j] = dcv * gg * ig * (1f - ig);
        dz[zo + H + j] = dcv * cp * fg * (1f - fg);
        dz[zo + 2 * H + j] = dcv * ig * (1f - gg * gg);
        dz[zo + 3 * H + j] = dhv * tc * og * (1f - og);
        dc[j] = dcv * fg;
      }
      java.util.Arrays.fill(dh, 0, H, 0f);
      if (!first) {
        // dh_{t-1} = Wh dz_t, and dWh += h_{t-1}^T dz_t
        for (int k = 0; k < G; k++) {
          float g = dz[zo + k];
          if (g != 0f) Kernels.axpy(H, g, wT, k * H, dh, 0);
        }
        for (int j = 0; j < H; j++) {
          float hv = out[tp * outStride + outOff + j];
          if (hv != 0f) Kernels.axpy(G, hv, dz, zo, dw, wh + j * G);
        }
      }
    }
    // Input-side gradients for all steps at once.
    for (int t = 0; t < T; t++) {
      int zo = t * G;
      Kernels.axpy(G, 1f, dz, zo, dw, b);
      for (int d = 0; d < D; d++) {
        float xv = x[t * D + d];
        if (xv != 0f) Kernels.axpy(G, xv, dz, zo, dw, wx + d * G);
      }
    }
    if (dx != null) {
      Kernels.transpose(D, G, w, wx, wT); // wT: (4H, D)
      for (int t = 0; t < T; t++) {
        int zo = t * G;
        for (int k = 0; k < G; k++) {
          float g = dz[zo + k];
          if (g != 0f) Kernels.axpy(D, g, wT, k * D, dx, t * D);
        }
      }
    }
  }
}
