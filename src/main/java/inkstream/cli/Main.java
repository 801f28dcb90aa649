/*
 * The inkstream command line: wires subcommands, nothing else.
 */
package inkstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "inkstream", mixinStandardHelpOptions = true, version = "inkstream 0.1.0",
    description = "Streaming handwriting recognition with a bidirectional LSTM and CTC.",
    subcommands = {TrainCommand.class, EvalCommand.class, RecognizeCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof IllegalArgumentException || e instanceof java.nio.file.NoSuchFileException
              || e instanceof inkstream.nn.Model.ModelFormatException) {
            cmd.getErr().println("error: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file: " : "") + e.getMessage());
            return 2;
          }
          throw e;
        })
        .execute(args);
  }
}
