/*
 * Text for synthetic lines: word windows of natural English sentences (the Brown corpus,
 * detokenized, one sentence per line in a resource), cut to real line lengths (1-60
 * characters), plus numbers, dates, prices and shouted words, which sentences rarely contain.
 */
package inkstream.synth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

public final class TextSource {
  public static final String BUNDLED = "/inkstream/synth/text/brown-sentences.txt";
  public static final int MAX_LINE = 60;

  /**
   * Which bundled sentences: the training part (the language model and the training lines), the
   * held-out part (validation and test lines: text the language model never saw, as a writer's is),
   * or all of them.
   */
  public enum Part { train, held_out, all }

  /**
   * The held-out part: every tenth block of 100 consecutive sentences (the corpus runs document by
   * document, so about a document's worth: held-out text is not just other sentences of the same
   * passages), less any sentence whose text the training part also has.
   */
  static final int BLOCK = 100, EVERY = 10;

  private final List<String[]> sentences; // words of each sentence

  public TextSource(List<String> sentences) {
    this.sentences = new ArrayList<>();
    for (String s : sentences) {
      String t = s.strip();
      if (!t.isEmpty() && t.chars().allMatch(c -> c >= 32 && c < 127)) this.sentences.add(t.split(" +"));
    }
    if (this.sentences.isEmpty()) throw new IllegalArgumentException("no usable sentences (printable ASCII only)");
  }

  public static TextSource bundled(Part part) throws IOException {
    return new TextSource(bundledSentences(part));
  }

  /** The bundled sentences of a part, in corpus order. */
  public static List<String> bundledSentences(Part part) throws IOException {
    List<String> all;
    try (InputStream in = TextSource.class.getResourceAsStream(BUNDLED)) {
      if (in == null) throw new IllegalStateException("missing " + BUNDLED);
      all = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
    }
    if (part == Part.all) return all;
    List<String> train = new ArrayList<>(), heldOut = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) (i / BLOCK % EVERY == EVERY - 1 ? heldOut : train).add(all.get(i));
    if (part == Part.train) return train;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String t : train) seen.add(t.strip());
    heldOut.removeIf(t -> seen.contains(t.strip()));
    return heldOut;
  }

  public int sentences() {
    return sentences.size();
  }

  /** The sentences as text (for training a language model). */
  public List<String> sentenceTexts() {
    return sentences.stream().map(w -> String.join(" ", w)).toList();
  }

  /** A line of 1..60 characters. */
  public String line(SplittableRandom r) {
    double u = r.nextDouble();
    if (u < 0.07) return numbers(r);
    int target = r.nextDouble() < 0.7 ? r.nextInt(25, MAX_LINE + 1) : r.nextInt(1, 25);
    String[] words = sentences.get(r.nextInt(sentences.size()));
    int start = words.length > 1 ? r.nextInt(words.length) : 0;
    if (r.nextDouble() < 0.3) start = 0; // sentence starts, with their capitals
    StringBuilder sb = new StringBuilder();
    for (int i = start; i < words.length; i++) {
      int len = sb.length() + (sb.length() > 0 ? 1 : 0) + words[i].length();
      if (len > MAX_LINE) break;
      if (sb.length() > 0) sb.append(' ');
      sb.append(words[i]);
      if (sb.length() >= target) break;
    }
    if (sb.length() == 0) sb.append(words[start], 0, Math.min(MAX_LINE, words[start].length()));
    String line = sb.toString();
    if (u > 0.97) line = line.toUpperCase(java.util.Locale.ROOT);
    return line;
  }

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz", UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", DIGITS = "0123456789",
      SYMBOLS = "+-/?^=*.,:;!'\"()#$%&@<>[]_";

  /**
   * A line of 1-3 characters: an isolated letter, digit or symbol, or a short word, number or
   * formula, the way people write boxes, answers, initials and labels (rare in sentence lines).
   */
  public String shortLine(SplittableRandom r) {
    int n = r.nextDouble() < 0.45 ? 1 : 2 + r.nextInt(2);
    if (n > 1 && r.nextDouble() < 0.4) { // a short word of the corpus, as written
      for (int tries = 0; tries < 20; tries++) {
        String[] words = sentences.get(r.nextInt(sentences.size()));
        String w = words[r.nextInt(words.length)];
        if (w.length() <= 3) return w;
      }
    }
    StringBuilder sb = new StringBuilder();
    String pool = pool(r);
    for (int i = 0; i < n; i++) {
      if (i > 0 && r.nextDouble() < 0.3) pool = pool(r);
      sb.append(pool.charAt(r.nextInt(pool.length())));
    }
    return sb.toString();
  }

  private static String pool(SplittableRandom r) {
    double u = r.nextDouble();
    return u < 0.35 ? LOWER : u < 0.55 ? UPPER : u < 0.85 ? DIGITS : SYMBOLS;
  }

  private static String numbers(SplittableRandom r) {
    return switch (r.nextInt(7)) {
      case 0 -> Integer.toString(r.nextInt(100_000));
      case 1 -> String.format(java.util.Locale.ROOT, "%d.%02d", r.nextInt(1000), r.nextInt(100));
      case 2 -> String.format(java.util.Locale.ROOT, "%d/%d/%d", 1 + r.nextInt(28), 1 + r.nextInt(12), 1900 + r.nextInt(130));
      case 3 -> String.format(java.util.Locale.ROOT, "%02d:%02d", r.nextInt(24), r.nextInt(60));
      case 4 -> String.format(java.util.Locale.ROOT, "$%d,%03d", 1 + r.nextInt(99), r.nextInt(1000));
      case 5 -> String.format(java.util.Locale.ROOT, "(%03d) %03d-%04d", r.nextInt(1000), r.nextInt(1000), r.nextInt(10000));
      default -> String.format(java.util.Locale.ROOT, "%d + %d = %d", r.nextInt(100), r.nextInt(100), r.nextInt(200));
    };
  }
}
