package inkstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import inkstream.proto.v1.CharacterHypothesis;
import inkstream.proto.v1.Hypothesis;
import inkstream.proto.v1.InkSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionResultsTest {

  private static Hypothesis committed(long lastSequence, String text, long... peakTimes) {
    Hypothesis.Builder h = Hypothesis.newBuilder().setLastSequence(lastSequence);
    for (int i = 0; i < text.length(); i++) {
      h.addCommitted(CharacterHypothesis.newBuilder().setText(text.substring(i, i + 1))
          .setInk(InkSpan.newBuilder().setLastTimeMs(peakTimes[i])));
    }
    return h.build();
  }

  @Test
  void shouldMeasureCommitLatencyFromThePeakAndFromTheTrueEndOfEachCharacter() {
    SessionResults s = new SessionResults();
    s.sentAt.put(5L, 1000L);
    s.sentAt.put(9L, 1500L);
    s.accept(committed(5, "ca", 350, 650));
    s.accept(committed(9, "rt", 1100, 1400));
    assertEquals(List.of(650L, 350L, 400L, 100L), s.latencies);
    // "cart" against the reference "cat": 'r' is an insertion and has no reference character
    assertEquals(List.of(600L, 300L, 50L), s.latenciesFromInkEnd("cat", new double[] {400, 700, 1450}));
    // characters without ink (spaces) and ink without character times are skipped
    assertEquals(List.of(600L, 50L), s.latenciesFromInkEnd("cat", new double[] {400, Double.NaN, 1450}));
    assertEquals(List.of(), s.latenciesFromInkEnd("cat", null));
  }
}
