package inkstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.ink.InkJsonl;
import inkstream.ink.ToyInk;
import inkstream.decode.CharLm;
import inkstream.nn.Model;
import inkstream.nn.ModelConfig;
import inkstream.synth.TextSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end through Main.run: train, resume, eval --json, recognize, errors. */
class CliTest {
  private static String[] capture(String... args) {
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true));
    System.setErr(new PrintStream(e, true));
    try {
      int code = Main.run(args);
      return new String[] {Integer.toString(code), o.toString(), e.toString()};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void shouldTrainResumeEvaluateAndRecognizeWhenGivenJsonl(@TempDir Path dir) throws Exception {
    Path train = dir.resolve("train.jsonl"), val = dir.resolve("val.jsonl"), model = dir.resolve("m.pb");
    InkJsonl.write(train, ToyInk.lines(1, 24));
    InkJsonl.write(val, ToyInk.lines(2, 6));
    String[] r = capture("train", "--train", train.toString(), "--val", val.toString(), "--out", model.toString(), "--steps", "6",
        "--batch", "4", "--layers", "1", "--hidden", "8", "--checkpoint-every", "3", "--val-every", "3", "--warmup", "2");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[2].contains("6/6"), r[2]);
    assertTrue(r[2].contains("val CER"), r[2]);
    assertEquals(6, Model.load(model).provenance().getSteps());
    Path ckpt = dir.resolve("m.pb.ckpt");
    assertTrue(Files.exists(ckpt));
    r = capture("train", "--train", train.toString(), "--out", model.toString(), "--steps", "8", "--batch", "4", "--layers", "1",
        "--hidden", "8", "--resume", ckpt.toString(), "--warmup", "2");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[2].contains("resumed at step 6"), r[2]);
    assertEquals(8, Model.load(model).provenance().getSteps());

    r = capture("eval", "--model", model.toString(), "--data", val.toString(), "--json");
    assertEquals("0", r[0], r[2]);
    String last = r[1].strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.matches("\\{\"cer\": [0-9.]+, \"wer\": [0-9.]+, \"samples\": 6, \"chars\": \\d+, \"frames_per_second\": [0-9.]+, \"exact\": [0-9.]+}"), last);

    // every edit listed once: the counts of the confusions line add up to the character edits
    r = capture("eval", "--model", model.toString(), "--data", val.toString(), "--confusions", "1000", "--json");
    assertEquals("0", r[0], r[2]);
    String conf = r[1].lines().filter(l -> l.startsWith("confusions")).findFirst().orElseThrow();
    var json = java.util.regex.Pattern.compile("\"cer\": ([0-9.]+), .*\"chars\": (\\d+)").matcher(r[1].strip().lines().reduce((a, b) -> b).orElseThrow());
    assertTrue(json.find(), r[1]);
    long edits = Math.round(Double.parseDouble(json.group(1)) * Long.parseLong(json.group(2)));
    long listed = java.util.Arrays.stream(conf.substring(conf.indexOf(':') + 1).trim().split("\\s+")).skip(1).filter(t -> t.matches("\\d+"))
        .mapToLong(Long::parseLong).sum();
    assertTrue(edits > 0 && listed == edits, conf + " against " + edits + " edits");
    assertRefused("--confusions and --by-text are offline only", "eval", "--data", val.toString(), "--confusions", "3", "--kafka");
    assertRefused("--confusions and --by-text are offline only", "eval", "--data", val.toString(), "--by-text", "--kafka");
    assertRefused("--confusions and --by-text are offline only", "eval", "--data", val.toString(), "--by-text", "--replay");
    assertRefused("--kafka and --replay: one or the other", "eval", "--data", val.toString(), "--kafka", "--replay");
    assertRefused("--confusions must be >= 0: -2", "eval", "--data", val.toString(), "--confusions", "-2");
    // a row per reference text, every line in one of them, the rows' exact shares adding up to the total
    r = capture("eval", "--model", model.toString(), "--data", val.toString(), "--by-text");
    assertEquals("0", r[0], r[2]);
    var rows = r[1].lines().filter(l -> l.startsWith("  '")).toList();
    java.util.Set<String> texts = new java.util.TreeSet<>();
    for (var ink : InkJsonl.read(val)) texts.add("'" + ink.text() + "'");
    assertEquals(texts.size(), rows.size(), r[1]);
    var row = java.util.regex.Pattern.compile("lines +(\\d+) .*exact +([0-9.]+)%");
    double exactLines = 0;
    int lines = 0;
    for (String l : rows) {
      var m = row.matcher(l);
      assertTrue(m.find(), l);
      lines += Integer.parseInt(m.group(1));
      exactLines += Integer.parseInt(m.group(1)) * Double.parseDouble(m.group(2)) / 100;
    }
    assertEquals(6, lines);
    var total = java.util.regex.Pattern.compile("exact ([0-9.]+)%  ").matcher(r[1].lines().filter(l -> l.startsWith("lines")).findFirst().orElseThrow());
    assertTrue(total.find());
    assertEquals(Double.parseDouble(total.group(1)) * 6 / 100, exactLines, 0.01);

    r = capture("recognize", "--model", model.toString(), "--ink", val.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(6, r[1].lines().count());
  }

  @Test
  void shouldChooseStylesByNameOrByTheBeginningOfTheirNames(@TempDir Path dir) throws Exception {
    Path ink = dir.resolve("school.jsonl");
    String[] r = capture("synth", "--out", ink.toString(), "--count", "60", "--styles", "Playwrite*,Edu*,HersheyRoman", "--seed", "4");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[2].contains("in 50 styles"), r[2]); // 43 Playwrite and 6 Edu school hands, and HersheyRoman
    assertTrue(InkJsonl.read(ink).stream().allMatch(i -> i.id().startsWith("Playwrite") || i.id().startsWith("Edu") || i.id().startsWith("HersheyRoman-")));
    // the same fonts as a split: school, and with the training styles train,school
    String[] s = capture("synth", "--out", dir.resolve("split.jsonl").toString(), "--count", "2", "--split", "school");
    assertTrue(s[2].contains("in 49 styles"), s[2]);
    String[] t = capture("synth", "--out", dir.resolve("train.jsonl").toString(), "--count", "2");
    String[] ts = capture("synth", "--out", dir.resolve("both.jsonl").toString(), "--count", "2", "--split", "train,school");
    int train = Integer.parseInt(t[2].replaceAll("(?s).*in (\\d+) styles.*", "$1"));
    assertTrue(ts[2].contains("in " + (train + 49) + " styles"), t[2] + " / " + ts[2]);
    assertTrue(SynthCommand.named(java.util.List.of("Edu*"), "EduSABeginner"));
    assertFalse(SynthCommand.named(java.util.List.of("Edu"), "EduSABeginner"), "a name without * is matched whole");
    assertFalse(SynthCommand.named(java.util.List.of("Playwrite*"), "EMSTech"));
  }

  @Test
  void shouldWriteTheGivenShareOfLinesInAGroupOfFonts(@TempDir Path dir) throws Exception {
    Path all = dir.resolve("all.jsonl"), none = dir.resolve("none.jsonl"), some = dir.resolve("some.jsonl");
    String[] styles = {"--styles", "HersheyRoman,EMSTech,EMSFelix,HersheyScript", "--short", "--seed", "7"};
    assertEquals("0", capture(cat(new String[] {"synth", "--out", all.toString(), "--count", "40", "--share", "Hershey*=1"}, styles))[0]);
    assertTrue(InkJsonl.read(all).stream().allMatch(i -> i.id().startsWith("Hershey")));
    assertEquals("0", capture(cat(new String[] {"synth", "--out", none.toString(), "--count", "40", "--share", "Hershey*=0"}, styles))[0]);
    assertTrue(InkJsonl.read(none).stream().allMatch(i -> i.id().startsWith("EMS")));
    assertEquals("0", capture(cat(new String[] {"synth", "--out", some.toString(), "--count", "400", "--share", "EMSTech=0.25"}, styles))[0]);
    long tech = InkJsonl.read(some).stream().filter(i -> i.id().startsWith("EMSTech-")).count();
    assertTrue(tech >= 70 && tech <= 130, tech + " of 400 lines in EMSTech, a share of 0.25 (uniform: 100 of 400 too, but two groups here)");
    long felix = InkJsonl.read(some).stream().filter(i -> i.id().startsWith("EMSFelix-")).count();
    assertTrue(felix >= 70 && felix <= 130, felix + " of 400 lines in EMSFelix, a third of the other 0.75");
    // refusals: a group of none or all of the chosen fonts, a share outside [0, 1], no share
    for (String bad : new String[] {"Playwrite*=0.1", "Hershey*,EMS*=0.5", "Hershey*=1.5", "Hershey*", "Hershey*=a tenth"}) {
      String[] r = capture(cat(new String[] {"synth", "--out", dir.resolve("bad.jsonl").toString(), "--count", "2", "--share", bad}, styles));
      assertNotEquals("0", r[0], bad);
      assertTrue(r[2].contains("--share"), bad + ": " + r[2]);
    }
  }

  private static String[] cat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void shouldSynthesizeRenderAndEvaluateLatencyControlled(@TempDir Path dir) throws Exception {
    Path ink = dir.resolve("s.jsonl"), png = dir.resolve("s.png"), model = dir.resolve("m.pb");
    String[] r = capture("synth", "--out", ink.toString(), "--count", "5", "--styles", "HersheyRoman,EMSTech", "--seed", "4");
    assertEquals("0", r[0], r[2]);
    java.util.List<inkstream.ink.Ink> lines = InkJsonl.read(ink);
    assertEquals(5, lines.size());
    assertTrue(lines.stream().allMatch(i -> i.id().startsWith("HersheyRoman-4-") || i.id().startsWith("EMSTech-4-")));
    // same seed, same ink
    Path again = dir.resolve("again.jsonl");
    capture("synth", "--out", again.toString(), "--count", "5", "--styles", "HersheyRoman,EMSTech", "--seed", "4");
    assertEquals(Files.readString(ink), Files.readString(again));
    // mixed letter forms: the same text written by the same hands, some letters in the other font's form
    Path mixed = dir.resolve("mixed.jsonl");
    capture("synth", "--out", mixed.toString(), "--count", "5", "--styles", "HersheyRoman,EMSTech", "--seed", "4", "--allographs", "1");
    java.util.List<inkstream.ink.Ink> mixedLines = InkJsonl.read(mixed);
    assertEquals(lines.stream().map(inkstream.ink.Ink::text).toList(), mixedLines.stream().map(inkstream.ink.Ink::text).toList());
    assertTrue(mixedLines.stream().allMatch(i -> i.id().contains("~-4-")), "borrowed forms named: " + mixedLines.get(0).id());
    assertNotEquals(Files.readString(ink), Files.readString(mixed));
    // the pen's lag: the same text, hands, strokes and samples, other coordinates
    Path lagged = dir.resolve("lagged.jsonl");
    capture("synth", "--out", lagged.toString(), "--count", "5", "--styles", "HersheyRoman,EMSTech", "--seed", "4", "--pen-lag", "15");
    java.util.List<inkstream.ink.Ink> laggedLines = InkJsonl.read(lagged);
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(lines.get(i).id(), laggedLines.get(i).id());
      assertEquals(lines.get(i).text(), laggedLines.get(i).text());
      assertEquals(lines.get(i).strokes().size(), laggedLines.get(i).strokes().size());
      assertEquals(lines.get(i).points(), laggedLines.get(i).points());
    }
    assertNotEquals(Files.readString(ink), Files.readString(lagged));

    r = capture("train", "--train", ink.toString(), "--out", model.toString(), "--steps", "2", "--batch", "2", "--layers", "1", "--hidden", "4");
    assertEquals("0", r[0], r[2]);
    // trained with right contexts drawn from 2..6: the model records it, and a stream releases its frames from 2
    Path jittered = dir.resolve("j.pb");
    r = capture("train", "--train", ink.toString(), "--out", jittered.toString(), "--steps", "1", "--batch", "2", "--layers", "1", "--hidden", "4",
        "--chunk", "8", "--right-context", "6", "--right-context-jitter", "4");
    assertEquals("0", r[0], r[2]);
    inkstream.nn.Model j = inkstream.nn.Model.load(jittered);
    assertEquals(6, j.rightContextFrames());
    assertEquals(4, j.rightContextJitter());
    assertEquals(2, j.streamRightContextFrames());
    // two models of one shape averaged: the mean of their weights, both named in the provenance; other latency control refused
    Path second = dir.resolve("m2.pb"), avg = dir.resolve("avg.pb");
    r = capture("train", "--train", ink.toString(), "--out", second.toString(), "--steps", "1", "--batch", "2", "--layers", "1", "--hidden", "4",
        "--init", model.toString(), "--seed", "9");
    assertEquals("0", r[0], r[2]);
    r = capture("average", "--out", avg.toString(), model.toString(), second.toString());
    assertEquals("0", r[0], r[2]);
    Model m1 = Model.load(model), m2 = Model.load(second), mean = Model.load(avg);
    for (int i = 0; i < mean.weights().length; i += 17) assertEquals((m1.weights()[i] + m2.weights()[i]) / 2, mean.weights()[i], 1e-6);
    assertTrue(mean.provenance().getNotes().startsWith("uniform average of the weights of 2 models: [m.pb: 2 updates of: inkstream train"),
        mean.provenance().getNotes());
    assertTrue(mean.provenance().getNotes().contains("[m2.pb: 1 updates of: inkstream train"), mean.provenance().getNotes());
    assertEquals("inkstream average --out avg.pb m.pb m2.pb", mean.provenance().getCommand());
    assertRefused("model 2 was trained with chunk 8 and right context 6, model 1 with 0 and 0", "average", "--out", avg.toString(),
        model.toString(), jittered.toString());
    assertRefused("requires at least 2 values, but only 1 were specified", "average", "--out", avg.toString(), model.toString());
    r = capture("render", "--ink", ink.toString(), "--out", png.toString(), "--lines", "3", "--width", "600", "--model", model.toString());
    assertEquals("0", r[0], r[2]);
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(600, img.getWidth());
    assertEquals(3 * (90 + 18) + 10, img.getHeight());
    r = capture("eval", "--model", model.toString(), "--data", ink.toString(), "--chunk", "8", "--right-context", "4", "--json");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("\"samples\": 5"), r[1]);
  }

  /**
   * Test and validation lines come from the held-out sentences and training lines from the others,
   * and the commands' language model is trained on the others only: it scores a held-out sentence
   * exactly as a model of the training part does, and worse than one that had seen it.
   */
  @Test
  void shouldWriteTestLinesFromTextTheLanguageModelNeverSaw(@TempDir Path dir) throws Exception {
    String held = String.join("\n", TextSource.bundled(TextSource.Part.held_out).sentenceTexts());
    String training = String.join("\n", TextSource.bundled(TextSource.Part.train).sentenceTexts());
    for (String split : new String[] {"test_outline", "val", "train"}) {
      Path out = dir.resolve(split + ".jsonl");
      String[] r = capture("synth", "--out", out.toString(), "--count", "40", "--split", split, "--seed", "2");
      assertEquals("0", r[0], r[2]);
      int checked = 0;
      for (inkstream.ink.Ink ink : InkJsonl.read(out)) {
        String t = ink.text();
        if (t.length() < 30 || t.toUpperCase(java.util.Locale.ROOT).equals(t)) continue; // short, numbers or shouted lines
        checked++;
        assertTrue((split.equals("train") ? training : held).contains(t), split + " line not from its part: " + t);
      }
      assertTrue(checked >= 10, split + ": " + checked + " lines checked");
    }
    CharLm lm = BundledLm.get(5); // order 5 builds in a quarter of the time of the default 7
    CharLm trainOnly = new CharLm(5, ModelConfig.PRINTABLE_ASCII, TextSource.bundledSentences(TextSource.Part.train));
    CharLm everything = new CharLm(5, ModelConfig.PRINTABLE_ASCII, TextSource.bundledSentences(TextSource.Part.all));
    double bundled = 0, trained = 0, all = 0;
    for (String sentence : TextSource.bundledSentences(TextSource.Part.held_out).subList(0, 50)) {
      int[] h = sentence.chars().map(lm::symbol).toArray();
      for (int i = 0; i < h.length; i++) {
        bundled += lm.logProb(h, i, h[i]);
        trained += trainOnly.logProb(h, i, h[i]);
        all += everything.logProb(h, i, h[i]);
      }
    }
    assertEquals(trained, bundled, 0.0);
    assertTrue(all > bundled + 100, "held-out sentences: " + all + " nats seen, " + bundled + " unseen");
  }

  @Test
  void shouldExitWithMessageWhenInputsAreBad(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.pb");
    Files.writeString(bad, "not a model");
    Path data = dir.resolve("d.jsonl");
    InkJsonl.write(data, ToyInk.lines(1, 2));
    String[] r = capture("eval", "--model", bad.toString(), "--data", data.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].startsWith("error: " + bad + ": "), r[2]);
    r = capture("recognize", "--model", dir.resolve("missing.pb").toString(), "--ink", data.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("no such file"), r[2]);
    String out = dir.resolve("m.pb").toString();
    assertRefused("--dropout must be in [0, 1): 1.5", "train", "--train", data.toString(), "--out", out, "--dropout", "1.5");
    assertRefused("--whole-line-share must be in [0, 1]: 2.0", "train", "--train", data.toString(), "--out", out, "--chunk", "8", "--whole-line-share", "2");
    assertRefused("--chunk and --right-context must be >= 0", "train", "--train", data.toString(), "--out", out, "--chunk", "-3");
    assertRefused("the model cannot write '\u00e9'", "eval", "--data", data.toString(), "--charset", "0123\u00e9");
    assertRefused("--charset is offline only", "eval", "--data", data.toString(), "--charset", "0123", "--kafka");
    assertRefused("--charset is offline only", "eval", "--data", data.toString(), "--charset", "0123", "--replay");
    assertRefused("confidence must be in [0.5, 1]: 0.3", "eval", "--data", data.toString(), "--decoder", "lm", "--confidence", "0.3");
    assertRefused("decode.commit.confidence", "eval", "--data", data.toString(), "--decoder", "lm", "--confidence", "0.3", "--replay");
    assertRefused("digit forms exist for 1 and 7 only: \"4\"", "synth", "--out", dir.resolve("s.jsonl").toString(), "--count", "2",
        "--styles", "EMSTech", "--digit-forms", "4");
    assertRefused("--context-wait-ms is for the stream", "eval", "--data", data.toString(), "--context-wait-ms", "300");
    assertRefused("maxDelayMs < 0: -5", "eval", "--data", data.toString(), "--decoder", "lm", "--max-delay-ms", "-5");
    assertRefused("decode.right-context.max-wait.ms", "eval", "--data", data.toString(), "--context-wait-ms", "-1", "--replay");
    assertRefused("--final-context is for the stream", "eval", "--data", data.toString(), "--final-context", "32");
    assertRefused("decode.right-context.final.frames", "eval", "--data", data.toString(), "--final-context", "-1", "--replay");
    assertRefused("--release-at-pen-up is for the stream", "eval", "--data", data.toString(), "--release-at-pen-up", "true");
    assertRefused("confidenceDecay must be in [0, 1]: 2.0", "eval", "--data", data.toString(), "--decoder", "lm", "--confidence-decay", "2");
    assertRefused("decode.commit.confidence.decay", "eval", "--data", data.toString(), "--confidence-decay", "2", "--replay");
    assertRefused("--right-context-jitter must be >= 0: -1", "train", "--train", data.toString(), "--out", out, "--chunk", "8",
        "--right-context-jitter", "-1");
    assertRefused("--pen-up-cut must be in [0, 1]: 1.5", "train", "--train", data.toString(), "--out", out, "--chunk", "8",
        "--pen-up-cut", "1.5");
    assertRefused("--distill needs --chunk", "train", "--train", data.toString(), "--out", out, "--distill", "1");
    assertRefused("--widen needs --init", "train", "--train", data.toString(), "--out", out, "--widen", "192");
    assertRefused("--widen must be >= 0: -1", "train", "--train", data.toString(), "--out", out, "--widen", "-1");
    Path badFonts = java.nio.file.Files.createDirectories(dir.resolve("bad-fonts"));
    java.nio.file.Files.writeString(badFonts.resolve("broken.woff"), "not a font at all, just text");
    assertRefused("broken.woff: not a WOFF file (no 'wOFF' signature)", "synth", "--out", dir.resolve("f.jsonl").toString(), "--count", "1",
        "--fonts", badFonts.toString());
    java.nio.file.Files.delete(badFonts.resolve("broken.woff"));
    java.nio.file.Files.writeString(badFonts.resolve("broken.ttf"), "not a font at all, just text");
    assertRefused("broken.ttf: Broken: not a readable font", "synth", "--out", dir.resolve("f.jsonl").toString(), "--count", "1",
        "--fonts", badFonts.toString());
    assertRefused("Invalid value for option '--sentences'", "synth", "--out", dir.resolve("t.jsonl").toString(), "--count", "2", "--sentences", "none");
    assertRefused("order not in 1..8: 9", "eval", "--data", data.toString(), "--decoder", "lm", "--lm-order", "9");
    assertRefused("--allographs must be in [0, 1]: -0.5", "synth", "--out", dir.resolve("b.jsonl").toString(), "--count", "2", "--allographs", "-0.5");
    // real line formats: an IAM-OnDB lineStrokes folder with its transcriptions, an InkML file
    Path iam = Path.of("src/test/resources/fixtures/iamondb");
    String[] e = capture("eval", "--data", iam.resolve("lineStrokes").toString(), "--ascii", iam.resolve("ascii").toString());
    assertEquals("0", e[0], e[2]);
    assertTrue(e[1].contains("lines 1  chars 26"), e[1]);
    assertRefused("is a folder: IAM-OnDB lineStrokes need their transcriptions, --ascii DIR", "eval", "--data", iam.resolve("lineStrokes").toString());
    assertRefused("--ascii is for an IAM-OnDB lineStrokes folder", "eval", "--data", data.toString(), "--ascii", iam.resolve("ascii").toString());
    e = capture("eval", "--data", "src/test/resources/fixtures/sample.inkml");
    assertEquals("0", e[0], e[2]);
    assertTrue(e[1].contains("lines 1  chars 2"), e[1]);
    assertRefused("--pen-lag must be in [0, 50.0] ms: -1.0", "synth", "--out", dir.resolve("b.jsonl").toString(), "--count", "2", "--pen-lag", "-1");
    assertRefused("--blend must be in [0, 1]: 1.5", "synth", "--out", dir.resolve("b.jsonl").toString(), "--count", "2", "--blend", "1.5");
    assertRefused("--weight-noise must be >= 0: -0.1", "train", "--train", data.toString(), "--out", out, "--weight-noise", "-0.1");
    assertRefused("--distill must be >= 0: NaN", "train", "--train", data.toString(), "--out", out, "--chunk", "8", "--distill", "NaN");
  }

  /** A streaming measurement says what it measured: the decoding settings, defaults and overrides resolved. */
  @Test
  void shouldPrintTheStreamsDecodingSettingsWithAReplay(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.jsonl");
    InkJsonl.write(data, ToyInk.lines(3, 2));
    String[] r = capture("eval", "--data", data.toString(), "--replay", "--threads", "1");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("decoding: chunk 8, right context 4 (waited for at most 400 ms), revised until 32 frames of it, released at each pen-up,"
        + " beam 8, prune margin 7.0, decided at 0.999 of the mass, forced after 48 frames or 600 ms from the next character"), r[1]);
    r = capture("eval", "--data", data.toString(), "--replay", "--threads", "1", "--context-wait-ms", "0", "--max-delay", "0", "--max-delay-ms", "250",
        "--final-context", "0", "--right-context", "9");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("right context 9 (waited for in full), beam") && r[1].contains("forced after 250 ms"), r[1]);
    r = capture("eval", "--data", data.toString(), "--replay", "--threads", "1", "--release-at-pen-up", "false", "--confidence", "0.9",
        "--confidence-decay", "0.5");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("revised until 32 frames of it, beam 8") && r[1].contains("decided at 0.9 of the mass (falling to 0.450 at the forced bound)"), r[1]);
    r = capture("eval", "--data", data.toString(), "--replay", "--threads", "1", "--delay-from-next", "false");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("forced after 48 frames or 600 ms from its own peak"), r[1]);
    assertRefused("--delay-from-next is for the stream (--kafka or --replay)", "eval", "--data", data.toString(), "--delay-from-next", "true");
    assertRefused("lexiconPenalty must be finite and >= 0: -1.0", "eval", "--data", data.toString(), "--decoder", "lm", "--lexicon-penalty", "-1");
    assertRefused("Invalid value 2.0 for configuration decode.lm.sentence-start: Value must be no more than 1", "eval", "--data", data.toString(),
        "--replay", "--sentence-start", "2");
    assertRefused("Invalid value -1.0 for configuration decode.lexicon.penalty: Value must be at least 0", "eval", "--data", data.toString(),
        "--replay", "--lexicon-penalty", "-1", "--decoder", "lm");
  }

  /** recognize --decoder lm reads each line as eval --decoder lm does (the same search, LM, word check and line start); greedy reads otherwise. */
  @Test
  void shouldRecognizeWithTheLanguageModelAsEvalDoes(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.jsonl"), readings = dir.resolve("r.jsonl");
    InkJsonl.write(data, ToyInk.lines(5, 6));
    String[] lm = capture("recognize", "--ink", data.toString(), "--decoder", "lm");
    assertEquals("0", lm[0], lm[2]);
    String[] greedy = capture("recognize", "--ink", data.toString());
    assertEquals("0", greedy[0], greedy[2]);
    String[] e = capture("eval", "--data", data.toString(), "--threads", "1", "--decoder", "lm", "--readings", readings.toString());
    assertEquals("0", e[0], e[2]);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> expected = new java.util.ArrayList<>();
    for (String row : Files.readAllLines(readings)) expected.add(json.readTree(row).get("read").asText());
    assertEquals(expected, lm[1].lines().toList());
    assertTrue(!greedy[1].lines().toList().equals(expected), "greedy reads the same as the LM: the test shows nothing\n" + greedy[1]);
  }

  /** eval --readings writes each line's id, reference and reading, offline and streamed; the readings are what the CER counted. */
  @Test
  void shouldWriteEachLinesReading(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.jsonl"), off = dir.resolve("off.jsonl"), streamed = dir.resolve("streamed.jsonl");
    List<inkstream.ink.Ink> inks = ToyInk.lines(4, 3);
    InkJsonl.write(data, inks);
    String[] r = capture("eval", "--data", data.toString(), "--threads", "1", "--readings", off.toString());
    assertEquals("0", r[0], r[2]);
    String[] q = capture("eval", "--data", data.toString(), "--replay", "--threads", "1", "--readings", streamed.toString());
    assertEquals("0", q[0], q[2]);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (Path p : List.of(off, streamed)) {
      List<String> rows = Files.readAllLines(p);
      assertEquals(inks.size(), rows.size(), p.toString());
      inkstream.decode.ErrorRate er = new inkstream.decode.ErrorRate();
      for (int i = 0; i < rows.size(); i++) {
        var o = json.readTree(rows.get(i));
        assertEquals(inks.get(i).id(), o.get("id").asText());
        assertEquals(inks.get(i).text(), o.get("text").asText());
        er.add(o.get("text").asText(), o.get("read").asText());
        if (p == streamed) assertEquals(o.get("read").asText().length(), o.get("commit_latency_ms").size(), "a latency or null per committed character");
        else assertTrue(o.get("commit_latency_ms") == null, "offline: no latencies");
      }
      String printed = String.format(java.util.Locale.ROOT, "CER %.2f%%", 100 * er.cer());
      assertTrue((p == off ? r : q)[1].contains(printed), printed + " in " + (p == off ? r : q)[1]);
    }
  }

  @Test
  void shouldCompareSingleCharacterInkAndRefuseInkWithoutAny(@TempDir Path dir) throws Exception {
    // an 'l' drawn top-down, one drawn bottom-up (y grows downwards)
    Path a = dir.resolve("a.jsonl"), b = dir.resolve("b.jsonl");
    Files.writeString(a, "{\"id\":\"1\",\"text\":\"l\",\"points\":[[0,0,0,1],[0,10,10,1]]}\n"
        + "{\"id\":\"2\",\"text\":\"l\",\"points\":[[0,10,0,1],[0,0,10,1]]}\n");
    Files.writeString(b, "{\"id\":\"3\",\"text\":\"l\",\"points\":[[0,0,0,1],[0,10,10,1]]}\n");
    String[] r = capture("stats", "--ink", a.toString(), "--compare", b.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("'l'       2       0.50     1.00    1.00  |     1       1.00     1.00    1.00"), r[1]);
    assertTrue(r[1].contains("over 1 shared characters: 0.500"), r[1]);
    Path lines = dir.resolve("lines.jsonl");
    // ten characters written as two parallel lines 2 apart, 10 long: 22 points, path 20, spread 1
    Files.writeString(lines, "{\"id\":\"4\",\"text\":\"abcde fghij\",\"points\":[" + "[%d,0,%d,1],".repeat(11).formatted(
        java.util.stream.IntStream.range(0, 11).boxed().flatMap(i -> java.util.stream.Stream.of(i, i)).toArray()) + "[10,0,11,0],"
        + "[%d,2,%d,1],".repeat(11).formatted(java.util.stream.IntStream.range(0, 11).boxed().flatMap(i -> java.util.stream.Stream.of(i, 20 + i)).toArray())
        + "[10,2,31,0]]}\n");
    r = capture("stats", "--ink", lines.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("lines.jsonl                                   1     2.2     0.20         2.00"), r[1]);
    Path two = dir.resolve("two.jsonl");
    InkJsonl.write(two, List.of(new inkstream.ink.Ink("t", "ab", ToyInk.lines(1, 1).get(0).strokes())));
    assertRefused("no lines of exactly one character, none of 10 or more", "stats", "--ink", two.toString());
    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, "{not json\n");
    assertRefused("broken.jsonl:1: not valid JSON", "stats", "--ink", broken.toString());
  }

  /** The command exits with 2 and its error names the problem. */
  private static void assertRefused(String message, String... args) throws Exception {
    String[] r = capture(args);
    assertEquals("2", r[0], String.join(" ", args));
    assertTrue(r[2].contains(message), r[2]);
  }
}
