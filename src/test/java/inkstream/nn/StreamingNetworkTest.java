package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamingNetworkTest {
  static final ModelConfig CONFIG = new ModelConfig(5, 8, 2, true, "abcdef");
  static final Model MODEL = new Model(CONFIG, new Params(CONFIG).initialize(3),
      inkstream.proto.v1.FeatureConfig.getDefaultInstance(), inkstream.proto.v1.Provenance.getDefaultInstance());

  private static float[] run(float[] x, int T, int chunk, int context, int[] pieces) {
    StreamingNetwork s = new StreamingNetwork(MODEL, chunk, context);
    int D = CONFIG.inputSize();
    int at = 0;
    float[] out = new float[0];
    for (int p : pieces) {
      s.push(Arrays.copyOfRange(x, at * D, (at + p) * D), p);
      assertTrue(s.pendingFrames() < chunk + context, "pending " + s.pendingFrames());
      out = concat(out, s.take());
      at += p;
    }
    s.finish();
    return concat(out, s.take());
  }

  /** Random piece sizes of 1-12 frames that add up to T. */
  private static int[] randomPieces(int T, SplittableRandom r) {
    int[] pieces = new int[T];
    int n = 0, left = T;
    while (left > 0) {
      int p = Math.min(left, 1 + r.nextInt(12));
      pieces[n++] = p;
      left -= p;
    }
    return Arrays.copyOf(pieces, n);
  }

  private static float[] concat(float[] a, float[] b) {
    float[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void shouldEqualFullContextNetworkWhenChunkCoversTheLine() {
    int T = 40;
    float[] x = GradCheck.randomArray(T * 5, 1, 1);
    float[] full = Arrays.copyOf(MODEL.newPass().forward(MODEL.weights(), x, T), T * CONFIG.classes());
    assertArrayEquals(full, run(x, T, 64, 8, new int[] {T}));
  }

  @Test
  void shouldGiveSameOutputsForAnySplitOfTheInput() {
    int T = 57;
    float[] x = GradCheck.randomArray(T * 5, 1, 2);
    float[] whole = run(x, T, 8, 4, new int[] {T});
    assertEquals(T * CONFIG.classes(), whole.length);
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 10; trial++) assertArrayEquals(whole, run(x, T, 8, 4, randomPieces(T, r)));
  }

  /** Frames of T pushed in the given pieces with their pen times, waiting for right context at most waitMs. */
  private static float[] runTimed(float[] x, long[] times, int chunk, int context, long waitMs, int[] pieces, int[] availableAfterEach) {
    StreamingNetwork s = new StreamingNetwork(MODEL, chunk, context, waitMs);
    int D = CONFIG.inputSize();
    int at = 0, k = 0;
    float[] out = new float[0];
    for (int p : pieces) {
      s.push(Arrays.copyOfRange(x, at * D, (at + p) * D), Arrays.copyOfRange(times, at, at + p), p);
      out = concat(out, s.take());
      if (availableAfterEach != null) availableAfterEach[k++] = out.length / CONFIG.classes();
      at += p;
    }
    s.finish();
    return concat(out, s.take());
  }

  /**
   * Bounded in pen time, the wait for right context ends at a pause: frames written 10 ms apart
   * with a 900 ms pause after frame 20 and 300 ms allowed; the frames before the pause are run as
   * soon as the first frame after it arrives, with that one frame of right context. Any split of
   * the input still gives the same outputs, and without pauses it is the plain chunked network.
   */
  @Test
  void shouldRunFramesWithTheContextThatHasArrivedOnceTheyWaitedTooLong() {
    int T = 57;
    float[] x = GradCheck.randomArray(T * 5, 1, 7);
    long[] steady = new long[T], paused = new long[T];
    for (int t = 0; t < T; t++) {
      steady[t] = 10L * t;
      paused[t] = 10L * t + (t > 20 ? 900 : 0);
    }
    int[] perFrame = new int[T];
    Arrays.fill(perFrame, 1);
    assertArrayEquals(run(x, T, 8, 4, new int[] {T}), runTimed(x, steady, 8, 4, 300, perFrame, null), "no frame waits 300 ms");
    long[] backwards = new long[T]; // a client clock that runs back never makes a frame wait too long
    for (int t = 0; t < T; t++) backwards[t] = 100_000L - 1_000L * t;
    assertArrayEquals(run(x, T, 8, 4, new int[] {T}), runTimed(x, backwards, 8, 4, 300, perFrame, null), "times running backwards");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new StreamingNetwork(MODEL, 8, 4, -1));
    int[] available = new int[T];
    float[] bounded = runTimed(x, paused, 8, 4, 300, perFrame, available);
    assertEquals(16, available[20], "before the pause: two chunks with their full right context");
    assertEquals(21, available[21], "the frame after the pause releases frames 16-20");
    float[] plain = run(x, T, 8, 4, new int[] {T});
    assertArrayEquals(Arrays.copyOf(plain, 16 * CONFIG.classes()), Arrays.copyOf(bounded, 16 * CONFIG.classes()));
    assertTrue(!Arrays.equals(plain, bounded), "frames 16-20 were run with one frame of right context");
    SplittableRandom r = new SplittableRandom(8);
    for (int trial = 0; trial < 10; trial++) {
      int[] pieces = randomPieces(T, r);
      assertArrayEquals(bounded, runTimed(x, paused, 8, 4, 300, pieces, null), "split " + Arrays.toString(pieces));
    }
  }

  @Test
  void shouldNeverChangeEmittedFramesWhenLaterInputDiffers() {
    int T = 48, D = 5;
    float[] a = GradCheck.randomArray(T * D, 1, 4), b = a.clone();
    for (int i = 30 * D; i < T * D; i++) b[i] = -b[i]; // differs from frame 30 on
    StreamingNetwork sa = new StreamingNetwork(MODEL, 8, 4), sb = new StreamingNetwork(MODEL, 8, 4);
    sa.push(a, 30);
    float[] early = sa.take();
    assertEquals(24 * CONFIG.classes(), early.length, "chunks finished with 30 frames: 3 (the fourth needs frames up to 35)");
    sb.push(b, T);
    float[] other = Arrays.copyOf(sb.take(), early.length);
    assertArrayEquals(early, other);
  }

  @Test
  void shouldDifferFromFullContextWhenContextIsLimited() {
    int T = 40;
    float[] x = GradCheck.randomArray(T * 5, 1, 5);
    float[] full = Arrays.copyOf(MODEL.newPass().forward(MODEL.weights(), x, T), T * CONFIG.classes());
    float[] limited = run(x, T, 8, 2, new int[] {T});
    // the first chunk's last frames lack 38 frames of future: some output must differ
    assertTrue(!Arrays.equals(full, limited));
    // yet the forward direction is carried exactly: a forward-only model is unaffected by chunking
    ModelConfig uni = new ModelConfig(5, 8, 2, false, "abcdef");
    Model m = new Model(uni, new Params(uni).initialize(6), MODEL.features(), MODEL.provenance());
    float[] u = Arrays.copyOf(m.newPass().forward(m.weights(), x, T), T * uni.classes());
    StreamingNetwork s = new StreamingNetwork(m, 7, 3);
    s.push(x, T);
    s.finish();
    assertArrayEquals(u, s.take());
  }

  /**
   * Revision (chunk 8, context 4, final context 12): final outputs are those of the chunked network
   * with 12 frames of right context, for any split; frames are released as without revision (the
   * first chunk once 12 frames are in, with the values the plain (8, 4) network gives it), their
   * provisional values are rerun with each release, and with a pause the wait releases them too.
   */
  @Test
  void shouldReviseReleasedFramesUntilTheyHaveTheirFinalRightContext() {
    int T = 57, K = CONFIG.classes(), D = CONFIG.inputSize();
    float[] x = GradCheck.randomArray(T * D, 1, 9);
    long[] paused = new long[T];
    for (int t = 0; t < T; t++) paused[t] = 10L * t + (t > 20 ? 900 : 0);
    float[] finalOnly = run(x, T, 8, 12, new int[] {T});
    StreamingNetwork s = new StreamingNetwork(MODEL, 8, 4, 300, 12);
    assertTrue(s.revising());
    float[] out = new float[0];
    long runs = 0;
    for (int t = 0; t < T; t++) {
      s.push(Arrays.copyOfRange(x, t * D, (t + 1) * D), new long[] {paused[t]}, 1);
      out = concat(out, s.take());
      assertTrue(s.pendingFrames() < 8 + 12, "pending " + s.pendingFrames());
      assertTrue(s.provisionalFrames() <= s.pendingFrames());
      if (t == 10) assertEquals(0, s.provisionalFrames(), "11 frames: the first chunk lacks its 4 frames of context");
      if (t == 11) {
        assertEquals(8, s.provisionalFrames());
        assertArrayEquals(Arrays.copyOf(run(x, 12, 8, 4, new int[] {12}), 8 * K), s.provisional());
        runs = s.revisions();
      }
      if (t == 15) assertEquals(runs, s.revisions(), "no new release from frames 12-15: no rerun");
      if (t == 19) {
        assertEquals(8, out.length / K, "20 frames: the first chunk is final");
        assertEquals(8, s.provisionalFrames(), "frames 8-15 were released with frames 16-19");
      }
      if (t == 21) assertEquals(21 - 8, s.provisionalFrames(), "the frame after the pause releases frames 16-20");
    }
    s.finish();
    assertEquals(0, s.provisionalFrames());
    out = concat(out, s.take());
    assertArrayEquals(finalOnly, out, "final outputs: the chunked network with 12 frames of right context");
    SplittableRandom r = new SplittableRandom(10);
    for (int trial = 0; trial < 5; trial++) {
      StreamingNetwork p = new StreamingNetwork(MODEL, 8, 4, 300, 12);
      int at = 0;
      float[] o = new float[0];
      for (int piece : randomPieces(T, r)) {
        p.push(Arrays.copyOfRange(x, at * D, (at + piece) * D), Arrays.copyOfRange(paused, at, at + piece), piece);
        o = concat(o, p.take());
        at += piece;
      }
      p.finish();
      assertArrayEquals(finalOnly, concat(o, p.take()));
    }
    assertTrue(!new StreamingNetwork(MODEL, 8, 4, 0, 4).revising(), "a final context not above the context: no revision");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new StreamingNetwork(MODEL, 8, 4, 0, -1));
  }

  /**
   * releaseAll (a pen-up with revision): every pending frame is released at once with the right
   * context there is, its provisional values those of the network run over the frames so far from
   * the last final state (before the first final chunk: the full-context network over them); the
   * final outputs stay those of the chunked network with F frames of right context, wherever the
   * releases fall; without revision it does nothing.
   */
  @Test
  void shouldReleaseEveryPendingFrameAtOnceWithoutChangingFinalOutputs() {
    int T = 57, K = CONFIG.classes(), D = CONFIG.inputSize();
    float[] x = GradCheck.randomArray(T * D, 1, 11);
    float[] finalOnly = run(x, T, 8, 12, new int[] {T});
    StreamingNetwork s = new StreamingNetwork(MODEL, 8, 4, 0, 12);
    s.push(Arrays.copyOf(x, 6 * D), 6);
    assertEquals(0, s.provisionalFrames(), "6 frames: nothing released yet");
    long runs = s.revisions();
    s.releaseAll();
    assertEquals(6, s.provisionalFrames());
    assertEquals(runs + 1, s.revisions());
    assertArrayEquals(run(x, 6, 6, 0, new int[] {6}), s.provisional(), "the 6 frames run as a whole line");
    s.releaseAll();
    assertEquals(runs + 1, s.revisions(), "nothing new to release: no rerun");
    SplittableRandom r = new SplittableRandom(12);
    for (int trial = 0; trial < 5; trial++) {
      StreamingNetwork p = new StreamingNetwork(MODEL, 8, 4, 0, 12);
      int at = 0;
      float[] o = new float[0];
      for (int piece : randomPieces(T, r)) {
        p.push(Arrays.copyOfRange(x, at * D, (at + piece) * D), piece);
        if (r.nextBoolean()) {
          p.releaseAll();
          assertEquals(p.pendingFrames(), p.provisionalFrames());
        }
        o = concat(o, p.take());
        at += piece;
      }
      p.finish();
      assertArrayEquals(finalOnly, concat(o, p.take()));
    }
    StreamingNetwork plain = new StreamingNetwork(MODEL, 8, 4);
    plain.push(Arrays.copyOf(x, 6 * D), 6);
    plain.releaseAll();
    assertEquals(0, plain.provisionalFrames());
    assertEquals(6, plain.pendingFrames());
    assertEquals(0, plain.available());
  }
}
