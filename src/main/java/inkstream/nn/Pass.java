/*
 * The mutable working state of one network pass over one sequence: activations kept for the
 * backward pass and for gate telemetry. Allocated once per thread and grown on demand; the
 * weights it runs are passed in and never modified here.
 *
 * forward:  x (T, Din) -> stacked LSTM layers -> logits (T, K) -> logp (T, K)
 * backward: dLogits (T, K) -> gradients accumulated (+=) into grad, same layout as the weights
 *
 * Training only: dropout between layers (inverted: kept units scaled by 1/(1-p), so inference
 * runs the same weights with no mask), seeded per forward call for determinism.
 */
package inkstream.nn;

public final class Pass {
  private final ModelConfig config;
  private final Params params;
  private int capacity; // frames the buffers hold
  private int frames; // T of the last forward
  private float[] x; // (T, Din) the input of the last forward (copied: backward needs it)
  private final float[][] outs; // [l] (T, Hout) layer outputs, directions side by side
  private final float[][] gates; // [l * dirs + d] (T, 4H) activated gates i, f, g, o
  private final float[][] cells; // [l * dirs + d] (T, H)
  private final float[][] h0, c0; // [l] (H) the forward direction's initial state of the last forward
  private boolean hasInitialState;
  private float dropout; // probability of dropping a unit between layers (0 = off)
  private long dropoutSeed;
  private float[][] dropped; // [l] (T, Hout) layer l's output after dropout: the input of layer l + 1; null until dropout is used
  private float[][] masks; // [l] (T, Hout) 0 (dropped) or 1/(1-p) (kept) of the last forward; null until dropout is used
  private float[] logits; // (T, K)
  private float[] logp; // (T, K)
  // backward scratch
  private float[] dOutA, dOutB; // (T, Hout) ping-pong gradients w.r.t. layer outputs
  private float[] dz; // (T, 4H)
  private float[] wt; // (params) the weights transposed, for backward calls that do not bring their own; null until then
  private float[] seqT; // (max(Din, H), T) transposed sequences
  private final float[] dh, dc, tc; // (H)

  public Pass(Params params) {
    this.params = params;
    this.config = params.config();
    int n = config.layers() * config.directions();
    outs = new float[config.layers()][];
    gates = new float[n][];
    cells = new float[n][];
    int H = config.hiddenSize();
    h0 = new float[config.layers()][H];
    c0 = new float[config.layers()][H];
    dh = new float[H];
    dc = new float[H];
    tc = new float[H];
    grow(64);
  }

  public ModelConfig config() {
    return config;
  }

  /**
   * Dropout between layers for the next forward calls (training): each unit of each frame of a
   * layer's output is dropped with probability p before it enters the next layer; the masks of a
   * forward call are drawn from seed. p = 0 turns it off (inference).
   */
  public void setDropout(float p, long seed) {
    if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout must be in [0, 1): " + p);
    dropout = p;
    dropoutSeed = seed;
  }

  /** Runs the network over x (T, inputSize) and returns logp (T, K), valid until the next call. */
  public float[] forward(float[] w, float[] input, int T) {
    return forward(w, input, T, null, null);
  }

  /**
   * As forward, but the forward direction of layer l starts from h0[l], c0[l] (H each) instead of
   * zeros: the latency-controlled window of StreamingNetwork. Backward directions start at zero.
   */
  public float[] forward(float[] w, float[] input, int T, float[][] h0, float[][] c0) {
    if (w.length != params.size()) throw new IllegalArgumentException("weights " + w.length + " != params " + params.size());
    if (input.length < T * config.inputSize()) throw new IllegalArgumentException("input shorter than T * inputSize: " + input.length);
    if (T > capacity) grow(Math.max(T, capacity * 2));
    frames = T;
    System.arraycopy(input, 0, x, 0, T * config.inputSize());
    int H = config.hiddenSize();
    int dirs = config.directions();
    int Hout = config.layerOutputSize();
    hasInitialState = h0 != null;
    for (int l = 0; l < config.layers() && hasInitialState; l++) {
      System.arraycopy(h0[l], 0, this.h0[l], 0, H);
      System.arraycopy(c0[l], 0, this.c0[l], 0, H);
    }
    java.util.SplittableRandom drop = dropout > 0 ? new java.util.SplittableRandom(dropoutSeed) : null;
    if (drop != null && dropped == null) growDropout();
    float keep = 1f - dropout, scale = 1f / keep;
    float[] in = x;
    for (int l = 0; l < config.layers(); l++) {
      int Din = config.layerInputSize(l);
      for (int d = 0; d < dirs; d++) {
        float[] hs = d == 0 && hasInitialState ? this.h0[l] : null, cs = d == 0 && hasInitialState ? this.c0[l] : null;
        if (config.cell() == ModelConfig.Cell.ESN) {
          Esn.forward(T, Din, H, in, w, params.wx(l, d), params.wh(l, d), params.b(l, d), d == 1, hs, gates[l * dirs + d], outs[l], d * H, Hout);
        } else {
          Lstm.forward(T, Din, H, in, w, params.wx(l, d), params.wh(l, d), params.b(l, d), d == 1, hs, cs,
              gates[l * dirs + d], cells[l * dirs + d], outs[l], d * H, Hout);
        }
      }
      in = outs[l];
      if (drop != null && l < config.layers() - 1) { // dropped[l] = outs[l] * mask[l]
        float[] o = outs[l], dr = dropped[l], m = masks[l];
        for (int i = 0; i < T * Hout; i++) {
          m[i] = drop.nextFloat() < keep ? scale : 0f;
          dr[i] = o[i] * m[i];
        }
        in = dr;
      }
    }
    lastDropout = drop != null;
    int K = config.classes();
    for (int t = 0; t < T; t++) System.arraycopy(w, params.by(), logits, t * K, K);
    Kernels.matMat(T, Hout, K, in, 0, Hout, w, params.wy(), logits, 0, K);
    Kernels.logSoftmax(T, K, logits, logp);
    return logp;
  }

