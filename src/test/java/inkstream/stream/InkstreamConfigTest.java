package inkstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InkstreamConfigTest {
  @Test
  void shouldLayerDefaultsFileEnvironmentAndOverrides(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("app.properties");
    Files.writeString(f, "bootstrap.servers=file:9092\ndecode.chunk.frames=24\ntopic.hypotheses=from-file\n");
    InkstreamConfig c = InkstreamConfig.load(f, Map.of("INKSTREAM_DECODE_CHUNK_FRAMES", "20", "INKSTREAM_TOPIC_PEN_EVENTS", "env-pen"),
        Map.of("bootstrap.servers", "cli:9092"));
    assertEquals("cli:9092", c.getString(InkstreamConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals(20, c.getInt(InkstreamConfig.CHUNK_FRAMES_CONFIG));
    assertEquals("env-pen", c.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG));
    assertEquals("from-file", c.getString(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG));
    assertEquals("ink.dead-letters", c.getString(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG));
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, c.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
  }

  /**
   * The model's chunk, the least lookahead it was trained with plus decode.right-context.extra.frames (0) waited for at most 400 ms of pen time, revised
   * until 32 frames of it, everything written released at each pen-up, hypotheses pruned 6 nats behind the best, decided at
   * 99.9% of the mass or forced after 48 frames or 1,000 ms of pen time, no decay; each overridable.
   */
  @Test
  void shouldDecodeWithTheModelsChunkAndALittleMoreLookaheadByDefault() throws Exception {
    inkstream.nn.Model m = inkstream.decode.ToyModel.get();
    var d = InkstreamTopology.settings(new InkstreamConfig(Map.of()), m);
    assertEquals(m.streamChunkFrames(), d.chunk());
    assertEquals(m.streamRightContextFrames(), d.context());
    assertEquals(m.streamRightContextFrames() - 2, InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.RIGHT_CONTEXT_EXTRA_CONFIG, -2)), m).context());
    assertEquals(32, d.finalContext());
    assertEquals(0, InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.FINAL_CONTEXT_FRAMES_CONFIG, 0)), m).finalContext());
    assertEquals(0, InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.RIGHT_CONTEXT_EXTRA_CONFIG, -64)), m).context(),
        "never below 0 frames");
    assertEquals(48, d.beam().maxDelay());
    assertEquals(600, d.beam().maxDelayMs());
    assertTrue(d.beam().delayFromNext());
    assertTrue(!InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.DELAY_FROM_NEXT_CONFIG, false)), m).beam().delayFromNext());
    assertEquals(400, d.contextWaitMs());
    assertEquals(0, InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.CONTEXT_WAIT_MS_CONFIG, 0)), m).contextWaitMs(),
        "waits for the full right context");
    assertEquals(0, InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.MAX_DELAY_MS_CONFIG, 0)), m).beam().maxDelayMs());
    assertEquals(0.999, d.beam().confidence());
    assertEquals(7.0, d.beam().pruneMargin());
    assertEquals(0.4, d.beam().lmWeight());
    assertEquals(1.5, d.beam().lengthBonus());
    assertEquals(4.0, d.beam().lexiconPenalty());
    assertEquals(0.3, d.beam().sentenceStart());
    assertEquals(1.0, InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.SENTENCE_START_CONFIG, 1)), m).beam().sentenceStart());
    assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.SENTENCE_START_CONFIG, 1.5)));
    assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.LEXICON_PENALTY_CONFIG, -1)));
    assertEquals(7, new InkstreamConfig(Map.of()).getInt(InkstreamConfig.LM_ORDER_CONFIG));
    assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.LM_ORDER_CONFIG, 9)));
    assertEquals(0.0, d.beam().confidenceDecay());
    assertTrue(d.releaseAtPenUp());
    assertTrue(!InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.RELEASE_AT_PEN_UP_CONFIG, false)), m).releaseAtPenUp());
    assertEquals(0.5, InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.CONFIDENCE_DECAY_CONFIG, 0.5)), m).beam().confidenceDecay());
    assertEquals(1.0, InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.CONFIDENCE_CONFIG, 1)), m).beam().confidence());
    assertEquals(m.streamRightContextFrames(), InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.RIGHT_CONTEXT_EXTRA_CONFIG, 0)), m).context());
    assertEquals(5, InkstreamTopology.settings(new InkstreamConfig(Map.of(InkstreamConfig.RIGHT_CONTEXT_FRAMES_CONFIG, 5,
        InkstreamConfig.RIGHT_CONTEXT_EXTRA_CONFIG, 7)), m).context(), "an explicit lookahead is taken as it is");
    assertEquals(InkstreamConfig.STATE_STORES_ROCKSDB, new InkstreamConfig(Map.of()).getString(InkstreamConfig.STATE_STORES_CONFIG));
  }

  @Test
  void shouldFailFastNamingTheSettingWhenAValueIsBad() {
    ConfigException e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.CHUNK_FRAMES_CONFIG, "-1")));
    assertTrue(e.getMessage().contains("decode.chunk.frames"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.PRUNE_MARGIN_CONFIG, "0")));
    assertTrue(e.getMessage().contains("decode.beam.prune-margin"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.MAX_DELAY_CONFIG, "-1")));
    assertTrue(e.getMessage().contains("decode.commit.max-delay.frames"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.MAX_DELAY_MS_CONFIG, "-5")));
    assertTrue(e.getMessage().contains("decode.commit.max-delay.ms"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.CONTEXT_WAIT_MS_CONFIG, "-1")));
    assertTrue(e.getMessage().contains("decode.right-context.max-wait.ms"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.CONFIDENCE_CONFIG, "0.3")));
    assertTrue(e.getMessage().contains("decode.commit.confidence"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.RIGHT_CONTEXT_EXTRA_CONFIG, "-65")));
    assertTrue(e.getMessage().contains("decode.right-context.extra.frames"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.FINAL_CONTEXT_FRAMES_CONFIG, "-1")));
    assertTrue(e.getMessage().contains("decode.right-context.final.frames"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.CONFIDENCE_DECAY_CONFIG, "1.5")));
    assertTrue(e.getMessage().contains("decode.commit.confidence.decay"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.RELEASE_AT_PEN_UP_CONFIG, "maybe")));
    assertTrue(e.getMessage().contains("decode.right-context.release-at-pen-up"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.STATE_STORES_CONFIG, "tape")));
    assertTrue(e.getMessage().contains("state.stores"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new InkstreamConfig(Map.of(InkstreamConfig.PROCESSING_GUARANTEE_CONFIG, "maybe")));
    assertTrue(e.getMessage().contains("processing.guarantee"), e.getMessage());
  }
}
