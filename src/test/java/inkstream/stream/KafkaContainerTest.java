package inkstream.stream;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The integration scenario against the Apache Kafka image; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerTest {
  @Container
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");

  @Test
  void shouldRecognizeInterleavedSessionsOnTheApacheKafkaImage(@TempDir Path stateDir) throws Exception {
    KafkaIntegrationTest.scenario(KAFKA.getBootstrapServers(), stateDir, "-tc", (partitions, topics) -> {
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
      try (Admin admin = Admin.create(p)) {
        admin.createTopics(java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
      }
    });
  }
}
