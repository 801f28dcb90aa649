package inkstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.nn.Model;
import inkstream.proto.v1.Provenance;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightAverageTest {
  private static final Provenance P = Provenance.newBuilder().setCommand("inkstream average").build();

  @Test
  void shouldTakeTheElementWiseMeanAndTheWidestJitter() {
    Model a = TrainerTest.newModel(4, 2, 1), b = TrainerTest.newModel(4, 2, 2), c = TrainerTest.newModel(4, 2, 3);
    a = a.with(a.provenance(), 8, 32, 28);
    b = b.with(b.provenance(), 8, 32, 0); // recorded before models carried their jitter
    c = c.with(c.provenance(), 8, 32, 12);
    Model m = WeightAverage.of(List.of(a, b, c), P);
    assertEquals(a.params().size(), m.weights().length);
    for (int i = 0; i < m.weights().length; i++) {
      assertEquals(((double) a.weights()[i] + b.weights()[i] + c.weights()[i]) / 3, m.weights()[i], 1e-7, "weight " + i);
    }
    assertTrue(Math.abs(m.weights()[0] - a.weights()[0]) > 1e-4, "differs from the first model");
    assertEquals(8, m.chunkFrames());
    assertEquals(32, m.rightContextFrames());
    assertEquals(28, m.rightContextJitter());
    assertEquals(4, m.streamRightContextFrames());
    assertEquals("inkstream average", m.provenance().getCommand());
    assertEquals(a.config(), m.config());
    // a model averaged with itself is itself
    assertArrayEquals(a.weights(), WeightAverage.of(List.of(a, a), P).weights());
  }

  @Test
  void shouldRefuseModelsThatDoNotMatch() {
    Model a = TrainerTest.newModel(4, 2, 1);
    assertEquals("an average needs at least two models, got 1",
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.of(List.of(a), P)).getMessage());
    Model wider = TrainerTest.newModel(5, 2, 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> WeightAverage.of(List.of(a, wider), P)).getMessage()
        .startsWith("model 2 has another shape or alphabet"));
    Model chunked = a.with(a.provenance(), 8, 6, 0);
    assertEquals("model 2 was trained with chunk 8 and right context 6, model 1 with 0 and 0",
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.of(List.of(a, chunked), P)).getMessage());
  }
}
