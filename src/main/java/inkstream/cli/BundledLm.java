package inkstream.cli;

import inkstream.decode.CharLm;
import inkstream.nn.ModelConfig;
import inkstream.synth.TextSource;
import java.io.IOException;

/**
 * The language model the commands decode with: a character n-gram (order decode.lm.order, 7 by
 * default) over printable ASCII trained on the training part of the bundled Brown sentences, built
 * once per order (about 2 s for order 7), with the words of the same text for the search's word check
 * (decode.Lexicon). The held-out part, the text of the validation and test
 * lines and of the demo's tablets, is never in it: a writer's text is not in its corpus either.
 */
final class BundledLm {
  private static final java.util.Map<Integer, CharLm> BY_ORDER = new java.util.HashMap<>();

  private BundledLm() {}

  /** The model a stream configuration decodes with: decode.lm.order's, or null when decode.lm.weight is 0. */
  static CharLm of(inkstream.stream.InkstreamConfig c) throws IOException {
    return c.getDouble(inkstream.stream.InkstreamConfig.LM_WEIGHT_CONFIG) > 0 ? get(c.getInt(inkstream.stream.InkstreamConfig.LM_ORDER_CONFIG)) : null;
  }

  /** The model of this order (1-8). */
  static synchronized CharLm get(int order) throws IOException {
    CharLm lm = BY_ORDER.get(order);
    if (lm == null) {
      long t0 = System.nanoTime();
      java.util.List<String> sentences = TextSource.bundledSentences(TextSource.Part.train);
      BY_ORDER.put(order, lm = new CharLm(order, ModelConfig.PRINTABLE_ASCII, sentences));
      System.err.printf(java.util.Locale.ROOT, "language model: order %d, %,d n-grams and %,d words from %,d sentences, built in %.1f s%n", order,
          lm.ngrams(), lm.lexicon().words(), sentences.size(), (System.nanoTime() - t0) / 1e9);
    }
    return lm;
  }
}
