/*
 * inkstream synth: writes synthetic handwriting as ink JSONL, from given text lines or from the
 * bundled corpus, in the fonts of a data split.
 */
package inkstream.cli;

import inkstream.ink.Ink;
import inkstream.ink.InkJsonl;
import inkstream.synth.Font;
import inkstream.synth.FontBlend;
import inkstream.synth.FontCatalog;
import inkstream.synth.HandStyle;
import inkstream.synth.Synthesizer;
import inkstream.synth.TextSource;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "synth", mixinStandardHelpOptions = true, description = "Write synthetic handwriting as ink JSONL.")
final class SynthCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Ink JSONL to write.")
  Path out;

  @Option(names = "--count", defaultValue = "100", description = "Lines to write when no --text is given (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--text", description = "Text file: one line of ink per line of text (default: lines from the bundled corpus).")
  Path text;

  @Option(names = "--split", defaultValue = "train", split = ",",
      description = "Fonts of these splits: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; train,school adds the school handwriting models).")
  List<FontCatalog.Split> split;

  @Option(names = "--styles", split = ",",
      description = "Only these font names (overrides --split); a name ending in * stands for every name it begins (Playwrite*,Edu*: the school hands).")
  List<String> styles;

  @Option(names = "--fonts", description = "Directory of extra fonts (e.g. ../shared/fonts/ems): single-line SVG fonts, and outline fonts (WOFF, TTF, OTF) skeletonized into pen paths.")
  Path fonts;

  @Option(names = "--hard", description = "Strong distortion, unusual slant, fast sloppy timing.")
  boolean hard;

  @Option(names = "--stroke-order", description = "Writers' own stroke order: pen lifted at sharp corners, a letter's strokes reordered, horizontal lines left to right, some strokes reversed.")
  boolean strokeOrder;

  @Option(names = "--top-start", description = "Writers begin letters at the top: strokes a font draws upwards from a letter's bottom reversed, loops started at their top, "
      + "upward first stems drawn down and back up, a letter starting low begun with its highest stroke.")
  boolean topStart;

  @Option(names = "--entry-exit", description = "Entry and exit strokes: some words begin with a curved upstroke from the baseline into their first letter "
      + "(i, m, n, r, u, v, w, y, p) and end with a rising tail, as cursive writers lead in and out.")
  boolean entryExit;

  @Option(names = "--digit-forms", arity = "0..1", fallbackValue = "17", defaultValue = "", paramLabel = "DIGITS",
      description = "Writers' own digit forms: some hands write a 1 as a long upstroke into the stem, sometimes with a foot, "
      + "and cross the 7. Optionally which of them: --digit-forms 7 crosses 7s only (the same lines otherwise; default both).")
  String digitForms;

  @Option(names = "--blend", defaultValue = "0", paramLabel = "SHARE",
      description = "Share of lines written in a blend of their font with another of the chosen fonts: corresponding glyphs moved 20-50% "
          + "of the way towards the other's (FontBlend), letter shapes between the fonts' (default ${DEFAULT-VALUE}: none; without it "
          + "the generator draws what it drew before).")
  double blend;

  @Option(names = "--allographs", defaultValue = "0", paramLabel = "SHARE",
      description = "Writers' mixed letter forms: each line's hand takes each character with a probability drawn from [0, SHARE] "
          + "from another of the chosen fonts (one form per character in the line). Default 0: lines as without the option.")
  double allographs;

  @Option(names = "--pen-lag", defaultValue = "0", paramLabel = "MS",
      description = "The pen's inertia: each line's pen follows its path with a time constant drawn from [0, MS] milliseconds "
          + "(critically damped): loops shrink, corners round, retraced stems fall short, more the faster the hand writes. "
          + "Default 0: lines as without the option.")
  double penLag;

  @Option(names = "--share", paramLabel = "NAMES=SHARE",
      description = "Write that share of the lines in the chosen fonts named (as --styles names them: Playwrite*,Edu*=0.1), the rest "
          + "in the others; by default every chosen font is as likely as any other, so a design with many variants weighs as many fonts.")
  String share;

  @Option(names = "--short", description = "Lines of 1-3 characters (isolated letters, digits, symbols, short words) instead of corpus lines.")
  boolean shortLines;

  @Option(names = "--sentences", paramLabel = "PART",
      description = "Bundled sentences the lines are cut from: train (those the language model is trained on), held_out (never in it) or all "
          + "(default: train for --split train or train,school, held_out otherwise, so validation and test text is new to the language model).")
  TextSource.Part sentences;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}); line i uses seed and i only.")
  long seed;

  /**
   * How a line's font is drawn from the chosen ones: each as likely as any other, or (--share NAMES=SHARE) from the group
   * named with probability share and from the rest otherwise, each uniformly within its part.
   */
  record FontDraw(List<Font> group, List<Font> rest, double share) {
    static FontDraw of(List<Font> chosen, String spec) {
      if (spec == null) return new FontDraw(chosen, List.of(), 1);
      int eq = spec.lastIndexOf('=');
      if (eq < 0) throw new IllegalArgumentException("--share takes NAMES=SHARE, e.g. Playwrite*,Edu*=0.1: " + spec);
      List<String> names = List.of(spec.substring(0, eq).split(","));
      double share;
      try {
        share = Double.parseDouble(spec.substring(eq + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--share takes NAMES=SHARE with a number for SHARE: " + spec);
      }
      if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("--share must be in [0, 1]: " + spec);
      java.util.Map<Boolean, List<Font>> parts = chosen.stream().collect(java.util.stream.Collectors.partitioningBy(f -> named(names, f.name())));
      List<Font> group = parts.get(true), rest = parts.get(false);
      if (group.isEmpty() || rest.isEmpty())
        throw new IllegalArgumentException("--share names " + group.size() + " of the " + chosen.size() + " chosen fonts: it needs some of them and not all");
      return new FontDraw(group, rest, share);
    }

    /** The next line's font; without --share one draw, as before the option existed, so lines stay the same. */
    Font next(SplittableRandom r) {
      if (rest.isEmpty()) return group.get(r.nextInt(group.size()));
      List<Font> pool = r.nextDouble() < share ? group : rest;
      return pool.get(r.nextInt(pool.size()));
    }
  }

  /** Whether a style name is one of the names, or begins with one ending in '*'. */
  static boolean named(List<String> names, String name) {
    for (String n : names) if (n.endsWith("*") ? name.startsWith(n.substring(0, n.length() - 1)) : name.equals(n)) return true;
    return false;
  }

  @Override
  public Integer call() throws Exception {
    List<Font> all = FontCatalog.all(fonts);
    List<Font> chosen = styles != null ? all.stream().filter(f -> named(styles, f.name())).toList() : FontCatalog.select(all, split);
    if (chosen.isEmpty()) throw new IllegalArgumentException("no fonts selected (known: " + all.stream().map(Font::name).toList() + ")");
    List<String> lines = text != null ? Files.readAllLines(text, StandardCharsets.UTF_8) : null;
    TextSource.Part part = sentences != null ? sentences : split.contains(FontCatalog.Split.train) && styles == null ? TextSource.Part.train : TextSource.Part.held_out;
    TextSource corpus = lines == null ? TextSource.bundled(part) : null;
    if (!(blend >= 0 && blend <= 1)) throw new IllegalArgumentException("--blend must be in [0, 1]: " + blend);
    if (!(allographs >= 0 && allographs <= 1)) throw new IllegalArgumentException("--allographs must be in [0, 1]: " + allographs);
    if (!(penLag >= 0 && penLag <= Synthesizer.MAX_LAG_MS))
      throw new IllegalArgumentException("--pen-lag must be in [0, " + Synthesizer.MAX_LAG_MS + "] ms: " + penLag);
    FontDraw draw = FontDraw.of(chosen, share);
    HandStyle.Options options = new HandStyle.Options(hard, strokeOrder, topStart, entryExit, digitForms);
    int n = lines != null ? lines.size() : count;
    String[] json = new String[n];
    IntStream.range(0, n).parallel().forEach(i -> {
      long lineSeed = seed * 1_000_003L + i;
      SplittableRandom r = new SplittableRandom(lineSeed);
      Font font = draw.next(r);
      java.util.function.Supplier<String> next = () -> shortLines ? corpus.shortLine(r) : corpus.line(r);
      String t = lines != null ? lines.get(i) : next.get();
      for (int tries = 0; !font.covers(t) && tries < 10; tries++) t = lines != null ? t : next.get();
      if (blend > 0) { // drawn only with the option, so lines without it stay as they were
        boolean use = r.nextDouble() < blend;
        Font other = chosen.get(r.nextInt(chosen.size()));
        double w = r.nextDouble(0.2, 0.5);
        if (use && other != font) font = FontBlend.blend(font, other, w);
      }
      if (allographs > 0) { // its own generator: the text and the hand stay those of the line without the option
        SplittableRandom ra = new SplittableRandom(~lineSeed);
        font = FontBlend.allographs(font, chosen, ra.nextDouble() * allographs, ra);
      }
      // its own generator too (a different stream from the allographs'), so text and hand stay the line's
      double lag = penLag > 0 ? new SplittableRandom(lineSeed * 0x9E3779B97F4A7C15L + 1).nextDouble() * penLag : 0;
      Ink ink = Synthesizer.write(font.name() + "-" + seed + "-" + i, t, font, r, options, lag);
      json[i] = InkJsonl.toLine(ink);
    });
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (String j : json) {
        w.write(j);
        w.write('\n');
      }
    }
    System.err.println("wrote " + n + " lines in " + chosen.size() + " styles to " + out);
    return 0;
  }
}
