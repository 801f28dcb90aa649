/*
 * inkstream demo: the whole product on one machine. Starts a real in-process KRaft broker, creates
 * the topics, runs the streaming topology, and lets simulated tablets write synthetic sentences
 * (held-out handwriting styles) at real pen speed; shows each session's committed and tentative
 * text live, and at the end the CER against what the tablets wrote and the commit latency.
 */
package inkstream.cli;

import inkstream.decode.CharLm;
import inkstream.decode.ErrorRate;
import inkstream.nn.Model;
import inkstream.proto.v1.ControlType;
import inkstream.proto.v1.Hypothesis;
import inkstream.stream.DeadLetters;
import inkstream.stream.EmbeddedKafka;
import inkstream.stream.InkstreamConfig;
import inkstream.stream.InkstreamTopology;
import inkstream.synth.Font;
import inkstream.synth.FontCatalog;
import inkstream.synth.Synthesizer;
import inkstream.synth.TextSource;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Embedded broker + topology + simulated tablets writing at pen speed; live text and final CER.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
  @Mixin ModelOption modelOption;

  @Option(names = "--sessions", defaultValue = "3", description = "Simulated tablets (default ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--lines", defaultValue = "2", description = "Lines each tablet writes (default ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = "--duration", defaultValue = "120", description = "Stop writing after this many seconds (default ${DEFAULT-VALUE}).")
  int duration;

  @Option(names = "--speed", defaultValue = "1.0", description = "Pen speed factor: 1 is real time, 0 as fast as possible (default ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the tablets' text and handwriting (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "No live screen; print a JSON summary line at the end.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Model model = modelOption.load();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong events = new AtomicLong();
    Map<String, SessionResults> views = new ConcurrentHashMap<>();
    long t0 = System.currentTimeMillis();
    System.err.println("starting an in-process Kafka broker (KRaft) ...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      InkstreamConfig c = new InkstreamConfig(Map.of(InkstreamConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          InkstreamConfig.STATE_DIR_CONFIG, Files.createTempDirectory("inkstream-demo-state").toString()));
      kafka.createTopics(4, c.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG), c.getString(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG),
          c.getString(InkstreamConfig.TELEMETRY_TOPIC_CONFIG), c.getString(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG));
      CharLm lm = BundledLm.of(c);
      try (KafkaStreams streams = new KafkaStreams(InkstreamTopology.build(c, model, lm), c.streamsProperties())) {
        Thread hook = new Thread(() -> stop.set(true));
        Runtime.getRuntime().addShutdownHook(hook);
        streams.start();
        System.err.printf(Locale.ROOT, "broker %s up, topology running (%.1f s); %d tablets writing%n", kafka.bootstrapServers(),
            (System.currentTimeMillis() - t0) / 1000.0, sessions);
        List<Font> fonts = FontCatalog.select(FontCatalog.bundled(), FontCatalog.Split.all);
        TextSource text = TextSource.bundled(TextSource.Part.held_out); // text the language model never saw
        CountDownLatch done = new CountDownLatch(sessions);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
          long end = System.currentTimeMillis() + duration * 1000L;
          for (int i = 0; i < sessions; i++) {
            String id = "tablet-" + i;
            SessionResults view = new SessionResults();
            views.put(id, view);
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            Thread th = new Thread(() -> {
              try {
                tablet(id, view, r, fonts, text, producer, c.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG), end, stop, events);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                done.countDown();
              }
            }, id);
            th.setDaemon(true);
            th.start();
          }
          watch(kafka.bootstrapServers(), c.getString(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG), views, done, stop);
        }
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
    ErrorRate er = new ErrorRate();
    views.values().forEach(v -> er.add(v.written.toString().strip(), v.committed.toString().strip()));
    List<Long> lat = new ArrayList<>();
    views.values().forEach(v -> lat.addAll(v.latencies));
    double secs = (System.currentTimeMillis() - t0) / 1000.0;
    if (json) {
      System.out.printf(Locale.ROOT, "{\"sessions\": %d, \"cer\": %.6f, \"wer\": %.6f, \"chars\": %d, \"events\": %d, \"commit_latency_ms_p50\": %d,"
          + " \"commit_latency_ms_p95\": %d, \"dead_letters\": %d, \"seconds\": %.1f}%n", sessions, er.cer(), er.wer(), er.chars(), events.get(),
          SessionResults.percentile(lat, 50), SessionResults.percentile(lat, 95), DeadLetters.counts().values().stream().mapToLong(Long::longValue).sum(), secs);
    } else {
      views.forEach((id, v) -> System.out.printf("%s wrote:     %s%n%s committed: %s%n", id, v.written.toString().strip(), id.replaceAll(".", " "),
          v.committed.toString().strip()));
      System.out.printf(Locale.ROOT, "CER %.2f%%  WER %.2f%%  commit latency (pen time) p50 %d ms, p95 %d ms  events %d  %.0f s%n", 100 * er.cer(),
          100 * er.wer(), SessionResults.percentile(lat, 50), SessionResults.percentile(lat, 95), events.get(), secs);
    }
    return 0;
  }

  /** One tablet: writes lines of synthetic handwriting at pen speed, then ends its session. */
  private void tablet(String id, SessionResults view, SplittableRandom r, List<Font> fonts, TextSource text, KafkaProducer<String, byte[]> producer,
      String topic, long end, AtomicBoolean stop, AtomicLong events) throws InterruptedException {
    Tablet tablet = new Tablet(id, speed, e -> {
      view.sentAt.put(e.getSequence(), e.getClientTimeMs());
      producer.send(new ProducerRecord<>(topic, e.getSessionId(), e.toByteArray()));
      events.incrementAndGet();
    });
    for (int l = 0; l < lines && System.currentTimeMillis() < end && !stop.get(); l++) {
      Font font = fonts.get(r.nextInt(fonts.size()));
      String line = text.line(r);
      while (!font.covers(line)) line = text.line(r);
      view.written.append(line).append(' ');
      tablet.write(Synthesizer.write(id + "-" + l, line, font, r, inkstream.synth.HandStyle.Options.PLAIN));
    }
    tablet.control(ControlType.CONTROL_TYPE_END_OF_SESSION);
    producer.flush();
  }

  /** Reads hypotheses until every session has ended (or Ctrl-C), drawing the live screen. */
  private void watch(String bootstrap, String topic, Map<String, SessionResults> views, CountDownLatch tabletsDone,
      AtomicBoolean stop) {
    long lastDraw = 0;
    long tabletsFinishedAt = -1;
    try (KafkaConsumer<String, byte[]> consumer = Consumers.readCommitted(bootstrap, "inkstream-demo-watch", true)) {
      consumer.subscribe(List.of(topic));
      while (!stop.get()) {
        for (var rec : consumer.poll(Duration.ofMillis(200))) {
          Hypothesis h;
          try {
            h = Hypothesis.parseFrom(rec.value());
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            continue;
          }
          SessionResults v = views.get(h.getSessionId());
          if (v == null) continue;
          v.accept(h);
          if (h.getEndOfLine() && !h.getEndOfSession()) v.committed.append(' ');
        }
        if (!json && System.currentTimeMillis() - lastDraw > 500) {
          draw(views);
          lastDraw = System.currentTimeMillis();
        }
        if (views.values().stream().allMatch(v -> v.ended)) break;
        if (tabletsDone.getCount() == 0) {
          if (tabletsFinishedAt < 0) tabletsFinishedAt = System.currentTimeMillis();
          if (System.currentTimeMillis() - tabletsFinishedAt > 60_000) break; // results stopped coming
        }
      }
    }
    if (!json) draw(views);
  }

  private static void draw(Map<String, SessionResults> views) {
    StringBuilder sb = new StringBuilder("\033[H\033[2J");
    new java.util.TreeMap<>(views).forEach((id, v) -> sb.append(String.format("%-9s \033[1m%s\033[0m\033[2m%s\033[0m%s%n", id,
        tail(v.committed.toString(), 90), v.tentative, v.ended ? "  [ended]" : "")));
    System.out.print(sb);
    System.out.flush();
  }

  private static String tail(String s, int n) {
    return s.length() <= n ? s : "..." + s.substring(s.length() - n);
  }
}
