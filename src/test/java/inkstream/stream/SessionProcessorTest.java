package inkstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.decode.LineRecognizer;
import inkstream.decode.ToyModel;
import inkstream.ink.Ink;
import inkstream.ink.ToyInk;
import inkstream.nn.Model;
import inkstream.proto.v1.Control;
import inkstream.proto.v1.ControlType;
import inkstream.proto.v1.DeadLetter;
import inkstream.proto.v1.GateTelemetry;
import inkstream.proto.v1.Hypothesis;
import inkstream.proto.v1.PenEvent;
import inkstream.proto.v1.PenPhase;
import inkstream.proto.v1.PenSample;
import inkstream.proto.v1.SessionState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session processor through TopologyTestDriver, with a really trained (toy) model. */
class SessionProcessorTest {
  static Model model;
  @TempDir Path stateDir;

  @BeforeAll
  static void train() throws Exception {
    model = ToyModel.get();
  }

  InkstreamConfig config(Map<String, Object> extra) {
    Map<String, Object> m = new java.util.HashMap<>(Map.of(InkstreamConfig.STATE_DIR_CONFIG, stateDir.toString(),
        InkstreamConfig.LM_WEIGHT_CONFIG, 0.0, InkstreamConfig.LENGTH_BONUS_CONFIG, 0.2, InkstreamConfig.CHUNK_FRAMES_CONFIG, 8,
        InkstreamConfig.RIGHT_CONTEXT_FRAMES_CONFIG, 4, InkstreamConfig.REORDER_WINDOW_CONFIG, 4, InkstreamConfig.MAX_LINE_SAMPLES_CONFIG, 400,
        InkstreamConfig.IDLE_TIMEOUT_MS_CONFIG, 10_000L));
    m.putAll(extra);
    return new InkstreamConfig(m);
  }

  /** A driver over exactly the topology `inkstream run` builds. */
  final class Harness implements AutoCloseable {
    final InkstreamConfig c;
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> in;
    final TestOutputTopic<String, byte[]> hyp, tele, dead;

    Harness(InkstreamConfig c) {
      this.c = c;
      Properties p = c.streamsProperties();
      p.remove(org.apache.kafka.streams.StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG);
      driver = new TopologyTestDriver(InkstreamTopology.build(c, model, null), p);
      in = driver.createInputTopic(c.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG), new StringSerializer(),
          new org.apache.kafka.common.serialization.ByteArraySerializer());
      hyp = driver.createOutputTopic(c.getString(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG), new StringDeserializer(), new ByteArrayDeserializer());
      tele = driver.createOutputTopic(c.getString(InkstreamConfig.TELEMETRY_TOPIC_CONFIG), new StringDeserializer(), new ByteArrayDeserializer());
      dead = driver.createOutputTopic(c.getString(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG), new StringDeserializer(), new ByteArrayDeserializer());
    }

    void send(PenEvent e) {
      in.pipeInput(e.getSessionId(), e.toByteArray());
    }

    List<Hypothesis> hypotheses() throws Exception {
      List<Hypothesis> out = new ArrayList<>();
      for (byte[] v : hyp.readValuesToList()) out.add(Hypothesis.parseFrom(v));
      return out;
    }

    List<DeadLetter> deadLetters() throws Exception {
      List<DeadLetter> out = new ArrayList<>();
      for (byte[] v : dead.readValuesToList()) out.add(DeadLetter.parseFrom(v));
      return out;
    }

    KeyValueStore<String, SessionState> store() {
      return driver.getKeyValueStore(SessionProcessor.STORE);
    }

