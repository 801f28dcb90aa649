/*
 * inkstream average: one model from the mean of the weights of several fine-tuned from a common
 * ancestor (train.WeightAverage), its provenance naming each.
 */
package inkstream.cli;

import inkstream.nn.Model;
import inkstream.proto.v1.Provenance;
import inkstream.train.WeightAverage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "average", mixinStandardHelpOptions = true,
    description = "Average the weights of models fine-tuned from one ancestor (same shape, alphabet, features and latency control).")
final class AverageCommand implements Callable<Integer> {
  @Parameters(arity = "2..*", paramLabel = "MODEL", description = "Model files (at least two).")
  List<Path> models;

  @Option(names = "--out", required = true, description = "Model file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<Model> loaded = new ArrayList<>();
    StringBuilder notes = new StringBuilder("uniform average of the weights of " + models.size() + " models:");
    long steps = 0;
    for (Path p : models) {
      Model m = Model.load(p);
      loaded.add(m);
      Provenance q = m.provenance();
      steps = Math.max(steps, q.getSteps());
      notes.append(" [").append(p.getFileName()).append(": ").append(TrainCommand.lineage(q)).append("]");
    }
    List<String> args = new ArrayList<>(List.of("inkstream", "average", "--out", out.getFileName().toString()));
    models.forEach(p -> args.add(p.getFileName().toString()));
    Provenance prov = Provenance.newBuilder().setCommand(String.join(" ", args)).setCreated(Instant.now().toString()).setSteps(steps)
        .setData("the training data of the models averaged (notes)").setNotes(notes.toString()).build();
    Model avg = WeightAverage.of(loaded, prov);
    avg.save(out);
    System.err.printf("wrote %s: the mean of %d models, %d parameters, chunk %d, right context %d (jitter %d)%n", out, loaded.size(),
        avg.params().size(), avg.chunkFrames(), avg.rightContextFrames(), avg.rightContextJitter());
    return 0;
  }
}
