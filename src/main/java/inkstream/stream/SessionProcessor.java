/*
 * The per-session recognizer on the pen-event stream. For each event: check it (bad input goes to
 * the dead-letter topic with its reason and never touches other sessions), put it in sequence
 * order (a small reorder window), feed it to the session's LineRecognizer, store the session state
 * and emit what changed: committed characters, the tentative tail, gate telemetry per chunk.
 *
 * State: one SessionState message per session in a persistent store with changelog. It holds the
 * current line's inputs rather than the recognizer's internals: the recognizer is a deterministic
 * function of them, so after a restart or rebalance it is rebuilt exactly by replaying them, while
 * a running instance keeps the live recognizer in memory and never reruns anything.
 * A wall-clock punctuator finalizes sessions idle past the timeout and deletes their state.
 */
package inkstream.stream;

import inkstream.decode.CharLm;
import inkstream.decode.LineRecognizer;
import inkstream.nn.Model;
import inkstream.proto.v1.Control;
import inkstream.proto.v1.ControlType;
import inkstream.proto.v1.DeadLetter;
import inkstream.proto.v1.Hypothesis;
import inkstream.proto.v1.LineInput;
import inkstream.proto.v1.LineInputBlock;
import inkstream.proto.v1.PenEvent;
import inkstream.proto.v1.PenEventBytes;
import inkstream.proto.v1.PenPhase;
import inkstream.proto.v1.SessionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

public final class SessionProcessor implements Processor<String, PenEvent, String, byte[]> {
  public static final String STORE = "sessions";
  public static final String INPUTS_STORE = "line-inputs";
  /** Inputs per stored block of a line: a state write after an event is at most this many inputs. */
  public static final int INPUT_BLOCK = 128;
  public static final String HYPOTHESES = "hypotheses-sink";
  public static final String TELEMETRY = "telemetry-sink";
  public static final String DEAD_LETTERS = "dead-letters-sink";
  private static final int LM_CONTEXT_CHARS = 64;

  private final Model model;
  private final CharLm lm;
  private final LineRecognizer.Settings settings;
  private final int reorderWindow;
  private final int maxLineSamples;
  private final double maxCoordinate;
  private final long idleTimeoutMs;
  private final Telemetry telemetry;
  private final StreamStats stats;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, SessionState> store;
  private KeyValueStore<String, LineInputBlock> inputs;
  /** Live recognizers of this task's sessions; a miss rebuilds from the stored line inputs. */
  private final Map<String, Live> live = new HashMap<>();
  /** The last state this processor stored per open session: saves parsing it back from the store on every event. */
  private final Map<String, SessionState> states = new HashMap<>();

  private static final class Live {
    final LineRecognizer recognizer;
    long framesRun, chunks; // the network's at the last emit: any run, final chunks (telemetry)

    Live(LineRecognizer r) {
      recognizer = r;
    }
  }

