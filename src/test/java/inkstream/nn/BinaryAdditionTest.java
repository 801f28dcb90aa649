package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The classic toy from the RNN literature: a recurrent network with 3 hidden units learns binary
 * addition (bits fed least significant first, one output bit per step) on short numbers, then adds
 * random 64-bit numbers without a single wrong bit.
 */
class BinaryAdditionTest {
  private static final int BITS_TRAIN = 8;

  /** Inputs (T, 2) and targets (T): classes 1 for bit 0, 2 for bit 1 (class 0 is the unused blank). */
  private static void encode(BigInteger a, BigInteger b, int bits, float[] x, int[] y) {
    BigInteger sum = a.add(b);
    for (int t = 0; t < bits + 1; t++) {
      x[2 * t] = a.testBit(t) ? 1f : -1f;
      x[2 * t + 1] = b.testBit(t) ? 1f : -1f;
      y[t] = sum.testBit(t) ? 2 : 1;
    }
  }

  @Test
  void shouldAddRandom64BitNumbersWithoutErrorWhenTrainedOnShortOnes() {
    ModelConfig config = new ModelConfig(2, 3, 1, false, "01");
    Params params = new Params(config);
    float[] w = params.initialize(7);
    Pass pass = new Pass(params);
    Adam adam = new Adam(params.size());
    SplittableRandom rng = new SplittableRandom(8);
    int T = BITS_TRAIN + 1, K = config.classes();
    float[] x = new float[T * 2], grad = new float[params.size()], dLogits = new float[T * K];
    int[] y = new int[T];
    for (int step = 0; step < 3000; step++) {
      java.util.Arrays.fill(grad, 0f);
      for (int n = 0; n < 8; n++) {
        encode(BigInteger.valueOf(rng.nextInt(1 << BITS_TRAIN)), BigInteger.valueOf(rng.nextInt(1 << BITS_TRAIN)), BITS_TRAIN, x, y);
        float[] logp = pass.forward(w, x, T);
        FrameLoss.crossEntropy(T, K, logp, y, dLogits);
        pass.backward(w, dLogits, grad);
      }
      adam.update(w, grad, 0.02f, 5f);
    }
    int T64 = 65;
    float[] x64 = new float[T64 * 2];
    int[] y64 = new int[T64];
    int wrongBits = 0;
    for (int n = 0; n < 200; n++) {
      BigInteger a = new BigInteger(Long.toUnsignedString(rng.nextLong())), b = new BigInteger(Long.toUnsignedString(rng.nextLong()));
      encode(a, b, 64, x64, y64);
      float[] logp = pass.forward(w, x64, T64);
      for (int t = 0; t < T64; t++) {
        int best = logp[t * K + 1] >= logp[t * K + 2] ? 1 : 2;
        if (best != y64[t]) wrongBits++;
      }
    }
    assertEquals(0, wrongBits, "wrong sum bits over 200 random 64-bit additions");
  }
}
