package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Central-difference checks of one LSTM layer, a bidirectional stack and the whole CTC model. */
class LstmGradientTest {

  /** loss = sum_t sum_j r[t, j] * h[t, j] for a fixed random r: its gradient w.r.t. h is r. */
  private static double projected(float[] out, float[] r) {
    double s = 0;
    for (int i = 0; i < r.length; i++) s += (double) out[i] * r[i];
    return s;
  }

  @Test
  void shouldMatchCentralDifferencesWhenOneLayerGradientChecked() {
    int T = 7, D = 3, H = 4, G = 4 * H;
    int wx = 0, wh = D * G, b = wh + H * G, size = b + G;
    for (boolean reverse : new boolean[] {false, true}) {
      for (boolean initial : new boolean[] {false, true}) { // zero state, or a carried (h0, c0) as in chunked training
        float[] w = GradCheck.randomArray(size, 0.6, 11);
        float[] x = GradCheck.randomArray(T * D, 1, 12);
        float[] r = GradCheck.randomArray(T * H, 1, 13);
        float[] h0 = initial ? GradCheck.randomArray(H, 0.8, 16) : null, c0 = initial ? GradCheck.randomArray(H, 1.5, 17) : null;
        float[] gates = new float[T * G], c = new float[T * H], out = new float[T * H];
        Lstm.forward(T, D, H, x, w, wx, wh, b, reverse, h0, c0, gates, c, out, 0, H);
        float[] dw = new float[size], dx = new float[T * D], wt = new float[size];
        Kernels.transpose(D, G, w, wx, wt, wx);
        Kernels.transpose(H, G, w, wh, wt, wh);
        Lstm.backward(T, D, H, x, w, wx, wh, h0, c0, gates, c, out, 0, H, reverse, r, dx, dw, b, wt, new float[T * Math.max(D, H)], new float[T * G], new float[H], new float[H], new float[H]);
        java.util.function.DoubleSupplier loss = () -> {
          float[] g2 = new float[T * G], c2 = new float[T * H], o2 = new float[T * H];
          Lstm.forward(T, D, H, x, w, wx, wh, b, reverse, h0, c0, g2, c2, o2, 0, H);
          return projected(o2, r);
        };
        String what = "reverse=" + reverse + ", initial state=" + initial;
        GradCheck.check("lstm weights, " + what, w, dw, loss, 120, 1e-2f, 2e-2, 14);
        GradCheck.check("lstm inputs, " + what, x, dx, loss, 21, 1e-2f, 2e-2, 15);
      }
    }
  }

  @Test
  void shouldMatchCentralDifferencesWhenBidirectionalStackGradientChecked() {
    ModelConfig config = new ModelConfig(3, 5, 2, true, "abcd");
    Params params = new Params(config);
    float[] w = params.initialize(21);
    for (int i = 0; i < w.length; i++) w[i] *= 2; // larger weights exercise the nonlinearities
    int T = 6, K = config.classes();
    float[] x = GradCheck.randomArray(T * 3, 1, 22);
    float[] r = GradCheck.randomArray(T * K, 1, 23);
    Pass pass = new Pass(params);
    pass.forward(w, x, T);
    float[] grad = new float[params.size()];
    pass.backward(w, r, grad);
    GradCheck.check("bidirectional stack", w, grad, () -> {
      Pass p = new Pass(params);
      p.forward(w, x, T);
      return projected(java.util.Arrays.copyOf(p.logits(), T * K), r);
    }, 300, 1e-2f, 2e-2, 24);
  }

  /** Training-mode pass: dropout masks (fixed by the seed) and a carried forward state, as in chunked training. */
  @Test
  void shouldMatchCentralDifferencesWhenDropoutAndInitialStateGradientChecked() {
    ModelConfig config = new ModelConfig(3, 5, 3, true, "abcd");
    Params params = new Params(config);
    float[] w = params.initialize(41);
    int T = 6, K = config.classes(), H = 5;
    float[] x = GradCheck.randomArray(T * 3, 1, 42);
    float[] r = GradCheck.randomArray(T * K, 1, 43);
    float[][] h0 = new float[3][], c0 = new float[3][];
    for (int l = 0; l < 3; l++) {
      h0[l] = GradCheck.randomArray(H, 0.7, 44 + l);
      c0[l] = GradCheck.randomArray(H, 1.2, 48 + l);
    }
    Pass pass = new Pass(params);
    pass.setDropout(0.3f, 77);
    pass.forward(w, x, T, h0, c0);
    float[] grad = new float[params.size()];
    pass.backward(w, r, grad);
    GradCheck.check("dropout + initial state", w, grad, () -> {
      Pass p = new Pass(params);
      p.setDropout(0.3f, 77);
      p.forward(w, x, T, h0, c0);
      return projected(java.util.Arrays.copyOf(p.logits(), T * K), r);
    }, 300, 1e-2f, 2e-2, 45);
    // dropout changes the outputs; without it the pass is the inference pass again
    Pass plain = new Pass(params);
    float[] a = java.util.Arrays.copyOf(plain.forward(w, x, T, h0, c0), T * K);
    float[] b = java.util.Arrays.copyOf(pass.forward(w, x, T, h0, c0), T * K);
    org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(a, b), "dropout had no effect");
    pass.setDropout(0f, 0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(a, java.util.Arrays.copyOf(pass.forward(w, x, T, h0, c0), T * K));
  }

  @Test
  void shouldMatchCentralDifferencesWhenWholeModelGradientChecked() {
    ModelConfig config = new ModelConfig(4, 6, 2, true, "xyz");
    Params params = new Params(config);
    float[] w = params.initialize(31);
    int T = 9, K = config.classes();
    int[] labels = {1, 2, 2, 3};
    float[] x = GradCheck.randomArray(T * 4, 1, 32);
    Pass pass = new Pass(params);
    float[] logp = pass.forward(w, x, T);
    float[] dLogits = new float[T * K];
    double loss = new Ctc().lossAndGradient(T, K, logp, labels, dLogits);
    float[] grad = new float[params.size()];
    pass.backward(w, dLogits, grad);
    GradCheck.check("whole model", w, grad, () -> {
      Pass p = new Pass(params);
      return new Ctc().loss(T, K, p.forward(w, x, T), labels);
    }, 300, 1e-2f, 2e-2, 33);
    // the pass is reusable: a second forward gives the same loss
    assertEquals(loss, new Ctc().loss(T, K, pass.forward(w, x, T), labels), 1e-9);
  }
}
