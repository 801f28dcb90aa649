/*
 * The inkstream command line: wires subcommands, nothing else.
 */
package inkstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "inkstream", mixinStandardHelpOptions = true, version = "inkstream 0.1.0",
    description = "Streaming handwriting recognition with a bidirectional LSTM and CTC.",
    subcommands = {TrainCommand.class, EvalCommand.class, RecognizeCommand.class, SynthCommand.class, RenderCommand.class, CorpusCommand.class, CurveCommand.class, DemoCommand.class, RunCommand.class, TabletCommand.class, WatchCommand.class, StatsCommand.class, AverageCommand.class})
public final class Main {
  public static void main(String[] args) throws Exception {
    if (shouldRelaunchWithVectorModule()) System.exit(relaunch(args));
    System.exit(run(args));
  }

  /**
   * The SIMD kernels need the JVM flag --add-modules jdk.incubator.vector, which a jar manifest
   * cannot carry; without it the engine runs its (identical but several times slower) scalar
   * kernels. So `java -jar inkstream.jar` restarts itself once with the flag.
   */
  private static boolean shouldRelaunchWithVectorModule() {
    return !inkstream.nn.Kernels.SIMD && System.getenv("INKSTREAM_NO_RELAUNCH") == null
        && !"false".equals(System.getProperty("inkstream.simd"));
  }

  private static int relaunch(String[] args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().put("INKSTREAM_NO_RELAUNCH", "1");
    Process p = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    return p.waitFor();
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          // bad arguments, files and settings (a ConfigException names the setting) are the user's to fix: a message and exit code 2
          if (e instanceof IllegalArgumentException || e instanceof java.nio.file.NoSuchFileException
              || e instanceof inkstream.nn.Model.ModelFormatException || e instanceof org.apache.kafka.common.config.ConfigException) {
            cmd.getErr().println("error: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file: " : "") + e.getMessage());
            return 2;
          }
          throw e;
        })
        .execute(args);
  }
}
