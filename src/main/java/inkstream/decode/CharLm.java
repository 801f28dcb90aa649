/*
 * A character n-gram language model with interpolated Witten-Bell smoothing, trained on plain
 * text (in the commands the training part of the bundled Brown sentences, cli.BundledLm).
 * Sentences are padded with start symbols, so the model knows how lines begin.
 *
 *   P(c | h) = (C(h c) + T(h) P(c | h')) / (C(h) + T(h))
 *
 * where h' drops the oldest character of h, C counts and T(h) is the number of distinct
 * characters seen after h; the order-0 base is uniform over the alphabet. N-grams are kept in a
 * primitive hash map keyed by the packed symbols (7 bits each); n-grams of order >= 3 seen only
 * once are pruned to bound memory. The words of the same text come with it (lexicon()).
 */
package inkstream.decode;

import java.util.Arrays;
import java.util.List;

public final class CharLm {
  /** The commands' order: on held-out text 7 read validation lines best (README, "The language model"). */
  public static final int DEFAULT_ORDER = 7;
  private static final int BITS = 7;

  private final int order; // n: contexts of n - 1 characters
  private final String alphabet; // symbols 1..A; 0 is the start padding
  private final int[] symbolOf = new int[128]; // ASCII -> symbol, 0 when unknown
  private final LongIntMap ngram = new LongIntMap(); // key(h c) -> count
  private final LongIntMap context = new LongIntMap(); // key(h) -> total count
  private final LongIntMap types = new LongIntMap(); // key(h) -> distinct followers
  private final Lexicon lexicon; // the words of the same text

  public CharLm(int order, String alphabet, List<String> sentences) {
    if (order < 1 || order > 8) throw new IllegalArgumentException("order not in 1..8: " + order);
    this.order = order;
    this.alphabet = alphabet;
    for (int i = 0; i < alphabet.length(); i++) {
      char ch = alphabet.charAt(i);
      if (ch >= 128) throw new IllegalArgumentException("the character LM takes ASCII alphabets: " + ch);
      symbolOf[ch] = i + 1;
    }
    lexicon = new Lexicon(sentences);
    LongIntMap raw = new LongIntMap();
    int[] buf = new int[order];
    for (String s : sentences) {
      Arrays.fill(buf, 0);
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        int sym = ch < 128 ? symbolOf[ch] : 0;
        if (sym == 0) {
          Arrays.fill(buf, 0); // unknown character: restart the context
          continue;
        }
        System.arraycopy(buf, 1, buf, 0, order - 1);
        buf[order - 1] = sym;
        for (int k = 0; k < order; k++) raw.add(key(buf, order - 1 - k, order), 1); // (h c) with |h| = k
      }
    }
    raw.forEach((k, count) -> {
      int n = (int) (k >>> 60);
      if (n >= 3 && count < 2) return;
      ngram.add(k, count);
      long h = contextKey(k);
      context.add(h, count);
      types.add(h, 1);
    });
  }

  /** N-grams kept (every order; those of order 3 or more seen once are pruned). */
  public int ngrams() {
    return ngram.size();
  }

  public int order() {
    return order;
  }

  /** The words of the text the model was trained on (for the beam search's word check). */
  public Lexicon lexicon() {
    return lexicon;
  }

  /** log P(c | the last order-1 characters of history); history symbols as from symbol(). */
  public double logProb(int[] history, int len, int c) {
    double p = 1.0 / alphabet.length();
    int[] buf = new int[order];
    int k0 = Math.min(order - 1, len);
    for (int i = 0; i < order - 1 - k0; i++) buf[i] = 0;
    for (int i = 0; i < k0; i++) buf[order - 1 - k0 + i] = history[len - k0 + i];
    // contexts from empty to longest; when len < order - 1 the padding is part of the context
    buf[order - 1] = c;
    for (int k = 0; k < order; k++) {
      long hc = key(buf, order - 1 - k, order);
      long h = contextKey(hc);
      int total = context.get(h);
      if (total == 0) continue; // unseen context: keep the lower-order estimate
      int t = types.get(h);
      p = (ngram.get(hc) + t * p) / (total + t);
    }
    return Math.log(p);
  }

  /** The symbol of a character, 0 when outside the LM's alphabet. */
  public int symbol(int ch) {
    return ch >= 0 && ch < 128 ? symbolOf[ch] : 0;
  }

  public String alphabet() {
    return alphabet;
  }

  /** Packs buf[from .. to) (the context then the character) with its length in the top bits. */
  private static long key(int[] buf, int from, int to) {
    long k = 0;
    for (int i = from; i < to; i++) k = (k << BITS) | buf[i];
    return k | ((long) (to - from) << 60);
  }

  /** The key of h for a key of (h c). */
  private static long contextKey(long hc) {
    int n = (int) (hc >>> 60);
    long body = (hc & ((1L << 60) - 1)) >>> BITS;
    return body | ((long) (n - 1) << 60) | (1L << 59); // bit 59 separates context keys from n-gram keys
  }

  /** Open-addressing long -> int map (linear probing); 0 means absent. */
  static final class LongIntMap {
    private long[] keys = new long[1 << 16];
    private int[] values = new int[1 << 16];
    private boolean[] used = new boolean[1 << 16];
    private int size;

    void add(long k, int v) {
      if (size * 2 >= keys.length) grow();
      int i = slot(k, keys.length);
      while (used[i] && keys[i] != k) i = (i + 1) & (keys.length - 1);
      if (!used[i]) {
        used[i] = true;
        keys[i] = k;
        size++;
      }
      values[i] += v;
    }

    int get(long k) {
      int i = slot(k, keys.length);
      while (used[i]) {
        if (keys[i] == k) return values[i];
        i = (i + 1) & (keys.length - 1);
      }
      return 0;
    }

    int size() {
      return size;
    }

    interface Visitor {
      void visit(long key, int value);
    }

    void forEach(Visitor v) {
      for (int i = 0; i < keys.length; i++) if (used[i]) v.visit(keys[i], values[i]);
    }

    private static int slot(long k, int n) {
      long h = k * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 33) & (n - 1);
    }

    private void grow() {
      long[] ok = keys;
      int[] ov = values;
      boolean[] ou = used;
      keys = new long[ok.length * 2];
      values = new int[ok.length * 2];
      used = new boolean[ok.length * 2];
      size = 0;
      for (int i = 0; i < ok.length; i++) if (ou[i]) add(ok[i], ov[i]);
    }
  }
}
