/*
 * inkstream curve: the training curve recorded in a checkpoint, as a PNG.
 */
package inkstream.cli;

import inkstream.proto.v1.Checkpoint;
import inkstream.train.CurvePlot;
import inkstream.train.Trainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "curve", mixinStandardHelpOptions = true, description = "Plot loss and validation CER from a checkpoint as a PNG.")
final class CurveCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", required = true, description = "Checkpoint written by train.")
  Path checkpoint;

  @Option(names = "--out", required = true, description = "PNG to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Checkpoint c = Trainer.readCheckpoint(checkpoint);
    CurvePlot.plot(c.getCurveList(), checkpoint.getFileName() + " (" + c.getStep() + " steps)", out);
    System.err.println("wrote " + out);
    return 0;
  }
}
