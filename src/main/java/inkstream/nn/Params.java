/*
 * Where each parameter tensor lives inside the one flat weight array of a network.
 *
 * For layer l and direction d (0 forward, 1 backward), in this order, with G = 4H for an LSTM
 * and G = H for an echo-state reservoir:
 *   Wx (Din, G), Wh (H, G), b (G)
 * then the output layer: Wy (Hout, K), by (K), where Hout = H * directions and K = classes.
 * Gradients and optimizer moments use the same layout.
 */
package inkstream.nn;

public final class Params {
  private final ModelConfig config;
  private final int[] wx; // [l * dirs + d] offset of Wx
  private final int[] wh;
  private final int[] b;
  private final int wy;
  private final int by;
  private final int size;

  public Params(ModelConfig config) {
    this.config = config;
    int dirs = config.directions();
    int H = config.hiddenSize();
    int G = config.gateWidth();
    wx = new int[config.layers() * dirs];
    wh = new int[wx.length];
    b = new int[wx.length];
    int o = 0;
    for (int l = 0; l < config.layers(); l++) {
      for (int d = 0; d < dirs; d++) {
        int i = l * dirs + d;
        wx[i] = o;
        o += config.layerInputSize(l) * G;
        wh[i] = o;
        o += H * G;
        b[i] = o;
        o += G;
      }
    }
    wy = o;
    o += config.layerOutputSize() * config.classes();
    by = o;
    o += config.classes();
    size = o;
  }

  public ModelConfig config() {
    return config;
  }

  public int wx(int layer, int dir) {
    return wx[layer * config.directions() + dir];
  }

  public int wh(int layer, int dir) {
    return wh[layer * config.directions() + dir];
  }

  public int b(int layer, int dir) {
    return b[layer * config.directions() + dir];
  }

  public int wy() {
    return wy;
  }

  public int by() {
    return by;
  }

  /**
   * wt = every weight matrix of w transposed, each at its own offset: Wx (Din, G) at wx(l, d) becomes
   * (G, Din), Wh (H, G) becomes (G, H), Wy (Hout, K) becomes (K, Hout). The backward pass reads these;
   * computing them once per update instead of once per sequence matters for short chunked windows.
   */
  public void transposeAll(float[] w, float[] wt) {
    int G = config.gateWidth(), H = config.hiddenSize();
    for (int l = 0; l < config.layers(); l++) {
      for (int d = 0; d < config.directions(); d++) {
        Kernels.transpose(config.layerInputSize(l), G, w, wx(l, d), wt, wx(l, d));
        Kernels.transpose(H, G, w, wh(l, d), wt, wh(l, d));
      }
    }
    Kernels.transpose(config.layerOutputSize(), config.classes(), w, wy, wt, wy);
  }

  /** Total number of parameters. */
  public int size() {
    return size;
  }

  /**
   * Deterministic initialization from a seed: LSTM and output weights uniform in +-1/sqrt(fan),
   * biases zero except the forget gate's, which starts at 1 so memories are kept early in training.
   */
  public float[] initialize(long seed) {
    float[] w = new float[size];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    if (config.cell() == ModelConfig.Cell.ESN) return Esn.initialize(this, w, rng);
    int H = config.hiddenSize();
    float k = (float) (1 / Math.sqrt(H));
    for (int l = 0; l < config.layers(); l++) {
      for (int d = 0; d < config.directions(); d++) {
        for (int i = wx(l, d); i < b(l, d); i++) w[i] = (float) rng.nextDouble(-k, k);
        for (int j = 0; j < H; j++) w[b(l, d) + H + j] = 1f;
      }
    }
    float ko = (float) (1 / Math.sqrt(config.layerOutputSize()));
    for (int i = wy; i < by; i++) w[i] = (float) rng.nextDouble(-ko, ko);
    return w;
  }
}
