/*
 * inkstream watch: consumes the hypotheses topic and prints each session's committed text (and
 * tentative tail) as it changes.
 */
package inkstream.cli;

import inkstream.proto.v1.Hypothesis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "watch", mixinStandardHelpOptions = true, description = "Show hypotheses as they arrive.")
final class WatchCommand implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka brokers (default ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--topic", defaultValue = "ink.hypotheses", description = "Hypotheses topic (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--from-beginning", description = "Read the topic from its start.")
  boolean fromBeginning;

  @Option(names = "--until-sessions-end", defaultValue = "0", description = "Exit after this many sessions ended (0: run until Ctrl-C).")
  int untilEnded;

  @Override
  public Integer call() throws Exception {
    Map<String, StringBuilder> committed = new HashMap<>();
    int ended = 0;
    try (KafkaConsumer<String, byte[]> consumer = Consumers.readCommitted(bootstrap, "inkstream-watch-" + System.nanoTime(), fromBeginning)) {
      consumer.subscribe(List.of(topic));
      while (untilEnded == 0 || ended < untilEnded) {
        for (var rec : consumer.poll(Duration.ofMillis(300))) {
          Hypothesis h = Hypothesis.parseFrom(rec.value());
          StringBuilder sb = committed.computeIfAbsent(h.getSessionId(), k -> new StringBuilder());
          h.getCommittedList().forEach(c -> sb.append(c.getText()));
          StringBuilder tent = new StringBuilder();
          h.getTentativeList().forEach(c -> tent.append(c.getText()));
          System.out.printf("%s | %s[%s]%s%n", h.getSessionId(), sb, tent, h.getEndOfSession() ? " (end of session)" : h.getEndOfLine() ? " (end of line)" : "");
          if (h.getEndOfLine()) sb.append(' ');
          if (h.getEndOfSession()) ended++;
        }
      }
    }
    return 0;
  }
}
