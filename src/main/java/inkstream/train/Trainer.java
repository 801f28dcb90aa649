/*
 * Minibatch CTC training with Adam, split across threads, deterministic for a given seed and
 * thread count, and resumable bit-identically from a checkpoint.
 *
 * Determinism: the data order of epoch e is a shuffle seeded by (seed, e); within a batch the
 * sequences are assigned to threads by a fixed rule (longest first to the least loaded thread,
 * ties to the lower thread), each thread sums its sequences' gradients in assignment order, and
 * the per-thread sums are added in thread order. Nothing depends on timing.
 */
package inkstream.train;

import com.google.protobuf.ByteString;
import com.google.protobuf.TextFormat;
import inkstream.ink.FeatureRecipe;
import inkstream.nn.Adam;
import inkstream.nn.Ctc;
import inkstream.nn.FrameLoss;
import inkstream.nn.Model;
import inkstream.nn.Pass;
import inkstream.proto.v1.Checkpoint;
import inkstream.proto.v1.CurvePoint;
import inkstream.proto.v1.TrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public final class Trainer implements AutoCloseable {
  private final Model model;
  private final TrainConfig config;
  private final List<Example> data;
  private final Adam adam;
  private final ExecutorService pool;
  private final Worker[] workers;
  private final float[] grad; // (params) summed gradient of the current batch
  private final float[] wt; // (params) the current weights transposed, shared read-only by the workers
  private final float[] noisy; // (params) the weights plus this step's weight noise, or null without noise
  private float[] current; // (params) the weights the workers run this step: the model's, or noisy
  private long step;
  private long epoch;
  private long batchInEpoch;
  private int[] order; // permutation of data for the current epoch
  private final List<CurvePoint> curve = new ArrayList<>();
  private float bestValCer = Float.NaN;

  /** One training sequence: features (T, D) and its labels. */
  public record Example(float[] x, int frames, int[] labels) {}

  /** What one step did. */
  public record StepResult(long step, double lossPerChar, double gradNorm, long frames, int skipped, float learningRate, double distillPerChar) {}

  public Trainer(Model model, TrainConfig config, List<Example> data) {
    this(model, config, data, new Adam(model.params().size()), 0, 0, 0, List.of(), Float.NaN);
  }

  private Trainer(Model model, TrainConfig config, List<Example> data, Adam adam, long step, long epoch, long batchInEpoch,
      List<CurvePoint> curve, float bestValCer) {
    if (config.getThreads() <= 0) throw new IllegalArgumentException("threads <= 0: " + config.getThreads());
    if (config.getBatchSize() <= 0) throw new IllegalArgumentException("batchSize <= 0: " + config.getBatchSize());
    if (data.isEmpty()) throw new IllegalArgumentException("no training examples");
    this.model = model;
    this.config = config;
    this.data = data;
    this.adam = adam;
    this.step = step;
    this.epoch = epoch;
    this.batchInEpoch = batchInEpoch;
    this.curve.addAll(curve);
    this.bestValCer = bestValCer;
    this.grad = new float[model.params().size()];
    this.wt = new float[model.params().size()];
    if (!(config.getWeightNoise() >= 0) || !Float.isFinite(config.getWeightNoise())) {
      throw new IllegalArgumentException("weight noise must be finite and >= 0: " + config.getWeightNoise());
    }
    this.noisy = config.getWeightNoise() > 0 ? new float[model.params().size()] : null;
    this.workers = new Worker[config.getThreads()];
    for (int i = 0; i < workers.length; i++) workers[i] = new Worker(model);
    this.pool = Executors.newFixedThreadPool(config.getThreads(), r -> {
      Thread t = new Thread(r, "trainer");
      t.setDaemon(true);
      return t;
    });
    this.order = permutation(epoch);
  }

  public Model model() {
    return model;
  }

  public long step() {
    return step;
  }

  public TrainConfig config() {
    return config;
  }

  public List<CurvePoint> curve() {
    return List.copyOf(curve);
  }

  public float bestValCer() {
    return bestValCer;
  }

  public void setBestValCer(float cer) {
    bestValCer = cer;
  }

  public void record(CurvePoint p) {
    curve.add(p);
  }

  public int batchesPerEpoch() {
    return (data.size() + config.getBatchSize() - 1) / config.getBatchSize();
  }

  /** Learning rate at a step: linear warm-up, constant, cosine decay over the last 40% of the budget. */
  public float learningRate(long s) {
    float lr = config.getLearningRate();
    if (config.getWarmupSteps() > 0 && s < config.getWarmupSteps()) return lr * (s + 1) / config.getWarmupSteps();
    long max = config.getMaxSteps();
    long decayStart = (long) (max * 0.6);
    if (max > 0 && s >= decayStart) {
      double p = (double) (s - decayStart) / Math.max(1, max - decayStart);
      return (float) (lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p)))));
    }
    return lr;
  }

  /** Runs one minibatch update. */
  public StepResult trainStep() throws Exception {
    int B = config.getBatchSize();
    int from = (int) (batchInEpoch * B);
    int to = Math.min(from + B, data.size());
    int[] batch = java.util.Arrays.copyOfRange(order, from, to);
    List<List<Integer>> assignment = assign(batch);
    current = weightsForStep();
    model.params().transposeAll(current, wt);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < workers.length; w++) {
      Worker worker = workers[w];
      List<Integer> mine = assignment.get(w);
      long stepNow = step;
      futures.add(pool.submit(() -> worker.run(mine, stepNow)));
    }
    for (Future<?> f : futures) f.get();
    java.util.Arrays.fill(grad, 0f);
    double loss = 0, distill = 0;
    long chars = 0, frames = 0;
    int skipped = 0;
    for (Worker w : workers) {
      for (int i = 0; i < grad.length; i++) grad[i] += w.grad[i];
      loss += w.loss;
      distill += w.distillLoss;
      chars += w.chars;
      frames += w.frames;
      skipped += w.skipped;
    }
    int used = batch.length - skipped;
    if (used > 0) {
      float inv = 1f / used;
      for (int i = 0; i < grad.length; i++) grad[i] *= inv;
    }
    float lr = learningRate(step);
    double norm = adam.update(model.weights(), grad, lr, config.getClipNorm());
    step++;
    batchInEpoch++;
    if (batchInEpoch >= batchesPerEpoch()) {
      epoch++;
      batchInEpoch = 0;
      order = permutation(epoch);
    }
    return new StepResult(step, chars == 0 ? 0 : loss / chars, norm, frames, skipped, lr, chars == 0 ? 0 : distill / chars);
  }

  /**
   * The weights this step's gradient is computed at: the model's, or with weight noise the model's
   * plus N(0, noise^2) per weight, drawn from the seed and the step (so a resumed run draws the same).
   */
  private float[] weightsForStep() {
    float[] w = model.weights();
    if (noisy == null) return w;
    float sigma = config.getWeightNoise();
    SplittableRandom r = new SplittableRandom((config.getSeed() * 0x9E3779B97F4A7C15L + step) ^ 0x6A09E667F3BCC909L);
    for (int i = 0; i < w.length; i += 2) { // Box-Muller: two normal draws per pair of uniforms
      double u1 = 1 - r.nextDouble(), u2 = r.nextDouble();
      double rad = Math.sqrt(-2 * Math.log(u1));
      noisy[i] = w[i] + sigma * (float) (rad * Math.cos(2 * Math.PI * u2));
      if (i + 1 < w.length) noisy[i + 1] = w[i + 1] + sigma * (float) (rad * Math.sin(2 * Math.PI * u2));
    }
    return noisy;
  }

  private int[] permutation(long e) {
    int[] p = new int[data.size()];
    for (int i = 0; i < p.length; i++) p[i] = i;
    if (e == 0 && config.getSortaGrad()) {
      return java.util.stream.IntStream.range(0, p.length).boxed()
          .sorted(java.util.Comparator.comparingInt((Integer i) -> data.get(i).frames()).thenComparingInt(i -> i))
          .mapToInt(Integer::intValue).toArray();
    }
    SplittableRandom r = new SplittableRandom(config.getSeed() * 1_000_003L + e);
    for (int i = p.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private List<List<Integer>> assign(int[] batch) {
    Integer[] idx = new Integer[batch.length];
    for (int i = 0; i < batch.length; i++) idx[i] = batch[i];
    java.util.Arrays.sort(idx, (a, b) -> data.get(b).frames() != data.get(a).frames()
        ? Integer.compare(data.get(b).frames(), data.get(a).frames()) : Integer.compare(a, b));
    List<List<Integer>> out = new ArrayList<>();
    long[] load = new long[workers.length];
    for (int w = 0; w < workers.length; w++) out.add(new ArrayList<>());
    for (int i : idx) {
      int best = 0;
      for (int w = 1; w < workers.length; w++) if (load[w] < load[best]) best = w;
      out.get(best).add(i);
      load[best] += data.get(i).frames();
    }
    return out;
  }

  /** One thread's passes, CTC and gradient buffers. */
  private final class Worker {
    final Pass pass;
    final List<Pass> windows = new ArrayList<>(); // latency-controlled training: one pass per window of a line
    final Ctc ctc = new Ctc();
    final float[] grad;
    float[] dLogits = new float[0], logp = new float[0], window = new float[0], dWindow = new float[0];
    int[] wins = new int[0]; // per window of the current example: frames run
    final float[][] h, c; // [layer] (H) forward state carried from window to window
    double loss, distillLoss;
    long chars, frames;
    int skipped;

    Worker(Model m) {
      pass = m.newPass();
      grad = new float[m.params().size()];
      h = new float[m.config().layers()][m.config().hiddenSize()];
      c = new float[m.config().layers()][m.config().hiddenSize()];
    }

    void run(List<Integer> indices, long step) {
      java.util.Arrays.fill(grad, 0f);
      loss = 0;
      distillLoss = 0;
      chars = 0;
      frames = 0;
      skipped = 0;
      int K = model.config().classes();
      for (int i : indices) {
        Example ex = data.get(i);
        int T = ex.frames();
        long dropSeed = (config.getSeed() * 0x9E3779B97F4A7C15L + step) * 1_000_003L + i; // per example and step: thread-independent
        if (dLogits.length < T * K) dLogits = new float[T * K];
        frames += T;
        double l;
        boolean whole = config.getChunkFrames() == 0
            || config.getWholeLineShare() > 0 && new SplittableRandom(dropSeed ^ 0x5DEECE66DL).nextFloat() < config.getWholeLineShare();
        if (whole) {
          pass.setDropout(config.getDropout(), dropSeed);
          float[] lp = pass.forward(current, ex.x(), T);
          l = ctc.lossAndGradient(T, K, lp, ex.labels(), dLogits);
          if (Double.isFinite(l)) pass.backward(current, wt, dLogits, grad);
        } else {
          l = chunked(ex, dropSeed);
        }
        if (!Double.isFinite(l)) {
          skipped++;
          continue;
        }
        loss += l;
        chars += ex.labels().length;
      }
    }

    /**
     * One line latency-controlled, as StreamingNetwork runs it: window k covers frames
     * [kC, kC + C + R), its forward direction starts from the state at frame kC - 1 of window k - 1,
     * only its first C frames' outputs are kept. CTC runs over the kept outputs of the whole line;
     * each window then backpropagates its own frames' gradient (none into the carried state).
     * With a distillation weight, the whole-line outputs of the same weights (no dropout) are the
     * teacher of every kept frame, and their KL term joins the CTC gradient. With a right-context
     * jitter each window's R is drawn from [R - jitter, R] (per example, step and window). With a
     * pen-up cut share, that share of windows (drawn per window) end at their first stroke end, as
     * a stream releasing every frame at a pen-up runs them, and the next window starts after it.
     */
    private double chunked(Example ex, long dropSeed) {
      int T = ex.frames(), D = model.config().inputSize(), K = model.config().classes();
      int C = config.getChunkFrames(), R = config.getRightContextFrames();
      if (logp.length < T * K) logp = new float[T * K];
      for (float[] a : h) java.util.Arrays.fill(a, 0f);
      for (float[] a : c) java.util.Arrays.fill(a, 0f);
      int n = 0;
      int jitter = Math.min(R, config.getRightContextJitter());
      SplittableRandom contexts = jitter > 0 ? new SplittableRandom(dropSeed ^ 0x2545F4914F6CDD1DL) : null;
      float cutShare = config.getPenUpCutShare();
      SplittableRandom cuts = cutShare > 0 ? new SplittableRandom(dropSeed ^ 0x1B873593CC9E2D51L) : null;
      int maxWindows = cuts == null ? (T + C - 1) / C : T; // a cut window may emit a single frame
      if (wins.length < maxWindows) wins = new int[maxWindows];
      for (int s = 0, emit; s < T; s += emit, n++) {
        int r = contexts == null ? R : R - contexts.nextInt(jitter + 1);
        int win = Math.min(C + r, T - s);
        if (cuts != null && cuts.nextFloat() < cutShare) win = toStrokeEnd(ex.x(), D, s, win);
        emit = Math.min(C, win);
        wins[n] = win;
        if (windows.size() <= n) windows.add(model.newPass());
        Pass p = windows.get(n);
        if (window.length < win * D) window = new float[(C + R) * D];
        System.arraycopy(ex.x(), s * D, window, 0, win * D);
        p.setDropout(config.getDropout(), dropSeed + n * 0x632BE59BD9B4E019L); // window 0 draws what a whole-line pass draws
        float[] lp = p.forward(current, window, win, h, c);
        System.arraycopy(lp, 0, logp, s * K, emit * K);
        for (int l = 0; l < h.length; l++) p.forwardState(l, emit - 1, h[l], c[l]);
      }
      double l = ctc.lossAndGradient(T, K, logp, ex.labels(), dLogits);
      if (!Double.isFinite(l)) return l;
      if (config.getDistillWeight() > 0) { // the same weights over the whole line teach the chunked outputs
        pass.setDropout(0, 0);
        float[] whole = pass.forward(current, ex.x(), T);
        distillLoss += FrameLoss.distill(T, K, logp, whole, config.getDistillWeight(), dLogits);
      }
      if (dWindow.length < (C + R) * K) dWindow = new float[(C + R) * K];
      n = 0;
      for (int s = 0, emit; s < T; s += emit, n++) {
        int win = wins[n];
        emit = Math.min(C, win);
        java.util.Arrays.fill(dWindow, 0, win * K, 0f);
        System.arraycopy(dLogits, s * K, dWindow, 0, emit * K);
        windows.get(n).backward(current, wt, dWindow, grad);
      }
      return l;
    }
  }

  /** Frames of the window [s, s + win) up to and including its first stroke end (x: (T, D) features), or win when none comes before its last frame. */
  static int toStrokeEnd(float[] x, int D, int s, int win) {
    for (int t = s; t < s + win - 1; t++) if (x[t * D + FeatureRecipe.STROKE_END] == 1f) return t + 1 - s;
    return win;
  }

  // ---- checkpoints ----

  public Checkpoint toCheckpoint() {
    return Checkpoint.newBuilder()
        .setModel(model.toProto())
        .setAdamM(ByteString.copyFrom(Model.floatsToBytes(adam.m())))
        .setAdamV(ByteString.copyFrom(Model.floatsToBytes(adam.v())))
        .setStep(step)
        .setEpoch(epoch)
        .setBatchInEpoch(batchInEpoch)
        .setTrainConfig(config)
        .addAllCurve(curve)
        .setBestValCer(bestValCer)
        .setDataFingerprint(fingerprint(data))
        .build();
  }

  public void saveCheckpoint(Path path) throws IOException {
    Model.writeAtomically(path, toCheckpoint().toByteArray());
  }

  public static Checkpoint readCheckpoint(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return Checkpoint.parseFrom(in);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(path + ": not a readable checkpoint (" + e.getMessage() + ")");
    }
  }

  /** Continues from a checkpoint; config may raise max_steps, but must keep what determines the data order. */
  public static Trainer resume(Checkpoint c, TrainConfig config, List<Example> data, String source) {
    Model model = Model.fromProto(c.getModel(), source);
    TrainConfig old = c.getTrainConfig();
    if (config.getInitFrom().isEmpty()) config = config.toBuilder().setInitFrom(old.getInitFrom()).build(); // recorded at the start
    if (!determining(old).equals(determining(config))) {
      throw new IllegalArgumentException(source + ": checkpoint was trained with " + TextFormat.shortDebugString(determining(old))
          + "; resume with the same values (got " + TextFormat.shortDebugString(determining(config)) + ")");
    }
    if (c.getDataFingerprint() != fingerprint(data)) {
      throw new IllegalArgumentException(source + ": checkpoint was trained on other data (fingerprint "
          + Long.toHexString(c.getDataFingerprint()) + ", this data " + Long.toHexString(fingerprint(data)) + "); resume with the same --train file");
    }
    float[] m = Model.bytesToFloats(c.getAdamM().toByteArray());
    float[] v = Model.bytesToFloats(c.getAdamV().toByteArray());
    if (m.length != model.params().size() || v.length != m.length) {
      throw new IllegalArgumentException(source + ": optimizer state does not match the model (" + m.length + " vs " + model.params().size() + ")");
    }
    return new Trainer(model, config, data, new Adam(m, v, c.getStep()), c.getStep(), c.getEpoch(), c.getBatchInEpoch(),
        c.getCurveList(), c.getBestValCer());
  }

  /** The settings that decide what a run computes from a checkpoint on: a resumed run must keep them. */
  private static TrainConfig determining(TrainConfig c) {
    return TrainConfig.newBuilder().setSeed(c.getSeed()).setBatchSize(c.getBatchSize()).setThreads(c.getThreads()).setSortaGrad(c.getSortaGrad())
        .setDropout(c.getDropout()).setChunkFrames(c.getChunkFrames()).setRightContextFrames(c.getRightContextFrames())
        .setWholeLineShare(c.getWholeLineShare()).setDistillWeight(c.getDistillWeight()).setRightContextJitter(c.getRightContextJitter())
        .setWeightNoise(c.getWeightNoise()).setPenUpCutShare(c.getPenUpCutShare()).build();
  }

  /** A hash of every example's features and labels. */
  public static long fingerprint(List<Example> data) {
    long h = 1125899906842597L;
    for (Example e : data) {
      h = 31 * h + e.frames();
      for (float v : e.x()) h = 31 * h + Float.floatToIntBits(v);
      for (int l : e.labels()) h = 31 * h + l;
    }
    return h;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
