/*
 * A trained recognizer: configuration, weights, the feature recipe it was trained with and where
 * it came from. Saved and loaded as one inkstream.v1.ModelFile protobuf message.
 *
 * The weights array is shared, not copied: callers must not modify it while passes run on it.
 */
package inkstream.nn;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import inkstream.proto.v1.Architecture;
import inkstream.proto.v1.CellType;
import inkstream.proto.v1.FeatureConfig;
import inkstream.proto.v1.ModelFile;
import inkstream.proto.v1.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

public final class Model {
  /** "INKM" */
  public static final int MAGIC = 0x494E4B4D;
  public static final int FORMAT_VERSION = 1;

  private final ModelConfig config;
  private final Params params;
  private final float[] weights; // (params.size())
  private final FeatureConfig features;
  private final Provenance provenance;
  private final int[] codePoints; // alphabet code points; class k is codePoints[k - 1]
  private final int chunkFrames, rightContextFrames; // latency control it was trained with; 0 = whole line
  private final int rightContextJitter; // the right context was drawn from rightContextFrames - this .. rightContextFrames

  public Model(ModelConfig config, float[] weights, FeatureConfig features, Provenance provenance) {
    this(config, weights, features, provenance, 0, 0);
  }

  public Model(ModelConfig config, float[] weights, FeatureConfig features, Provenance provenance, int chunkFrames, int rightContextFrames) {
    this(config, weights, features, provenance, chunkFrames, rightContextFrames, 0);
  }

  /** Trained latency-controlled with chunks of chunkFrames and right contexts drawn from rightContextFrames - jitter .. rightContextFrames. */
  public Model(ModelConfig config, float[] weights, FeatureConfig features, Provenance provenance, int chunkFrames, int rightContextFrames,
      int rightContextJitter) {
    if (chunkFrames < 0 || rightContextFrames < 0 || (chunkFrames == 0 && rightContextFrames != 0)
        || rightContextJitter < 0 || rightContextJitter > rightContextFrames) {
      throw new IllegalArgumentException("invalid latency control: chunk " + chunkFrames + ", right context " + rightContextFrames
          + ", jitter " + rightContextJitter);
    }
    this.chunkFrames = chunkFrames;
    this.rightContextFrames = rightContextFrames;
    this.rightContextJitter = rightContextJitter;
    this.config = config;
    this.params = new Params(config);
    if (weights.length != params.size()) {
      throw new IllegalArgumentException("weights.length != params.size(): " + weights.length + " != " + params.size());
    }
    this.weights = weights;
    this.features = features;
    this.provenance = provenance;
    this.codePoints = config.alphabet().codePoints().toArray();
  }

  public ModelConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  public float[] weights() {
    return weights;
  }

  public FeatureConfig features() {
    return features;
  }

  public Provenance provenance() {
    return provenance;
  }

  /** Frames per chunk the network was trained to run in (0: trained on whole lines). */
  public int chunkFrames() {
    return chunkFrames;
  }

  /** Latency control a stream runs this model with: its own, else 32 frames for a whole-line model. */
  public int streamChunkFrames() {
    return chunkFrames > 0 ? chunkFrames : 32;
  }

  /** Right context a stream runs this model with: the least it was trained with, else 16 frames for a whole-line model. */
  public int streamRightContextFrames() {
    return chunkFrames > 0 ? rightContextFrames - rightContextJitter : 16;
  }

  /** Right-context frames past each chunk the network was trained with (with chunkFrames() > 0; the most, with jitter). */
  public int rightContextFrames() {
    return rightContextFrames;
  }

  /** Training windows' right context was drawn from rightContextFrames() minus up to this many frames. */
  public int rightContextJitter() {
    return rightContextJitter;
  }

  /** The same weights (shared) with other provenance or latency control. */
  public Model with(Provenance provenance, int chunkFrames, int rightContextFrames, int rightContextJitter) {
    return new Model(config, weights, features, provenance, chunkFrames, rightContextFrames, rightContextJitter);
  }

  /** A new working state for running this model (one per thread). */
  public Pass newPass() {
    return new Pass(params);
  }

  /** The class of a code point, or -1 when it is not in the alphabet. */
  public int classOf(int codePoint) {
    for (int k = 0; k < codePoints.length; k++) {
      if (codePoints[k] == codePoint) return k + 1;
    }
    return -1;
  }

  /** The character of class k >= 1. */
  public String charOf(int k) {
    return new String(Character.toChars(codePoints[k - 1]));
  }

  /** Labels for a transcript; throws naming the first character that is not in the alphabet. */
  public int[] encode(String text) {
    int[] cps = text.codePoints().toArray();
    int[] labels = new int[cps.length];
    for (int i = 0; i < cps.length; i++) {
      labels[i] = classOf(cps[i]);
      if (labels[i] < 0) {
        throw new IllegalArgumentException("character not in the model alphabet: '" + new String(Character.toChars(cps[i]))
            + "' (U+" + Integer.toHexString(cps[i]) + ") in \"" + text + "\"");
      }
    }
    return labels;
  }

