/*
 * inkstream stats: pen habits of single-character ink (where each character starts, strokes, path
 * length per height), of one file or of two side by side (e.g. synthetic against ../shared/real-ink).
 */
package inkstream.cli;

import inkstream.ink.InkJsonl;
import inkstream.ink.PenStats;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Pen habits of single-character lines (share starting in the upper half, strokes, path per height) and "
        + "ink per character of whole lines (points, strokes, path in units of the line's height spread).")
final class StatsCommand implements Callable<Integer> {
  @Option(names = "--ink", required = true, description = "Ink JSONL (lines of one character are counted).")
  Path ink;

  @Option(names = "--compare", description = "A second ink JSONL (e.g. real ink) shown beside the first.")
  Path compare;

  /** Lines of at least this many characters (spaces not counted) are counted as whole lines. */
  static final int MIN_LINE_CHARS = 10;

  @Override
  public Integer call() throws Exception {
    var inks = InkJsonl.read(ink);
    var others = compare == null ? null : InkJsonl.read(compare);
    Map<String, PenStats.Row> a = PenStats.of(inks);
    Map<String, PenStats.Row> b = others == null ? null : PenStats.of(others);
    PenStats.LineRow la = PenStats.lines(inks, MIN_LINE_CHARS), lb = others == null ? null : PenStats.lines(others, MIN_LINE_CHARS);
    if (a.isEmpty() && la == null)
      throw new IllegalArgumentException(ink + ": no lines of exactly one character, none of " + MIN_LINE_CHARS + " or more");
    if (la != null) {
      System.out.println("lines of " + MIN_LINE_CHARS + "+ characters, per character (medians): lines  points  strokes  path/spread");
      System.out.println(lineCells(ink, la));
      if (lb != null) System.out.println(lineCells(compare, lb));
    }
    if (a.isEmpty()) return 0;
    System.out.println(b == null ? "char      n  top-start  strokes  path/h" : "char      n  top-start  strokes  path/h  |      n  top-start  strokes  path/h   (" + compare.getFileName() + ")");
    for (var e : a.entrySet()) {
      if (b != null && !b.containsKey(e.getKey())) continue;
      StringBuilder line = new StringBuilder(String.format("%-5s %s", "'" + e.getKey() + "'", cells(e.getValue())));
      if (b != null) line.append("  | ").append(cells(b.get(e.getKey())));
      System.out.println(line);
    }
    if (b != null) System.out.printf("mean |difference| of the top-start share over %d shared characters: %.3f%n",
        a.keySet().stream().filter(b::containsKey).count(), PenStats.startTopGap(a, b));
    return 0;
  }

  private static String lineCells(Path file, PenStats.LineRow r) {
    return String.format("  %-40s %6d  %6.1f  %7.2f  %11.2f", file.getFileName(), r.lines(), r.pointsPerChar(), r.strokesPerChar(), r.pathPerChar());
  }

  private static String cells(PenStats.Row r) {
    return String.format("%5d  %9.2f  %7.2f  %6.2f", r.n(), r.startTopShare(), r.meanStrokes(), r.medianPathPerHeight());
  }
}