    @Override
    public void close() {
      driver.close();
    }
  }

  /** Client time of each line's first sample in events(). */
  static final long LINE_START_MS = 1_700_000_000_000L;

  /** The events a tablet sends for a line: down, moves, up per stroke, then end of line. */
  static List<PenEvent> events(String session, Ink ink, long firstSequence, boolean endOfLine) {
    List<PenEvent> out = new ArrayList<>();
    long seq = firstSequence;
    long[] times = ink.relativeTimesMs();
    int point = 0;
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i < s.size(); i++) {
        PenPhase phase = i == 0 ? PenPhase.PEN_PHASE_DOWN : PenPhase.PEN_PHASE_MOVE;
        out.add(PenEvent.newBuilder().setSessionId(session).setSequence(seq++).setClientTimeMs(LINE_START_MS + times[point + i])
            .setSample(PenSample.newBuilder().setPhase(phase).setX(s.x()[i]).setY(s.y()[i])).build());
      }
      int last = s.size() - 1;
      out.add(PenEvent.newBuilder().setSessionId(session).setSequence(seq++).setClientTimeMs(LINE_START_MS + times[point + last])
          .setSample(PenSample.newBuilder().setPhase(PenPhase.PEN_PHASE_UP).setX(s.x()[last]).setY(s.y()[last])).build());
      point += s.size();
    }
    if (endOfLine) out.add(control(session, seq, ControlType.CONTROL_TYPE_END_OF_LINE));
    return out;
  }

  static PenEvent control(String session, long seq, ControlType type) {
    return PenEvent.newBuilder().setSessionId(session).setSequence(seq).setControl(Control.newBuilder().setType(type)).build();
  }

  static String committed(List<Hypothesis> hs, String session) {
    StringBuilder sb = new StringBuilder();
    long total = 0;
    for (Hypothesis h : hs) {
      if (!h.getSessionId().equals(session)) continue;
      h.getCommittedList().forEach(c -> sb.append(c.getText()));
      assertTrue(h.getCommittedLength() >= total, "committed length went back");
      total = h.getCommittedLength();
      assertEquals(sb.length(), total, "committed_length counts the committed characters");
    }
    return sb.toString();
  }

  String offline(Ink ink, InkstreamConfig c) {
    return offline(model, ink, c);
  }

  /** The offline decode of a line with the stream's settings. */
  static String offline(Model model, Ink ink, InkstreamConfig c) {
    LineRecognizer r = new LineRecognizer(model, null, InkstreamTopology.settings(c, model), "");
    long[] times = ink.relativeTimesMs();
    int point = 0;
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i < s.size(); i++) r.addPoint(s.x()[i], s.y()[i], 0, times[point++]);
      r.penUp();
    }
    r.endLine();
    return r.text();
  }

  @Test
  void shouldCommitTheOfflineDecodeForEachOfInterleavedSessions() throws Exception {
    InkstreamConfig c = config(Map.of());
    List<Ink> inks = ToyInk.lines(21, 3);
    try (Harness h = new Harness(c)) {
      List<List<PenEvent>> streams = new ArrayList<>();
      for (int i = 0; i < inks.size(); i++) streams.add(events("s" + i, inks.get(i), 0, true));
      int longest = streams.stream().mapToInt(List::size).max().orElseThrow();
      for (int k = 0; k < longest; k++) {
        for (List<PenEvent> st : streams) if (k < st.size()) h.send(st.get(k));
      }
      List<Hypothesis> hs = h.hypotheses();
      for (int i = 0; i < inks.size(); i++) {
        assertEquals(offline(inks.get(i), c), committed(hs, "s" + i), inks.get(i).text());
        assertTrue(hs.stream().anyMatch(x -> x.getEndOfLine()));
      }
      assertTrue(h.deadLetters().isEmpty());
      GateTelemetry t = GateTelemetry.parseFrom(h.tele.readValue());
      assertEquals(2 * 2, t.getSummariesCount()); // 2 layers x 2 directions
      assertTrue(t.getSummaries(0).getForgetGateMean() > 0 && t.getSummaries(0).getForgetGateMean() < 1);
    }
  }

  /**
   * With revision the network also reruns provisional frames, but gate telemetry still reports
   * each final chunk once: the chunks' first frames strictly increase, and the line ends with the
   * offline decode of the same settings.
   */
  @Test
  void shouldReportEachFinalChunkOnceWhenRevising() throws Exception {
    InkstreamConfig c = config(Map.of(InkstreamConfig.CHUNK_FRAMES_CONFIG, 4, InkstreamConfig.RIGHT_CONTEXT_FRAMES_CONFIG, 2,
        InkstreamConfig.FINAL_CONTEXT_FRAMES_CONFIG, 10));
    Ink ink = ToyInk.lines(23, 1).get(0);
    try (Harness h = new Harness(c)) {
      for (PenEvent e : events("r", ink, 0, true)) h.send(e);
      assertEquals(offline(ink, c), committed(h.hypotheses(), "r"));
      long last = -1;
      int n = 0;
      while (!h.tele.isEmpty()) {
        GateTelemetry t = GateTelemetry.parseFrom(h.tele.readValue());
        assertTrue(t.getFirstFrame() > last, "chunk at frame " + t.getFirstFrame() + " after one at " + last);
        last = t.getFirstFrame();
        n++;
      }
      assertTrue(n >= 3, "telemetry records: " + n);
    }
  }

  /** Random scribbles: strokes of random walks with random speed, sizes and gaps, mixed with toy letters. */
  static Ink randomInk(java.util.SplittableRandom r, String id) {
    if (r.nextInt(3) == 0) return ToyInk.line(r.nextLong());
    List<Ink.Stroke> strokes = new ArrayList<>();
    double x = r.nextDouble(-1000, 1000), y = r.nextDouble(-1000, 1000), t = r.nextDouble(0, 1e6), scale = Math.exp(r.nextDouble(-1, 5));
    for (int s = 0, n = 1 + r.nextInt(12); s < n; s++) {
      int points = 1 + r.nextInt(r.nextBoolean() ? 8 : 60);
      float[] xs = new float[points], ys = new float[points];
      double[] ts = new double[points];
      double dir = r.nextDouble(0, 2 * Math.PI);
      for (int k = 0; k < points; k++) {
        dir += r.nextGaussian() * 0.6;
        x += Math.cos(dir) * scale * r.nextDouble(0, 1);
        y += Math.sin(dir) * scale * r.nextDouble(0, 1);
        t += r.nextInt(1, 30);
        xs[k] = (float) x;
        ys[k] = (float) y;
        ts[k] = t;
      }
      strokes.add(new Ink.Stroke(xs, ys, ts));
      x += r.nextGaussian() * scale * 3;
      y += r.nextGaussian() * scale;
      t += r.nextInt(0, 400);
    }
    return new Ink(id, null, strokes);
  }

  /**
   * Property over random ink and random decoder settings, at the topology: in every line of every
   * session, the characters committed while the pen was still writing are exactly the start of the
   * line's final text, which is the offline decode; committed_length never goes back or skips.
   */
  @Test
  void shouldNeverChangeCommittedTextOverRandomInkAndSettings() throws Exception {
    java.util.SplittableRandom r = new java.util.SplittableRandom(2026);
    long committedMidLine = 0;
    for (int trial = 0; trial < 16; trial++) {
      int chunk = 1 + r.nextInt(12), context = r.nextInt(7), beam = 1 + r.nextInt(8);
      double margin = new double[] {Double.POSITIVE_INFINITY, 2, 6, 12}[r.nextInt(4)];
      int delay = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(10);
      double confidence = new double[] {1, 0.95, 0.8, 0.6}[r.nextInt(4)];
      int delayMs = new int[] {0, 80, 200, 600}[r.nextInt(4)];
      long waitMs = new long[] {0, 0, 30, 150}[r.nextInt(4)];
      int finalContext = r.nextBoolean() ? 0 : context + 1 + r.nextInt(12);
      Map<String, Object> settings = new java.util.HashMap<>(Map.of(InkstreamConfig.CHUNK_FRAMES_CONFIG, chunk, InkstreamConfig.RIGHT_CONTEXT_FRAMES_CONFIG, context,
          InkstreamConfig.BEAM_WIDTH_CONFIG, beam, InkstreamConfig.PRUNE_MARGIN_CONFIG, Math.min(margin, 1000), InkstreamConfig.MAX_LINE_SAMPLES_CONFIG,
          4000, InkstreamConfig.MAX_DELAY_CONFIG, delay, InkstreamConfig.CONFIDENCE_CONFIG, confidence, InkstreamConfig.MAX_DELAY_MS_CONFIG, delayMs,
          InkstreamConfig.CONTEXT_WAIT_MS_CONFIG, waitMs));
      settings.put(InkstreamConfig.FINAL_CONTEXT_FRAMES_CONFIG, finalContext);
      java.util.SplittableRandom q = new java.util.SplittableRandom(trial); // apart from r, so the ink drawn stays as it was
      boolean atPenUp = q.nextBoolean();
      double decay = new double[] {0, 0, 0.5, 1}[q.nextInt(4)];
      settings.put(InkstreamConfig.RELEASE_AT_PEN_UP_CONFIG, atPenUp);
      settings.put(InkstreamConfig.CONFIDENCE_DECAY_CONFIG, decay);
      boolean fromNext = q.nextBoolean(); // the forced decision's clock: from the next character or from the character's own frame
      settings.put(InkstreamConfig.DELAY_FROM_NEXT_CONFIG, fromNext);
      InkstreamConfig c = config(settings);
      String what = "trial " + trial + ": chunk " + chunk + ", context " + context + ", beam " + beam + ", margin " + margin + ", delay " + delay
          + ", confidence " + confidence + ", delay ms " + delayMs + ", context wait ms " + waitMs + ", final context " + finalContext
          + ", released at pen-up " + atPenUp + ", confidence decay " + decay + ", clock from the next character " + fromNext;
      try (Harness h = new Harness(c)) {
        int sessions = 1 + r.nextInt(3);
        List<List<Ink>> lines = new ArrayList<>();
        List<List<PenEvent>> streams = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
          List<Ink> ls = new ArrayList<>();
          List<PenEvent> ev = new ArrayList<>();
          for (int l = 0, n = 1 + r.nextInt(3); l < n; l++) {
            Ink ink = randomInk(r, "p" + s + "-" + l);
            ls.add(ink);
            ev.addAll(events("p" + s, ink, ev.size(), true));
          }
          lines.add(ls);
          streams.add(ev);
        }
        int longest = streams.stream().mapToInt(List::size).max().orElseThrow();
        for (int k = 0; k < longest; k++) {
          for (List<PenEvent> st : streams) if (k < st.size()) h.send(st.get(k));
        }
        List<Hypothesis> hs = h.hypotheses();
        for (int s = 0; s < sessions; s++) {
          committed(hs, "p" + s); // lengths consistent
          List<String> decodes = new ArrayList<>();
          for (Ink ink : lines.get(s)) decodes.add(offline(ink, c));
          int line = 0;
          StringBuilder lineText = new StringBuilder();
          for (Hypothesis x : hs) {
            if (!x.getSessionId().equals("p" + s)) continue;
            for (var ch : x.getCommittedList()) {
              assertEquals(line, ch.getInk().getLine(), what);
              lineText.append(ch.getText());
              if (!x.getEndOfLine()) committedMidLine++;
            }
            String fin = decodes.get(line);
            assertTrue(fin.startsWith(lineText.toString()), what + ": committed '" + lineText + "' but the line's decode is '" + fin + "'");
            if (x.getEndOfLine()) {
              assertEquals(fin, lineText.toString(), what + ", session p" + s + " line " + line);
              line++;
              lineText.setLength(0);
            }
          }
          assertEquals(lines.get(s).size(), line, what + ": every line ended");
        }
        assertTrue(h.deadLetters().isEmpty(), what);
      }
    }
    assertTrue(committedMidLine > 20, "characters committed while writing: " + committedMidLine);
  }

  @Test
  void shouldDeadLetterBadInputWithoutDisturbingOtherSessions() throws Exception {
    InkstreamConfig c = config(Map.of());
    Ink good = ToyInk.lines(22, 1).get(0);
    try (Harness h = new Harness(c)) {
      List<PenEvent> ev = events("good", good, 0, true);
      int half = ev.size() / 2;
      for (int k = 0; k < half; k++) h.send(ev.get(k));
      // bad input for other sessions and for "good" itself
      h.send(PenEvent.newBuilder().setSessionId("late").setSequence(5).build()); // unknown session
      h.send(ev.get(0)); // duplicate
      h.send(PenEvent.newBuilder(ev.get(half)).setSequence(half + 50).build()); // beyond the reorder window
      PenEvent nan = PenEvent.newBuilder().setSessionId("nan").setSequence(0)
          .setSample(PenSample.newBuilder().setPhase(PenPhase.PEN_PHASE_DOWN).setX(Double.NaN).setY(1)).build();
      h.send(nan);
      h.send(PenEvent.newBuilder().setSessionId("far").setSequence(0)
          .setSample(PenSample.newBuilder().setPhase(PenPhase.PEN_PHASE_DOWN).setX(1e12).setY(1)).build());
      h.in.pipeInput("other-key", nan.toByteArray()); // key does not match
      h.send(control("ended", 0, ControlType.CONTROL_TYPE_END_OF_SESSION));
      h.send(control("ended", 1, ControlType.CONTROL_TYPE_END_OF_LINE)); // after end of session
      for (int k = half; k < ev.size(); k++) h.send(ev.get(k));
      List<String> reasons = h.deadLetters().stream().map(DeadLetter::getReason).toList();
      assertEquals(List.of(DeadLetters.UNKNOWN_SESSION, DeadLetters.DUPLICATE, DeadLetters.OUT_OF_ORDER, DeadLetters.INVALID_VALUE,
          DeadLetters.INVALID_VALUE, DeadLetters.KEY_MISMATCH, DeadLetters.AFTER_END), reasons);
      assertEquals(offline(good, c), committed(h.hypotheses(), "good"));
    }
  }

  @Test
  void shouldCarryDeadLetterMetadataAndOriginalBytes() throws Exception {
    try (Harness h = new Harness(config(Map.of()))) {
      PenEvent e = PenEvent.newBuilder().setSessionId("x").setSequence(3).build();
      h.send(e);
      DeadLetter d = h.deadLetters().get(0);
      assertEquals(DeadLetters.UNKNOWN_SESSION, d.getReason());
      assertEquals("ink.pen-events", d.getTopic());
      assertEquals(0, d.getOffset());
      assertEquals(e, PenEvent.parseFrom(d.getValue()));
      assertEquals("x", d.getSessionId());
    }
  }

  @Test
  void shouldReorderEventsWithinTheWindow() throws Exception {
    InkstreamConfig c = config(Map.of());
    Ink ink = ToyInk.lines(23, 1).get(0);
    List<PenEvent> ev = events("r", ink, 0, true);
    for (int k = 10; k + 2 < ev.size(); k += 7) { // swap neighbours throughout
      PenEvent t = ev.get(k);
      ev.set(k, ev.get(k + 2));
      ev.set(k + 2, t);
    }
    try (Harness h = new Harness(c)) {
      ev.forEach(h::send);
      assertTrue(h.deadLetters().isEmpty());
      assertEquals(offline(ink, c), committed(h.hypotheses(), "r"));
    }
  }

  @Test
  void shouldDeadLetterOversizedLines() throws Exception {
    InkstreamConfig c = config(Map.of(InkstreamConfig.MAX_LINE_SAMPLES_CONFIG, 20));
    try (Harness h = new Harness(c)) {
      for (int i = 0; i < 25; i++) {
        h.send(PenEvent.newBuilder().setSessionId("big").setSequence(i)
            .setSample(PenSample.newBuilder().setPhase(i == 0 ? PenPhase.PEN_PHASE_DOWN : PenPhase.PEN_PHASE_MOVE).setX(i).setY(i % 3)).build());
      }
      assertEquals(5, h.deadLetters().stream().filter(d -> d.getReason().equals(DeadLetters.OVERSIZED)).count());
      assertEquals(20, h.store().get("big").getLineInputsCount());
    }
  }

  @Test
  void shouldFinalizeAndDeleteIdleSessions() throws Exception {
    InkstreamConfig c = config(Map.of());
    Ink ink = ToyInk.lines(24, 1).get(0);
    try (Harness h = new Harness(c)) {
      events("idle", ink, 0, false).forEach(h::send);
      assertTrue(h.store().get("idle") != null);
      h.driver.advanceWallClockTime(Duration.ofSeconds(11));
      List<Hypothesis> hs = h.hypotheses();
      assertTrue(hs.get(hs.size() - 1).getEndOfSession());
      assertEquals(offline(ink, c), committed(hs, "idle"));
      assertNull(h.store().get("idle"));
    }
  }

  @Test
  void shouldContinueIdenticallyWhenANewInstanceTakesOverTheStoreMidLine() throws Exception {
    // A restarted or rebalanced instance has the session store (from its changelog) but no live
    // recognizer: it must rebuild it from the stored line inputs and go on exactly as before.
    InkstreamConfig c = config(Map.of());
    Ink ink = ToyInk.draw("z", "vox cil xiv olc vix", new java.util.SplittableRandom(25)); // long enough for several input blocks
    List<PenEvent> ev = events("z", ink, 0, true);
    var store = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(SessionProcessor.STORE), org.apache.kafka.common.serialization.Serdes.String(),
        new ProtoSerde<>(SessionState.parser())).withLoggingDisabled().build();
    var ctx = new org.apache.kafka.streams.processor.api.MockProcessorContext<String, byte[]>();
    ctx.setCurrentSystemTimeMs(1_000L);
    store.init(ctx.getStateStoreContext(), store);
    ctx.addStateStore(store);
    var blocks = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(SessionProcessor.INPUTS_STORE), org.apache.kafka.common.serialization.Serdes.String(),
        new ProtoSerde<>(inkstream.proto.v1.LineInputBlock.parser())).withLoggingDisabled().build();
    blocks.init(ctx.getStateStoreContext(), blocks);
    ctx.addStateStore(blocks);
    StringBuilder text = new StringBuilder();
    for (int part = 0; part < 2; part++) {
      SessionProcessor p = new SessionProcessor(model, null, InkstreamTopology.settings(c, model), 4, 400, 1e7, 10_000, null, new StreamStats());
      p.init(ctx);
      int from = part == 0 ? 0 : ev.size() / 2, to = part == 0 ? ev.size() / 2 : ev.size();
      for (int k = from; k < to; k++) p.process(new org.apache.kafka.streams.processor.api.Record<>("z", ev.get(k), 0L));
      for (var fwd : ctx.forwarded()) {
        assertEquals(SessionProcessor.HYPOTHESES, fwd.childName().orElseThrow());
        Hypothesis.parseFrom(fwd.record().value()).getCommittedList().forEach(ch -> text.append(ch.getText()));
      }
      ctx.resetForwards();
      if (part == 0) { // the first half left full input blocks in their own store and a short tail in the state
        SessionState st = store.get("z");
        assertTrue(st.getLineBlocks() >= 1, "blocks " + st.getLineBlocks());
        assertTrue(st.getLineInputsCount() < SessionProcessor.INPUT_BLOCK);
        assertEquals(st.getLineBlocks() * SessionProcessor.INPUT_BLOCK, blocks.get("z/0/0").getInputsCount() * st.getLineBlocks());
      }
    }
    assertEquals(offline(ink, c), text.toString());
    assertNull(blocks.get("z/0/0"), "blocks of an ended line are deleted");
  }
}
