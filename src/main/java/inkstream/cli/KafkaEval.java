/*
 * eval --kafka: replays ink lines through a real broker and the streaming topology (each line its
 * own session, published as fast as possible with the ink's own client times) and measures what
 * users see: CER and WER of the committed text, commit latency in pen time (from the last sample
 * of a character's ink to the pen event after which it was committed), when each character was
 * shown for good (from then on the text on screen held its final value) and the revision rate of
 * tentative characters (shown characters that the committed text later contradicted).
 * eval --replay: the same lines through the same topology without a broker (Kafka Streams'
 * TopologyTestDriver, one per thread): the same hypotheses, so the same measurements except the
 * broker's throughput, at a fraction of the cost, for measuring on more lines.
 */
package inkstream.cli;

import inkstream.decode.CharLm;
import inkstream.decode.ErrorRate;
import inkstream.ink.Ink;
import inkstream.nn.Model;
import inkstream.proto.v1.ControlType;
import inkstream.proto.v1.Hypothesis;
import inkstream.proto.v1.PenEvent;
import inkstream.stream.EmbeddedKafka;
import inkstream.stream.InkstreamConfig;
import inkstream.stream.InkstreamTopology;
import inkstream.stream.StreamStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyTestDriver;

final class KafkaEval {
  /** What the replay measured. */
  record Result(ErrorRate errors, List<Long> latencies, List<Long> latenciesFromInkEnd, List<Long> shownFromInkEnd, long tentativeShown, long tentativeRevised,
      long wrongShown, long events, double seconds, double cpuSeconds, double penSeconds, StreamStats.Snapshot sizes, String[] readings,
      Long[][] commitLatencies) {
    long latency(int percentile) {
      return SessionResults.percentile(latencies, percentile);
    }

    /** Percentile of the latency from the true end of each character's ink; -1 when the ink has no character times. */
    long latencyFromInkEnd(int percentile) {
      return SessionResults.percentile(latenciesFromInkEnd, percentile);
    }

    /** Percentile of the latency from the true end of each character's ink until it was shown for good (see SessionResults). */
    long shownFromInkEnd(int percentile) {
      return SessionResults.percentile(shownFromInkEnd, percentile);
    }

    double revisionRate() {
      return tentativeShown == 0 ? 0 : (double) tentativeRevised / tentativeShown;
    }

    double eventsPerSecond() {
      return seconds > 0 ? events / seconds : 0;
    }

    /** Events per second of CPU time of the whole process (broker, topology, tablets and reader together). */
    double eventsPerCpuSecond() {
      return cpuSeconds > 0 ? events / cpuSeconds : 0;
    }

    double telemetryBytesPerPenSecond() {
      return penSeconds > 0 ? sizes.telemetryBytes() / penSeconds : 0;
    }

    double hypothesisBytesPerPenSecond() {
      return penSeconds > 0 ? sizes.hypothesisBytes() / penSeconds : 0;
    }
  }

  private KafkaEval() {}

