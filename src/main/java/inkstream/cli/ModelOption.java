/*
 * The --model option shared by eval and recognize: a model file, or the model bundled in the jar.
 */
package inkstream.cli;

import inkstream.nn.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

final class ModelOption {
  /** Classpath location of the default model shipped in the jar. */
  static final String BUNDLED = "/inkstream/default-model.pb";

  @Option(names = "--model", description = "Model file (default: the model bundled in the jar).")
  Path model;

  Model load() throws IOException {
    if (model != null) return Model.load(model);
    try (InputStream in = ModelOption.class.getResourceAsStream(BUNDLED)) {
      if (in == null) throw new IllegalArgumentException("this build has no bundled model; pass --model FILE (train one with 'inkstream train')");
      return Model.parse(in, "bundled model");
    }
  }
}
