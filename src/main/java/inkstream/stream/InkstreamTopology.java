/*
 * Builds the topology: pen events -> SessionProcessor (with the persistent session store) ->
 * hypotheses, gate telemetry and dead letters. A plain static function, called by the run and
 * demo commands and by the tests, so tests exercise exactly what runs.
 */
package inkstream.stream;

import inkstream.decode.BeamSearch;
import inkstream.decode.CharLm;
import inkstream.decode.LineRecognizer;
import inkstream.nn.Model;
import inkstream.proto.v1.PenEvent;
import inkstream.proto.v1.LineInputBlock;
import inkstream.proto.v1.SessionState;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

public final class InkstreamTopology {
  private InkstreamTopology() {}

  /** Decoder settings; chunk and right context default to what the model was trained with, plus the configured extra lookahead. */
  public static LineRecognizer.Settings settings(InkstreamConfig c, Model model) {
    BeamSearch.Config beam = new BeamSearch.Config(c.getInt(InkstreamConfig.BEAM_WIDTH_CONFIG), 8, Math.log(1e-4),
        c.getDouble(InkstreamConfig.LM_WEIGHT_CONFIG), c.getDouble(InkstreamConfig.LENGTH_BONUS_CONFIG), c.getDouble(InkstreamConfig.PRUNE_MARGIN_CONFIG),
        c.getInt(InkstreamConfig.MAX_DELAY_CONFIG), c.getDouble(InkstreamConfig.CONFIDENCE_CONFIG), c.getInt(InkstreamConfig.MAX_DELAY_MS_CONFIG),
        c.getDouble(InkstreamConfig.CONFIDENCE_DECAY_CONFIG), c.getDouble(InkstreamConfig.LEXICON_PENALTY_CONFIG),
        c.getDouble(InkstreamConfig.SENTENCE_START_CONFIG), c.getBoolean(InkstreamConfig.DELAY_FROM_NEXT_CONFIG));
    int chunk = c.getInt(InkstreamConfig.CHUNK_FRAMES_CONFIG), context = c.getInt(InkstreamConfig.RIGHT_CONTEXT_FRAMES_CONFIG);
    if (chunk == 0) chunk = model.streamChunkFrames();
    if (context < 0) context = Math.max(0, model.streamRightContextFrames() + c.getInt(InkstreamConfig.RIGHT_CONTEXT_EXTRA_CONFIG));
    return new LineRecognizer.Settings(chunk, context, beam,
        c.getInt(InkstreamConfig.NBEST_CONFIG), c.getLong(InkstreamConfig.CONTEXT_WAIT_MS_CONFIG), c.getInt(InkstreamConfig.FINAL_CONTEXT_FRAMES_CONFIG),
        c.getBoolean(InkstreamConfig.RELEASE_AT_PEN_UP_CONFIG));
  }

  public static Topology build(InkstreamConfig c, Model model, CharLm lm) {
    return build(c, model, lm, new StreamStats());
  }

  /** The topology, counting state and output sizes into stats. */
  public static Topology build(InkstreamConfig c, Model model, CharLm lm, StreamStats stats) {
    LineRecognizer.Settings settings = settings(c, model);
    Telemetry telemetry = new Telemetry(c.getInt(InkstreamConfig.TELEMETRY_INTERVAL_CONFIG), c.getList(InkstreamConfig.TELEMETRY_CELLS_CONFIG),
        model.config());
    boolean inMemory = c.getString(InkstreamConfig.STATE_STORES_CONFIG).equals(InkstreamConfig.STATE_STORES_IN_MEMORY);
    java.util.function.Function<String, KeyValueBytesStoreSupplier> supplier = inMemory ? Stores::inMemoryKeyValueStore : Stores::persistentKeyValueStore;
    StoreBuilder<KeyValueStore<String, SessionState>> store = Stores.keyValueStoreBuilder(supplier.apply(SessionProcessor.STORE),
        Serdes.String(), new ProtoSerde<>(SessionState.parser())).withCachingEnabled(); // changelog: the latest state per commit, not every event
    StoreBuilder<KeyValueStore<String, LineInputBlock>> inputs = Stores.keyValueStoreBuilder(
        supplier.apply(SessionProcessor.INPUTS_STORE), Serdes.String(), new ProtoSerde<>(LineInputBlock.parser())).withCachingEnabled();
    Topology t = new Topology();
    t.addSource("pen-events", Serdes.String().deserializer(), new ProtoSerde<>(PenEvent.parser()).deserializer(),
        c.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG));
    t.addProcessor("sessions",
        () -> new SessionProcessor(model, lm, settings, c.getInt(InkstreamConfig.REORDER_WINDOW_CONFIG),
            c.getInt(InkstreamConfig.MAX_LINE_SAMPLES_CONFIG), c.getDouble(InkstreamConfig.MAX_COORDINATE_CONFIG),
            c.getLong(InkstreamConfig.IDLE_TIMEOUT_MS_CONFIG), telemetry, stats),
        "pen-events");
    t.addStateStore(store, "sessions");
    t.addStateStore(inputs, "sessions");
    t.addSink(SessionProcessor.HYPOTHESES, c.getString(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG), new StringSerializer(), new ByteArraySerializer(), "sessions");
    t.addSink(SessionProcessor.TELEMETRY, c.getString(InkstreamConfig.TELEMETRY_TOPIC_CONFIG), new StringSerializer(), new ByteArraySerializer(), "sessions");
    t.addSink(SessionProcessor.DEAD_LETTERS, c.getString(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG), new StringSerializer(), new ByteArraySerializer(),
        "sessions");
    return t;
  }
}
