/*
 * Dead-letter bookkeeping shared by the deserialization handler and the session processor: the
 * reasons, a record builder, and a per-reason counter (the metric operators watch).
 */
package inkstream.stream;

import com.google.protobuf.ByteString;
import inkstream.proto.v1.DeadLetter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

public final class DeadLetters {
  public static final String UNDECODABLE = "undecodable";
  public static final String INVALID_VALUE = "invalid value";
  public static final String DUPLICATE = "duplicate sequence";
  public static final String OUT_OF_ORDER = "out of order beyond reorder window";
  public static final String AFTER_END = "event after end of session";
  public static final String UNKNOWN_SESSION = "unknown session";
  public static final String OVERSIZED = "oversized line";
  public static final String KEY_MISMATCH = "key does not match session id";

  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

  private DeadLetters() {}

  public static void count(String reason) {
    COUNTS.computeIfAbsent(reason, k -> new LongAdder()).increment();
  }

  /** Dead letters per reason since start (this JVM). */
  public static Map<String, Long> counts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    COUNTS.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public static DeadLetter of(String reason, String detail, String topic, int partition, long offset, byte[] key, byte[] value, String session) {
    return DeadLetter.newBuilder().setReason(reason).setDetail(detail == null ? "" : detail).setTopic(topic == null ? "" : topic)
        .setPartition(partition).setOffset(offset).setKey(key == null ? ByteString.EMPTY : ByteString.copyFrom(key))
        .setValue(value == null ? ByteString.EMPTY : ByteString.copyFrom(value)).setSessionId(session == null ? "" : session).build();
  }
}
