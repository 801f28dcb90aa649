/*
 * The words of a text, as a trie over lower-case letters, for the beam search's word check: a
 * character n-gram scores a few characters at a time and lets through readings such as "bogether"
 * or "lended" whose every 7-gram is plausible, while the words a writer writes are mostly words the
 * corpus has (Graves et al. 2009 decode with a dictionary). A word is a maximal run of ASCII
 * letters, compared lower-case ("hasn't" is "hasn" and "t", "Mon-Fay" is "mon" and "fay").
 *
 * Nodes are ints: ROOT is the empty word; next() walks one letter, -1 when no word of the
 * lexicon continues that way.
 */
package inkstream.decode;

import java.util.List;

public final class Lexicon {
  public static final int ROOT = 0;
  private final CharLm.LongIntMap edges = new CharLm.LongIntMap(); // (node << 5 | letter) -> child + 1
  private final java.util.BitSet words = new java.util.BitSet(); // nodes that end a word
  private int nodes = 1;
  private int wordCount;

  /** The words of these texts. */
  public Lexicon(List<String> texts) {
    for (String t : texts) {
      int node = ROOT;
      for (int i = 0; i <= t.length(); i++) {
        char ch = i < t.length() ? t.charAt(i) : ' ';
        if (isLetter(ch)) {
          long k = key(node, ch);
          int child = edges.get(k) - 1;
          if (child < 0) {
            child = nodes++;
            edges.add(k, child + 1);
          }
          node = child;
        } else if (node != ROOT) {
          if (!words.get(node)) wordCount++;
          words.set(node);
          node = ROOT;
        }
      }
    }
  }

  /** Whether the lexicon reads this character as part of a word (an ASCII letter). */
  public static boolean isLetter(char ch) {
    return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z';
  }

  /** The node after a letter (either case), or -1 when no word continues so; node must be >= 0. */
  public int next(int node, char letter) {
    return edges.get(key(node, letter)) - 1;
  }

  /** The node of these letters from ROOT, or -1 when no word begins so. */
  public int node(CharSequence letters) {
    int node = ROOT;
    for (int i = 0; i < letters.length() && node >= 0; i++) node = next(node, letters.charAt(i));
    return node;
  }

  /** Whether the letters leading to node are a whole word. */
  public boolean isWord(int node) {
    return node > ROOT && words.get(node);
  }

  /** Distinct words. */
  public int words() {
    return wordCount;
  }

  private static long key(int node, char letter) {
    return ((long) node << 5) | (Character.toLowerCase(letter) - 'a' + 1);
  }
}
