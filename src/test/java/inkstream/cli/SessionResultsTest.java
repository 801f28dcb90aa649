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

  private static Hypothesis shown(long lastSequence, String committedText, String tentative) {
    Hypothesis.Builder h = Hypothesis.newBuilder().setLastSequence(lastSequence);
    for (char c : committedText.toCharArray()) h.addCommitted(CharacterHypothesis.newBuilder().setText(String.valueOf(c)));
    for (char c : tentative.toCharArray()) h.addTentative(CharacterHypothesis.newBuilder().setText(String.valueOf(c)));
    return h.build();
  }

  @Test
  void shouldMeasureWhenEachCharacterWasShownForGood() {
    SessionResults s = new SessionResults();
    long[][] times = {{3, 500}, {4, 800}, {5, 900}, {6, 1000}, {7, 1200}, {9, 1500}};
    for (long[] t : times) s.sentAt.put(t[0], t[1]);
    s.accept(shown(3, "", "c"));
    s.accept(shown(4, "", "ca"));
    s.accept(shown(5, "", "co")); // 'a' revised: shown for good only from 1000
    s.accept(shown(6, "", "ca"));
    s.accept(shown(7, "ca", "t"));
    s.accept(shown(9, "t", "").toBuilder().setEndOfLine(true).build());
    assertEquals("cat", s.committed.toString());
    double[] ends = {400, 700, 1450};
    assertEquals(List.of(800L, 500L, 50L), s.latenciesFromInkEnd("cat", ends));
    assertEquals(List.of(100L, 300L, -250L), s.shownLatenciesFromInkEnd("cat", ends));
    // a character shown only with its commit counts from the commit
    SessionResults q = new SessionResults();
    q.sentAt.put(1L, 600L);
    q.accept(shown(1, "c", ""));
    assertEquals(List.of(200L), q.shownLatenciesFromInkEnd("c", new double[] {400}));
  }

  /** Each message's tail counts; a wrong character shown in several messages is one distinct wrong character. */
  @Test
  void shouldCountRevisedTentativeCharactersPerMessageAndDistinct() {
    SessionResults s = new SessionResults();
    s.accept(shown(1, "", "c"));
    s.accept(shown(2, "", "co")); // 'o' wrong
    s.accept(shown(3, "", "cod")); // 'o' wrong again, 'd' wrong
    s.accept(shown(4, "c", "a")); // right
    s.accept(shown(5, "at", "").toBuilder().setEndOfLine(true).build());
    assertEquals("cat", s.committed.toString());
    long[] r = s.revisions();
    assertEquals(7, r[0], "characters shown tentatively, per message");
    assertEquals(3, r[1], "of them contradicted: o, o, d");
    assertEquals(2, r[2], "distinct wrong characters: o at 1, d at 2");
  }
}
