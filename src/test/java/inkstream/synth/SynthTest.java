package inkstream.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.ink.FeatureRecipe;
import inkstream.ink.Ink;
import inkstream.ink.InkJsonl;
import inkstream.nn.ModelConfig;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SynthTest {
  static final List<Font> FONTS;

  static {
    try {
      FONTS = FontCatalog.bundled();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Test
  void shouldCoverThePrintableAsciiAlphabetInEveryBundledFont() {
    assertEquals(11, FONTS.size());
    for (Font f : FONTS) {
      StringBuilder missing = new StringBuilder();
      ModelConfig.PRINTABLE_ASCII.codePoints().filter(cp -> cp != ' ' && (f.glyph(cp) == null || f.glyph(cp).strokes().isEmpty()))
          .forEach(missing::appendCodePoint);
      assertEquals("", missing.toString(), f.name() + " lacks glyphs");
    }
  }

  @Test
  void shouldNormalizeEveryFontToXHeightOneOnTheBaseline() {
    for (Font f : FONTS) {
      double[] x = Normalizer.box(f.glyph('x').strokes());
      assertEquals(1.0, x[3] - x[1], 1e-9, f.name());
      assertEquals(0.0, x[3], 1e-9, f.name());
      double[] h = Normalizer.box(f.glyph('H').strokes());
      double cap = h[3] - h[1];
      assertTrue(cap > 1.1 && cap < 2.6, f.name() + " cap height in x-heights: " + cap);
    }
  }

  @Test
  void shouldDetectCursiveFonts() {
    Font script = FONTS.stream().filter(f -> f.name().equals("HersheyScript")).findFirst().orElseThrow();
    Font roman = FONTS.stream().filter(f -> f.name().equals("HersheyRoman")).findFirst().orElseThrow();
    assertTrue(script.cursive());
    assertTrue(!roman.cursive());
  }

  @Test
  void shouldKnowWhenEachCharacterWasFinished() {
    for (Font f : FONTS) {
      String text = "It is 4 pm, Tim.";
      Ink ink = Synthesizer.write("t", text, f, new SplittableRandom(3), HandStyle.Options.PLAIN);
      double[] end = ink.charEndMs();
      assertEquals(text.length(), end.length);
      double first = Double.MAX_VALUE, last = -Double.MAX_VALUE;
      for (Ink.Stroke st : ink.strokes()) {
        for (double t : st.t()) {
          first = Math.min(first, t);
          last = Math.max(last, t);
        }
      }
      double latest = -Double.MAX_VALUE;
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == ' ') {
          assertTrue(Double.isNaN(end[i]), f.name() + ": a space has no ink");
          continue;
        }
        assertTrue(end[i] >= first && end[i] <= last, f.name() + ": '" + text.charAt(i) + "' ends at " + end[i]);
        latest = Math.max(latest, end[i]);
      }
      assertEquals(last, latest, 1e-9, f.name() + ": the last sample finishes some character");
      // words are written in order: every character of "Tim." ends after every character of "It"
      assertTrue(Math.min(Math.min(end[12], end[13]), Math.min(end[14], end[15])) > Math.max(end[0], end[1]), f.name());
    }
    Ink ink = Synthesizer.write("t", "ab c", FONTS.get(0), new SplittableRandom(3), HandStyle.Options.PLAIN);
    Ink back = InkJsonl.parseLine(InkJsonl.toLine(ink), "t");
    assertArrayEquals(ink.charEndMs(), back.charEndMs());
  }

  @Test
  void shouldBeDeterministicPerSeed() {
    Font f = FONTS.get(0);
    String a = InkJsonl.toLine(Synthesizer.write("a", "Hello, world 42!", f, new SplittableRandom(7), HandStyle.Options.PLAIN));
    String b = InkJsonl.toLine(Synthesizer.write("a", "Hello, world 42!", f, new SplittableRandom(7), HandStyle.Options.PLAIN));
    String c = InkJsonl.toLine(Synthesizer.write("a", "Hello, world 42!", f, new SplittableRandom(8), HandStyle.Options.PLAIN));
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void shouldKeepEveryAugmentationWithinItsRange() {
    for (boolean hard : new boolean[] {false, true}) {
      double[][] ranges = HandStyle.ranges(hard);
      SplittableRandom r = new SplittableRandom(1);
      for (int n = 0; n < 2000; n++) {
        boolean strokeOrder = n % 2 == 1, topStart = n % 4 >= 2, entryExit = n % 8 >= 4, digitForms = n % 16 >= 8;
        HandStyle st = HandStyle.sample(r, new HandStyle.Options(hard, strokeOrder, topStart, entryExit, digitForms ? "17" : ""));
        assertEquals(strokeOrder, st.variesStrokeOrder());
        assertEquals(topStart, st.topStartProbability() > 0);
        assertEquals(entryExit, st.entryExitProbability() > 0);
        if (!digitForms) assertEquals(0.0, st.digitFormProbability());
        double[] v = st.values();
        assertEquals(ranges.length, v.length);
        for (int i = 0; i < v.length; i++) {
          if (i == v.length - 3 && !topStart || i == v.length - 2 && !entryExit || i == v.length - 1 && !digitForms) continue; // not drawn: 0
          assertTrue(v[i] >= ranges[i][0] && v[i] <= ranges[i][1], "parameter " + i + " = " + v[i] + " outside " + ranges[i][0] + ".." + ranges[i][1]);
        }
      }
    }
  }

  @Test
  void shouldWriteInkOfBoundedSizeSpeedAndSamplingForEveryFont() throws Exception {
    TextSource text = TextSource.bundled(TextSource.Part.all);
    SplittableRandom r = new SplittableRandom(3);
    for (Font f : FONTS) {
      for (boolean hard : new boolean[] {false, true}) {
        String line = text.line(r);
        Ink ink = Synthesizer.write("x", line, f, r, HandStyle.Options.PLAIN.withHard(hard));
        assertEquals(line, ink.text());
        double minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE, minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE;
        double lastT = -1;
        for (Ink.Stroke s : ink.strokes()) {
          for (int i = 0; i < s.size(); i++) {
            minY = Math.min(minY, s.y()[i]);
            maxY = Math.max(maxY, s.y()[i]);
            minX = Math.min(minX, s.x()[i]);
            maxX = Math.max(maxX, s.x()[i]);
            assertTrue(s.t()[i] >= lastT, "time goes back in " + f.name());
            assertEquals(Math.rint(s.x()[i]), s.x()[i], "not on the device grid");
            lastT = s.t()[i];
          }
        }
        // at most 60 x-heights of 60 units tall plus distortion, and a line stays a line
        assertTrue(maxY - minY < 60 * 6, f.name() + " height " + (maxY - minY));
        assertTrue(maxX - minX < 60 * 70 * 1.5, f.name() + " width " + (maxX - minX));
        double perChar = lastT / Math.max(1, line.length());
        assertTrue(perChar > 20 && perChar < 2000, f.name() + " ms per character " + perChar);
        assertTrue(ink.features(FeatureRecipe.DEFAULT).count() >= line.replace(" ", "").length(), "too few frames for CTC");
      }
    }
  }

  /**
   * The held-out sentences (validation and test text) are every tenth block of 100, less those
   * the training part also has: the parts share no sentence, together they are the corpus, and a
   * long line cut from the held-out part is almost never text of the training part.
   */
  @Test
  void shouldHoldOutBlocksOfSentencesFromTheTrainingText() throws Exception {
    java.util.List<String> all = TextSource.bundledSentences(TextSource.Part.all), train = TextSource.bundledSentences(TextSource.Part.train),
        held = TextSource.bundledSentences(TextSource.Part.held_out);
    assertEquals(57_340, all.size());
    assertEquals(51_640, train.size()); // 516 blocks of 100 and the last 40; 57 blocks held out
    assertTrue(held.size() > 5_600 && held.size() <= 5_700, "held-out sentences " + held.size());
    java.util.Set<String> trainSet = new java.util.HashSet<>(train);
    assertTrue(held.stream().noneMatch(trainSet::contains), "a held-out sentence is also a training sentence");
    assertEquals(all.get(900), held.get(0), "the first held-out block is sentences 900-999");
    assertEquals(all.get(0), train.get(0));
    TextSource heldOut = TextSource.bundled(TextSource.Part.held_out);
    String trainText = String.join("\n", TextSource.bundled(TextSource.Part.train).sentenceTexts());
    java.util.List<String> heldTexts = heldOut.sentenceTexts();
    SplittableRandom r = new SplittableRandom(8);
    int long_ = 0, alsoInTraining = 0;
    for (int i = 0; i < 800; i++) {
      String line = heldOut.line(r);
      if (line.length() < 40 || line.toUpperCase(java.util.Locale.ROOT).equals(line)) continue; // short, numbers or shouted lines
      long_++;
      assertTrue(heldTexts.stream().anyMatch(t -> t.contains(line)), "not cut from a held-out sentence: " + line);
      if (trainText.contains(line)) alsoInTraining++;
    }
    assertTrue(long_ > 150, "long lines " + long_);
    assertTrue(alsoInTraining <= 2, alsoInTraining + " of " + long_ + " long held-out lines occur in the training text");
  }

  @Test
  void shouldCutCorpusLinesToRealLineLengths() throws Exception {
    TextSource text = TextSource.bundled(TextSource.Part.all);
    assertTrue(text.sentences() > 50_000);
    SplittableRandom r = new SplittableRandom(5);
    int shortLines = 0, longLines = 0, digits = 0;
    for (int i = 0; i < 3000; i++) {
      String line = text.line(r);
      assertTrue(line.length() >= 1 && line.length() <= TextSource.MAX_LINE, "length " + line.length() + ": " + line);
      assertTrue(line.chars().allMatch(c -> c >= 32 && c < 127));
      if (line.length() < 15) shortLines++;
      if (line.length() >= 40) longLines++;
      if (line.chars().anyMatch(Character::isDigit)) digits++;
    }
    assertTrue(shortLines > 200 && longLines > 500 && digits > 150, shortLines + " short, " + longLines + " long, " + digits + " with digits");
  }

  @Test
  void shouldWriteShortLinesOfEveryKind() throws Exception {
    TextSource text = TextSource.bundled(TextSource.Part.all);
    SplittableRandom r = new SplittableRandom(6);
    int single = 0, upper = 0, digit = 0, symbol = 0;
    for (int i = 0; i < 2000; i++) {
      String line = text.shortLine(r);
      assertTrue(line.length() >= 1 && line.length() <= 3, "length " + line.length() + ": " + line);
      assertTrue(line.chars().allMatch(c -> c > 32 && c < 127), line);
      if (line.length() == 1) single++;
      if (line.chars().anyMatch(Character::isUpperCase)) upper++;
      if (line.chars().anyMatch(Character::isDigit)) digit++;
      if (line.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) symbol++;
    }
    assertTrue(single > 700 && single < 1100 && upper > 200 && digit > 300 && symbol > 150,
        single + " single, " + upper + " upper, " + digit + " digits, " + symbol + " symbols");
  }

  @Test
  void shouldDetokenizeTaggedBrownSentences() {
    assertEquals("The jury said \"no evidence\" that Mr. Jones's cat, Jr., won't (really) go.",
        BrownCorpus.detokenize("The/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' that/cs Mr./np Jones's/np$ cat/nn ,/, Jr./np ,/, won't/md* (/( really/rb )/) go/vb ./."));
  }

  @Test
  void shouldParseRelativeAndCurvedSvgPaths() {
    List<double[]> s = SvgPath.parse("M 0 0 l 10 0 v 5 M 1 1 C 1 2 2 2 2 1 Z");
    assertEquals(2, s.size());
    assertArrayEquals(new double[] {0, 0, 10, 0, 10, 5}, s.get(0), 1e-12);
    double[] c = s.get(1);
    assertEquals(2 + 2 * 8 + 2, c.length); // start, eight curve points, close
    assertEquals(2.0, c[c.length - 4], 1e-12);
    assertEquals(1.0, c[c.length - 2], 1e-12);
  }

  /** A calm hand (no slant, jitter, hooks, joins or delays) with the given stroke-order behaviour. */
  private static HandStyle calm(double cornerLift, double reorder, double reverse) {
    return calm(cornerLift, reorder, reverse, 0);
  }

  /** A calm hand that begins letters at the top with the given probability. */
  private static HandStyle calm(double cornerLift, double reorder, double reverse, double topStart) {
    return new HandStyle(40, 0, 0, 0, 20, 1, 0.1, 1, 0, 0, 0, 0, 0, 0, 0, 0.05, 1, 20, 100, 0, 0, 0, 1, cornerLift, reorder, reverse, topStart);
  }

  @Test
  void shouldLiftThePenAtSharpCornersWhenVaryingStrokeOrder() {
    int without = 0, with = 0;
    for (Font f : FONTS) {
      Ink a = Synthesizer.write("a", "7LNZ", f, calm(0, 0, 0), new SplittableRandom(4));
      Ink b = Synthesizer.write("b", "7LNZ", f, calm(1, 0, 0), new SplittableRandom(4));
      without += a.strokes().size();
      with += b.strokes().size();
      assertTrue(b.strokes().size() >= a.strokes().size(), f.name());
      for (double t : b.charEndMs()) assertTrue(Double.isFinite(t), f.name() + ": a character without ink");
    }
    assertTrue(with >= without + 2 * FONTS.size(), "strokes of 7LNZ in all fonts: " + without + " as the fonts draw them, " + with + " lifting at corners");
  }

  @Test
  void shouldWriteALettersFirstStrokeLastWhenReordering() {
    int checked = 0;
    for (Font f : FONTS) {
      List<double[]> strokes = f.glyph('+').strokes();
      if (strokes.size() != 2) continue;
      Ink ink = Synthesizer.write("p", "+", f, calm(0, 1, 0), new SplittableRandom(5));
      assertEquals(2, ink.strokes().size(), f.name());
      double[] font = Normalizer.box(List.of(strokes.get(1)));
      Ink.Stroke first = ink.strokes().get(0);
      double w = max(first.x()) - min(first.x()), h = max(first.y()) - min(first.y());
      assertEquals(font[2] - font[0] > font[3] - font[1], w > h, f.name() + ": the font's second stroke comes first");
      checked++;
    }
    assertTrue(checked >= 5, "fonts drawing + in two strokes: " + checked);
  }

  /** Where a written character's ink starts: true when its first sample lies in the lower half of its box (y grows down). */
  private static boolean startsLow(Ink ink) {
    double top = Double.MAX_VALUE, bottom = -Double.MAX_VALUE;
    for (Ink.Stroke s : ink.strokes()) {
      top = Math.min(top, min(s.y()));
      bottom = Math.max(bottom, max(s.y()));
    }
    return ink.strokes().get(0).y()[0] > top + 0.5 * (bottom - top);
  }

  @Test
  void shouldBeginLettersAtTheTopWithTopStart() {
    int total = 0, lowByFont = 0, lowWithTopStart = 0;
    for (Font f : FONTS) {
      for (char ch : "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray()) {
        String t = String.valueOf(ch);
        if (!f.covers(t)) continue;
        total++;
        boolean before = startsLow(Synthesizer.write("a", t, f, calm(0, 0, 0, 0), new SplittableRandom(5)));
        boolean after = startsLow(Synthesizer.write("b", t, f, calm(0, 0, 0, 1), new SplittableRandom(5)));
        if (before) lowByFont++;
        if (after) lowWithTopStart++;
        assertTrue(before || !after, f.name() + " '" + ch + "': started at the top as the font draws it, at the bottom with top start");
      }
    }
    // measured: 155 of 396 characters start low as the fonts draw them, 39 with top start (those left are
    // mostly cursive lead-ins from the baseline, which are joins)
    assertTrue(total > 350 && lowByFont > 120 && lowWithTopStart < lowByFont / 3,
        total + " characters, " + lowByFont + " start low as the fonts draw them, " + lowWithTopStart + " with top start");
  }

  /** Loops (EMS Nixish draws 0, o, 8 from the bottom) start at their top; stems drawn upwards (EMS Readability's n, m) from theirs. */
  @Test
  void shouldStartLoopsAndStemsAtTheirTopWithTopStart() {
    String[][] cases = {{"EMSNixish", "0o8"}, {"EMSReadability", "nm"}};
    for (String[] c : cases) {
      Font f = FONTS.stream().filter(x -> x.name().equals(c[0])).findFirst().orElseThrow();
      for (char ch : c[1].toCharArray()) {
        Ink font = Synthesizer.write("a", String.valueOf(ch), f, calm(0, 0, 0, 0), new SplittableRandom(5));
        Ink hand = Synthesizer.write("b", String.valueOf(ch), f, calm(0, 0, 0, 1), new SplittableRandom(5));
        assertTrue(startsLow(font), c[0] + " '" + ch + "' as the font draws it starts low");
        assertTrue(!startsLow(hand), c[0] + " '" + ch + "' starts at the top with top start");
        assertEquals(1, hand.strokes().size(), c[0] + " '" + ch + "' in one stroke");
      }
    }
  }

  @Test
  void shouldNeitherAddNorRemoveStrokesWithTopStart() {
    // a calm hand with no extra letter spacing, so touching letters join
    HandStyle asFont = new HandStyle(40, 0, 0, 0, 20, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0.05, 1, 20, 100, 0, 0, 0, 1, 0, 0, 0, 0);
    HandStyle topStart = new HandStyle(40, 0, 0, 0, 20, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0.05, 1, 20, 100, 0, 0, 0, 1, 0, 0, 0, 1);
    for (Font f : FONTS) {
      Ink a = Synthesizer.write("a", "minimum canoe 359", f, asFont, new SplittableRandom(6));
      Ink b = Synthesizer.write("b", "minimum canoe 359", f, topStart, new SplittableRandom(6));
      assertEquals(a.strokes().size(), b.strokes().size(), f.name());
      assertNotEquals(InkJsonl.toLine(a).substring(8), InkJsonl.toLine(b).substring(8), f.name() + ": top start changed nothing");
    }
  }

  /** A calm hand (no extra letter spacing: touching letters join) with entry and exit strokes at the given probability. */
  private static HandStyle entering(double p) {
    return new HandStyle(40, 0, 0, 0, 20, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0.05, 1, 20, 100, 0, 0, 0, 1, 0, 0, 0, 0, p, 0);
  }

  @Test
  void shouldLeadIntoAndOutOfWordsWithEntryExit() {
    int words = 0, entered = 0, exited = 0;
    for (Font f : FONTS) {
      if (!f.covers("nun")) continue;
      words++;
      Ink a = Synthesizer.write("a", "nun", f, entering(1e-12), new SplittableRandom(8)); // the same draws, none applied
      Ink b = Synthesizer.write("b", "nun", f, entering(1), new SplittableRandom(8));
      assertEquals(a.strokes().size(), b.strokes().size(), f.name() + ": entry and exit strokes join their letters");
      float[] ax = a.strokes().get(0).x(), ay = a.strokes().get(0).y(), bx = b.strokes().get(0).x(), by = b.strokes().get(0).y();
      Ink.Stroke al = a.strokes().get(a.strokes().size() - 1), bl = b.strokes().get(b.strokes().size() - 1);
      double[] boxA = box(a), boxB = box(b);
      if (by[0] != ay[0] || bx[0] != ax[0]) {
        entered++;
        assertTrue(by[0] > ay[0] + 0.3 * 40, f.name() + ": the entry starts below the letter's own start");
        assertTrue(bx[0] < ax[0] && bx[0] >= ax[0] - 0.5 * 40 - 1, f.name() + ": the entry starts 0.2-0.5 x-heights to the left");
        assertTrue(by[0] <= ay[0] + 1.3 * 40 + 1, f.name() + ": the entry starts about at the baseline, at most 1.3 x-heights below the letter's start");
      }
      float lx = bl.x()[bl.size() - 1], ly = bl.y()[bl.size() - 1];
      if (lx != al.x()[al.size() - 1] || ly != al.y()[al.size() - 1]) {
        exited++;
        assertTrue(ly < al.y()[al.size() - 1] - 0.2 * 40 + 1 && lx > al.x()[al.size() - 1], f.name() + ": the exit rises to the right");
        assertTrue(boxB[2] <= boxA[2] + 0.45 * 40 + 1, f.name() + ": the exit is at most 0.45 x-heights long");
      }
      for (double t : b.charEndMs()) assertTrue(Double.isFinite(t), f.name());
      assertEquals(b.charEndMs()[2], b.strokes().get(b.strokes().size() - 1).t()[bl.size() - 1], 1e-9, f.name() + ": the exit is the last letter's ink");
    }
    // measured: 11 bundled fonts, 5 with an entry, 8 with an exit (cursive fonts whose n has its own lead-in
    // from the baseline get no second one; an n ending high gets no tail)
    assertTrue(words >= 10 && entered >= 4 && exited >= 6, words + " fonts, " + entered + " with an entry, " + exited + " with an exit");
  }

  @Test
  void shouldWriteALongFlagedOneAndACrossedSevenWithDigitForms() {
    HandStyle forms = new HandStyle(40, 0, 0, 0, 20, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0.05, 1, 20, 100, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1);
    int fonts = 0, feet = 0;
    for (Font f : FONTS) {
      if (!f.covers("17")) continue;
      fonts++;
      List<double[]> one = Synthesizer.digitForm('1', f.glyph('1').strokes(), forms, new SplittableRandom(fonts), true);
      assertEquals(1, one.size(), f.name() + ": the 1 in one stroke");
      double[] s = one.get(0);
      double top = Double.MAX_VALUE, bottom = -Double.MAX_VALUE;
      for (int i = 1; i < s.length; i += 2) {
        top = Math.min(top, s[i]);
        bottom = Math.max(bottom, s[i]);
      }
      double h = bottom - top;
      assertEquals(top, s[3], 1e-9, f.name() + ": up the flag to the top");
      assertTrue(s[1] - top >= 0.3 * h * Math.sin(Math.toRadians(25)) - 1e-9 && s[1] - top <= 0.6 * h + 1e-9, f.name() + ": the flag starts 0.13-0.6 heights below the top");
      assertTrue(s[0] < s[2], f.name() + ": the flag rises from the left");
      assertEquals(bottom, s[5], 1e-9, f.name() + ": down the stem to the bottom");
      if (s.length == 8) {
        feet++;
        assertEquals(bottom, s[7], 1e-9);
        assertTrue(s[6] - s[4] >= 0.2 * h - 1e-9 && s[6] - s[4] <= 0.4 * h + 1e-9, f.name() + ": a foot to the right");
      }
      List<double[]> font7 = f.glyph('7').strokes(), seven = Synthesizer.digitForm('7', font7, forms, new SplittableRandom(fonts), true);
      assertEquals(font7.size() + 1, seven.size(), f.name() + ": a crossbar");
      double[] bar = seven.get(seven.size() - 1);
      assertTrue(bar.length == 4 && bar[2] > bar[0] && Math.abs(bar[3] - bar[1]) < 0.2 * (bar[2] - bar[0]), f.name() + ": left to right, level");
      Ink ink = Synthesizer.write("d", "17", f, forms, new SplittableRandom(fonts));
      assertEquals(font7.size() + 2, ink.strokes().size(), f.name());
    }
    assertTrue(fonts >= 10 && feet > 0 && feet < fonts, fonts + " fonts, " + feet + " ones with a foot");
  }

  /** --digit-forms 7: a 7 is written as with both forms, a 1 as with none; the same draws either way. */
  @Test
  void shouldCrossSevensOnlyWhenOnlySevenIsChosen() {
    HandStyle.Options seven = new HandStyle.Options(false, true, true, false, "7");
    int ones = 0, sevens = 0;
    for (Font f : FONTS) {
      if (!f.covers("17")) continue;
      for (int seed = 0; seed < 8; seed++) {
        SplittableRandom r = new SplittableRandom(seed);
        HandStyle hand = HandStyle.sample(r, seven);
        assertEquals(InkJsonl.toLine(Synthesizer.write("a", "71", f, new SplittableRandom(seed), seven)),
            InkJsonl.toLine(Synthesizer.write("a", "71", f, hand, r, "7")), f.name() + " seed " + seed + ": the option reaches the writing");
        assertTrue(hand.digitFormProbability() > 0);
        for (String digit : new String[] {"7", "1"}) {
          String none = InkJsonl.toLine(Synthesizer.write("a", digit, f, hand, new SplittableRandom(seed), ""));
          String both = InkJsonl.toLine(Synthesizer.write("a", digit, f, hand, new SplittableRandom(seed), "17"));
          String only = InkJsonl.toLine(Synthesizer.write("a", digit, f, hand, new SplittableRandom(seed), "7"));
          assertEquals(digit.equals("7") ? both : none, only, f.name() + " seed " + seed + ": " + digit);
          if (!both.equals(none)) {
            if (digit.equals("7")) sevens++;
            else ones++;
          }
        }
      }
    }
    assertTrue(ones > 10 && sevens > 10, ones + " ones and " + sevens + " sevens in the writers' forms with both");
    assertThrows(IllegalArgumentException.class, () -> new HandStyle.Options(false, false, false, false, "4"));
  }

  /** Data sets made before --entry-exit regenerate bit for bit: the option's parameter is drawn last, only with it. */
  @Test
  void shouldLeaveOlderDataAloneWithoutEntryExit() {
    for (int seed = 0; seed < 20; seed++) {
      HandStyle a = HandStyle.sample(new SplittableRandom(seed), new HandStyle.Options(seed % 2 == 0, true, seed % 3 == 0, false, ""));
      HandStyle b = HandStyle.sample(new SplittableRandom(seed), new HandStyle.Options(seed % 2 == 0, true, seed % 3 == 0, true, ""));
      HandStyle c = HandStyle.sample(new SplittableRandom(seed), new HandStyle.Options(seed % 2 == 0, true, seed % 3 == 0, true, "17"));
      assertEquals(0.0, a.entryExitProbability());
      assertEquals(0.0, b.digitFormProbability());
      assertArrayEquals(java.util.Arrays.copyOf(a.values(), 27), java.util.Arrays.copyOf(b.values(), 27));
      assertArrayEquals(java.util.Arrays.copyOf(b.values(), 28), java.util.Arrays.copyOf(c.values(), 28));
      assertTrue(b.entryExitProbability() >= 0.1 && b.entryExitProbability() <= 0.7);
    }
  }

  private static double[] box(Ink ink) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (Ink.Stroke s : ink.strokes()) {
      b[0] = Math.min(b[0], min(s.x()));
      b[1] = Math.min(b[1], min(s.y()));
      b[2] = Math.max(b[2], max(s.x()));
      b[3] = Math.max(b[3], max(s.y()));
    }
    return b;
  }

  /** Stroke-order data sets made before --top-start regenerate bit for bit (hash of this line from commit ced817e). */
  @Test
  void shouldLeaveStrokeOrderDataAloneWithoutTopStart() throws Exception {
    Font f = FONTS.get(0);
    String line = InkJsonl.toLine(Synthesizer.write("g", "Ex 57+ the quick, brown fox.", f, new SplittableRandom(77), HandStyle.Options.PLAIN.withStrokeOrder(true)));
    byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("ea3215eb801274903b87d010100ff2fb34060040347d40d42fbb4c48a04631a0", java.util.HexFormat.of().formatHex(sha));
    for (int seed = 0; seed < 20; seed++) assertEquals(0.0, HandStyle.sample(new SplittableRandom(seed), HandStyle.Options.PLAIN.withStrokeOrder(true)).topStartProbability());
  }

  private static double max(float[] a) {
    double m = -Double.MAX_VALUE;
    for (float v : a) m = Math.max(m, v);
    return m;
  }

  private static double min(float[] a) {
    double m = Double.MAX_VALUE;
    for (float v : a) m = Math.min(m, v);
    return m;
  }

  /** Data sets made before --stroke-order regenerate bit for bit (hash of this line from commit 029f668). */
  @Test
  void shouldLeaveTheFontsStrokeOrderAloneByDefault() throws Exception {
    Font f = FONTS.get(0);
    assertEquals("HersheyScript", f.name());
    String line = InkJsonl.toLine(Synthesizer.write("g", "Ex 57+ the quick, brown fox.", f, new SplittableRandom(77), HandStyle.Options.PLAIN));
    byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("cf530e65dcb388ae8c6fc9e4450d342c8b5834e11f2ecc1fd286b98f07db0cc5", java.util.HexFormat.of().formatHex(sha));
    for (int seed = 0; seed < 20; seed++) assertTrue(!HandStyle.sample(new SplittableRandom(seed), HandStyle.Options.PLAIN).variesStrokeOrder());
  }

  /**
   * Blended fonts: a font blended with itself draws its own paths; blended with another, only
   * glyphs with the same number of strokes change, each point within the two glyphs' boxes and on
   * average at most w x MAX_MEAN_DISTANCE from the first font's path; the rest stay the first's.
   */
  @Test
  void shouldBlendOnlyCorrespondingGlyphsAndStayBetweenThem() {
    Font a = FONTS.get(10), b = FONTS.get(5); // EMS Tech and EMS Nixish: two print hands
    Font self = FontBlend.blend(a, a, 0.4);
    for (int cp = 'a'; cp <= 'z'; cp++) {
      Font.Glyph g = a.glyph(cp), h = self.glyph(cp);
      assertEquals(g.advance(), h.advance(), 1e-12);
      for (int s = 0; s < g.strokes().size(); s++) {
        double[] on = FontBlend.resample(g.strokes().get(s), h.strokes().get(s).length / 2);
        assertArrayEquals(on, h.strokes().get(s), 1e-9, "'" + (char) cp + "' blended with itself");
      }
    }
    int blended = 0;
    for (double w : new double[] {0.2, 0.5}) {
      Font m = FontBlend.blend(a, b, w);
      assertEquals(a.name() + "+" + b.name(), m.name());
      for (int cp = 33; cp < 127; cp++) {
        Font.Glyph ga = a.glyph(cp), gb = b.glyph(cp), gm = m.glyph(cp);
        if (gm == ga) continue;
        blended++;
        assertEquals(ga.strokes().size(), gb.strokes().size());
        double[] box = box(ga, gb);
        for (int s = 0; s < gm.strokes().size(); s++) {
          double[] pts = gm.strokes().get(s), on = FontBlend.resample(ga.strokes().get(s), pts.length / 2);
          double dist = 0;
          for (int k = 0; k < pts.length; k += 2) {
            assertTrue(pts[k] >= box[0] - 1e-9 && pts[k] <= box[2] + 1e-9 && pts[k + 1] >= box[1] - 1e-9 && pts[k + 1] <= box[3] + 1e-9);
            dist += Math.hypot(pts[k] - on[k], pts[k + 1] - on[k + 1]);
          }
          assertTrue(dist / (pts.length / 2) <= w * FontBlend.MAX_MEAN_DISTANCE + 1e-9, "'" + (char) cp + "' moved too far");
        }
      }
    }
    assertTrue(blended > 40, "glyphs blended: " + blended);
    assertThrows(IllegalArgumentException.class, () -> FontBlend.blend(a, b, 1.5));
  }

  /**
   * Mixed letter forms: share 0 leaves the font as it is; share 1 with one donor takes every
   * character the donor has from it (the rest stay the font's, the space always); with several
   * donors each changed glyph is one donor's own, the same draws per seed, and about the share
   * of the characters change.
   */
  @Test
  void shouldBorrowWholeGlyphsFromDonorsAtTheDrawnShare() {
    Font a = FONTS.get(10), b = FONTS.get(5), c = FONTS.get(0);
    assertSame(a, FontBlend.allographs(a, List.of(b), 0, new SplittableRandom(1)));
    Font all = FontBlend.allographs(a, List.of(b), 1, new SplittableRandom(1));
    assertEquals(a.name() + "~", all.name());
    assertEquals(a.cursive(), all.cursive());
    for (int cp : a.glyphs().keySet()) {
      Font.Glyph expected = cp != ' ' && b.glyph(cp) != null ? b.glyph(cp) : a.glyph(cp);
      assertSame(expected, all.glyph(cp), "'" + (char) cp + "'");
    }
    List<Font> donors = List.of(a, b, c);
    int changed = 0, letters = 0;
    for (int seed = 0; seed < 10; seed++) {
      Font m = FontBlend.allographs(a, donors, 0.3, new SplittableRandom(seed));
      Font again = FontBlend.allographs(a, donors, 0.3, new SplittableRandom(seed));
      assertEquals(m.glyphs(), again.glyphs(), "seed " + seed);
      for (int cp : a.glyphs().keySet()) {
        Font.Glyph g = m.glyph(cp);
        letters++;
        if (g == a.glyph(cp)) continue;
        changed++;
        assertTrue(g == b.glyph(cp) || g == c.glyph(cp), "'" + (char) cp + "' is a donor's glyph");
      }
    }
    // each character changes with probability 0.3 x (share of donors that are not the font itself and have it) <= 0.2
    double rate = changed / (double) letters;
    assertTrue(rate > 0.12 && rate < 0.24, "share of glyphs changed: " + rate);
    assertThrows(IllegalArgumentException.class, () -> FontBlend.allographs(a, donors, 1.5, new SplittableRandom(1)));
  }

  /**
   * The pen's lag is two first-order lags in series: a circle traced at angular frequency w comes
   * out, once settled, with its radius times 1 / (1 + (w tau)^2); a straight line at constant speed
   * stays on the line, trailing by about 2 tau x speed; the first point, the times and the number of samples stay.
   */
  @Test
  void shouldLagThePenLikeACriticallyDampedSystem() {
    double w = 2 * Math.PI * 5, tau = 10; // 5 turns per second; ms
    List<double[]> circle = new java.util.ArrayList<>();
    for (int t = 0; t <= 2000; t++) circle.add(new double[] {Math.cos(w * t / 1000), Math.sin(w * t / 1000), t, 0});
    Synthesizer.lag(circle, tau);
    assertArrayEquals(new double[] {1, 0, 0, 0}, circle.get(0), 0);
    double gain = 1 / (1 + Math.pow(w * tau / 1000, 2)); // 0.910
    for (int t = 1000; t <= 2000; t += 37) {
      double[] q = circle.get(t);
      assertEquals(t, q[2], 0);
      assertEquals(gain, Math.hypot(q[0], q[1]), 0.003, "radius at " + t + " ms");
    }
    List<double[]> line = new java.util.ArrayList<>();
    for (int t = 0; t <= 300; t += 5) line.add(new double[] {0.01 * t, 0.02 * t, t, 0});
    Synthesizer.lag(line, 8);
    for (double[] q : line) {
      assertEquals(2 * q[0], q[1], 1e-9, "on the line");
      assertTrue(q[0] <= 0.01 * q[2] + 1e-12, "behind the aim");
    }
    // settled, each stage trails a ramp sampled every dt by speed x dt / (e^(dt / tau) - 1), about tau x speed
    assertEquals(0.01 * (300 - 2 * 5 / (Math.exp(5 / 8.0) - 1)), line.get(line.size() - 1)[0], 1e-6, "settled lag");
  }

  /** With a lag the same hand writes the same samples at the same times, inside the path's box, on a shorter path. */
  @Test
  void shouldShortenThePathWithinTheLineWhenThePenLags() {
    for (Font f : FONTS) {
      Ink plain = Synthesizer.write("a", "minimum canoe 359", f, new SplittableRandom(6), HandStyle.Options.PLAIN);
      assertEquals(InkJsonl.toLine(plain), InkJsonl.toLine(Synthesizer.write("a", "minimum canoe 359", f, new SplittableRandom(6), HandStyle.Options.PLAIN, 0)));
      Ink lagged = Synthesizer.write("a", "minimum canoe 359", f, new SplittableRandom(6), HandStyle.Options.PLAIN, 15);
      assertEquals(plain.strokes().size(), lagged.strokes().size(), f.name());
      double pathPlain = 0, pathLagged = 0;
      for (int s = 0; s < plain.strokes().size(); s++) {
        Ink.Stroke a = plain.strokes().get(s), b = lagged.strokes().get(s);
        assertArrayEquals(a.t(), b.t(), f.name() + " stroke " + s);
        assertEquals(a.x()[0], b.x()[0], f.name());
        assertEquals(a.y()[0], b.y()[0], f.name());
        float x0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y0 = Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
        for (int i = 0; i < a.x().length; i++) {
          x0 = Math.min(x0, a.x()[i]);
          x1 = Math.max(x1, a.x()[i]);
          y0 = Math.min(y0, a.y()[i]);
          y1 = Math.max(y1, a.y()[i]);
        }
        for (int i = 0; i < b.x().length; i++) { // jitter (up to 0.4 units each way) and rounding on both sides
          assertTrue(b.x()[i] >= x0 - 2 && b.x()[i] <= x1 + 2 && b.y()[i] >= y0 - 2 && b.y()[i] <= y1 + 2, f.name() + " stroke " + s);
          if (i > 0) {
            pathPlain += Math.hypot(a.x()[i] - a.x()[i - 1], a.y()[i] - a.y()[i - 1]);
            pathLagged += Math.hypot(b.x()[i] - b.x()[i - 1], b.y()[i] - b.y()[i - 1]);
          }
        }
      }
      assertTrue(pathLagged < 0.99 * pathPlain, f.name() + ": " + pathLagged + " against " + pathPlain);
    }
    assertThrows(IllegalArgumentException.class,
        () -> Synthesizer.write("a", "ab", FONTS.get(0), new SplittableRandom(6), HandStyle.Options.PLAIN, Synthesizer.MAX_LAG_MS + 1));
  }

  /** The box of both glyphs' points (Normalizer.box of their strokes together). */
  private static double[] box(Font.Glyph a, Font.Glyph b) {
    List<double[]> strokes = new java.util.ArrayList<>(a.strokes());
    strokes.addAll(b.strokes());
    return Normalizer.box(strokes);
  }
}
