package inkstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.decode.ToyModel;
import inkstream.ink.Ink;
import inkstream.ink.ToyInk;
import inkstream.nn.Model;
import inkstream.proto.v1.DeadLetter;
import inkstream.proto.v1.Hypothesis;
import inkstream.proto.v1.PenEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology against a real in-process KRaft broker, exactly-once, several partitions. */
class KafkaIntegrationTest {
  static EmbeddedKafka kafka;
  static Model model;

  @BeforeAll
  static void start() throws Exception {
    model = ToyModel.get();
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) kafka.close();
  }

  @Test
  void shouldRecognizeInterleavedSessionsAndDeadLetterUndecodableRecords(@TempDir Path stateDir) throws Exception {
    scenario(kafka.bootstrapServers(), stateDir, "-it1", kafka::createTopics);
  }

  @Test
  void shouldPublishWithTabletAndShowWithWatch(@TempDir Path stateDir, @TempDir Path tmp) throws Exception {
    Map<String, Object> m = new HashMap<>();
    m.put(InkstreamConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    m.put(InkstreamConfig.APPLICATION_ID_CONFIG, "inkstream-cli");
    m.put(InkstreamConfig.STATE_DIR_CONFIG, stateDir.toString());
    m.put(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG, "pen-cli");
    m.put(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG, "hyp-cli");
    m.put(InkstreamConfig.TELEMETRY_TOPIC_CONFIG, "tele-cli");
    m.put(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG, "dead-cli");
    m.put(InkstreamConfig.LM_WEIGHT_CONFIG, 0.0);
    InkstreamConfig c = new InkstreamConfig(m);
    kafka.createTopics(2, "pen-cli", "hyp-cli", "tele-cli", "dead-cli");
    Path ink = tmp.resolve("lines.jsonl");
    inkstream.ink.InkJsonl.write(ink, ToyInk.lines(41, 2));
    try (KafkaStreams streams = new KafkaStreams(InkstreamTopology.build(c, model, null), c.streamsProperties())) {
      streams.start();
      assertEquals(0, inkstream.cli.Main.run("tablet", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "pen-cli", "--ink", ink.toString(),
          "--session", "cli-1", "--speed", "0"));
      java.io.PrintStream out = System.out;
      java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
      System.setOut(new java.io.PrintStream(buf, true));
      try {
        assertEquals(0, inkstream.cli.Main.run("watch", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "hyp-cli", "--from-beginning",
            "--until-sessions-end", "1"));
      } finally {
        System.setOut(out);
      }
      String shown = buf.toString();
      assertTrue(shown.contains("cli-1 | ") && shown.contains("(end of line)") && shown.contains("(end of session)"), shown);
    }
  }

  @Test
  void shouldReportTheOfflineCerWhenEvaluatingThroughKafka(@TempDir Path tmp) throws Exception {
    Path modelFile = tmp.resolve("toy.pb"), data = tmp.resolve("lines.jsonl");
    model.save(modelFile);
    List<Ink> inks = ToyInk.lines(42, 5);
    inkstream.ink.InkJsonl.write(data, inks);
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buf, true));
    try {
      assertEquals(0, inkstream.cli.Main.run("eval", "--kafka", "--model", modelFile.toString(), "--data", data.toString(), "--decoder", "beam",
          "--chunk", "8", "--right-context", "4", "--json"));
    } finally {
      System.setOut(out);
    }
    String json = buf.toString().strip().lines().reduce((a, b) -> b).orElseThrow();
    var offline = new inkstream.decode.ErrorRate();
    InkstreamConfig c = new InkstreamConfig(Map.of(InkstreamConfig.CHUNK_FRAMES_CONFIG, 8, InkstreamConfig.RIGHT_CONTEXT_FRAMES_CONFIG, 4,
        InkstreamConfig.LM_WEIGHT_CONFIG, 0.0, InkstreamConfig.LENGTH_BONUS_CONFIG, 0.0));
    for (Ink ink : inks) offline.add(ink.text(), SessionProcessorTest.offline(model, ink, c));
    assertTrue(json.startsWith(String.format(java.util.Locale.ROOT, "{\"cer\": %.6f,", offline.cer())), json + " vs offline CER " + offline.cer());
    assertTrue(json.matches(".*\"commit_latency_ms_p50\": -?\\d+, \"commit_latency_ms_p95\": -?\\d+, \"revision_rate\": [0-9.]+.*"), json);
    var sizes = java.util.regex.Pattern.compile("\"state_bytes_max\": (\\d+), \"telemetry_bytes_per_pen_second\": ([0-9.]+)").matcher(json);
    assertTrue(sizes.find(), json);
    long stateMax = Long.parseLong(sizes.group(1));
    double telemetry = Double.parseDouble(sizes.group(2));
    // a write is the session's header with at most one block of inputs, or one block: bounded whatever the line length
    assertTrue(stateMax > 100 && stateMax < 24L * SessionProcessor.INPUT_BLOCK + 1000, "state bytes per write " + stateMax);
    assertTrue(telemetry > 0, json);
    // toy ink knows when each character was finished: latency from there is measured too
    var fromEnd = java.util.regex.Pattern.compile("\"ink_end_latency_ms_p50\": (-?\\d+), \"ink_end_latency_ms_p95\": (-?\\d+)").matcher(json);
    assertTrue(fromEnd.find(), json);
    long p50 = Long.parseLong(fromEnd.group(1)), p95 = Long.parseLong(fromEnd.group(2));
    assertTrue(p50 != -1 && p95 >= p50 && p95 < 60_000, json);
    // a character is shown for good no later than it is committed
    var shownLat = java.util.regex.Pattern.compile("\"shown_latency_ms_p50\": (-?\\d+), \"shown_latency_ms_p95\": (-?\\d+)").matcher(json);
    assertTrue(shownLat.find(), json);
    assertTrue(Long.parseLong(shownLat.group(1)) <= p50 && Long.parseLong(shownLat.group(2)) <= p95, json);
    // the same lines through the same topology without the broker (eval --replay, two drivers): the same
    // hypotheses, so every measurement but the throughput is the same
    buf.reset();
    System.setOut(new java.io.PrintStream(buf, true));
    try {
      assertEquals(0, inkstream.cli.Main.run("eval", "--replay", "--threads", "2", "--model", modelFile.toString(), "--data", data.toString(),
          "--decoder", "beam", "--chunk", "8", "--right-context", "4", "--json"));
    } finally {
      System.setOut(out);
    }
    String replayed = buf.toString().strip().lines().reduce((a, b) -> b).orElseThrow();
    String throughput = "\"events_per_second\": [0-9.]+, \"events_per_cpu_second\": [0-9.]+, ";
    assertEquals(json.replaceAll(throughput, ""), replayed.replaceAll(throughput, ""));
  }

  /**
   * Restart: the application stops mid-line, its local state is lost, a new instance restores from
   * the changelog and continues; every session's committed text is the offline decode and the
   * committed stream has nothing duplicated or lost (exactly-once v2).
   */
  @Test
  void shouldContinueExactlyAfterRestartWithLostLocalState(@TempDir Path stateA, @TempDir Path stateB) throws Exception {
    String sfx = "-rs";
    Map<String, Object> m = settings(kafka.bootstrapServers(), sfx, 4, 4);
    m.put(InkstreamConfig.IDLE_TIMEOUT_MS_CONFIG, 600_000L); // the stop, not the idle punctuator, ends the first half
    kafka.createTopics(3, "pen" + sfx, "hyp" + sfx, "tele" + sfx, "dead" + sfx);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(51);
    List<Ink> inks = List.of(ToyInk.draw("r0", "cilo vxci", rng), ToyInk.draw("r1", "xvol ic", rng), ToyInk.draw("r2", "lox civ ox", rng),
        ToyInk.draw("r3", "voxi col", rng));
    List<List<PenEvent>> all = new ArrayList<>();
    for (int i = 0; i < inks.size(); i++) all.add(SessionProcessorTest.events("restart-" + i, inks.get(i), 0, true));
    Map<String, StringBuilder> text = new HashMap<>();
    Map<String, Integer> hypotheses = new HashMap<>();
    int[] ended = {0};
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, "reader" + sfx);
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
      consumer.subscribe(List.of("hyp" + sfx));
      java.util.function.BooleanSupplier read = () -> {
        for (var r : consumer.poll(Duration.ofMillis(300))) {
          Hypothesis h;
          try {
            h = Hypothesis.parseFrom(r.value());
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
          }
          StringBuilder sb = text.computeIfAbsent(h.getSessionId(), k -> new StringBuilder());
          h.getCommittedList().forEach(ch -> sb.append(ch.getText()));
          assertEquals(sb.length(), h.getCommittedLength(), "nothing duplicated or lost across the restart: " + h.getSessionId());
          hypotheses.merge(h.getSessionId(), 1, Integer::sum);
          if (h.getEndOfSession()) ended[0]++;
        }
        return true;
      };
      // 1. the first instance sees the first half of every session, emits, and stops mid-line
      m.put(InkstreamConfig.STATE_DIR_CONFIG, stateA.toString());
      InkstreamConfig first = new InkstreamConfig(m);
      try (KafkaStreams streams = new KafkaStreams(InkstreamTopology.build(first, model, null), shortSession(first))) {
        streams.start();
        for (List<PenEvent> ev : all) {
          for (PenEvent e : ev.subList(0, ev.size() / 2)) producer.send(new ProducerRecord<>("pen" + sfx, e.getSessionId(), e.toByteArray()));
        }
        producer.flush();
        long deadline = System.currentTimeMillis() + 60_000;
        while (hypotheses.size() < inks.size() && System.currentTimeMillis() < deadline) read.getAsBoolean();
        assertEquals(inks.size(), hypotheses.size(), "every session emitted before the stop: " + hypotheses);
      }
      assertEquals(0, ended[0]);
      // 2. a second instance with an empty state directory restores from the changelog and takes the rest
      m.put(InkstreamConfig.STATE_DIR_CONFIG, stateB.toString());
      InkstreamConfig second = new InkstreamConfig(m);
      try (KafkaStreams streams = new KafkaStreams(InkstreamTopology.build(second, model, null), shortSession(second))) {
        streams.start();
        for (List<PenEvent> ev : all) {
          for (PenEvent e : ev.subList(ev.size() / 2, ev.size())) producer.send(new ProducerRecord<>("pen" + sfx, e.getSessionId(), e.toByteArray()));
          producer.send(new ProducerRecord<>("pen" + sfx, ev.get(0).getSessionId(), PenEvent.newBuilder().setSessionId(ev.get(0).getSessionId())
              .setSequence(ev.size()).setControl(inkstream.proto.v1.Control.newBuilder().setType(inkstream.proto.v1.ControlType.CONTROL_TYPE_END_OF_SESSION))
              .build().toByteArray()));
        }
        producer.flush();
        long deadline = System.currentTimeMillis() + 90_000;
        while (ended[0] < inks.size() && System.currentTimeMillis() < deadline) read.getAsBoolean();
      }
    }
    assertEquals(inks.size(), ended[0], "every session ended");
    for (int i = 0; i < inks.size(); i++) {
      InkstreamConfig c = new InkstreamConfig(m);
      assertEquals(SessionProcessorTest.offline(model, inks.get(i), c), text.get("restart-" + i).toString(), "restart-" + i);
    }
  }

  /** The application's properties with the shortest consumer session the broker allows, so a successor takes over in seconds. */
  static Properties shortSession(InkstreamConfig c) {
    Properties p = c.streamsProperties();
    p.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    p.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    return p;
  }

  /** Application settings with topic names and application id suffixed, no LM, a given chunking. */
  static Map<String, Object> settings(String bootstrap, String suffix, int chunk, int context) {
    Map<String, Object> m = new HashMap<>();
    m.put(InkstreamConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    m.put(InkstreamConfig.APPLICATION_ID_CONFIG, "inkstream" + suffix);
    m.put(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG, "pen" + suffix);
    m.put(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG, "hyp" + suffix);
    m.put(InkstreamConfig.TELEMETRY_TOPIC_CONFIG, "tele" + suffix);
    m.put(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG, "dead" + suffix);
    m.put(InkstreamConfig.LM_WEIGHT_CONFIG, 0.0);
    m.put(InkstreamConfig.LENGTH_BONUS_CONFIG, 0.2);
    m.put(InkstreamConfig.CHUNK_FRAMES_CONFIG, chunk);
    m.put(InkstreamConfig.RIGHT_CONTEXT_FRAMES_CONFIG, context);
    return m;
  }

  /** Creates topics with a partition count. */
  interface TopicCreator {
    void create(int partitions, String... topics) throws Exception;
  }

  /** The scenario, against any broker (the embedded one here, a container in KafkaContainerTest). */
  static void scenario(String bootstrap, Path stateDir, String suffix, TopicCreator topics) throws Exception {
    model = ToyModel.get();
    // 1. topics with several partitions
    Map<String, Object> m = settings(bootstrap, suffix, 8, 4);
    m.put(InkstreamConfig.STATE_DIR_CONFIG, stateDir.toString());
    InkstreamConfig c = new InkstreamConfig(m);
    topics.create(3, "pen" + suffix, "hyp" + suffix, "tele" + suffix, "dead" + suffix);

    // 2. the application
    try (KafkaStreams streams = new KafkaStreams(InkstreamTopology.build(c, model, null), c.streamsProperties())) {
      streams.start();

      // 3. six tablets, events interleaved, plus one undecodable record
      List<Ink> inks = ToyInk.lines(31, 6);
      Properties pp = new Properties();
      pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
        List<List<PenEvent>> all = new ArrayList<>();
        for (int i = 0; i < inks.size(); i++) all.add(SessionProcessorTest.events("tablet-" + i, inks.get(i), 0, true));
        int longest = all.stream().mapToInt(List::size).max().orElseThrow();
        for (int k = 0; k < longest; k++) {
          for (List<PenEvent> ev : all) {
            if (k < ev.size()) producer.send(new ProducerRecord<>("pen" + suffix, ev.get(k).getSessionId(), ev.get(k).toByteArray()));
          }
          if (k == 5) producer.send(new ProducerRecord<>("pen" + suffix, "tablet-0", new byte[] {(byte) 0xff, 0x01, 0x02}));
        }
        producer.flush();
      }

      // 4. read until every session's line has ended
      Map<String, StringBuilder> text = new HashMap<>();
      List<DeadLetter> dead = new ArrayList<>();
      Properties cp = new Properties();
      cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      cp.put(ConsumerConfig.GROUP_ID_CONFIG, "reader" + suffix);
      cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      int ended = 0;
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of("hyp" + suffix, "dead" + suffix));
        long deadline = System.currentTimeMillis() + 90_000;
        while ((ended < inks.size() || dead.isEmpty()) && System.currentTimeMillis() < deadline) {
          for (var r : consumer.poll(Duration.ofMillis(500))) {
            if (r.topic().equals("dead" + suffix)) {
              dead.add(DeadLetter.parseFrom(r.value()));
              continue;
            }
            Hypothesis h = Hypothesis.parseFrom(r.value());
            StringBuilder sb = text.computeIfAbsent(h.getSessionId(), k -> new StringBuilder());
            h.getCommittedList().forEach(ch -> sb.append(ch.getText()));
            assertEquals(sb.length(), h.getCommittedLength(), "nothing duplicated or lost");
            if (h.getEndOfLine()) ended++;
          }
        }
      }

      // 5. each session's committed text is the offline decode; the bad record is a dead letter
      for (int i = 0; i < inks.size(); i++) {
        assertEquals(SessionProcessorTest.offline(model, inks.get(i), c), text.get("tablet-" + i).toString(), "tablet-" + i);
      }
      assertEquals(1, dead.size());
      assertEquals(DeadLetters.UNDECODABLE, dead.get(0).getReason());
      assertEquals("pen" + suffix, dead.get(0).getTopic());
      assertTrue(dead.get(0).getOffset() >= 0);
      assertEquals(3, dead.get(0).getValue().size());
    }
  }
}