  public String decode(int[] labels) {
    StringBuilder sb = new StringBuilder();
    for (int k : labels) sb.appendCodePoint(codePoints[k - 1]);
    return sb.toString();
  }

  public ModelFile toProto() {
    byte[] bytes = floatsToBytes(weights);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return ModelFile.newBuilder()
        .setMagic(MAGIC)
        .setFormatVersion(FORMAT_VERSION)
        .setAlphabet(config.alphabet())
        .setArchitecture(Architecture.newBuilder()
            .setCellType(config.cell() == ModelConfig.Cell.ESN ? CellType.CELL_TYPE_ESN : CellType.CELL_TYPE_LSTM)
            .setInputSize(config.inputSize())
            .setHiddenSize(config.hiddenSize())
            .setLayers(config.layers())
            .setBidirectional(config.bidirectional())
            .setClasses(config.classes())
            .setChunkFrames(chunkFrames)
            .setRightContextFrames(rightContextFrames)
            .setRightContextJitter(rightContextJitter))
        .setFeatures(features)
        .setWeights(ByteString.copyFrom(bytes))
        .setWeightsCrc32((int) crc.getValue())
        .setProvenance(provenance)
        .build();
  }

  /** Validates a model message; every failure says what is wrong and what to do. */
  public static Model fromProto(ModelFile m, String source) {
    if (m.getMagic() != MAGIC) {
      throw new ModelFormatException(source + ": not an Inkstream model (magic 0x" + Integer.toHexString(m.getMagic())
          + ", expected 0x" + Integer.toHexString(MAGIC) + "); pass a file written by 'inkstream train'");
    }
    if (m.getFormatVersion() != FORMAT_VERSION) {
      throw new ModelFormatException(source + ": model format version " + m.getFormatVersion() + " is not supported (this build reads "
          + FORMAT_VERSION + "); retrain or use the matching Inkstream version");
    }
    Architecture a = m.getArchitecture();
    ModelConfig.Cell cell = switch (a.getCellType()) {
      case CELL_TYPE_LSTM -> ModelConfig.Cell.LSTM;
      case CELL_TYPE_ESN -> ModelConfig.Cell.ESN;
      default -> throw new ModelFormatException(source + ": unsupported cell type " + a.getCellType() + "; retrain or use a newer Inkstream");
    };
    if (a.getChunkFrames() == 0 && a.getRightContextFrames() != 0) {
      throw new ModelFormatException(source + ": right context " + a.getRightContextFrames() + " without a chunk size; the file is inconsistent");
    }
    if (a.getRightContextJitter() > a.getRightContextFrames()) {
      throw new ModelFormatException(source + ": right-context jitter " + a.getRightContextJitter() + " above the right context "
          + a.getRightContextFrames() + "; the file is inconsistent");
    }
    ModelConfig config;
    try {
      config = new ModelConfig(a.getInputSize(), a.getHiddenSize(), a.getLayers(), a.getBidirectional(), m.getAlphabet(), cell);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source + ": invalid architecture: " + e.getMessage());
    }
    if (a.getClasses() != config.classes()) {
      throw new ModelFormatException(source + ": architecture says " + a.getClasses() + " classes but the alphabet gives "
          + config.classes());
    }
    int expected = new Params(config).size() * 4;
    if (m.getWeights().size() != expected) {
      throw new ModelFormatException(source + ": weights hold " + m.getWeights().size() + " bytes, the architecture needs "
          + expected + "; the file is truncated or was written for another architecture");
    }
    CRC32 crc = new CRC32();
    byte[] bytes = m.getWeights().toByteArray();
    crc.update(bytes);
    if ((int) crc.getValue() != m.getWeightsCrc32()) {
      throw new ModelFormatException(source + ": weight checksum mismatch (file corrupted); re-download or retrain the model");
    }
    return new Model(config, bytesToFloats(bytes), m.getFeatures(), m.getProvenance(), a.getChunkFrames(), a.getRightContextFrames(),
        a.getRightContextJitter());
  }

  public void save(Path path) throws IOException {
    writeAtomically(path, toProto().toByteArray());
  }

  /** Writes through a temporary file and a rename, so a crash never leaves a half-written file. */
  public static void writeAtomically(Path path, byte[] bytes) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static Model load(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(in, path.toString());
    }
  }

  public static Model parse(InputStream in, String source) throws IOException {
    try {
      return fromProto(ModelFile.parseFrom(in), source);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelFormatException(source + ": not a readable model file (" + e.getMessage() + "); pass a file written by 'inkstream train'");
    }
  }

  public static byte[] floatsToBytes(float[] a) {
    ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(a);
    return bb.array();
  }

  public static float[] bytesToFloats(byte[] b) {
    if (b.length % 4 != 0) throw new ModelFormatException("float array of " + b.length + " bytes is not a multiple of 4");
    float[] a = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
    return a;
  }

  /** A model file that cannot be used; the message says why and what to do. */
  public static final class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
      super(message);
    }
  }
}
