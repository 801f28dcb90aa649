package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.proto.v1.FeatureConfig;
import inkstream.proto.v1.Provenance;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EsnTest {
  static final ModelConfig CONFIG = new ModelConfig(4, 40, 1, true, "abc", ModelConfig.Cell.ESN);

  @Test
  void shouldScaleReservoirToTheEchoStateSpectralRadius() {
    Params p = new Params(CONFIG);
    float[] w = p.initialize(1);
    int H = CONFIG.hiddenSize();
    double[] m = new double[H * H];
    for (int i = 0; i < m.length; i++) m[i] = w[p.wh(0, 1) + i];
    assertEquals(0.95, Esn.spectralRadius(m, H, new SplittableRandom(99)), 0.05);
    long nonZero = Arrays.stream(m).filter(v -> v != 0).count();
    assertTrue(nonZero > 0.05 * H * H && nonZero < 0.15 * H * H, "density " + nonZero / (double) (H * H));
  }

  @Test
  void shouldTrainOnlyTheOutputLayerAndMatchCentralDifferencesThere() {
    Params p = new Params(CONFIG);
    float[] w = p.initialize(2);
    int T = 12, K = CONFIG.classes();
    float[] x = GradCheck.randomArray(T * 4, 1, 3);
    int[] labels = {1, 3, 2};
    Pass pass = new Pass(p);
    float[] dLogits = new float[T * K];
    new Ctc().lossAndGradient(T, K, pass.forward(w, x, T), labels, dLogits);
    float[] grad = new float[p.size()];
    pass.backward(w, dLogits, grad);
    for (int i = 0; i < p.wy(); i++) assertEquals(0f, grad[i], "reservoir gradient at " + i);
    float[] out = Arrays.copyOfRange(w, p.wy(), p.size());
    float[] outGrad = Arrays.copyOfRange(grad, p.wy(), p.size());
    GradCheck.check("esn output layer", out, outGrad, () -> {
      float[] w2 = w.clone();
      System.arraycopy(out, 0, w2, p.wy(), out.length);
      return new Ctc().loss(T, K, new Pass(p).forward(w2, x, T), labels);
    }, 100, 1e-2f, 2e-2, 4);
    // Adam leaves weights with zero gradient where they are
    float[] before = w.clone();
    new Adam(p.size()).update(w, grad, 0.01f, 5f);
    assertArrayEquals(Arrays.copyOf(before, p.wy()), Arrays.copyOf(w, p.wy()));
    assertTrue(!Arrays.equals(before, w));
  }

  @Test
  void shouldRoundTripThroughTheModelFile() throws Exception {
    Model m = new Model(CONFIG, new Params(CONFIG).initialize(5), FeatureConfig.newBuilder().setRecipe("inkstream-v1").build(),
        Provenance.getDefaultInstance());
    Model back = Model.fromProto(inkstream.proto.v1.ModelFile.parseFrom(m.toProto().toByteArray()), "m");
    assertEquals(ModelConfig.Cell.ESN, back.config().cell());
    assertArrayEquals(m.weights(), back.weights());
  }
}
