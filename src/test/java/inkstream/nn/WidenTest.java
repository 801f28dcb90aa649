package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WidenTest {
  /** A widened network computes what the narrow one did, bidirectional or not, whole lines or chunked. */
  @Test
  void shouldComputeTheSameOutputsWithMoreUnits() {
    for (boolean bi : new boolean[] {true, false}) {
      ModelConfig c = new ModelConfig(5, 6, 3, bi, "abcdef");
      Model narrow = new Model(c, new Params(c).initialize(11), inkstream.proto.v1.FeatureConfig.getDefaultInstance(),
          inkstream.proto.v1.Provenance.getDefaultInstance(), 4, 2);
      Model wide = Widen.widen(narrow, 10, 12);
      assertEquals(10, wide.config().hiddenSize());
      assertEquals(new Params(wide.config()).size(), wide.weights().length);
      assertEquals(4, wide.chunkFrames());
      int T = 23, K = c.classes();
      float[] x = GradCheck.randomArray(T * 5, 1, 13);
      float[] a = narrow.newPass().forward(narrow.weights(), x, T), b = wide.newPass().forward(wide.weights(), x, T);
      for (int i = 0; i < T * K; i++) assertEquals(a[i], b[i], 1e-4, "bidirectional " + bi + ", output " + i);
      StreamingNetwork sa = new StreamingNetwork(narrow, 4, 2), sb = new StreamingNetwork(wide, 4, 2);
      sa.push(x, T);
      sa.finish();
      sb.push(x, T);
      sb.finish();
      float[] ca = sa.take(), cb = sb.take();
      for (int i = 0; i < T * K; i++) assertEquals(ca[i], cb[i], 1e-4, "chunked, output " + i);
      assertThrows(IllegalArgumentException.class, () -> Widen.widen(narrow, 5, 1));
    }
  }
}
