/*
 * A small BiLSTM really trained on toy ink (about 5 s, once per test JVM), for tests that need
 * non-trivial recognition without the full default model.
 */
package inkstream.decode;

import inkstream.ink.FeatureRecipe;
import inkstream.ink.ToyInk;
import inkstream.nn.Model;
import inkstream.nn.ModelConfig;
import inkstream.nn.Params;
import inkstream.proto.v1.Provenance;
import inkstream.proto.v1.TrainConfig;
import inkstream.train.Datasets;
import inkstream.train.Trainer;

public final class ToyModel {
  private static Model model;

  private ToyModel() {}

  public static synchronized Model get() throws Exception {
    if (model == null) {
      ModelConfig mc = new ModelConfig(FeatureRecipe.SIZE, 24, 2, true, ModelConfig.PRINTABLE_ASCII);
      Model m = new Model(mc, new Params(mc).initialize(2), FeatureRecipe.DEFAULT.toProto(), Provenance.getDefaultInstance());
      TrainConfig cfg = TrainConfig.newBuilder().setSeed(1).setBatchSize(8).setLearningRate(0.01f).setClipNorm(5).setThreads(2)
          .setMaxSteps(700).setWarmupSteps(10).build();
      try (Trainer t = new Trainer(m, cfg, Datasets.examples(m, ToyInk.lines(11, 160)).examples())) {
        for (int s = 0; s < 700; s++) t.trainStep();
      }
      model = m;
    }
    return model;
  }
}
