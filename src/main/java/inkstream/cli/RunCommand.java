/*
 * inkstream run: the streaming recognizer against a Kafka cluster. Configuration from a properties
 * file, INKSTREAM_* environment variables and --set overrides (one ConfigDef, InkstreamConfig).
 * Scales out by partitions and instances; Ctrl-C closes cleanly (state flushed, transactions ended).
 */
package inkstream.cli;

import inkstream.decode.CharLm;
import inkstream.nn.Model;
import inkstream.stream.InkstreamConfig;
import inkstream.stream.InkstreamTopology;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the streaming recognizer against a Kafka cluster.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--bootstrap-servers", description = "Kafka brokers (overrides the file and INKSTREAM_BOOTSTRAP_SERVERS).")
  String bootstrap;

  @Option(names = "--config", description = "Properties file with InkstreamConfig settings (see README).")
  Path config;

  @Option(names = "--set", description = "Override a setting: --set decode.chunk.frames=16 (repeatable).")
  Map<String, String> sets = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    Map<String, Object> overrides = new HashMap<>(sets);
    if (bootstrap != null) overrides.put(InkstreamConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    InkstreamConfig c = InkstreamConfig.load(config, System.getenv(), overrides);
    ModelOption mo = new ModelOption();
    String path = c.getString(InkstreamConfig.MODEL_PATH_CONFIG);
    if (!path.isEmpty()) mo.model = Path.of(path);
    Model model = mo.load();
    CharLm lm = BundledLm.of(c);
    CountDownLatch stopped = new CountDownLatch(1);
    try (KafkaStreams streams = new KafkaStreams(InkstreamTopology.build(c, model, lm), c.streamsProperties())) {
      streams.setStateListener((now, before) -> {
        System.err.println("inkstream: " + before + " -> " + now);
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) stopped.countDown();
      });
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        streams.close();
        stopped.countDown();
      }));
      streams.start();
      System.err.println("inkstream: reading " + c.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG) + " on " + c.getString(InkstreamConfig.BOOTSTRAP_SERVERS_CONFIG));
      stopped.await();
      return streams.state() == KafkaStreams.State.ERROR ? 1 : 0;
    }
  }
}
