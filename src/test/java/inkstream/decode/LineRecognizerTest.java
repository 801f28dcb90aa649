package inkstream.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.ink.Ink;
import inkstream.ink.ToyInk;
import inkstream.nn.Model;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LineRecognizerTest {
  static Model model;
  static final LineRecognizer.Settings SETTINGS = new LineRecognizer.Settings(8, 4, new BeamSearch.Config(6, 6, Math.log(1e-4), 0, 0.2), 3);

  @BeforeAll
  static void train() throws Exception {
    model = ToyModel.get();
  }

  /** Toy lines of 10-16 letters: long enough for characters to be committed while writing. */
  static List<Ink> longLines(long seed, int n) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    List<Ink> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder text = new StringBuilder();
      int len = 10 + r.nextInt(7);
      for (int k = 0; k < len; k++) text.append(ToyInk.LETTERS.charAt(r.nextInt(ToyInk.LETTERS.length())));
      out.add(ToyInk.draw("long" + i, text.toString(), r));
    }
    return out;
  }

  private static String stream(Ink ink, List<String> committedSoFar) {
    return stream(ink, committedSoFar, SETTINGS);
  }

  /** Writes the line point by point with the client times a tablet sends; committedSoFar gets the committed text after each point. */
  private static String stream(Ink ink, List<String> committedSoFar, LineRecognizer.Settings settings) {
    LineRecognizer r = new LineRecognizer(model, null, settings, "");
    StringBuilder committed = new StringBuilder();
    long seq = 0;
    long[] times = ink.relativeTimesMs();
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i < s.size(); i++) {
        r.addPoint(s.x()[i], s.y()[i], seq, 1_000_000 + times[(int) seq]);
        seq++;
        LineRecognizer.Update u = r.update();
        for (LineRecognizer.Char c : u.committed()) committed.append(c.text());
        committedSoFar.add(committed.toString());
        // the tentative tail follows the committed text: together they are the best hypothesis
        StringBuilder all = new StringBuilder(committed);
        u.tentative().forEach(c -> all.append(c.text()));
        assertEquals(r.text(), all.toString());
      }
      r.penUp();
    }
    r.endLine();
    for (LineRecognizer.Char c : r.update().committed()) committed.append(c.text());
    return committed.toString();
  }

  @Test
  void shouldCommitTheOfflineDecodeWhenTheLineEnds() {
    for (Ink ink : ToyInk.lines(12, 12)) {
      java.util.List<String> history = new java.util.ArrayList<>();
      String streamed = stream(ink, history);
      String offline = new Recognizer(model, SETTINGS.chunk(), SETTINGS.context()).withBeamSearch(SETTINGS.beam(), null).recognize(ink);
      assertEquals(offline, streamed, ink.text());
    }
  }

  /** Decisions forced by pen time: the stream still ends with the offline decode, and commits sooner than on agreement alone. */
  @Test
  void shouldCommitTheOfflineDecodeWithDecisionsForcedByPenTime() {
    LineRecognizer.Settings timed = new LineRecognizer.Settings(SETTINGS.chunk(), SETTINGS.context(), SETTINGS.beam().withMaxDelayMs(150), 3);
    int soonerTimed = 0, soonerAgreed = 0;
    for (Ink ink : longLines(14, 8)) {
      List<String> historyTimed = new java.util.ArrayList<>(), historyAgreed = new java.util.ArrayList<>();
      String streamed = stream(ink, historyTimed, timed);
      stream(ink, historyAgreed, SETTINGS);
      String offline = new Recognizer(model, timed.chunk(), timed.context()).withBeamSearch(timed.beam(), null).recognize(ink);
      assertEquals(offline, streamed, ink.text());
      for (int k = 0; k < historyTimed.size(); k++) {
        soonerTimed += historyTimed.get(k).length();
        soonerAgreed += historyAgreed.get(k).length();
      }
    }
    assertTrue(soonerTimed > soonerAgreed, "committed characters summed over the points written: " + soonerTimed + " forced by time, "
        + soonerAgreed + " on agreement");
  }

  /** Frames through the network after each point written, summed over the line. */
  private static long framesDecodedWhileWriting(Ink ink, LineRecognizer.Settings settings) {
    LineRecognizer r = new LineRecognizer(model, null, settings, "");
    long[] times = ink.relativeTimesMs();
    long sum = 0;
    int seq = 0;
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i < s.size(); i++, seq++) {
        r.addPoint(s.x()[i], s.y()[i], seq, times[seq]);
        sum += r.frames();
      }
      r.penUp();
    }
    return sum;
  }

  /** Right context bounded in pen time: frames are decoded sooner, and the stream still ends with the offline decode of the same setting. */
  @Test
  void shouldCommitTheOfflineDecodeWithTheWaitForRightContextBoundedInPenTime() {
    LineRecognizer.Settings bounded = new LineRecognizer.Settings(SETTINGS.chunk(), SETTINGS.context(), SETTINGS.beam(), 3, 40);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new LineRecognizer.Settings(SETTINGS.chunk(), SETTINGS.context(), SETTINGS.beam(), 3, -1));
    for (Ink ink : longLines(15, 8)) {
      String streamed = stream(ink, new java.util.ArrayList<>(), bounded);
      String offline = new Recognizer(model, bounded.chunk(), bounded.context(), 40).withBeamSearch(bounded.beam(), null).recognize(ink);
      assertEquals(offline, streamed, ink.text());
      long sooner = framesDecodedWhileWriting(ink, bounded), full = framesDecodedWhileWriting(ink, SETTINGS);
      assertTrue(sooner > full, ink.text() + ": frames decoded, summed over the points written: " + sooner + " bounded, " + full + " waiting");
    }
  }

  /** The line fed point by point with no update() until it ends: what a whole line decodes to. */
  private static String atOnce(Ink ink, LineRecognizer.Settings settings) {
    LineRecognizer r = new LineRecognizer(model, null, settings, "");
    long[] times = ink.relativeTimesMs();
    int seq = 0;
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i < s.size(); i++, seq++) r.addPoint(s.x()[i], s.y()[i], seq, 1_000_000 + times[seq]);
      r.penUp();
    }
    r.endLine();
    StringBuilder b = new StringBuilder();
    r.update().committed().forEach(c -> b.append(c.text()));
    assertEquals(r.text(), b.toString());
    return b.toString();
  }

  /**
   * Revision (right context 4, final 12): committed text never changes while writing, characters
   * commit before the line ends, and the line ends with what the same settings read from the whole
   * line at once; the committed characters' descriptions are those of the text.
   */
  @Test
  void shouldNeverChangeCommittedTextWhenRevising() {
    LineRecognizer.Settings revising = new LineRecognizer.Settings(8, 4, SETTINGS.beam().withConfidence(0.9), 3, 40, 12);
    int commitsBeforeEnd = 0;
    for (Ink ink : longLines(16, 8)) {
      List<String> history = new java.util.ArrayList<>();
      String fin = stream(ink, history, revising);
      commitsBeforeEnd += committedBeforeTheEnd(history, fin);
      assertEquals(atOnce(ink, revising), fin, ink.text());
    }
    assertTrue(commitsBeforeEnd >= 8, "characters committed before their line ended: " + commitsBeforeEnd);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new LineRecognizer.Settings(8, 4, SETTINGS.beam(), 3, 0, -1));
  }

  /**
   * Released at pen-up (revision): after each pen-up every frame written is decoded (none waits for
   * the next stroke), committed text never changes, commits fall elsewhere than without it, and the
   * line ends with what the same settings read from the whole line at once.
   */
  @Test
  void shouldDecideAtEachPenUpWhenReleasingThere() {
    LineRecognizer.Settings atPenUp = new LineRecognizer.Settings(8, 4, SETTINGS.beam().withConfidence(0.9), 3, 40, 12, true);
    LineRecognizer.Settings waiting = new LineRecognizer.Settings(8, 4, SETTINGS.beam().withConfidence(0.9), 3, 40, 12, false);
    int differ = 0, heldAtPenUp = 0;
    for (Ink ink : longLines(17, 8)) {
      List<String> early = new java.util.ArrayList<>(), late = new java.util.ArrayList<>();
      String fin = stream(ink, early, atPenUp);
      committedBeforeTheEnd(early, fin);
      assertEquals(atOnce(ink, atPenUp), fin, ink.text());
      stream(ink, late, waiting);
      if (!early.equals(late)) differ++;
      LineRecognizer r = new LineRecognizer(model, null, atPenUp, "");
      LineRecognizer w = new LineRecognizer(model, null, waiting, "");
      long seq = 0;
      long[] times = ink.relativeTimesMs();
      for (Ink.Stroke st : ink.strokes()) {
        for (int i = 0; i < st.size(); i++, seq++) {
          r.addPoint(st.x()[i], st.y()[i], seq, times[(int) seq]);
          w.addPoint(st.x()[i], st.y()[i], seq, times[(int) seq]);
        }
        r.penUp();
        w.penUp();
        assertEquals(r.network().pendingFrames(), r.network().provisionalFrames(), "every frame released at the pen-up");
        if (w.network().pendingFrames() > w.network().provisionalFrames()) heldAtPenUp++;
      }
    }
    assertTrue(heldAtPenUp > 0, "without it frames wait at pen-ups");
    assertTrue(differ > 0, "lines whose commits fell elsewhere: " + differ);
  }

  /** Checks that the committed text after each point only grew and the final text extends it; returns what was committed before the end. */
  private static int committedBeforeTheEnd(List<String> history, String fin) {
    String prev = "";
    for (String h : history) {
      assertTrue(h.startsWith(prev), "committed text changed from '" + prev + "' to '" + h + "'");
      prev = h;
    }
    assertTrue(fin.startsWith(prev));
    return prev.length();
  }

  @Test
  void shouldNeverChangeCommittedTextWhileWriting() {
    int commitsBeforeEnd = 0;
    for (Ink ink : longLines(13, 12)) {
      java.util.List<String> history = new java.util.ArrayList<>();
      String fin = stream(ink, history);
      commitsBeforeEnd += committedBeforeTheEnd(history, fin);
    }
    assertTrue(commitsBeforeEnd >= 12, "characters committed before their line ended: " + commitsBeforeEnd);
  }

  @Test
  void shouldDescribeEachCharacterWithConfidenceAlternativesAndInk() {
    Ink ink = ToyInk.lines(14, 1).get(0);
    LineRecognizer r = new LineRecognizer(model, null, SETTINGS, "");
    long seq = 100;
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i < s.size(); i++) r.addPoint(s.x()[i], s.y()[i], seq++, (long) s.t()[i]);
      r.penUp();
    }
    r.endLine();
    List<LineRecognizer.Char> chars = r.update().committed();
    assertTrue(!chars.isEmpty());
    long lastSeq = 99;
    for (LineRecognizer.Char c : chars) {
      assertTrue(c.confidence() > 0 && c.confidence() <= 1);
      assertEquals(3, c.alternatives().size());
      assertTrue(c.alternatives().stream().noneMatch(a -> a.text().equals(c.text())));
      assertTrue(c.alternatives().get(0).probability() >= c.alternatives().get(1).probability());
      assertTrue(c.span().firstSequence() >= 100 && c.span().lastSequence() < seq && c.span().firstSequence() <= c.span().lastSequence());
      assertTrue(c.span().firstSequence() >= lastSeq - 1, "spans move forward");
      lastSeq = c.span().lastSequence();
      assertTrue(c.span().firstStroke() <= c.span().lastStroke() && c.span().lastStroke() < ink.strokes().size());
    }
  }
}
