/*
 * inkstream tablet: publishes ink to a cluster's pen-events topic, from ink JSONL or synthesized
 * from text, at real pen speed or as fast as possible; one session per line or one for all.
 */
package inkstream.cli;

import inkstream.ink.Ink;
import inkstream.ink.InkJsonl;
import inkstream.proto.v1.ControlType;
import inkstream.synth.Font;
import inkstream.synth.FontCatalog;
import inkstream.synth.Synthesizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tablet", mixinStandardHelpOptions = true, description = "Publish pen events from ink JSONL or synthesized text.")
final class TabletCommand implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka brokers (default ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--topic", defaultValue = "ink.pen-events", description = "Pen-events topic (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--ink", description = "Ink JSONL to publish.")
  Path ink;

  @Option(names = "--text", description = "Text to synthesize and publish (a line; repeatable).")
  List<String> text = new ArrayList<>();

  @Option(names = "--session", defaultValue = "tablet-1", description = "Session id (default ${DEFAULT-VALUE}).")
  String session;

  @Option(names = "--speed", defaultValue = "1.0", description = "1 = real pen speed, 0 = as fast as possible (default ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for synthesized handwriting (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    List<Ink> lines = new ArrayList<>();
    if (ink != null) lines.addAll(InkJsonl.read(ink));
    if (!text.isEmpty()) {
      List<Font> fonts = FontCatalog.select(FontCatalog.bundled(), FontCatalog.Split.all);
      SplittableRandom r = new SplittableRandom(seed);
      for (String t : text) lines.add(Synthesizer.write(session, t, fonts.get(r.nextInt(fonts.size())), r, inkstream.synth.HandStyle.Options.PLAIN));
    }
    if (lines.isEmpty()) throw new IllegalArgumentException("nothing to publish: give --ink FILE or --text TEXT");
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    long events = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      long[] count = {0};
      Tablet tablet = new Tablet(session, speed, e -> {
        producer.send(new ProducerRecord<>(topic, e.getSessionId(), e.toByteArray()));
        count[0]++;
      });
      for (Ink line : lines) tablet.write(line);
      tablet.control(ControlType.CONTROL_TYPE_END_OF_SESSION);
      producer.flush();
      events = count[0];
    }
    System.err.println("published " + events + " events of " + lines.size() + " lines as session " + session + " to " + topic);
    return 0;
  }
}
