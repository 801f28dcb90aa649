/*
 * inkstream recognize: prints the recognized text of each line of an ink file.
 */
package inkstream.cli;

import inkstream.decode.BeamSearch;
import inkstream.decode.CharLm;
import inkstream.decode.Recognizer;
import inkstream.ink.Ink;
import inkstream.ink.InkJsonl;
import inkstream.ink.InkMl;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "recognize", mixinStandardHelpOptions = true, description = "Print the text of each line in an ink file (JSONL or InkML).")
final class RecognizeCommand implements Callable<Integer> {
  @Mixin ModelOption modelOption;

  @Option(names = "--ink", required = true, description = "Ink JSONL, or an .inkml file.")
  Path ink;

  @Option(names = "--ids", description = "Prefix each line with its id and a tab.")
  boolean ids;

  @Option(names = "--charset", description = "Input scope: recognize only these characters (e.g. 0123456789 for a digits field).")
  String charset;

  @Option(names = "--decoder", defaultValue = "greedy", description = "greedy, beam (prefix beam search) or lm (beam search with the bundled "
      + "character LM and its word check, as eval --decoder lm with its defaults); default ${DEFAULT-VALUE}.")
  EvalCommand.Decoder decoder;

  @Override
  public Integer call() throws Exception {
    Recognizer r = new Recognizer(modelOption.load()).restrictTo(charset);
    BeamSearch.Config beam = EvalCommand.beamConfig(decoder, 8, BeamSearch.Config.LM_WEIGHT, BeamSearch.Config.LENGTH_BONUS, EvalCommand.OFFLINE_MARGIN);
    if (beam != null) r.withBeamSearch(beam, decoder == EvalCommand.Decoder.lm ? BundledLm.get(CharLm.DEFAULT_ORDER) : null);
    List<Ink> inks = read(ink);
    for (Ink line : inks) {
      String text = r.recognize(line);
      System.out.println(ids ? line.id() + "\t" + text : text);
    }
    return 0;
  }

  /** The lines of an ink file: InkML (.inkml) or ink JSONL. */
  static List<Ink> read(java.nio.file.Path file) throws java.io.IOException {
    return file.toString().endsWith(".inkml") ? List.of(InkMl.read(file)) : InkJsonl.read(file);
  }
}