  private boolean lastDropout; // the last forward applied dropout masks (dropped[] holds the layer inputs)

  /** Copies the forward direction's state (h, c) of a layer at frame t into h and c (H each). */
  public void forwardState(int layer, int t, float[] h, float[] c) {
    int H = config.hiddenSize();
    System.arraycopy(outs[layer], t * config.layerOutputSize(), h, 0, H);
    System.arraycopy(cells[layer * config.directions()], t * H, c, 0, H);
  }

  /** Backpropagates dLogits (T, K) of the last forward into grad (+=). */
  public void backward(float[] w, float[] dLogits, float[] grad) {
    if (wt == null) wt = new float[params.size()];
    params.transposeAll(w, wt);
    backward(w, wt, dLogits, grad);
  }

  /** As backward, with the weights already transposed by Params.transposeAll (shared, read only). */
  public void backward(float[] w, float[] wt, float[] dLogits, float[] grad) {
    int T = frames;
    int H = config.hiddenSize();
    int dirs = config.directions();
    int Hout = config.layerOutputSize();
    int K = config.classes();
    float[] top = outs[config.layers() - 1];
    // Output layer: dWy += h^T dLogits, dby += sum_t dLogits, dH = dLogits Wy^T.
    float[] dOut = dOutA;
    java.util.Arrays.fill(dOut, 0, T * Hout, 0f);
    for (int t = 0; t < T; t++) Kernels.axpy(K, 1f, dLogits, t * K, grad, params.by());
    Kernels.matMat(T, K, Hout, dLogits, 0, K, wt, params.wy(), dOut, 0, Hout); // Wy^T (K, Hout)
    Kernels.transpose(T, Hout, top, 0, seqT); // (Hout, T)
    Kernels.matMat(Hout, T, K, seqT, 0, T, dLogits, 0, grad, params.wy(), K);
    if (config.cell() == ModelConfig.Cell.ESN) return; // the reservoir is not trained
    for (int l = config.layers() - 1; l >= 0; l--) {
      int Din = config.layerInputSize(l);
      float[] in = l == 0 ? x : lastDropout ? dropped[l - 1] : outs[l - 1];
      float[] dIn = null;
      if (l > 0) {
        dIn = dOut == dOutA ? dOutB : dOutA;
        java.util.Arrays.fill(dIn, 0, T * Din, 0f);
      }
      for (int d = 0; d < dirs; d++) {
        boolean init = d == 0 && hasInitialState;
        Lstm.backward(T, Din, H, in, w, params.wx(l, d), params.wh(l, d), init ? h0[l] : null, init ? c0[l] : null,
            gates[l * dirs + d], cells[l * dirs + d],
            outs[l], d * H, Hout, d == 1, dOut, dIn, grad, params.b(l, d), wt, seqT, dz, dh, dc, tc);
      }
      if (dIn != null && lastDropout) { // through the mask: d outs = d dropped * mask
        float[] m = masks[l - 1];
        for (int i = 0; i < T * Din; i++) dIn[i] *= m[i];
      }
      dOut = dIn;
    }
  }

  /** Frames of the last forward. */
  public int frames() {
    return frames;
  }

  /** (T, K) logits of the last forward. */
  public float[] logits() {
    return logits;
  }

  /** (T, 4H) activated gates i, f, g, o of a layer and direction (0 forward, 1 backward); (T, H) tanh(z) for an ESN. */
  public float[] gates(int layer, int dir) {
    return gates[layer * config.directions() + dir];
  }

  /** (T, H) cell states of a layer and direction. */
  public float[] cells(int layer, int dir) {
    return cells[layer * config.directions() + dir];
  }

  private void grow(int T) {
    capacity = T;
    int H = config.hiddenSize();
    int Hout = config.layerOutputSize();
    int K = config.classes();
    x = new float[T * config.inputSize()];
    for (int l = 0; l < config.layers(); l++) {
      outs[l] = new float[T * Hout];
      for (int d = 0; d < config.directions(); d++) {
        gates[l * config.directions() + d] = new float[T * config.gateWidth()];
        cells[l * config.directions() + d] = new float[T * H];
      }
    }
    logits = new float[T * K];
    logp = new float[T * K];
    int widest = Math.max(config.inputSize(), Hout);
    dOutA = new float[T * widest];
    dOutB = new float[T * widest];
    dz = new float[T * 4 * H];
    seqT = new float[T * Math.max(config.inputSize(), Math.max(H, Hout))];
    if (dropped != null) growDropout();
  }

  /** Dropout buffers at the current capacity: only passes that train with dropout carry them. */
  private void growDropout() {
    int n = capacity * config.layerOutputSize();
    dropped = new float[config.layers()][n];
    masks = new float[config.layers()][n];
  }
}
