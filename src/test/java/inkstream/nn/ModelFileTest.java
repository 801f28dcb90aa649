package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import inkstream.proto.v1.FeatureConfig;
import inkstream.proto.v1.ModelFile;
import inkstream.proto.v1.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  static Model small() {
    ModelConfig c = new ModelConfig(9, 4, 2, true, ModelConfig.PRINTABLE_ASCII);
    return new Model(c, new Params(c).initialize(1), FeatureConfig.newBuilder().setRecipe("inkstream-v1").setResampleStep(0.5f).build(),
        Provenance.newBuilder().setSeed(1).setCommand("inkstream train --seed 1").setData("toy").build());
  }

  private static String loadError(ModelFile m) {
    return assertThrows(Model.ModelFormatException.class, () -> Model.fromProto(m, "m.pb")).getMessage();
  }

  @Test
  void shouldRoundTripWeightsAlphabetAndProvenanceWhenSavedAndLoaded(@TempDir Path dir) throws Exception {
    Model m = small();
    Path p = dir.resolve("m.pb");
    m.save(p);
    Model back = Model.load(p);
    assertArrayEquals(m.weights(), back.weights());
    assertEquals(m.config(), back.config());
    assertEquals(96, back.config().classes());
    assertEquals("inkstream train --seed 1", back.provenance().getCommand());
    assertEquals(0.5f, back.features().getResampleStep());
    assertEquals(1, back.classOf(' '));
    assertEquals("A", back.charOf(back.classOf('A')));
    assertEquals(0, back.chunkFrames());
    Model lc = Model.load(save(m.with(m.provenance(), 8, 6, 0), dir.resolve("lc.pb"))); // the chunking it was trained with travels with it
    assertEquals(8, lc.chunkFrames());
    assertEquals(6, lc.rightContextFrames());
    assertEquals(8, lc.streamChunkFrames());
    assertEquals(6, lc.streamRightContextFrames());
    // trained with right contexts drawn from 4..32: recorded, and a stream starts from the least
    Model jittered = Model.load(save(m.with(m.provenance(), 8, 32, 28), dir.resolve("jittered.pb")));
    assertEquals(32, jittered.rightContextFrames());
    assertEquals(28, jittered.rightContextJitter());
    assertEquals(4, jittered.streamRightContextFrames());
    assertThrows(IllegalArgumentException.class, () -> m.with(m.provenance(), 8, 6, 7));
    assertEquals(32, back.streamChunkFrames()); // a whole-line model streams with 32 + 16
    assertEquals(16, back.streamRightContextFrames());
  }

  private static Path save(Model m, Path p) throws java.io.IOException {
    m.save(p);
    return p;
  }

  @Test
  void shouldSayWhatIsWrongWhenFileIsCorruptOrIncompatible(@TempDir Path dir) throws Exception {
    ModelFile good = small().toProto();
    assertTrue(loadError(good.toBuilder().setMagic(0x12345678).build()).contains("not an Inkstream model"));
    assertTrue(loadError(good.toBuilder().setFormatVersion(99).build()).contains("format version 99 is not supported"));
    assertTrue(loadError(good.toBuilder().setArchitecture(good.getArchitecture().toBuilder().setChunkFrames(8).setRightContextFrames(6)
        .setRightContextJitter(7)).build()).contains("right-context jitter 7 above the right context 6"));
    ByteString w = good.getWeights();
    assertTrue(loadError(good.toBuilder().setWeights(w.substring(0, w.size() - 8)).build()).contains("truncated or was written for another architecture"));
    byte[] flipped = w.toByteArray();
    flipped[100] ^= 1;
    assertTrue(loadError(good.toBuilder().setWeights(ByteString.copyFrom(flipped)).build()).contains("checksum mismatch"));
    assertTrue(loadError(good.toBuilder().setAlphabet("aa").build()).contains("repeated characters"));
    assertTrue(loadError(good.toBuilder().setArchitecture(good.getArchitecture().toBuilder().setRightContextFrames(6)).build())
        .contains("right context 6 without a chunk size"));
    Path junk = dir.resolve("junk.pb");
    Files.write(junk, new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x03});
    assertTrue(assertThrows(Model.ModelFormatException.class, () -> Model.load(junk)).getMessage().contains("not a readable model file"));
  }

  @Test
  void shouldNameTheCharacterWhenTranscriptIsOutsideAlphabet() {
    assertEquals("character not in the model alphabet: 'é' (U+e9) in \"café\"",
        assertThrows(IllegalArgumentException.class, () -> small().encode("café")).getMessage());
  }
}
