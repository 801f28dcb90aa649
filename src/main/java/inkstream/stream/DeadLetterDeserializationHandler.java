/*
 * Sends records that cannot be deserialized to the dead-letter topic, with the original bytes,
 * topic, partition, offset and the reason, then lets processing continue. Kafka Streams 4.1 has no
 * dead-letter support in the handler response, so this handler owns a small producer; its writes
 * are outside the Streams transaction (a crash may duplicate a dead letter, never lose input).
 */
package inkstream.stream;

import inkstream.proto.v1.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
  public static final String TOPIC_CONFIG = "inkstream.dead-letters.topic";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  private String topic = "ink.dead-letters";
  private Map<String, Object> producerConfig;
  private KafkaProducer<byte[], byte[]> producer;

  @Override
  public void configure(Map<String, ?> configs) {
    Object t = configs.get(TOPIC_CONFIG);
    if (t != null) topic = t.toString();
    producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
  }

  @Override
  public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    DeadLetters.count(DeadLetters.UNDECODABLE);
    DeadLetter dl = DeadLetters.of(DeadLetters.UNDECODABLE, String.valueOf(exception.getMessage()), record.topic(), record.partition(),
        record.offset(), record.key(), record.value(), record.key() == null ? "" : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
    LOG.warn("dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), exception.getMessage());
    try {
      synchronized (this) {
        if (producer == null) producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
      }
      producer.send(new ProducerRecord<>(topic, record.key(), dl.toByteArray())).get();
    } catch (Exception e) {
      LOG.error("could not write dead letter for {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
      return DeserializationHandlerResponse.FAIL; // never drop input silently
    }
    return DeserializationHandlerResponse.CONTINUE;
  }
}
