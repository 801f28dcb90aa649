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
  }

  /** Creates topics with a partition count. */
  interface TopicCreator {
    void create(int partitions, String... topics) throws Exception;
  }

  /** The scenario, against any broker (the embedded one here, a container in KafkaContainerTest). */
  static void scenario(String bootstrap, Path stateDir, String suffix, TopicCreator topics) throws Exception {
    model = ToyModel.get();
    // 1. topics with several partitions
    Map<String, Object> m = new HashMap<>();
    m.put(InkstreamConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    m.put(InkstreamConfig.APPLICATION_ID_CONFIG, "inkstream" + suffix);
    m.put(InkstreamConfig.STATE_DIR_CONFIG, stateDir.toString());
    m.put(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG, "pen" + suffix);
    m.put(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG, "hyp" + suffix);
    m.put(InkstreamConfig.TELEMETRY_TOPIC_CONFIG, "tele" + suffix);
    m.put(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG, "dead" + suffix);
    m.put(InkstreamConfig.LM_WEIGHT_CONFIG, 0.0);
    m.put(InkstreamConfig.LENGTH_BONUS_CONFIG, 0.2);
    m.put(InkstreamConfig.CHUNK_FRAMES_CONFIG, 8);
    m.put(InkstreamConfig.RIGHT_CONTEXT_FRAMES_CONFIG, 4);
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
