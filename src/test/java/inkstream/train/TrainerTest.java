package inkstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.ink.FeatureRecipe;
import inkstream.ink.Ink;
import inkstream.ink.ToyInk;
import inkstream.nn.Model;
import inkstream.nn.ModelConfig;
import inkstream.nn.Params;
import inkstream.proto.v1.Provenance;
import inkstream.proto.v1.TrainConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

  static Model newModel(int hidden, int layers, long seed) {
    ModelConfig mc = new ModelConfig(FeatureRecipe.SIZE, hidden, layers, true, ModelConfig.PRINTABLE_ASCII);
    return new Model(mc, new Params(mc).initialize(seed), FeatureRecipe.DEFAULT.toProto(), Provenance.newBuilder().setSeed(seed).build());
  }

  static TrainConfig config(long steps, int threads) {
    return TrainConfig.newBuilder().setSeed(3).setBatchSize(8).setLearningRate(0.01f).setClipNorm(5).setThreads(threads)
        .setMaxSteps(steps).setWarmupSteps(10).build();
  }

  @Test
  void shouldLowerLossAndTranscribeWhenTrainedOnToyInk() throws Exception {
    List<Ink> lines = ToyInk.lines(1, 160);
    Model model = newModel(32, 2, 5);
    Datasets.Loaded data = Datasets.examples(model, lines);
    assertEquals(160, data.examples().size());
    double first = 0, last = 0;
    int steps = 700;
    try (Trainer t = new Trainer(model, config(steps, 2), data.examples())) {
      for (int s = 0; s < steps; s++) {
        double loss = t.trainStep().lossPerChar();
        if (s < 12) first += loss / 12;
        if (s >= steps - 12) last += loss / 12;
      }
    }
    assertTrue(last < first / 4, "loss per char fell from " + first + " to " + last);
    Evaluator.Result r = Evaluator.evaluate(model, lines, 2);
    assertTrue(r.errors().cer() < 0.10, "training-set CER " + r.errors().cer() + "; first: " + lines.get(0).text() + " -> " + r.hypotheses()[0]);
    Evaluator.Result unseen = Evaluator.evaluate(model, ToyInk.lines(2, 24), 2);
    assertTrue(unseen.errors().cer() < 0.25, "unseen toy lines CER " + unseen.errors().cer());
  }

  /** The chunked (latency-controlled) training loss is the CTC loss of what StreamingNetwork outputs. */
  @Test
  void shouldTrainOnStreamingNetworkOutputsWhenLatencyControlled() throws Exception {
    Model model = newModel(8, 2, 4);
    List<Trainer.Example> data = Datasets.examples(model, ToyInk.lines(6, 1)).examples();
    Trainer.Example ex = data.get(0);
    assertTrue(ex.frames() > 20, "a line long enough for several chunks: " + ex.frames());
    int C = 5, R = 3, K = model.config().classes();
    inkstream.nn.StreamingNetwork net = new inkstream.nn.StreamingNetwork(model, C, R);
    net.push(ex.x(), ex.frames());
    net.finish();
    double expected = new inkstream.nn.Ctc().loss(ex.frames(), K, net.take(), ex.labels());
    TrainConfig lc = config(5, 1).toBuilder().setBatchSize(1).setChunkFrames(C).setRightContextFrames(R).build();
    try (Trainer t = new Trainer(model, lc, data)) {
      double loss = t.trainStep().lossPerChar() * ex.labels().length;
      assertEquals(expected, loss, 1e-4 * expected);
    }
  }

  /**
   * With a pen-up cut share of 1 every window stops at the first stroke end inside it and the next
   * starts after it: the loss is the CTC loss of exactly those windows' outputs (built here frame by
   * frame from the features' stroke-end flags), it differs from uncut training, and a line of one
   * stroke (its only stroke end the last frame) trains exactly as without cuts.
   */
  @Test
  void shouldStopWindowsAtStrokeEndsWithAPenUpCut() throws Exception {
    Model model = newModel(8, 2, 4);
    List<Trainer.Example> data = Datasets.examples(model, ToyInk.lines(6, 1)).examples();
    Trainer.Example ex = data.get(0);
    int T = ex.frames(), D = model.config().inputSize(), K = model.config().classes(), C = 5, R = 3;
    int strokeEnds = 0;
    for (int t = 0; t < T - 1; t++) if (ex.x()[t * D + FeatureRecipe.STROKE_END] == 1f) strokeEnds++;
    assertTrue(strokeEnds >= 2, "a line of several strokes: " + strokeEnds + " stroke ends before its last frame");
    float[] expectedLogp = new float[T * K];
    float[][] h = new float[2][8], c = new float[2][8];
    int windows = 0, cut = 0;
    for (int s = 0; s < T; windows++) {
      int end = Math.min(s + C + R, T);
      for (int t = s; t < end - 1; t++) {
        if (ex.x()[t * D + FeatureRecipe.STROKE_END] == 1f) {
          end = t + 1;
          cut++;
          break;
        }
      }
      inkstream.nn.Pass p = model.newPass();
      float[] lp = p.forward(model.weights(), java.util.Arrays.copyOfRange(ex.x(), s * D, end * D), end - s, h, c);
      int emit = Math.min(C, end - s);
      System.arraycopy(lp, 0, expectedLogp, s * K, emit * K);
      for (int l = 0; l < 2; l++) p.forwardState(l, emit - 1, h[l], c[l]);
      s += emit;
    }
    assertTrue(cut >= 2 && windows > (T + C - 1) / C, cut + " of " + windows + " windows cut");
    double expected = new inkstream.nn.Ctc().loss(T, K, expectedLogp, ex.labels());
    TrainConfig lc = config(5, 1).toBuilder().setBatchSize(1).setChunkFrames(C).setRightContextFrames(R).build();
    double uncut;
    try (Trainer t = new Trainer(newModel(8, 2, 4), lc, data)) {
      uncut = t.trainStep().lossPerChar() * ex.labels().length;
    }
    try (Trainer t = new Trainer(newModel(8, 2, 4), lc.toBuilder().setPenUpCutShare(1).build(), data)) {
      double loss = t.trainStep().lossPerChar() * ex.labels().length;
      assertEquals(expected, loss, 1e-4 * expected);
      assertTrue(Math.abs(loss - uncut) > 3e-4 * uncut, "cut " + loss + " vs uncut " + uncut);
    }
    List<Trainer.Example> oneStroke = Datasets.examples(model, List.of(ToyInk.draw("l", "l", new java.util.SplittableRandom(2)))).examples();
    TrainConfig small = lc.toBuilder().setChunkFrames(2).setRightContextFrames(1).build();
    assertTrue(oneStroke.get(0).frames() > 4, "one stroke, several windows: " + oneStroke.get(0).frames() + " frames");
    Model a = newModel(8, 2, 4), b = newModel(8, 2, 4);
    try (Trainer t = new Trainer(a, small, oneStroke)) {
      t.trainStep();
    }
    try (Trainer t = new Trainer(b, small.toBuilder().setPenUpCutShare(1).build(), oneStroke)) {
      t.trainStep();
    }
    assertArrayEquals(a.weights(), b.weights());
  }

  /**
   * A right-context jitter shortens windows' right context at random: the loss is no longer that of
   * the fixed context, the same seed gives the same weights, and without right context to shorten
   * it changes nothing.
   */
  @Test
  void shouldDrawEachWindowsRightContextWithAJitter() throws Exception {
    Model model = newModel(8, 2, 4);
    List<Trainer.Example> data = Datasets.examples(model, ToyInk.lines(6, 1)).examples();
    Trainer.Example ex = data.get(0);
    TrainConfig fixed = config(2, 1).toBuilder().setBatchSize(1).setChunkFrames(5).setRightContextFrames(3).build();
    double lossFixed, lossJittered;
    try (Trainer t = new Trainer(newModel(8, 2, 4), fixed, data)) {
      lossFixed = t.trainStep().lossPerChar();
    }
    TrainConfig jittered = fixed.toBuilder().setRightContextJitter(3).build();
    Model a = newModel(8, 2, 4), b = newModel(8, 2, 4);
    try (Trainer t = new Trainer(a, jittered, data)) {
      lossJittered = t.trainStep().lossPerChar();
      t.trainStep();
    }
    try (Trainer t = new Trainer(b, jittered, data)) {
      assertEquals(lossJittered, t.trainStep().lossPerChar());
      t.trainStep();
    }
    assertArrayEquals(a.weights(), b.weights());
    assertTrue(Math.abs(lossJittered - lossFixed) > 1e-6, "windows of " + ex.frames() + " frames with shorter right context: " + lossJittered + " vs " + lossFixed);
    Model c = newModel(8, 2, 4), d = newModel(8, 2, 4); // no right context to shorten: the same run
    TrainConfig none = fixed.toBuilder().setRightContextFrames(0).build();
    try (Trainer t = new Trainer(c, none, data)) {
      t.trainStep();
    }
    try (Trainer t = new Trainer(d, none.toBuilder().setRightContextJitter(4).build(), data)) {
      t.trainStep();
    }
    assertArrayEquals(c.weights(), d.weights());
  }

  /** With a chunk longer than every line, chunked training is whole-line training, bit for bit. */
  @Test
  void shouldEqualWholeLineTrainingWhenChunkCoversTheLine() throws Exception {
    List<Ink> lines = ToyInk.lines(7, 6);
    Model a = newModel(8, 2, 8), b = newModel(8, 2, 8);
    List<Trainer.Example> data = Datasets.examples(a, lines).examples();
    TrainConfig whole = config(3, 1).toBuilder().setDropout(0.2f).build();
    try (Trainer t = new Trainer(a, whole, data)) {
      for (int s = 0; s < 3; s++) t.trainStep();
    }
    try (Trainer t = new Trainer(b, whole.toBuilder().setChunkFrames(100_000).setRightContextFrames(4).build(), data)) {
      for (int s = 0; s < 3; s++) t.trainStep();
    }
    assertArrayEquals(a.weights(), b.weights());
    Model c = newModel(8, 2, 8); // every example drawn as a whole line: whole-line training again
    try (Trainer t = new Trainer(c, whole.toBuilder().setChunkFrames(3).setRightContextFrames(2).setWholeLineShare(1f).build(), data)) {
      for (int s = 0; s < 3; s++) t.trainStep();
    }
    assertArrayEquals(a.weights(), c.weights());
  }

  @Test
  void shouldContinueBitIdenticallyWhenResumedFromCheckpoint() throws Exception {
    List<Ink> lines = ToyInk.lines(3, 20);
    Model a = newModel(8, 1, 9);
    List<Trainer.Example> data = Datasets.examples(a, lines).examples();
    try (Trainer straight = new Trainer(a, config(10, 2), data)) {
      for (int s = 0; s < 10; s++) straight.trainStep();
    }
    Model b = newModel(8, 1, 9);
    byte[] saved;
    try (Trainer first = new Trainer(b, config(10, 2), data)) {
      for (int s = 0; s < 4; s++) first.trainStep(); // crosses an epoch boundary at step 3 (20 lines / 8)
      saved = first.toCheckpoint().toByteArray();
    }
    try (Trainer resumed = Trainer.resume(inkstream.proto.v1.Checkpoint.parseFrom(saved), config(10, 2), data, "ckpt")) {
      assertEquals(4, resumed.step());
      for (int s = 4; s < 10; s++) resumed.trainStep();
      assertArrayEquals(a.weights(), resumed.model().weights());
    }
  }

  @Test
  void shouldBeDeterministicForSeedAndThreadCount() throws Exception {
    List<Ink> lines = ToyInk.lines(4, 16);
    float[][] results = new float[2][];
    for (int run = 0; run < 2; run++) {
      Model m = newModel(8, 2, 1);
      try (Trainer t = new Trainer(m, config(5, 2), Datasets.examples(m, lines).examples())) {
        for (int s = 0; s < 5; s++) t.trainStep();
      }
      results[run] = m.weights();
    }
    assertArrayEquals(results[0], results[1]);
  }

  @Test
  void shouldTrainShortestLinesFirstInTheFirstEpochWithSortaGrad() throws Exception {
    Model m = newModel(8, 1, 1);
    List<Trainer.Example> data = Datasets.examples(m, ToyInk.lines(7, 24)).examples();
    int[] lengths = data.stream().mapToInt(Trainer.Example::frames).sorted().toArray();
    try (Trainer t = new Trainer(m, config(6, 2).toBuilder().setSortaGrad(true).build(), data)) {
      long previous = 0;
      for (int b = 0; b < 3; b++) { // 24 lines / 8 = 3 batches in epoch 0
        long expected = 0;
        for (int i = b * 8; i < b * 8 + 8; i++) expected += lengths[i];
        long frames = t.trainStep().frames();
        assertEquals(expected, frames, "batch " + b);
        assertTrue(frames >= previous);
        previous = frames;
      }
    }
  }

  @Test
  void shouldRefuseResumeWhenDataOrSeedDiffer() throws Exception {
    Model m = newModel(8, 1, 1);
    List<Trainer.Example> data = Datasets.examples(m, ToyInk.lines(5, 10)).examples();
    byte[] saved;
    try (Trainer t = new Trainer(m, config(3, 1), data)) {
      t.trainStep();
      saved = t.toCheckpoint().toByteArray();
    }
    var ckpt = inkstream.proto.v1.Checkpoint.parseFrom(saved);
    List<Trainer.Example> other = Datasets.examples(m, ToyInk.lines(6, 10)).examples();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainer.resume(ckpt, config(3, 1), other, "c"))
        .getMessage().contains("trained on other data"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainer.resume(ckpt, config(3, 2), data, "c"))
        .getMessage().contains("resume with the same values"));
  }

  /** With the chunk covering the line and no dropout, the teacher is the student: distillation adds nothing. */
  @Test
  void shouldChangeNothingWhenDistillingFromItselfOverTheWholeLine() throws Exception {
    List<Ink> lines = ToyInk.lines(9, 6);
    Model a = newModel(8, 2, 8), b = newModel(8, 2, 8);
    List<Trainer.Example> data = Datasets.examples(a, lines).examples();
    TrainConfig chunked = config(3, 1).toBuilder().setChunkFrames(100_000).setRightContextFrames(4).build();
    try (Trainer t = new Trainer(a, chunked, data)) {
      for (int s = 0; s < 3; s++) t.trainStep();
    }
    try (Trainer t = new Trainer(b, chunked.toBuilder().setDistillWeight(1f).build(), data)) {
      for (int s = 0; s < 3; s++) assertEquals(0, t.trainStep().distillPerChar(), 1e-9);
    }
    assertArrayEquals(a.weights(), b.weights());
  }

  /** Distillation pulls the chunked outputs towards the whole-line outputs of the same weights. */
  @Test
  void shouldBringChunkedOutputsCloserToWholeLineOutputsWhenDistilled() throws Exception {
    List<Ink> lines = ToyInk.lines(10, 24);
    int C = 2, R = 0, steps = 40;
    double[] kl = new double[2];
    double[] reported = new double[2];
    for (int run = 0; run < 2; run++) {
      Model m = newModel(12, 2, 21);
      List<Trainer.Example> data = Datasets.examples(m, lines).examples();
      TrainConfig lc = config(steps, 2).toBuilder().setChunkFrames(C).setRightContextFrames(R).setDistillWeight(run == 0 ? 0f : 2f).build();
      try (Trainer t = new Trainer(m, lc, data)) {
        for (int s = 0; s < steps; s++) reported[run] = t.trainStep().distillPerChar();
      }
      kl[run] = meanKl(m, data, C, R);
    }
    assertEquals(0, reported[0], 0, "no distillation term without a weight");
    assertTrue(reported[1] > 0, "distillation term reported: " + reported[1]);
    assertTrue(kl[1] < 0.5 * kl[0], "KL(whole || chunked) per frame, distilled " + kl[1] + " vs not " + kl[0]);
  }

  private static double meanKl(Model m, List<Trainer.Example> data, int C, int R) {
    int K = m.config().classes();
    double sum = 0;
    long frames = 0;
    inkstream.nn.Pass whole = m.newPass();
    for (Trainer.Example ex : data) {
      inkstream.nn.StreamingNetwork net = new inkstream.nn.StreamingNetwork(m, C, R);
      net.push(ex.x(), ex.frames());
      net.finish();
      float[] chunked = net.take();
      float[] teacher = whole.forward(m.weights(), ex.x(), ex.frames());
      sum += inkstream.nn.FrameLoss.distill(ex.frames(), K, chunked, teacher, 1f, new float[ex.frames() * K]);
      frames += ex.frames();
    }
    return sum / frames;
  }

  @Test
  void shouldRefuseResumeWhenDistillWeightDiffers() throws Exception {
    Model m = newModel(8, 1, 1);
    List<Trainer.Example> data = Datasets.examples(m, ToyInk.lines(5, 4)).examples();
    TrainConfig lc = config(3, 1).toBuilder().setChunkFrames(4).setRightContextFrames(2).setDistillWeight(1f).build();
    byte[] saved;
    try (Trainer t = new Trainer(m, lc, data)) {
      t.trainStep();
      saved = t.toCheckpoint().toByteArray();
    }
    var ckpt = inkstream.proto.v1.Checkpoint.parseFrom(saved);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainer.resume(ckpt, lc.toBuilder().setDistillWeight(0.5f).build(), data, "c"))
        .getMessage().contains("distill_weight: 1.0"));
    try (Trainer t = Trainer.resume(ckpt, lc, data, "c")) {
      assertEquals(1, t.step());
    }
  }

  /**
   * Weight noise: the gradient is computed at perturbed weights (the loss differs from the clean
   * weights' loss), the model keeps its clean weights (with a learning rate of 0 they do not move),
   * the same seed draws the same noise, and a resumed run draws what the straight run drew.
   */
  @Test
  void shouldComputeTheGradientAtNoisyWeightsAndKeepTheCleanOnes() throws Exception {
    List<Ink> lines = ToyInk.lines(3, 12);
    Model clean = newModel(8, 1, 5), frozen = newModel(8, 1, 5);
    List<Trainer.Example> data = Datasets.examples(clean, lines).examples();
    TrainConfig noisy = config(6, 2).toBuilder().setWeightNoise(0.05f).build();
    double lossClean, lossNoisy;
    try (Trainer t = new Trainer(clean, config(6, 2).toBuilder().setLearningRate(0).build(), data)) {
      lossClean = t.trainStep().lossPerChar();
    }
    float[] before = frozen.weights().clone();
    try (Trainer t = new Trainer(frozen, noisy.toBuilder().setLearningRate(0).build(), data)) {
      lossNoisy = t.trainStep().lossPerChar();
    }
    assertArrayEquals(before, frozen.weights());
    assertArrayEquals(before, clean.weights());
    assertTrue(Math.abs(lossNoisy - lossClean) > 1e-4, "noisy " + lossNoisy + " vs clean " + lossClean);

    Model straight = newModel(8, 1, 5), plain = newModel(8, 1, 5), resumedModel = newModel(8, 1, 5);
    try (Trainer t = new Trainer(straight, noisy, data)) {
      for (int s = 0; s < 4; s++) t.trainStep();
    }
    try (Trainer t = new Trainer(plain, config(6, 2), data)) {
      for (int s = 0; s < 4; s++) t.trainStep();
    }
    assertFalse(java.util.Arrays.equals(straight.weights(), plain.weights()));
    byte[] saved;
    try (Trainer t = new Trainer(resumedModel, noisy, data)) {
      for (int s = 0; s < 2; s++) t.trainStep();
      saved = t.toCheckpoint().toByteArray();
    }
    var ckpt = inkstream.proto.v1.Checkpoint.parseFrom(saved);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainer.resume(ckpt, noisy.toBuilder().setWeightNoise(0).build(), data, "c"))
        .getMessage().contains("weight_noise: 0.05"));
    try (Trainer t = Trainer.resume(ckpt, noisy, data, "c")) {
      for (int s = 2; s < 4; s++) t.trainStep();
      assertArrayEquals(straight.weights(), t.model().weights());
    }
    assertThrows(IllegalArgumentException.class, () -> new Trainer(newModel(8, 1, 5), noisy.toBuilder().setWeightNoise(Float.NaN).build(), data));
  }
}
