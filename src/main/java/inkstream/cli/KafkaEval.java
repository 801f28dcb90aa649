/*
 * eval --kafka: replays ink lines through a real broker and the streaming topology (each line its
 * own session, published as fast as possible with the ink's own client times) and measures what
 * users see: CER and WER of the committed text, commit latency in pen time (from the last sample
 * of a character's ink to the pen event after which it was committed), when each character was
 * shown for good (from then on the text on screen held its final value) and the revision rate of
 * tentative characters (shown characters that the committed text later contradicted).
 */
package inkstream.cli;

import inkstream.decode.CharLm;
import inkstream.decode.ErrorRate;
import inkstream.ink.Ink;
import inkstream.nn.Model;
import inkstream.proto.v1.ControlType;
import inkstream.proto.v1.Hypothesis;
import inkstream.stream.EmbeddedKafka;
import inkstream.stream.InkstreamConfig;
import inkstream.stream.InkstreamTopology;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

final class KafkaEval {
  /** What the replay measured. */
  record Result(ErrorRate errors, List<Long> latencies, List<Long> latenciesFromInkEnd, List<Long> shownFromInkEnd, long tentativeShown, long tentativeRevised,
      long events, double seconds, double cpuSeconds, double penSeconds, inkstream.stream.StreamStats.Snapshot sizes) {
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
      inkstream.stream.StreamStats stats = new inkstream.stream.StreamStats();
      try (KafkaStreams streams = new KafkaStreams(InkstreamTopology.build(c, model, lm, stats), c.streamsProperties())) {
        streams.start();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        t0 = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
          long[] count = {0};
          for (int i = 0; i < inks.size(); i++) {
            SessionResults s = new SessionResults();
            String session = "eval-" + i;
            seen.put(session, s);
            Tablet tablet = new Tablet(session, 0, e -> {
              s.sentAt.put(e.getSequence(), e.getClientTimeMs());
              producer.send(new ProducerRecord<>(pen, e.getSessionId(), e.toByteArray()));
              count[0]++;
            });
            tablet.write(inks.get(i));
            s.inkTimeOffset = tablet.lineOffset();
            tablet.control(ControlType.CONTROL_TYPE_END_OF_SESSION);
          }
          producer.flush();
          events = count[0];
        }
        consume(kafka.bootstrapServers(), hyp, seen);
      }
      double seconds = (System.currentTimeMillis() - t0) / 1000.0;
      double cpuSeconds = (cpuNanos() - cpu0) / 1e9;
      double penSeconds = 0;
      for (Ink ink : inks) penSeconds += penSeconds(ink);
      ErrorRate er = new ErrorRate();
      List<Long> latencies = new ArrayList<>(), fromInkEnd = new ArrayList<>(), shownFromInkEnd = new ArrayList<>();
      long shown = 0, revised = 0;
      for (int i = 0; i < inks.size(); i++) {
        SessionResults s = seen.get("eval-" + i);
        String ref = inks.get(i).text() == null ? "" : inks.get(i).text();
        er.add(ref, s.committed.toString());
        latencies.addAll(s.latencies);
        fromInkEnd.addAll(s.latenciesFromInkEnd(ref, inks.get(i).charEndMs()));
        shownFromInkEnd.addAll(s.shownLatenciesFromInkEnd(ref, inks.get(i).charEndMs()));
        long[] rv = s.revisions();
        shown += rv[0];
        revised += rv[1];
      }
      return new Result(er, latencies, fromInkEnd, shownFromInkEnd, shown, revised, events, seconds, cpuSeconds, penSeconds, stats.snapshot());
    }
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
