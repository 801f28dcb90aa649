/*
 * All configuration of the streaming recognizer in one ConfigDef: topics, decoding, session
 * limits, telemetry and the Kafka Streams settings it passes through. Values come from defaults,
 * then a properties file, then environment variables INKSTREAM_<NAME> (dots and dashes as
 * underscores, e.g. INKSTREAM_BOOTSTRAP_SERVERS), then explicit overrides. Bad values fail at
 * start-up with a message naming the setting.
 */
package inkstream.stream;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.streams.StreamsConfig;

public final class InkstreamConfig extends AbstractConfig {
  public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
  private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to connect to.";
  public static final String APPLICATION_ID_CONFIG = "application.id";
  private static final String APPLICATION_ID_DOC = "Kafka Streams application id (consumer group and state store prefix).";
  public static final String STATE_DIR_CONFIG = "state.dir";
  private static final String STATE_DIR_DOC = "Directory of the persistent session state stores.";
  public static final String PROCESSING_GUARANTEE_CONFIG = "processing.guarantee";
  private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default) or at_least_once.";
  public static final String STANDBY_REPLICAS_CONFIG = "num.standby.replicas";
  private static final String STANDBY_REPLICAS_DOC = "Standby copies of each session store on other instances.";
  public static final String STREAM_THREADS_CONFIG = "num.stream.threads";
  private static final String STREAM_THREADS_DOC = "Stream threads per instance.";

  public static final String PEN_EVENTS_TOPIC_CONFIG = "topic.pen-events";
  private static final String PEN_EVENTS_TOPIC_DOC = "Input topic of pen events, keyed by session id.";
  public static final String HYPOTHESES_TOPIC_CONFIG = "topic.hypotheses";
  private static final String HYPOTHESES_TOPIC_DOC = "Output topic of committed and tentative text.";
  public static final String TELEMETRY_TOPIC_CONFIG = "topic.gate-telemetry";
  private static final String TELEMETRY_TOPIC_DOC = "Output topic of LSTM gate telemetry.";
  public static final String DEAD_LETTERS_TOPIC_CONFIG = "topic.dead-letters";
  private static final String DEAD_LETTERS_TOPIC_DOC = "Output topic of rejected input with the reason.";

  public static final String MODEL_PATH_CONFIG = "model.path";
  private static final String MODEL_PATH_DOC = "Model file; empty for the model bundled in the jar.";
  public static final String CHUNK_FRAMES_CONFIG = "decode.chunk.frames";
  private static final String CHUNK_FRAMES_DOC = "Frames per network chunk (latency control); 0: what the model was trained with "
      + "(32 for a model trained on whole lines).";
  public static final String RIGHT_CONTEXT_FRAMES_CONFIG = "decode.right-context.frames";
  private static final String RIGHT_CONTEXT_FRAMES_DOC = "Frames of lookahead the backward LSTM sees past each chunk; -1: what the model "
      + "was trained with (the least, for a model trained with jittered right context; 16 for a model trained on whole lines) plus "
      + "decode.right-context.extra.frames.";
  public static final String CONTEXT_WAIT_MS_CONFIG = "decode.right-context.max-wait.ms";
  private static final String CONTEXT_WAIT_MS_DOC = "Run frames through the network with the right context that has arrived once the newest frame "
      + "was written this many ms of pen time after them, so slow writing and pauses do not hold them back (0 = always wait for the full right context).";
  public static final String RELEASE_AT_PEN_UP_CONFIG = "decode.right-context.release-at-pen-up";
  private static final String RELEASE_AT_PEN_UP_DOC = "With revision (decode.right-context.final.frames above the right context): a pen-up releases "
      + "every frame written so far, decoded at once with the right context there is and revised as the next stroke arrives, so a character "
      + "whose ink ends with its stroke can be decided when the pen lifts instead of after the first frames of the next stroke.";
  public static final String FINAL_CONTEXT_FRAMES_CONFIG = "decode.right-context.final.frames";
  private static final String FINAL_CONTEXT_FRAMES_DOC = "Revision: when above the right context, frames are decoded as soon as they are released (with "
      + "decode.right-context.frames of lookahead or after the wait) and decoded again with the lookahead that has arrived until they have "
      + "this many frames of it, so a character the search has not decided yet is decided on a longer look; 0: decoded once.";
  public static final String RIGHT_CONTEXT_EXTRA_CONFIG = "decode.right-context.extra.frames";
  private static final String RIGHT_CONTEXT_EXTRA_DOC = "With decode.right-context.frames -1: frames of lookahead beyond the least the model was "
      + "trained with, at least 0 in all (negative: frames are released before it, and revision gives them the rest; the bundled model, "
      + "trained with 4 to 32, is released after 4 and revised until 32 by default; -2 until session 14, when it was trained with 6).";
  public static final String BEAM_WIDTH_CONFIG = "decode.beam.width";
  private static final String BEAM_WIDTH_DOC = "Prefix beam search width.";
  public static final String PRUNE_MARGIN_CONFIG = "decode.beam.prune-margin";
  private static final String PRUNE_MARGIN_DOC = "Hypotheses scoring more than this (natural log) below the best are dropped; "
      + "text shared by all survivors is committed, so a smaller margin commits sooner.";
  public static final String MAX_DELAY_CONFIG = "decode.commit.max-delay.frames";
  private static final String MAX_DELAY_DOC = "Force a decision on a character this many decoded frames after the best hypothesis emitted it: "
      + "hypotheses without it are dropped, so it commits (0 = only when every surviving hypothesis agrees).";
  public static final String DELAY_FROM_NEXT_CONFIG = "decode.commit.max-delay.from-next";
  private static final String DELAY_FROM_NEXT_DOC = "Count a character's age for the forced decision from the frame that emitted the character after it "
      + "(the writer has moved on: about where its ink ends; one with none after it does not age), rather than from its own frame, the peak "
      + "of its posterior, which can come at its first stroke (false: the clock before session 13).";
  public static final String MAX_DELAY_MS_CONFIG = "decode.commit.max-delay.ms";
  private static final String MAX_DELAY_MS_DOC = "Also force that decision once the frame being decoded was written this many ms of pen time "
      + "(client time) after the frame that emitted the character, so slow or hesitant writing does not stretch the wait (0 = by frames only).";
  public static final String CONFIDENCE_CONFIG = "decode.commit.confidence";
  private static final String CONFIDENCE_DOC = "Decide a character once the hypotheses reading it as the best one does hold this share of the "
      + "surviving beams' probability mass: the others are dropped, so it commits (1 = only when every surviving hypothesis agrees).";
  public static final String CONFIDENCE_DECAY_CONFIG = "decode.commit.confidence.decay";
  private static final String CONFIDENCE_DECAY_DOC = "Let the share that decision needs fall as the character waits, linearly to "
      + "decode.commit.confidence x (1 - this) at the forced bound (decode.commit.max-delay.frames or .ms, whichever comes first), so a "
      + "doubtful character is decided on its best reading before the bound once that reading holds most of the mass (0 = the same share at any age).";
  public static final String LM_WEIGHT_CONFIG = "decode.lm.weight";
  private static final String LM_WEIGHT_DOC = "Weight of the character language model (0 disables it).";
  public static final String LM_ORDER_CONFIG = "decode.lm.order";
  private static final String LM_ORDER_DOC = "Order of the character language model (n-grams of this many characters), trained at start-up on the "
      + "training part of the bundled Brown sentences.";
  public static final String LENGTH_BONUS_CONFIG = "decode.length.bonus";
  private static final String LENGTH_BONUS_DOC = "Score bonus per character (balances the LM's cost of each character).";
  public static final String LEXICON_PENALTY_CONFIG = "decode.lexicon.penalty";
  private static final String LEXICON_PENALTY_DOC = "Word check, in nats: a hypothesis pays this once per word whose letters leave every word of the "
      + "language model's text (or that ends while it is only the beginning of words); 0 disables it. Needs the language model.";
  public static final String SENTENCE_START_CONFIG = "decode.lm.sentence-start";
  private static final String SENTENCE_START_DOC = "How likely a line written without pre-context begins a sentence, for the language model; otherwise "
      + "it is read as continuing one (after a space). 1 = every such line begins a sentence.";
  public static final String NBEST_CONFIG = "decode.nbest";
  private static final String NBEST_DOC = "Tentative tails reported per hypothesis.";

  public static final String IDLE_TIMEOUT_MS_CONFIG = "session.idle.timeout.ms";
  private static final String IDLE_TIMEOUT_MS_DOC = "Sessions idle this long (wall clock) are finalized and deleted.";
  public static final String REORDER_WINDOW_CONFIG = "session.reorder.window";
  private static final String REORDER_WINDOW_DOC = "Events that may wait for a missing earlier sequence number; beyond it they are dead-lettered.";
  public static final String MAX_LINE_SAMPLES_CONFIG = "session.max.line.samples";
  private static final String MAX_LINE_SAMPLES_DOC = "Samples per line before further samples are dead-lettered as oversized (bounds state size).";
  public static final String MAX_COORDINATE_CONFIG = "input.max.abs.coordinate";
  private static final String MAX_COORDINATE_DOC = "Coordinates beyond this absolute value are rejected as absurd.";

  public static final String STATE_STORES_CONFIG = "state.stores";
  public static final String STATE_STORES_ROCKSDB = "rocksdb", STATE_STORES_IN_MEMORY = "in-memory";
  private static final String STATE_STORES_DOC = "Local session stores: rocksdb (on disk in state.dir; a restarted instance restores only "
      + "what changed since) or in-memory (restored from the changelog at every start; less work per event).";

  public static final String TELEMETRY_INTERVAL_CONFIG = "telemetry.interval.chunks";
  private static final String TELEMETRY_INTERVAL_DOC = "Emit gate telemetry every this many decoded chunks per session (0 disables).";
  public static final String TELEMETRY_CELLS_CONFIG = "telemetry.trace.cells";
  private static final String TELEMETRY_CELLS_DOC = "Cells whose per-frame traces are included, as layer:direction:cell (e.g. 0:0:5,2:1:17).";

  static final ConfigDef CONFIG = new ConfigDef()
      .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "localhost:9092", Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
      .define(APPLICATION_ID_CONFIG, Type.STRING, "inkstream", Importance.HIGH, APPLICATION_ID_DOC)
      .define(STATE_DIR_CONFIG, Type.STRING, System.getProperty("java.io.tmpdir") + "/inkstream-state", Importance.MEDIUM, STATE_DIR_DOC)
      .define(PROCESSING_GUARANTEE_CONFIG, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
          ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM, PROCESSING_GUARANTEE_DOC)
      .define(STANDBY_REPLICAS_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW, STANDBY_REPLICAS_DOC)
      .define(STREAM_THREADS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.LOW, STREAM_THREADS_DOC)
      .define(PEN_EVENTS_TOPIC_CONFIG, Type.STRING, "ink.pen-events", Importance.HIGH, PEN_EVENTS_TOPIC_DOC)
      .define(HYPOTHESES_TOPIC_CONFIG, Type.STRING, "ink.hypotheses", Importance.HIGH, HYPOTHESES_TOPIC_DOC)
      .define(TELEMETRY_TOPIC_CONFIG, Type.STRING, "ink.gate-telemetry", Importance.MEDIUM, TELEMETRY_TOPIC_DOC)
      .define(DEAD_LETTERS_TOPIC_CONFIG, Type.STRING, "ink.dead-letters", Importance.MEDIUM, DEAD_LETTERS_TOPIC_DOC)
      .define(MODEL_PATH_CONFIG, Type.STRING, "", Importance.MEDIUM, MODEL_PATH_DOC)
      .define(CHUNK_FRAMES_CONFIG, Type.INT, 0, Range.between(0, 4096), Importance.MEDIUM, CHUNK_FRAMES_DOC)
      .define(RIGHT_CONTEXT_FRAMES_CONFIG, Type.INT, -1, Range.between(-1, 4096), Importance.MEDIUM, RIGHT_CONTEXT_FRAMES_DOC)
      .define(CONTEXT_WAIT_MS_CONFIG, Type.LONG, 400L, Range.between(0L, 3_600_000L), Importance.MEDIUM, CONTEXT_WAIT_MS_DOC)
      .define(FINAL_CONTEXT_FRAMES_CONFIG, Type.INT, 32, Range.between(0, 4096), Importance.MEDIUM, FINAL_CONTEXT_FRAMES_DOC)
      .define(RELEASE_AT_PEN_UP_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, RELEASE_AT_PEN_UP_DOC)
      .define(RIGHT_CONTEXT_EXTRA_CONFIG, Type.INT, 0, Range.between(-64, 4096), Importance.LOW, RIGHT_CONTEXT_EXTRA_DOC)
      .define(BEAM_WIDTH_CONFIG, Type.INT, 8, Range.between(1, 256), Importance.MEDIUM, BEAM_WIDTH_DOC)
      .define(PRUNE_MARGIN_CONFIG, Type.DOUBLE, 7.0, Range.between(0.01, 1000), Importance.MEDIUM, PRUNE_MARGIN_DOC)
      .define(MAX_DELAY_CONFIG, Type.INT, 48, Range.between(0, 100_000), Importance.MEDIUM, MAX_DELAY_DOC)
      .define(DELAY_FROM_NEXT_CONFIG, Type.BOOLEAN, true, Importance.LOW, DELAY_FROM_NEXT_DOC)
      .define(MAX_DELAY_MS_CONFIG, Type.INT, 600, Range.between(0, 3_600_000), Importance.MEDIUM, MAX_DELAY_MS_DOC)
      .define(CONFIDENCE_CONFIG, Type.DOUBLE, 0.999, Range.between(0.5, 1.0), Importance.MEDIUM, CONFIDENCE_DOC)
      .define(CONFIDENCE_DECAY_CONFIG, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.LOW, CONFIDENCE_DECAY_DOC)
      .define(LM_WEIGHT_CONFIG, Type.DOUBLE, inkstream.decode.BeamSearch.Config.LM_WEIGHT, Range.between(0, 10), Importance.MEDIUM, LM_WEIGHT_DOC)
      .define(LM_ORDER_CONFIG, Type.INT, inkstream.decode.CharLm.DEFAULT_ORDER, Range.between(1, 8), Importance.LOW, LM_ORDER_DOC)
      .define(LENGTH_BONUS_CONFIG, Type.DOUBLE, inkstream.decode.BeamSearch.Config.LENGTH_BONUS, Range.between(-10, 10), Importance.LOW, LENGTH_BONUS_DOC)
      .define(LEXICON_PENALTY_CONFIG, Type.DOUBLE, inkstream.decode.BeamSearch.Config.LEXICON_PENALTY, Range.between(0, 100), Importance.LOW, LEXICON_PENALTY_DOC)
      .define(SENTENCE_START_CONFIG, Type.DOUBLE, inkstream.decode.BeamSearch.Config.SENTENCE_START, Range.between(0, 1), Importance.LOW, SENTENCE_START_DOC)
      .define(NBEST_CONFIG, Type.INT, 3, Range.between(1, 32), Importance.LOW, NBEST_DOC)
      .define(IDLE_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.MEDIUM, IDLE_TIMEOUT_MS_DOC)
      .define(REORDER_WINDOW_CONFIG, Type.INT, 16, Range.between(0, 1024), Importance.LOW, REORDER_WINDOW_DOC)
      .define(MAX_LINE_SAMPLES_CONFIG, Type.INT, 20_000, Range.between(10, 1_000_000), Importance.LOW, MAX_LINE_SAMPLES_DOC)
      .define(MAX_COORDINATE_CONFIG, Type.DOUBLE, 1e7, Range.atLeast(1), Importance.LOW, MAX_COORDINATE_DOC)
      .define(STATE_STORES_CONFIG, Type.STRING, STATE_STORES_ROCKSDB, ValidString.in(STATE_STORES_ROCKSDB, STATE_STORES_IN_MEMORY), Importance.LOW,
          STATE_STORES_DOC)
      .define(TELEMETRY_INTERVAL_CONFIG, Type.INT, 1, Range.atLeast(0), Importance.LOW, TELEMETRY_INTERVAL_DOC)
      .define(TELEMETRY_CELLS_CONFIG, Type.LIST, "", Importance.LOW, TELEMETRY_CELLS_DOC);

  public InkstreamConfig(Map<String, ?> values) {
    super(CONFIG, values);
  }

  /** Defaults, then the file (may be null), then INKSTREAM_* environment variables, then overrides. */
  public static InkstreamConfig load(Path file, Map<String, String> env, Map<String, ?> overrides) throws IOException {
    Map<String, Object> v = new HashMap<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      p.forEach((k, val) -> v.put((String) k, val));
    }
    for (String name : CONFIG.names()) {
      String key = "INKSTREAM_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      if (env.containsKey(key)) v.put(name, env.get(key));
    }
    v.putAll(overrides);
    return new InkstreamConfig(v);
  }

  public static ConfigDef configDef() {
    return CONFIG;
  }

  /** The Kafka Streams properties this configuration implies. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID_CONFIG));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, getString(BOOTSTRAP_SERVERS_CONFIG));
    p.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR_CONFIG));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE_CONFIG));
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(STANDBY_REPLICAS_CONFIG));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(STREAM_THREADS_CONFIG));
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
    p.put(DeadLetterDeserializationHandler.TOPIC_CONFIG, getString(DEAD_LETTERS_TOPIC_CONFIG));
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    return p;
  }
}
