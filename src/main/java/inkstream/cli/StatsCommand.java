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
    description = "Pen habits of single-character lines: share starting in the upper half, strokes, path per height.")
final class StatsCommand implements Callable<Integer> {
  @Option(names = "--ink", required = true, description = "Ink JSONL (lines of one character are counted).")
  Path ink;

  @Option(names = "--compare", description = "A second ink JSONL (e.g. real ink) shown beside the first.")
  Path compare;

  @Override
  public Integer call() throws Exception {
    Map<String, PenStats.Row> a = PenStats.of(InkJsonl.read(ink));
    Map<String, PenStats.Row> b = compare == null ? null : PenStats.of(InkJsonl.read(compare));
    if (a.isEmpty()) throw new IllegalArgumentException(ink + ": no lines of exactly one character");
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

  private static String cells(PenStats.Row r) {
    return String.format("%5d  %9.2f  %7.2f  %6.2f", r.n(), r.startTopShare(), r.meanStrokes(), r.medianPathPerHeight());
  }
}