  static Result run(Model model, CharLm lm, List<Ink> inks, Map<String, Object> settings) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Map<String, Object> m = new HashMap<>(settings);
      m.put(InkstreamConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      m.put(InkstreamConfig.STATE_DIR_CONFIG, Files.createTempDirectory("inkstream-eval-state").toString());
      InkstreamConfig c = new InkstreamConfig(m);
      String pen = c.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG), hyp = c.getString(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG);
      kafka.createTopics(4, pen, hyp, c.getString(InkstreamConfig.TELEMETRY_TOPIC_CONFIG), c.getString(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG));
      Map<String, SessionResults> seen = new HashMap<>();
      long events = 0;
      long t0, cpu0 = cpuNanos();
      StreamStats stats = new StreamStats();
      try (KafkaStreams streams = new KafkaStreams(InkstreamTopology.build(c, model, lm, stats), c.streamsProperties())) {
        streams.start();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        t0 = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
          long[] count = {0};
          for (int i = 0; i < inks.size(); i++) {
            publish(inks.get(i), session(i), seen, e -> {
              producer.send(new ProducerRecord<>(pen, e.getSessionId(), e.toByteArray()));
              count[0]++;
            });
          }
          producer.flush();
          events = count[0];
        }
        consume(kafka.bootstrapServers(), hyp, seen);
      }
      return summarize(inks, seen, events, (System.currentTimeMillis() - t0) / 1000.0, (cpuNanos() - cpu0) / 1e9, stats.snapshot());
    }
  }

  /**
   * The lines through the topology without a broker: each of `threads` TopologyTestDriver instances
   * (its own state directory) takes every threads-th line, published by a Tablet as eval --kafka
   * publishes it, and hands each hypothesis to the line's SessionResults as it is emitted.
   */
  static Result replay(Model model, CharLm lm, List<Ink> inks, Map<String, Object> settings, int threads) throws Exception {
    Map<String, SessionResults> seen = new ConcurrentHashMap<>();
    StreamStats stats = new StreamStats();
    LongAdder events = new LongAdder();
    long t0 = System.currentTimeMillis(), cpu0 = cpuNanos();
    int n = Math.max(1, Math.min(threads, inks.size()));
    var pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int part = 0; part < n; part++) {
        int first = part;
        parts.add(pool.submit(() -> {
          replayPart(model, lm, inks, settings, first, n, seen, stats, events);
          return null;
        }));
      }
      for (var f : parts) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException x) {
          // what a part threw, as the caller would have seen it on one thread (a bad setting, a bad line)
          if (x.getCause() instanceof Exception e) throw e;
          throw x;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return summarize(inks, seen, events.sum(), (System.currentTimeMillis() - t0) / 1000.0, (cpuNanos() - cpu0) / 1e9, stats.snapshot());
  }

  private static void replayPart(Model model, CharLm lm, List<Ink> inks, Map<String, Object> settings, int first, int step,
      Map<String, SessionResults> seen, StreamStats stats, LongAdder events) throws Exception {
    Map<String, Object> m = new HashMap<>(settings);
    Path stateDir = Files.createTempDirectory("inkstream-replay-state");
    m.put(InkstreamConfig.STATE_DIR_CONFIG, stateDir.toString());
    m.putIfAbsent(InkstreamConfig.STATE_STORES_CONFIG, InkstreamConfig.STATE_STORES_IN_MEMORY); // the driver commits after every event
    InkstreamConfig c = new InkstreamConfig(m);
    Properties p = c.streamsProperties();
    p.remove(org.apache.kafka.streams.StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG); // the tablet's events always decode
    try (var driver = new TopologyTestDriver(InkstreamTopology.build(c, model, lm, stats), p)) {
      var in = driver.createInputTopic(c.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG), new StringSerializer(), new ByteArraySerializer());
      var hyp = driver.createOutputTopic(c.getString(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG),
          new StringDeserializer(), new ByteArrayDeserializer());
      var others = List.of(c.getString(InkstreamConfig.TELEMETRY_TOPIC_CONFIG), c.getString(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG)).stream()
          .map(t -> driver.createOutputTopic(t, new StringDeserializer(), new ByteArrayDeserializer()))
          .toList();
      for (int i = first; i < inks.size(); i += step) {
        publish(inks.get(i), session(i), seen, e -> {
          in.pipeInput(e.getSessionId(), e.toByteArray());
          events.increment();
        });
        // the line's hypotheses in the order emitted; each one's commit time was noted when its event was sent
        SessionResults s = seen.get(session(i));
        for (byte[] v : hyp.readValuesToList()) s.accept(Hypothesis.parseFrom(v));
        others.forEach(o -> o.readValuesToList()); // telemetry and dead letters are counted in stats, not kept
      }
    } finally {
      deleteRecursively(stateDir);
    }
  }

  /** The session a line is published as. */
  private static String session(int line) {
    return "eval-" + line;
  }

  /**
   * Publishes one line as its own session through send (a Tablet at full speed, then end of
   * session), noting in a new SessionResults each event's client time and the line's time offset.
   */
  private static void publish(Ink ink, String session, Map<String, SessionResults> seen, java.util.function.Consumer<PenEvent> send)
      throws InterruptedException {
    SessionResults s = new SessionResults();
    seen.put(session, s);
    Tablet tablet = new Tablet(session, 0, e -> {
      s.sentAt.put(e.getSequence(), e.getClientTimeMs());
      send.accept(e);
    });
    tablet.write(ink);
    s.inkTimeOffset = tablet.lineOffset();
    tablet.control(ControlType.CONTROL_TYPE_END_OF_SESSION);
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (var q : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
    }
  }

  /** CER, latencies and revisions over every line's SessionResults. */
  private static Result summarize(List<Ink> inks, Map<String, SessionResults> seen, long events, double seconds, double cpuSeconds,
      StreamStats.Snapshot sizes) {
    double penSeconds = 0;
    for (Ink ink : inks) penSeconds += penSeconds(ink);
    ErrorRate er = new ErrorRate();
    List<Long> latencies = new ArrayList<>(), fromInkEnd = new ArrayList<>(), shownFromInkEnd = new ArrayList<>();
    long shown = 0, revised = 0, wrong = 0;
    String[] readings = new String[inks.size()];
    Long[][] perLine = new Long[inks.size()][];
    for (int i = 0; i < inks.size(); i++) {
      SessionResults s = seen.get(session(i));
      String ref = inks.get(i).text() == null ? "" : inks.get(i).text();
      readings[i] = s.committed.toString();
      perLine[i] = s.commitLatencies(ref, inks.get(i).charEndMs());
      er.add(ref, readings[i]);
      latencies.addAll(s.latencies);
      fromInkEnd.addAll(s.latenciesFromInkEnd(ref, inks.get(i).charEndMs()));
      shownFromInkEnd.addAll(s.shownLatenciesFromInkEnd(ref, inks.get(i).charEndMs()));
      long[] rv = s.revisions();
      shown += rv[0];
      revised += rv[1];
      wrong += rv[2];
    }
    return new Result(er, latencies, fromInkEnd, shownFromInkEnd, shown, revised, wrong, events, seconds, cpuSeconds, penSeconds, sizes, readings, perLine);
  }

  /** Time from the first to the last sample of a line, in seconds. */
  static double penSeconds(Ink ink) {
    double first = Double.POSITIVE_INFINITY, last = Double.NEGATIVE_INFINITY;
    for (Ink.Stroke s : ink.strokes()) {
      for (double t : s.t()) {
        first = Math.min(first, t);
        last = Math.max(last, t);
      }
    }
    return last > first ? (last - first) / 1000.0 : 0;
  }

  private static long cpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static void consume(String bootstrap, String topic, Map<String, SessionResults> seen) throws Exception {
    long deadline = System.currentTimeMillis() + 30 * 60_000L;
    try (KafkaConsumer<String, byte[]> consumer = Consumers.readCommitted(bootstrap, "inkstream-eval", true)) {
      consumer.subscribe(List.of(topic));
      while (!seen.values().stream().allMatch(s -> s.ended) && System.currentTimeMillis() < deadline) {
        for (var rec : consumer.poll(Duration.ofMillis(300))) {
          SessionResults s = seen.get(rec.key());
          if (s != null) s.accept(Hypothesis.parseFrom(rec.value()));
        }
      }
    }
  }
}
