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
    return table(a.length, b.length, (i, j) -> a[i] == b[j])[a.length][b.length];
  }

  public static int distance(Object[] a, Object[] b) {
    return table(a.length, b.length, (i, j) -> a[i].equals(b[j]))[a.length][b.length];
  }

  /**
   * A minimum-edit alignment of hyp to ref: for each character of hyp, the index of the reference
   * character it stands for (kept or substituted), or -1 where it was inserted.
   */
  public static int[] align(String ref, String hyp) {
    int[] out = new int[hyp.length()];
    for (int[] p : alignment(ref, hyp)) if (p[1] >= 0) out[p[1]] = p[0];
    return out;
  }

  /** One edit of a minimum-edit alignment: a substitution, or a deletion (hyp empty) or insertion (ref empty). */
  public record Edit(String ref, String hyp) {}

  /** The edits of the minimum-edit alignment of align(), in text order: as many as the distance. */
  public static java.util.List<Edit> edits(String ref, String hyp) {
    java.util.List<Edit> out = new java.util.ArrayList<>();
    for (int[] p : alignment(ref, hyp)) {
      String r = p[0] < 0 ? "" : ref.substring(p[0], p[0] + 1), h = p[1] < 0 ? "" : hyp.substring(p[1], p[1] + 1);
      if (!r.equals(h)) out.add(new Edit(r, h));
    }
    return out;
  }

  /**
   * The minimum-edit alignment as pairs {ref index, hyp index} in text order, -1 on the side of an
   * insertion or deletion; on ties a kept or substituted pair first, then a deletion.
   */
  private static java.util.List<int[]> alignment(String ref, String hyp) {
    Same same = (i, j) -> ref.charAt(i) == hyp.charAt(j);
    int[][] d = table(ref.length(), hyp.length(), same);
    java.util.List<int[]> out = new java.util.ArrayList<>();
    int i = ref.length(), j = hyp.length();
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (same.at(i - 1, j - 1) ? 0 : 1)) {
        out.add(new int[] {--i, --j});
      } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
        out.add(new int[] {--i, -1});
      } else {
        out.add(new int[] {-1, --j});
      }
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /** Whether element i of the first sequence equals element j of the second. */
  private interface Same {
    boolean at(int i, int j);
  }

  /** Levenshtein table of two sequences of lengths n and m: d[i][j] edits between their first i and j elements. */
  private static int[][] table(int n, int m, Same same) {
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) d[i][0] = i;
    for (int j = 0; j <= m; j++) d[0][j] = j;
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int sub = d[i - 1][j - 1] + (same.at(i - 1, j - 1) ? 0 : 1);
        d[i][j] = Math.min(sub, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
      }
    }
    return d;
  }
}
