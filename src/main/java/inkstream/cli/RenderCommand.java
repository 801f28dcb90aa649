/*
 * inkstream render: draws ink JSONL lines as a PNG, strokes coloured by time, with each line's
 * text (and, with --model, what the model read) under it.
 */
package inkstream.cli;

import inkstream.decode.Recognizer;
import inkstream.ink.Ink;
import inkstream.ink.InkJsonl;
import inkstream.synth.InkRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "render", mixinStandardHelpOptions = true, description = "Draw ink JSONL as a PNG (strokes coloured by time).")
final class RenderCommand implements Callable<Integer> {
  @Option(names = "--ink", required = true, description = "Ink JSONL.")
  Path ink;

  @Option(names = "--out", required = true, description = "PNG to write.")
  Path out;

  @Option(names = "--lines", defaultValue = "12", description = "Lines to draw (default ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = "--width", defaultValue = "1000", description = "Image width in pixels (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--model", description = "Also print what this model reads under each line.")
  Path model;

  @Override
  public Integer call() throws Exception {
    List<Ink> inks = InkJsonl.read(ink).stream().limit(lines).toList();
    Recognizer rec = model == null ? null : new Recognizer(inkstream.nn.Model.load(model));
    List<String> captions = new ArrayList<>();
    for (Ink i : inks) {
      String c = i.id() + ": " + (i.text() == null ? "" : i.text());
      if (rec != null) c += "  ->  " + rec.recognize(i);
      captions.add(c);
    }
    InkRenderer.render(inks, captions, width, 90, out);
    System.err.println("wrote " + out);
    return 0;
  }
}
