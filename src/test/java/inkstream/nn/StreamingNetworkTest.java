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
    for (int trial = 0; trial < 10; trial++) {
      int[] pieces = new int[T];
      int n = 0, left = T;
      while (left > 0) {
        int p = Math.min(left, 1 + r.nextInt(12));
        pieces[n++] = p;
        left -= p;
      }
      assertArrayEquals(whole, run(x, T, 8, 4, Arrays.copyOf(pieces, n)));
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
}