  public SessionProcessor(Model model, CharLm lm, LineRecognizer.Settings settings, int reorderWindow, int maxLineSamples,
      double maxCoordinate, long idleTimeoutMs, Telemetry telemetry, StreamStats stats) {
    this.stats = stats;
    this.model = model;
    this.lm = lm;
    this.settings = settings;
    this.reorderWindow = reorderWindow;
    this.maxLineSamples = maxLineSamples;
    this.maxCoordinate = maxCoordinate;
    this.idleTimeoutMs = idleTimeoutMs;
    this.telemetry = telemetry;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.inputs = context.getStateStore(INPUTS_STORE);
    long every = Math.max(100, Math.min(1000, idleTimeoutMs / 4));
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expireIdleSessions);
  }

  @Override
  public void process(Record<String, PenEvent> record) {
    PenEvent ev = record.value();
    String key = record.key();
    if (ev == null) {
      deadLetter(DeadLetters.INVALID_VALUE, "null value", key, null, key);
      return;
    }
    String session = ev.getSessionId();
    if (session.isEmpty() || key != null && !key.equals(session)) {
      deadLetter(session.isEmpty() ? DeadLetters.INVALID_VALUE : DeadLetters.KEY_MISMATCH,
          session.isEmpty() ? "empty session id" : "key '" + key + "' but session '" + session + "'", key, ev, session);
      return;
    }
    SessionState state = states.get(session);
    if (state == null) state = store.get(session);
    if (state == null) {
      if (ev.getSequence() != 0) {
        deadLetter(DeadLetters.UNKNOWN_SESSION, "first event of an unknown session has sequence " + ev.getSequence() + ", not 0", key, ev, session);
        return;
      }
      state = SessionState.newBuilder().setSessionId(session).build();
    }
    if (state.getEnded()) {
      deadLetter(DeadLetters.AFTER_END, "sequence " + ev.getSequence(), key, ev, session);
      return;
    }
    SessionState.Builder s = state.toBuilder().setLastActivityMs(System.currentTimeMillis());
    if (ev.getSequence() < s.getNextSequence()) {
      deadLetter(DeadLetters.DUPLICATE, "sequence " + ev.getSequence() + " < next " + s.getNextSequence(), key, ev, session);
      return;
    }
    if (ev.getSequence() > s.getNextSequence()) {
      boolean held = s.getReorderBufferList().stream().anyMatch(b -> b.getSequence() == ev.getSequence());
      if (held) {
        deadLetter(DeadLetters.DUPLICATE, "sequence " + ev.getSequence() + " already waiting", key, ev, session);
      } else if (ev.getSequence() - s.getNextSequence() > reorderWindow) {
        deadLetter(DeadLetters.OUT_OF_ORDER, "sequence " + ev.getSequence() + " while expecting " + s.getNextSequence(), key, ev, session);
      } else {
        s.addReorderBuffer(PenEventBytes.newBuilder().setSequence(ev.getSequence()).setEvent(ev.toByteString()));
        put(s.build());
      }
      return;
    }
    Live r = recognizer(s);
    apply(s, r, ev);
    drainReorderBuffer(s, r);
    save(s);
  }

  /** Applies events that were waiting for the gap now filled. */
  private void drainReorderBuffer(SessionState.Builder s, Live r) {
    boolean progress = true;
    while (progress && !s.getEnded()) {
      progress = false;
      for (int i = 0; i < s.getReorderBufferCount(); i++) {
        if (s.getReorderBuffer(i).getSequence() == s.getNextSequence()) {
          PenEvent next;
          try {
            next = PenEvent.parseFrom(s.getReorderBuffer(i).getEvent());
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt reorder buffer in session state " + s.getSessionId(), e);
          }
          s.removeReorderBuffer(i);
          r = recognizer(s);
          apply(s, r, next);
          progress = true;
          break;
        }
      }
    }
  }

  private void save(SessionState.Builder s) {
    if (s.getEnded()) {
      live.remove(s.getSessionId());
      deleteBlocks(s);
      s.clearLineInputs().clearReorderBuffer(); // the tombstone keeps only what rejects late events
    }
    put(s.build());
  }

  private void put(SessionState st) {
    stats.state(st.getSerializedSize());
    store.put(st.getSessionId(), st);
    if (st.getEnded()) states.remove(st.getSessionId());
    else states.put(st.getSessionId(), st);
  }

  /** One in-order event. */
  private void apply(SessionState.Builder s, Live r, PenEvent ev) {
    s.setNextSequence(ev.getSequence() + 1).setEvents(s.getEvents() + 1);
    if (ev.hasControl()) {
      control(s, r, ev.getControl(), ev);
      return;
    }
    if (!ev.hasSample()) {
      deadLetter(DeadLetters.INVALID_VALUE, "neither sample nor control", s.getSessionId(), ev, s.getSessionId());
      return;
    }
    var sample = ev.getSample();
    if (sample.getPhase() == PenPhase.PEN_PHASE_UP) {
      r.recognizer.penUp();
      addInput(s, LineInput.newBuilder().setSequence(ev.getSequence()).setTimeMs(ev.getClientTimeMs()).setPenUp(true).build());
    } else if (sample.getPhase() == PenPhase.PEN_PHASE_DOWN || sample.getPhase() == PenPhase.PEN_PHASE_MOVE) {
      double x = sample.getX(), y = sample.getY();
      if (!Double.isFinite(x) || !Double.isFinite(y) || Math.abs(x) > maxCoordinate || Math.abs(y) > maxCoordinate) {
        deadLetter(DeadLetters.INVALID_VALUE, "coordinate (" + x + ", " + y + ")", s.getSessionId(), ev, s.getSessionId());
        return;
      }
      if (lineInputs(s) >= maxLineSamples) {
        deadLetter(DeadLetters.OVERSIZED, "line already has " + maxLineSamples + " inputs", s.getSessionId(), ev, s.getSessionId());
        return;
      }
      if (sample.getPhase() == PenPhase.PEN_PHASE_DOWN) r.recognizer.penUp(); // a down without an up ends the previous stroke
      r.recognizer.addPoint((float) x, (float) y, ev.getSequence(), ev.getClientTimeMs());
      addInput(s, LineInput.newBuilder().setSequence(ev.getSequence()).setTimeMs(ev.getClientTimeMs()).setX((float) x).setY((float) y).build());
    } else {
      deadLetter(DeadLetters.INVALID_VALUE, "pen phase unspecified", s.getSessionId(), ev, s.getSessionId());
      return;
    }
    emit(s, r, ev.getSequence(), false, false);
  }

  private void control(SessionState.Builder s, Live r, Control c, PenEvent ev) {
    ControlType type = c.getType();
    switch (type) {
      case CONTROL_TYPE_END_OF_LINE, CONTROL_TYPE_END_OF_SESSION -> {
        boolean endSession = type == ControlType.CONTROL_TYPE_END_OF_SESSION;
        r.recognizer.endLine();
        String lineText = r.recognizer.text();
        emit(s, r, ev.getSequence(), true, endSession);
        String tail = s.getCommittedTextTail() + lineText + " ";
        s.setCommittedTextTail(tail.substring(Math.max(0, tail.length() - LM_CONTEXT_CHARS)));
        newLine(s);
        if (endSession) s.setEnded(true);
      }
      case CONTROL_TYPE_RESET -> {
        newLine(s);
        live.put(s.getSessionId(), fresh(s));
        sendHypothesis(Hypothesis.newBuilder().setSessionId(s.getSessionId()).setCommittedLength(s.getCommittedLength())
            .setLastSequence(ev.getSequence()).build());
      }
      case CONTROL_TYPE_PRE_CONTEXT -> {
        s.setPreContext(c.getPreContext());
        if (lineInputs(s) == 0) live.put(s.getSessionId(), fresh(s));
      }
      default -> deadLetter(DeadLetters.INVALID_VALUE, "control type " + type, s.getSessionId(), ev, s.getSessionId());
    }
  }

  private void newLine(SessionState.Builder s) {
    deleteBlocks(s);
    s.setLine(s.getLine() + 1).clearLineInputs().setLineCommitted(0);
    live.remove(s.getSessionId());
  }

  /** Emits a hypothesis when something changed, and telemetry when a chunk was decoded for good. */
  private void emit(SessionState.Builder s, Live r, long sequence, boolean endOfLine, boolean endOfSession) {
    long framesRun = r.recognizer.network().framesRun(), chunks = r.recognizer.network().chunks();
    boolean decoded = framesRun != r.framesRun, chunked = chunks != r.chunks;
    r.framesRun = framesRun;
    r.chunks = chunks;
    if (!decoded && !endOfLine) return;
    LineRecognizer.Update u = r.recognizer.update();
    Hypothesis.Builder h = Hypothesis.newBuilder().setSessionId(s.getSessionId()).setLastSequence(sequence).setEndOfLine(endOfLine)
        .setEndOfSession(endOfSession);
    int line = s.getLine();
    for (LineRecognizer.Char c : u.committed()) h.addCommitted(Messages.character(c, line));
    s.setLineCommitted(s.getLineCommitted() + u.committed().size());
    s.setCommittedLength(s.getCommittedLength() + u.committed().size());
    h.setCommittedLength(s.getCommittedLength());
    for (LineRecognizer.Char c : u.tentative()) h.addTentative(Messages.character(c, line));
    for (LineRecognizer.Tail t : u.nbest()) h.addNbestTails(inkstream.proto.v1.Alternative.newBuilder().setText(t.text()).setProbability(t.probability()));
    sendHypothesis(h.build());
    if (chunked && telemetry != null && telemetry.due(s)) {
      byte[] bytes = telemetry.summarize(s.getSessionId(), line, r.recognizer).toByteArray();
      stats.telemetry(bytes.length);
      send(TELEMETRY, s.getSessionId(), bytes);
    }
  }

  private void sendHypothesis(Hypothesis h) {
    byte[] bytes = h.toByteArray();
    stats.hypothesis(bytes.length);
    send(HYPOTHESES, h.getSessionId(), bytes);
  }

  private void send(String child, String key, byte[] value) {
    context.forward(new Record<>(key, value, context.currentSystemTimeMs()), child);
  }

  /** The live recognizer of a session, rebuilt by replaying the stored line inputs when not in memory. */
  private Live recognizer(SessionState.Builder s) {
    Live r = live.get(s.getSessionId());
    if (r != null) return r;
    r = fresh(s);
    for (int b = 0; b < s.getLineBlocks(); b++) {
      LineInputBlock block = inputs.get(blockKey(s, b));
      if (block == null) throw new IllegalStateException("session " + s.getSessionId() + " line " + s.getLine() + ": input block " + b + " is missing");
      replay(r, block.getInputsList());
    }
    replay(r, s.getLineInputsList());
    // what was already emitted stays emitted: drop it from the first update
    LineRecognizer.Update replayed = r.recognizer.update();
    if (replayed.committed().size() != s.getLineCommitted()) {
      throw new IllegalStateException("replay of session " + s.getSessionId() + " committed " + replayed.committed().size()
          + " characters, the stored state says " + s.getLineCommitted() + ": model or code differs from the one that wrote the state");
    }
    r.framesRun = r.recognizer.network().framesRun();
    r.chunks = r.recognizer.network().chunks();
    live.put(s.getSessionId(), r);
    return r;
  }

  private static void replay(Live r, List<LineInput> in) {
    for (LineInput i : in) {
      if (i.getPenUp()) r.recognizer.penUp();
      else r.recognizer.addPoint(i.getX(), i.getY(), i.getSequence(), i.getTimeMs());
    }
  }

  /** Inputs of the current line: stored blocks plus the tail in the state. */
  private static int lineInputs(SessionState.Builder s) {
    return s.getLineBlocks() * INPUT_BLOCK + s.getLineInputsCount();
  }

  /** Appends an input; a full tail moves to the inputs store as the next block. */
  private void addInput(SessionState.Builder s, LineInput in) {
    s.addLineInputs(in);
    if (s.getLineInputsCount() >= INPUT_BLOCK) {
      LineInputBlock block = LineInputBlock.newBuilder().addAllInputs(s.getLineInputsList()).build();
      stats.state(block.getSerializedSize());
      inputs.put(blockKey(s, s.getLineBlocks()), block);
      s.setLineBlocks(s.getLineBlocks() + 1).clearLineInputs();
    }
  }

  private void deleteBlocks(SessionState.Builder s) {
    for (int b = 0; b < s.getLineBlocks(); b++) inputs.delete(blockKey(s, b));
    s.setLineBlocks(0);
  }

  private static String blockKey(SessionState.Builder s, int block) {
    return s.getSessionId() + "/" + s.getLine() + "/" + block;
  }

  private Live fresh(SessionState.Builder s) {
    String pre = s.getPreContext() + s.getCommittedTextTail();
    return new Live(new LineRecognizer(model, lm, settings, pre.substring(Math.max(0, pre.length() - LM_CONTEXT_CHARS))));
  }

  private void expireIdleSessions(long now) {
    List<KeyValue<String, SessionState>> idle = new ArrayList<>();
    try (KeyValueIterator<String, SessionState> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, SessionState> kv = it.next();
        if (now - kv.value.getLastActivityMs() >= idleTimeoutMs) idle.add(kv);
      }
    }
    for (KeyValue<String, SessionState> kv : idle) {
      SessionState st = kv.value;
      if (!st.getEnded()) {
        SessionState.Builder s = st.toBuilder();
        Live r = recognizer(s);
        r.recognizer.endLine();
        emit(s, r, s.getNextSequence() == 0 ? 0 : s.getNextSequence() - 1, true, true);
      }
      live.remove(kv.key);
      states.remove(kv.key);
      deleteBlocks(st.toBuilder());
      store.delete(kv.key);
    }
  }

  private void deadLetter(String reason, String detail, String key, PenEvent ev, String session) {
    DeadLetters.count(reason);
    var meta = context.recordMetadata();
    DeadLetter dl = DeadLetters.of(reason, detail, meta.map(m -> m.topic()).orElse(""), meta.map(m -> m.partition()).orElse(-1),
        meta.map(m -> m.offset()).orElse(-1L), key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        ev == null ? null : ev.toByteArray(), session);
    send(DEAD_LETTERS, key == null ? "" : key, dl.toByteArray());
  }
}
