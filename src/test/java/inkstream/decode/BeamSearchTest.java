package inkstream.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.nn.Ctc;
import inkstream.nn.Kernels;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
  static final BeamSearch.Config EXHAUSTIVE = new BeamSearch.Config(256, 64, Double.NEGATIVE_INFINITY, 0, 0);

  private static float[] logOf(double... p) {
    float[] a = new float[p.length];
    for (int i = 0; i < p.length; i++) a[i] = (float) Math.log(p[i]);
    return a;
  }

  private static float[] randomLogp(int T, int K, long seed, double sharpness) {
    float[] logits = new float[T * K];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < logits.length; i++) logits[i] = (float) (sharpness * r.nextGaussian());
    float[] logp = new float[T * K];
    Kernels.logSoftmax(T, K, logits, logp);
    return logp;
  }

  @Test
  void shouldFindTheMostProbableLabellingWhereGreedyFails() {
    // two frames, p(blank) = .6, p(a) = .4: best path is blank-blank (""), but P("a") = .64 > P("") = .36
    float[] logp = logOf(0.6, 0.4, 0.6, 0.4);
    assertArrayEquals(new int[0], Greedy.decode(2, 2, logp));
    BeamSearch b = new BeamSearch(BeamSearch.Config.NO_LM, "a", null, "");
    b.advance(logp, 2);
    assertArrayEquals(new int[] {1}, b.best());
    assertEquals(Math.log(0.64), b.beams().get(0).acoustic(), 1e-6);
  }

  @Test
  void shouldScoreEachPrefixWithItsExactCtcProbabilityWhenNothingIsPruned() {
    int T = 7, K = 4;
    float[] logp = randomLogp(T, K, 1, 1.0);
    BeamSearch b = new BeamSearch(EXHAUSTIVE, "abc", null, "");
    b.advance(logp, T);
    for (BeamSearch.Prefix p : b.beams().subList(0, 10)) {
      double exact = -new Ctc().loss(T, K, logp, p.labels());
      assertEquals(exact, p.acoustic(), 1e-4, Arrays.toString(p.labels()));
    }
  }

  @Test
  void shouldGiveSameBeamsForAnySplitOfTheFrames() {
    int T = 60, K = 6;
    float[] logp = randomLogp(T, K, 2, 3.0);
    BeamSearch whole = new BeamSearch(BeamSearch.Config.NO_LM, "abcde", null, "");
    whole.advance(logp, T);
    SplittableRandom r = new SplittableRandom(3);
    BeamSearch parts = new BeamSearch(BeamSearch.Config.NO_LM, "abcde", null, "");
    int at = 0;
    while (at < T) {
      int n = Math.min(T - at, 1 + r.nextInt(9));
      parts.advance(Arrays.copyOfRange(logp, at * K, (at + n) * K), n);
      at += n;
    }
    assertArrayEquals(whole.best(), parts.best());
    assertEquals(whole.score(0), parts.score(0));
  }

  @Test
  void shouldNeverRetractCommittedLabelsOverRandomSequences() {
    for (double margin : new double[] {Double.POSITIVE_INFINITY, 6, 2})
    for (int delay : new int[] {0, 1, 5})
    for (double confidence : new double[] {1, 0.9, 0.6})
    for (int ms : new int[] {0, 150})
    for (long seed = 0; seed < 30; seed++) {
      int T = 80, K = 5;
      float[] logp = randomLogp(T, K, seed, 2.5);
      BeamSearch b = new BeamSearch(new BeamSearch.Config(6, 4, Math.log(1e-3), 0, 0.5, margin, delay, confidence, ms), "abcd", null, "");
      SplittableRandom clock = new SplittableRandom(seed);
      long penTime = 0;
      int[] committed = new int[0];
      for (int t = 0; t < T; t++) {
        penTime += clock.nextInt(5, 60) + (clock.nextInt(10) == 0 ? clock.nextInt(500) : 0); // pen pauses now and then
        b.advance(Arrays.copyOfRange(logp, t * K, (t + 1) * K), new long[] {penTime}, 1);
        int n = b.committedLength();
        assertTrue(n >= committed.length, "committed length fell at frame " + t);
        int[] now = Arrays.copyOf(b.best(), n);
        assertArrayEquals(committed, Arrays.copyOf(now, committed.length), "committed labels changed at frame " + t);
        for (BeamSearch.Prefix p : b.beams()) assertArrayEquals(now, Arrays.copyOf(p.labels(), n));
        committed = now;
      }
    }
  }

  /** A far-behind hypothesis holds back commitment by rank only; with a pruning margin it is dropped and the text commits. */
  @Test
  void shouldCommitSoonerWhenUnlikelyHypothesesArePruned() {
    int K = 3; // blank, a, b
    float lo = (float) Math.log(1e-3), hi = (float) Math.log(1 - 2e-3);
    // "a" clearly written: frame 0 says a, frame 1 blank; an "b" reading stays in the beam by rank
    float[] logp = {lo, hi, lo, hi, lo, lo};
    BeamSearch byRank = new BeamSearch(new BeamSearch.Config(4, 2, Double.NEGATIVE_INFINITY, 0, 0), "ab", null, "");
    BeamSearch pruned = new BeamSearch(new BeamSearch.Config(4, 2, Double.NEGATIVE_INFINITY, 0, 0, 5.0, 0), "ab", null, "");
    byRank.advance(logp, 2);
    pruned.advance(logp, 2);
    assertEquals(0, byRank.committedLength(), "the empty and 'b' readings survive by rank");
    assertEquals(1, pruned.committedLength(), "everything 5 nats behind 'a' is gone");
    assertArrayEquals(byRank.best(), pruned.best());
    for (BeamSearch.Prefix p : pruned.beams()) assertTrue(pruned.score(0) - 5.0 <= p.acoustic() + 1e-9);
  }

  /** (T, 3) log-probabilities over blank, a, b: blank throughout but frame 1, where a or b is written with these probabilities. */
  private static float[] spikeOfAOrB(int T, double a, double b) {
    float[] logp = new float[T * 3];
    for (int t = 0; t < T; t++) {
      boolean spike = t == 1;
      logp[t * 3] = (float) Math.log(spike ? 1 - a - b : 0.98);
      logp[t * 3 + 1] = (float) Math.log(spike ? a : 0.01);
      logp[t * 3 + 2] = (float) Math.log(spike ? b : 0.01);
    }
    return logp;
  }

  /** Two readings the ink never separates: unanimity waits forever, a maximum delay forces the better one. */
  @Test
  void shouldForceADecisionAfterTheMaximumDelay() {
    int K = 3, T = 12;
    float[] logp = spikeOfAOrB(T, 0.55, 0.43);
    BeamSearch.Config base = new BeamSearch.Config(4, 2, Double.NEGATIVE_INFINITY, 0, 0);
    BeamSearch waits = new BeamSearch(base, "ab", null, "");
    BeamSearch forced = new BeamSearch(base.withCommitment(Double.POSITIVE_INFINITY, 3), "ab", null, "");
    for (int t = 0; t < T; t++) {
      float[] f = Arrays.copyOfRange(logp, t * K, (t + 1) * K);
      waits.advance(f, 1);
      forced.advance(f, 1);
      assertEquals(0, waits.committedLength(), "frame " + t);
      assertEquals(t >= 4 ? 1 : 0, forced.committedLength(), "frame " + t); // emitted at frame 1, forced 3 frames later
    }
    assertArrayEquals(new int[] {1}, forced.best());
    assertArrayEquals(new int[] {1}, waits.best());
  }

  /**
   * The same undecided readings written slowly (100 ms per frame, a 700 ms pause before frame 6):
   * forced by pen time, 'a' is decided once the frame decoded is 300 ms younger than frame 1, or at
   * the first frame after the pause when that comes sooner; frames without times never force it.
   */
  @Test
  void shouldForceADecisionAfterTheMaximumPenTime() {
    int K = 3, T = 12;
    float[] logp = spikeOfAOrB(T, 0.55, 0.43);
    BeamSearch.Config base = new BeamSearch.Config(4, 2, Double.NEGATIVE_INFINITY, 0, 0);
    assertThrows(IllegalArgumentException.class, () -> base.withMaxDelayMs(-1));
    for (int ms : new int[] {300, 900}) {
      BeamSearch timed = new BeamSearch(base.withMaxDelayMs(ms), "ab", null, "");
      BeamSearch untimed = new BeamSearch(base.withMaxDelayMs(ms), "ab", null, "");
      BeamSearch both = new BeamSearch(base.withCommitment(Double.POSITIVE_INFINITY, 3).withMaxDelayMs(ms), "ab", null, "");
      for (int t = 0; t < T; t++) {
        float[] f = Arrays.copyOfRange(logp, t * K, (t + 1) * K);
        long[] time = {t * 100L + (t >= 6 ? 700 : 0)};
        timed.advance(f, time, 1);
        untimed.advance(f, 1);
        both.advance(f, time, 1);
        long since = time[0] - 100; // frame 1 was written at 100 ms
        assertEquals(since >= ms ? 1 : 0, timed.committedLength(), ms + " ms, frame " + t);
        assertEquals(0, untimed.committedLength(), ms + " ms, frame " + t);
        assertEquals(since >= ms || t >= 4 ? 1 : 0, both.committedLength(), ms + " ms, frame " + t); // whichever comes first
      }
      assertArrayEquals(new int[] {1}, timed.best());
    }
  }

  /**
   * 'a' written with 90% of the evidence against 'b' and against nothing written yet: unanimity
   * waits, a confidence of 0.85 decides for 'a' at the frame it is written, 0.95 does not.
   */
  @Test
  void shouldDecideACharacterOnceItsReadingHoldsTheConfiguredShareOfTheMass() {
    int K = 3, T = 10;
    float[] logp = spikeOfAOrB(T, 0.90, 0.08);
    BeamSearch.Config base = new BeamSearch.Config(4, 2, Double.NEGATIVE_INFINITY, 0, 0);
    BeamSearch waits = new BeamSearch(base, "ab", null, "");
    BeamSearch sure = new BeamSearch(base.withConfidence(0.85), "ab", null, "");
    BeamSearch unsure = new BeamSearch(base.withConfidence(0.95), "ab", null, "");
    for (int t = 0; t < T; t++) {
      float[] f = Arrays.copyOfRange(logp, t * K, (t + 1) * K);
      waits.advance(f, 1);
      sure.advance(f, 1);
      unsure.advance(f, 1);
      assertEquals(0, waits.committedLength(), "frame " + t);
      assertEquals(0, unsure.committedLength(), "frame " + t);
      assertEquals(t >= 1 ? 1 : 0, sure.committedLength(), "frame " + t);
    }
    assertArrayEquals(new int[] {1}, sure.best());
    assertTrue(unsure.beams().stream().anyMatch(p -> p.length() > 0 && p.labels()[0] == 2), "the 'b' reading survives at 0.95");
    assertThrows(IllegalArgumentException.class, () -> base.withConfidence(0.4));
    assertThrows(IllegalArgumentException.class, () -> base.withConfidence(1.1));
  }

  /**
   * The same 'a' against 'b' at 0.95 with a decision forced after 8 frames: without decay it waits
   * for the bound (frame 9, 8 after frame 1); the more the needed share decays with the character's
   * age, the sooner it is decided, never before it is written, always for 'a'.
   */
  @Test
  void shouldDecideADoubtfulCharacterSoonerTheMoreTheNeededShareDecays() {
    int K = 3, T = 14;
    float[] logp = spikeOfAOrB(T, 0.90, 0.08);
    BeamSearch.Config base = new BeamSearch.Config(4, 2, Double.NEGATIVE_INFINITY, 0, 0).withCommitment(Double.POSITIVE_INFINITY, 8)
        .withConfidence(0.95);
    int previous = Integer.MAX_VALUE;
    int[] decidedAt = new int[4];
    double[] decays = {0, 0.2, 0.5, 1};
    for (int d = 0; d < decays.length; d++) {
      BeamSearch b = new BeamSearch(base.withConfidenceDecay(decays[d]), "ab", null, "");
      decidedAt[d] = -1;
      for (int t = 0; t < T; t++) {
        b.advance(Arrays.copyOfRange(logp, t * K, (t + 1) * K), 1);
        if (b.committedLength() > 0 && decidedAt[d] < 0) decidedAt[d] = t;
      }
      assertArrayEquals(new int[] {1}, b.best(), "decay " + decays[d]);
      assertTrue(decidedAt[d] >= 1 && decidedAt[d] <= previous, "decay " + decays[d] + " decided at frame " + decidedAt[d]);
      previous = decidedAt[d];
    }
    assertEquals(9, decidedAt[0], "no decay: at the forced bound");
    assertTrue(decidedAt[3] < 9, "decay 1 decides before the bound: " + Arrays.toString(decidedAt));
    assertTrue(decidedAt[1] > decidedAt[3], "decay 0.2 later than decay 1: " + Arrays.toString(decidedAt));
    assertThrows(IllegalArgumentException.class, () -> base.withConfidenceDecay(-0.1));
    assertThrows(IllegalArgumentException.class, () -> base.withConfidenceDecay(1.5));
  }

  @Test
  void shouldPreferLanguageModelReadingsWhenTheInkIsAmbiguous() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz ";
    CharLm lm = new CharLm(4, alphabet, List.of("the cat sat on the mat", "the dog ate the cat", "a cat and the hat"));
    int K = alphabet.length() + 1;
    // "ca?" where the last letter is t or l with equal ink evidence, after a clear "ca"
    int[] clear = {alphabet.indexOf('c') + 1, alphabet.indexOf('a') + 1};
    float[] logp = new float[4 * K];
    Arrays.fill(logp, (float) Math.log(1e-4));
    logp[clear[0]] = (float) Math.log(0.99);
    logp[K] = (float) Math.log(0.99);
    logp[2 * K + clear[1]] = (float) Math.log(0.99);
    logp[3 * K + alphabet.indexOf('t') + 1] = (float) Math.log(0.45);
    logp[3 * K + alphabet.indexOf('l') + 1] = (float) Math.log(0.45);
    logp[3 * K + 2] = (float) Math.log(0.10); // so 'l' is not ahead by index
    BeamSearch withLm = new BeamSearch(new BeamSearch.Config(8, 8, Math.log(1e-3), 1.0, 0), alphabet, lm, "the ");
    withLm.advance(logp, 4);
    assertEquals("cat", decode(alphabet, withLm.best()));
  }

  @Test
  void shouldReadTheLexiconWordWhenTheInkAndTheCharacterModelPreferANonWord() {
    String alphabet = "aclot ";
    CharLm lm = new CharLm(1, alphabet, List.of("cat", "lol")); // a unigram: l is the likelier letter
    int K = alphabet.length() + 1;
    float[] logp = new float[3 * K];
    Arrays.fill(logp, (float) Math.log(1e-4));
    logp[alphabet.indexOf('c') + 1] = (float) Math.log(0.99);
    logp[K + alphabet.indexOf('a') + 1] = (float) Math.log(0.99);
    logp[2 * K + alphabet.indexOf('t') + 1] = (float) Math.log(0.40);
    logp[2 * K + alphabet.indexOf('l') + 1] = (float) Math.log(0.50);
    logp[2 * K] = (float) Math.log(0.10);
    BeamSearch.Config plain = new BeamSearch.Config(8, 8, Math.log(1e-3), 1.0, 1.0);
    BeamSearch without = new BeamSearch(plain, alphabet, lm, "");
    BeamSearch with = new BeamSearch(plain.withLexiconPenalty(2), alphabet, lm, "");
    without.advance(logp, 3);
    with.advance(logp, 3);
    assertEquals("cal", decode(alphabet, without.best()));
    assertEquals("cat", decode(alphabet, with.best()));
    assertThrows(IllegalArgumentException.class, () -> plain.withLexiconPenalty(-1));
    assertThrows(IllegalArgumentException.class, () -> plain.withLexiconPenalty(Double.POSITIVE_INFINITY));
  }

  /**
   * Exhaustive search over random frames, with and without the word check: every prefix's score
   * differs by the penalty times the words it leaves the lexicon in or ends unfinished, counted
   * here on strings (with the pre-context's last word), and nothing else changes; at the end of the
   * line the best reading is the best with its last word checked as finished.
   */
  @Test
  void shouldChargeThePenaltyOncePerWordOutsideTheLexicon() {
    String alphabet = "aclot ";
    List<String> words = List.of("cat", "cot", "lot", "a", "at", "tall");
    CharLm lm = new CharLm(3, alphabet, List.of(String.join(" ", words), "a cat at a lot"));
    BeamSearch.Config base = new BeamSearch.Config(4096, 64, Double.NEGATIVE_INFINITY, 0.7, 0.2);
    double penalty = 2.5;
    for (String context : List.of("", "ta", "lot c")) {
      float[] logp = randomLogp(4, alphabet.length() + 1, context.length(), 1.0);
      BeamSearch without = new BeamSearch(base, alphabet, lm, context);
      BeamSearch with = new BeamSearch(base.withLexiconPenalty(penalty), alphabet, lm, context);
      without.advance(logp, 4);
      with.advance(logp, 4);
      java.util.Map<String, Double> plain = new java.util.HashMap<>();
      for (int r = 0; r < without.beams().size(); r++) plain.put(decode(alphabet, without.beams().get(r).labels()), without.score(r));
      assertEquals(plain.size(), with.beams().size());
      int checked = 0;
      String expectedBest = null;
      double bestFinished = Double.NEGATIVE_INFINITY;
      for (int r = 0; r < with.beams().size(); r++) {
        String text = decode(alphabet, with.beams().get(r).labels());
        String tail = context.substring(context.lastIndexOf(' ') + 1), full = tail + text; // the word the context ends in goes on
        int misses = 0, unfinished = 0;
        for (int from = 0; from <= full.length(); ) {
          int to = full.indexOf(' ', from);
          if (to < 0) to = full.length();
          String w = full.substring(from, to);
          int k = w.length(); // how far w is the beginning of a word
          while (k > 0 && !startsAWord(words, w.substring(0, k))) k--;
          if (k < w.length()) {
            if (from + k >= tail.length()) misses++; // it left the lexicon in the text, not in the context
          } else if (to < full.length() && !w.isEmpty() && !words.contains(w)) {
            misses++; // ended unfinished
          } else if (to == full.length() && !w.isEmpty() && !words.contains(w)) {
            unfinished = 1; // unfinished when the line ends
          }
          from = to + 1;
        }
        assertEquals(plain.get(text) - penalty * misses, with.score(r), 1e-9, "'" + context + "' + '" + text + "'");
        if (misses > 0) checked++;
        if (with.score(r) - penalty * unfinished > bestFinished) {
          bestFinished = with.score(r) - penalty * unfinished;
          expectedBest = text;
        }
      }
      assertTrue(checked > 10, "few charged prefixes: " + checked);
      with.finish();
      assertEquals(expectedBest, decode(alphabet, with.best()), "'" + context + "'");
    }
  }

  /**
   * A line without pre-context is scored as beginning a sentence with the configured probability and
   * as continuing one (after a space) otherwise: every prefix's LM score is the weighted log of the
   * mixture of its two probabilities, computed here from the n-gram directly, through and beyond the
   * characters whose history reaches the line start. Share 1 is the sentence start alone, share 0 a space before the line.
   */
  @Test
  void shouldScoreALineStartAsTheMixtureOfASentenceStartAndAContinuation() {
    String alphabet = "aclot ";
    CharLm lm = new CharLm(3, alphabet, List.of("a cat at a lot", "Lot cat", "cot a"));
    double weight = 0.7, bonus = 0.2, share = 0.3;
    BeamSearch.Config base = new BeamSearch.Config(4096, 64, Double.NEGATIVE_INFINITY, weight, bonus);
    float[] logp = randomLogp(5, alphabet.length() + 1, 7, 1.0);
    BeamSearch mixed = new BeamSearch(base.withSentenceStart(share), alphabet, lm, "");
    mixed.advance(logp, 5);
    int checked = 0;
    for (int r = 0; r < mixed.beams().size(); r++) {
      BeamSearch.Prefix p = mixed.beams().get(r);
      int[] labels = p.labels();
      double sentence = Math.log(share), space = Math.log(1 - share);
      for (int i = 0; i < labels.length; i++) {
        int[] after = new int[i + 1]; // a space, then the labels before i
        after[0] = lm.symbol(' ');
        int[] before = new int[i];
        for (int j = 0; j < i; j++) before[j] = after[j + 1] = lm.symbol(alphabet.charAt(labels[j] - 1));
        int c = lm.symbol(alphabet.charAt(labels[i] - 1));
        sentence += lm.logProb(before, i, c);
        space += lm.logProb(after, i + 1, c);
      }
      double expected = p.acoustic() + weight * Kernels.logAdd(sentence, space) + bonus * labels.length;
      assertEquals(expected, mixed.score(r), 1e-9, decode(alphabet, labels));
      if (labels.length >= 4) checked++;
    }
    assertTrue(checked > 100, "few long prefixes: " + checked);
    // the two ends: share 1 is the sentence start (no pre-context), share 0 a space as pre-context
    for (double[] ends : new double[][] {{1, 0}, {0, 1}}) {
      BeamSearch edge = new BeamSearch(base.withSentenceStart(ends[0]), alphabet, lm, "");
      BeamSearch same = new BeamSearch(base, alphabet, lm, ends[1] == 0 ? "" : " ");
      edge.advance(logp, 5);
      same.advance(logp, 5);
      for (int r = 0; r < 50; r++) {
        assertArrayEquals(same.beams().get(r).labels(), edge.beams().get(r).labels());
        assertEquals(same.score(r), edge.score(r), 1e-12);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> base.withSentenceStart(1.5));
  }

  /**
   * The forced decision's clock: from the character's own peak, an 'a' read at the first frame is
   * forced three frames later although nothing after it was written yet; from the next character, it
   * waits until the character after it ('b', at frame 10) is three frames old, and that last
   * character, with nothing after it, is never forced.
   */
  @Test
  void shouldStartTheForcedDecisionsClockAtTheNextCharacter() {
    float[] logp = new float[15 * 3];
    for (int t = 0; t < 15; t++) {
      double[] p = t == 0 ? new double[] {0.05, 0.5, 0.45} : t == 10 ? new double[] {0.05, 0.05, 0.9} : new double[] {0.98, 0.01, 0.01};
      for (int k = 0; k < 3; k++) logp[t * 3 + k] = (float) Math.log(p[k]);
    }
    BeamSearch.Config base = new BeamSearch.Config(8, 3, Double.NEGATIVE_INFINITY, 0, 0).withCommitment(Double.POSITIVE_INFINITY, 3);
    BeamSearch peak = new BeamSearch(base, "ab", null, ""), next = new BeamSearch(base.withDelayFromNext(true), "ab", null, "");
    int[] byPeak = new int[15], byNext = new int[15];
    for (int t = 0; t < 15; t++) {
      peak.advance(Arrays.copyOfRange(logp, t * 3, t * 3 + 3), 1);
      next.advance(Arrays.copyOfRange(logp, t * 3, t * 3 + 3), 1);
      byPeak[t] = peak.committedLength();
      byNext[t] = next.committedLength();
    }
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2}, byPeak, Arrays.toString(byPeak));
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, byNext, Arrays.toString(byNext));
    assertArrayEquals(new int[] {1, 2}, next.best());
  }

  private static boolean startsAWord(List<String> words, String w) {
    return words.stream().anyMatch(x -> x.startsWith(w));
  }

  static String decode(String alphabet, int[] labels) {
    StringBuilder sb = new StringBuilder();
    for (int k : labels) sb.append(alphabet.charAt(k - 1));
    return sb.toString();
  }

  /**
   * Revision over random frames: each frame becomes final F frames after it arrives, and until then
   * is decoded with provisional values that change at every revision (the final ones plus noise).
   * Committed labels never change, every hypothesis shown agrees with them, and the final best
   * hypothesis starts with them.
   */
  @Test
  void shouldNeverRetractCommittedLabelsWhenRevising() {
    // also with a language model, its word check and the line-start mixture (scores of prefixes only: the same guarantees)
    CharLm small = new CharLm(3, "abc ", List.of("ab ca b", "cab ab", "a bc"));
    for (boolean withLm : new boolean[] {false, true})
    for (double confidence : new double[] {1, 0.9, 0.6})
    for (int delay : new int[] {0, 4})
    for (long seed = 0; seed < 20; seed++) {
      int T = 70, K = 5, F = 6;
      float[] logp = randomLogp(T, K, seed, 2.5);
      BeamSearch.Config config = new BeamSearch.Config(6, 4, Math.log(1e-3), withLm ? 0.5 : 0, 0.5, 4, delay, confidence, 0);
      BeamSearch b = withLm ? new BeamSearch(config.withLexiconPenalty(1.5).withSentenceStart(0.4), "abc ", small, "").revising()
          : new BeamSearch(config, "abcd", null, "").revising();
      SplittableRandom noise = new SplittableRandom(seed + 100);
      int[] committed = new int[0];
      int done = 0; // final frames given
      for (int t = 0; t < T; t++) {
        int finalUpTo = Math.max(0, t + 1 - F);
        if (finalUpTo > done) {
          b.advance(Arrays.copyOfRange(logp, done * K, finalUpTo * K), null, finalUpTo - done);
          done = finalUpTo;
        }
        int n = t + 1 - done;
        float[] prov = randomLogp(n, K, noise.nextLong(), 2.5);
        for (int i = 0; i < n * K; i++) prov[i] = 0.5f * (prov[i] + logp[done * K + i]);
        b.revise(prov, null, n);
        int c = b.committedLength();
        assertTrue(c >= committed.length, "committed length fell at frame " + t);
        int[] now = Arrays.copyOf(b.best(), c);
        assertArrayEquals(committed, Arrays.copyOf(now, committed.length), "committed labels changed at frame " + t);
        for (BeamSearch.Hypothesis h : b.hypotheses()) {
          int m = Math.min(c, h.labels().length);
          assertArrayEquals(Arrays.copyOf(now, m), Arrays.copyOf(h.labels(), m), "a hypothesis disagrees with committed text at frame " + t);
        }
        committed = now;
      }
      b.advance(Arrays.copyOfRange(logp, done * K, T * K), null, T - done);
      b.revise(new float[0], null, 0);
      assertArrayEquals(committed, Arrays.copyOf(b.best(), committed.length), "seed " + seed);
      assertTrue(b.best().length >= committed.length);
    }
  }

  /**
   * A revision that commits nothing leaves the final beam exactly as it found it (a beam of 512 on
   * two labels prunes nothing over the first 8 frames, so nothing commits).
   */
  @Test
  void shouldRestoreTheFinalBeamAfterARevision() {
    int K = 3;
    float[] f1 = randomLogp(5, K, 31, 1.0), p1 = randomLogp(3, K, 32, 1.0), f2 = randomLogp(15, K, 33, 1.0);
    BeamSearch.Config config = new BeamSearch.Config(512, 2, Double.NEGATIVE_INFINITY, 0, 0.5);
    BeamSearch revised = new BeamSearch(config, "ab", null, "").revising(), plain = new BeamSearch(config, "ab", null, "").revising();
    revised.advance(f1, null, 5);
    plain.advance(f1, null, 5);
    revised.revise(p1, null, 3);
    assertEquals(0, revised.committedLength(), "precondition: the revision committed nothing");
    assertTrue(plain.hypotheses().size() < revised.hypotheses().size(), "the revision showed more hypotheses");
    revised.advance(f2, null, 15);
    plain.advance(f2, null, 15);
    revised.revise(new float[0], null, 0);
    List<BeamSearch.Hypothesis> a = revised.hypotheses(), b = plain.hypotheses();
    assertEquals(b.size(), a.size());
    for (int r = 0; r < a.size(); r++) {
      assertArrayEquals(b.get(r).labels(), a.get(r).labels());
      assertArrayEquals(b.get(r).frames(), a.get(r).frames());
      assertEquals(b.get(r).score(), a.get(r).score());
    }
    assertThrows(IllegalStateException.class, () -> new BeamSearch(config, "ab", null, "").revise(p1, null, 3));
    assertThrows(IllegalStateException.class, () -> plain.revising());
  }

  /**
   * What a revision committed binds the final frames: it read 'a' (3 frames at 0.98), the final
   * frames read 'b' with 'a' below the label threshold, and the text still begins with 'a'.
   */
  @Test
  void shouldKeepWhatARevisionCommittedWhenTheFinalFramesReadOtherwise() {
    float[] sure = logOf(0.01, 0.98, 0.01, 0.01, 0.98, 0.01, 0.01, 0.98, 0.01, 0.98, 0.01, 0.01, 0.98, 0.01, 0.01);
    float[] other = logOf(0.01, 0.00001, 0.98999, 0.01, 0.00001, 0.98999, 0.98, 0.00001, 0.01999);
    BeamSearch b = new BeamSearch(new BeamSearch.Config(4, 2, Math.log(1e-3), 0, 0, 4, 0), "ab", null, "").revising();
    b.revise(sure, null, 5);
    assertEquals(1, b.committedLength());
    assertArrayEquals(new int[] {1}, b.best());
    b.advance(other, null, 3);
    b.revise(new float[0], null, 0);
    assertArrayEquals(new int[] {1}, b.best(), "the final frames alone read 'b'");
    for (BeamSearch.Hypothesis h : b.hypotheses()) assertTrue(h.labels().length == 0 || h.labels()[0] == 1, "not yet written or 'a'");
  }
}
