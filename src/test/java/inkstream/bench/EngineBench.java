/*
 * JMH benchmarks of the engine on a 3-layer x 128-unit bidirectional network (the reference
 * recipe's size) and of the same matrix shapes through OpenBLAS (dev.ludovic.netlib's JNI binding
 * to the system libblas; install libopenblas0 so that it is OpenBLAS).
 *
 * Run: ./mvnw -Pbench test-compile exec:exec -Dbench.args="EngineBench -f 1 -wi 3 -i 5 -r 2 -w 2"
 * Each benchmark's work in FLOPs is printed by FlopCount (multiply-add = 2 FLOPs), so the scores
 * convert to GFLOP/s; README.md has the table.
 */
package inkstream.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import inkstream.nn.Ctc;
import inkstream.nn.Kernels;
import inkstream.nn.ModelConfig;
import inkstream.nn.Params;
import inkstream.nn.Pass;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class EngineBench {
  static final int H = 128, LAYERS = 3, D0 = 9, G = 4 * H;

  /** Frames per sequence: 1 is a single streaming step; 32 a streaming chunk; 300 a whole line. */
  @Param({"1", "32", "300"})
  int frames;

  ModelConfig config;
  Params params;
  float[] w;
  float[] x;
  Pass pass;
  int[] labels;
  float[] dLogits;
  float[] grad;
  Ctc ctc;
  BLAS blas;
  float[] h, z, zT, xin; // BLAS/engine matrix-shape operands

  @Setup(Level.Trial)
  public void setup() {
    config = new ModelConfig(D0, H, LAYERS, true, ModelConfig.PRINTABLE_ASCII);
    params = new Params(config);
    w = params.initialize(1);
    pass = new Pass(params);
    SplittableRandom r = new SplittableRandom(2);
    x = new float[frames * D0];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-1, 1);
    labels = new int[Math.max(1, frames / 12)];
    for (int i = 0; i < labels.length; i++) labels[i] = 1 + r.nextInt(config.classes() - 1);
    dLogits = new float[frames * config.classes()];
    grad = new float[params.size()];
    ctc = new Ctc();
    blas = NativeBLAS.getInstance(); // fails loudly if no native libblas: the reference must be OpenBLAS
    h = new float[frames * 2 * H];
    for (int i = 0; i < h.length; i++) h[i] = (float) r.nextDouble(-1, 1);
    z = new float[frames * G];
    xin = new float[frames * 2 * H];
    System.arraycopy(h, 0, xin, 0, xin.length);
    FlopCount.print(config, frames);
  }

  /** Whole bidirectional network forward (all layers, both directions, output layer, log-softmax). */
  @Benchmark
  public float[] forward() {
    return pass.forward(w, x, frames);
  }

  /** One training sequence: forward, CTC, backward (single thread; the trainer runs one per core). */
  @Benchmark
  public void forwardBackward(Blackhole bh) {
    float[] logp = pass.forward(w, x, frames);
    bh.consume(ctc.lossAndGradient(frames, config.classes(), logp, labels, dLogits));
    pass.backward(w, dLogits, grad);
  }

  /**
   * The network's matrix products alone, through the engine's kernels: per layer and direction the
   * input projection (frames, Din) x (Din, 4H) as one matMat and frames recurrent vecMats
   * (H) x (H, 4H), then the output layer (frames, 2H) x (2H, K).
   */
  @Benchmark
  public float[] matmulsEngine() {
    int K = config.classes();
    for (int l = 0; l < LAYERS; l++) {
      int din = config.layerInputSize(l);
      float[] in = l == 0 ? x : xin;
      for (int d = 0; d < 2; d++) {
        int wx = params.wx(l, d), wh = params.wh(l, d);
        java.util.Arrays.fill(z, 0f);
        Kernels.matMat(frames, din, G, in, 0, din, w, wx, z, 0, G);
        for (int t = 0; t < frames; t++) Kernels.vecMat(H, G, h, t * 2 * H, w, wh, z, t * G);
      }
    }
    java.util.Arrays.fill(z, 0, frames * K, 0f);
    Kernels.matMat(frames, 2 * H, K, h, 0, 2 * H, w, params.wy(), z, 0, K);
    return z;
  }

  /** The same products through OpenBLAS: sgemm for the input projections, sgemv per recurrent step. */
  @Benchmark
  public float[] matmulsOpenBlas() {
    int K = config.classes();
    for (int l = 0; l < LAYERS; l++) {
      int din = config.layerInputSize(l);
      float[] in = l == 0 ? x : xin;
      for (int d = 0; d < 2; d++) {
        int wx = params.wx(l, d), wh = params.wh(l, d);
        // Row-major Z(frames, 4H) = X(frames, Din) Wx(Din, 4H) is column-major Z^T = Wx^T X^T.
        blas.sgemm("N", "N", G, frames, din, 1f, w, wx, G, in, 0, din, 0f, z, 0, G);
        for (int t = 0; t < frames; t++) {
          blas.sgemv("N", G, H, 1f, w, wh, G, h, t * 2 * H, 1, 1f, z, t * G, 1);
        }
      }
    }
    blas.sgemm("N", "N", K, frames, 2 * H, 1f, w, params.wy(), K, h, 0, 2 * H, 0f, z, 0, K);
    return z;
  }
}
