/*
 * Character and word error rates: Levenshtein distance over the reference length, accumulated over
 * a data set (total edits / total reference length, the usual corpus-level definition).
 */
package inkstream.decode;

public final class ErrorRate {
  private long charEdits, chars, wordEdits, words, samples, exact;

  public void add(String reference, String hypothesis) {
    int[] r = reference.codePoints().toArray(), h = hypothesis.codePoints().toArray();
    charEdits += distance(r, h);
    chars += r.length;
    String[] rw = split(reference), hw = split(hypothesis);
    wordEdits += distance(rw, hw);
    words += rw.length;
    samples++;
    if (reference.equals(hypothesis)) exact++;
  }

  /** Fraction of samples read exactly (for isolated characters: character accuracy). */
  public double exactRate() {
    return samples == 0 ? 0 : (double) exact / samples;
  }

  public double cer() {
    return chars == 0 ? 0 : (double) charEdits / chars;
  }

  public double wer() {
    return words == 0 ? 0 : (double) wordEdits / words;
  }

  public long chars() {
    return chars;
  }

  public long samples() {
    return samples;
  }

  private static String[] split(String s) {
    String t = s.trim();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }

  public static int distance(int[] a, int[] b) {
    return distance(a.length, b.length, (i, j) -> a[i] == b[j]);
  }

  public static int distance(Object[] a, Object[] b) {
    return distance(a.length, b.length, (i, j) -> a[i].equals(b[j]));
  }

  /** Whether element i of the first sequence equals element j of the second. */
  private interface Same {
    boolean at(int i, int j);
  }

  /** Levenshtein distance of two sequences of lengths n and m, two rows of dynamic programming. */
  private static int distance(int n, int m, Same same) {
    int[] prev = new int[m + 1], cur = new int[m + 1];
    for (int j = 0; j <= m; j++) prev[j] = j;
    for (int i = 1; i <= n; i++) {
      cur[0] = i;
      for (int j = 1; j <= m; j++) {
        int sub = prev[j - 1] + (same.at(i - 1, j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m];
  }
}
