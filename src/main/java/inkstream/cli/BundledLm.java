package inkstream.cli;

import inkstream.decode.CharLm;
import inkstream.nn.ModelConfig;
import inkstream.synth.TextSource;
import java.io.IOException;

/**
 * The language model the commands decode with: a character 5-gram over printable ASCII trained
 * on the training part of the bundled Brown sentences, built once (about 2 s). The held-out part,
 * the text of the validation and test lines and of the demo's tablets, is never in it: a writer's
 * text is not in the model's corpus either.
 */
final class BundledLm {
  private static CharLm lm;

  private BundledLm() {}

  static synchronized CharLm get() throws IOException {
    if (lm == null) lm = new CharLm(CharLm.DEFAULT_ORDER, ModelConfig.PRINTABLE_ASCII, TextSource.bundledSentences(TextSource.Part.train));
    return lm;
  }
}
