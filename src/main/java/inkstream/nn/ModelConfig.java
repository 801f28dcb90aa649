/*
 * The shape of a recognizer network: stacked (bi)directional LSTM layers and a softmax output over
 * the alphabet plus the CTC blank. Immutable; validated on construction.
 */
package inkstream.nn;

public record ModelConfig(int inputSize, int hiddenSize, int layers, boolean bidirectional, String alphabet, Cell cell) {

  /** The recurrent cell: LSTM (trained), or ESN (fixed random reservoir, the echo-state baseline). */
  public enum Cell { LSTM, ESN }

  /** Printable ASCII, space first: the default alphabet (95 characters). */
  public static final String PRINTABLE_ASCII = printableAscii();

  public ModelConfig(int inputSize, int hiddenSize, int layers, boolean bidirectional, String alphabet) {
    this(inputSize, hiddenSize, layers, bidirectional, alphabet, Cell.LSTM);
  }

  public ModelConfig {
    if (cell == null) throw new IllegalArgumentException("cell is null");
    if (inputSize <= 0) throw new IllegalArgumentException("inputSize <= 0: " + inputSize);
    if (hiddenSize <= 0) throw new IllegalArgumentException("hiddenSize <= 0: " + hiddenSize);
    if (layers <= 0) throw new IllegalArgumentException("layers <= 0: " + layers);
    if (alphabet == null || alphabet.isEmpty()) throw new IllegalArgumentException("alphabet is empty");
    if (alphabet.codePoints().distinct().count() != alphabet.codePointCount(0, alphabet.length())) {
      throw new IllegalArgumentException("alphabet has repeated characters: " + alphabet);
    }
  }

  /** Width of the pre-activation block per direction: 4H gates for an LSTM, H for a reservoir. */
  public int gateWidth() {
    return cell == Cell.LSTM ? 4 * hiddenSize : hiddenSize;
  }

  public int directions() {
    return bidirectional ? 2 : 1;
  }

  /** Width of each layer's output: H per direction. */
  public int layerOutputSize() {
    return hiddenSize * directions();
  }

  public int layerInputSize(int layer) {
    return layer == 0 ? inputSize : layerOutputSize();
  }

  /** Alphabet size plus one: class 0 is the blank, class k >= 1 the k-th alphabet code point. */
  public int classes() {
    return alphabet.codePointCount(0, alphabet.length()) + 1;
  }

  private static String printableAscii() {
    StringBuilder sb = new StringBuilder();
    for (char ch = 32; ch < 127; ch++) sb.append(ch);
    return sb.toString();
  }
}
