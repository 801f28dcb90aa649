/*
 * Recognition of one line of ink as it is written: pen samples go through the featurizer, the
 * latency-controlled network and the prefix beam search, and update() reports the characters
 * committed since the last call (never to change again), the tentative tail and the n-best tails.
 * Offline recognition of a whole line is this same object fed everything at once, so the final
 * committed text equals the offline decode with the same chunking (LineRecognizerTest).
 *
 * Per character: its confidence (the network's posterior for it at the frame that emitted it),
 * the most probable other characters at that frame, and the span of ink (strokes, event sequence
 * numbers, times) between the previous character's frame and its own.
 */
package inkstream.decode;

import inkstream.ink.FeatureRecipe;
import inkstream.ink.Featurizer;
import inkstream.ink.Frames;
import inkstream.nn.Model;
import inkstream.nn.StreamingNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class LineRecognizer {
  /**
   * Streaming settings: network chunk and right context (frames), beam search, n-best tails
   * reported, the longest wait for right context in pen time (ms, 0 = none; StreamingNetwork), and
   * the final right context (frames; above context, frames are decoded as they are released and
   * revised until they have that much; 0 = off), and with revision whether a pen-up releases every
   * frame written so far (decoded at once with the right context there is, revised as the next
   * stroke arrives), so a character whose ink ends with its stroke can be decided when the pen
   * lifts rather than after the first frames of the next stroke.
   */
  public record Settings(int chunk, int context, BeamSearch.Config beam, int nBest, long contextWaitMs, int finalContext,
      boolean releaseAtPenUp) {

    public Settings {
      if (chunk <= 0) throw new IllegalArgumentException("chunk <= 0: " + chunk);
      if (context < 0) throw new IllegalArgumentException("context < 0: " + context);
      if (nBest < 1) throw new IllegalArgumentException("nBest < 1: " + nBest);
      if (contextWaitMs < 0) throw new IllegalArgumentException("contextWaitMs < 0: " + contextWaitMs);
      if (finalContext < 0) throw new IllegalArgumentException("finalContext < 0: " + finalContext);
    }

    /** Pen-ups release nothing early. */
    public Settings(int chunk, int context, BeamSearch.Config beam, int nBest, long contextWaitMs, int finalContext) {
      this(chunk, context, beam, nBest, contextWaitMs, finalContext, false);
    }

    /** Without revision. */
    public Settings(int chunk, int context, BeamSearch.Config beam, int nBest, long contextWaitMs) {
      this(chunk, context, beam, nBest, contextWaitMs, 0, false);
    }

    /** Always waiting for the full right context. */
    public Settings(int chunk, int context, BeamSearch.Config beam, int nBest) {
      this(chunk, context, beam, nBest, 0, 0, false);
    }
  }

  /** The ink of a character: strokes, event sequence numbers and client times. */
  public record Span(int firstStroke, int lastStroke, long firstSequence, long lastSequence, long firstTimeMs, long lastTimeMs) {}

  public record Alternative(String text, float probability) {}

  public record Char(String text, float confidence, List<Alternative> alternatives, Span span) {}

  public record Tail(String text, float probability) {}

  /** What changed: characters committed by this update, the tentative tail after all committed text, n-best tails. */
  public record Update(List<Char> committed, List<Char> tentative, List<Tail> nbest) {}

  private final Model model;
  private final int K;
  private final Featurizer featurizer;
  private final StreamingNetwork network;
  private final BeamSearch search;
  private final int nBest;
  private final boolean revising; // the network revises frames until their final right context
  private final boolean releaseAtPenUp; // (revising) a pen-up releases every frame written
  // per frame of the line
  private float[] logp = new float[0]; // (frames + provisional, K) final, then provisional frames' latest
  private int[] frameStroke = new int[0], frameSample = new int[0];
  private long[] frameTime = new long[0]; // (frames) pen time of each frame: its raw sample's client time
  private int frames; // final frames
  private int provisional; // provisional frames after them (revising)
  private long revisionsSeen;
  // per raw sample of the line
  private long[] sampleSequence = new long[0], sampleTime = new long[0];
  private int samples;
  private int described; // committed characters described (each when it was committed)
  private final List<Char> newlyCommitted = new ArrayList<>(); // described, not returned by update() yet
  private boolean ended;

  public LineRecognizer(Model model, CharLm lm, Settings settings, String preContext) {
    this.model = model;
    this.K = model.config().classes();
    this.featurizer = new Featurizer(FeatureRecipe.fromProto(model.features()));
    this.network = new StreamingNetwork(model, settings.chunk(), settings.context(), settings.contextWaitMs(), settings.finalContext());
    this.revising = network.revising();
    this.releaseAtPenUp = revising && settings.releaseAtPenUp();
    this.search = new BeamSearch(settings.beam(), model.config().alphabet(), lm, preContext);
    if (revising) search.revising();
    this.nBest = settings.nBest();
  }

  /** A pen-down sample; throws IllegalArgumentException for non-finite coordinates. */
  public void addPoint(float x, float y, long sequence, long timeMs) {
    if (ended) throw new IllegalStateException("line already ended");
    featurizer.addPoint(x, y);
    if (samples == sampleSequence.length) {
      sampleSequence = Arrays.copyOf(sampleSequence, Math.max(64, samples * 2));
      sampleTime = Arrays.copyOf(sampleTime, sampleSequence.length);
    }
    sampleSequence[samples] = sequence;
    sampleTime[samples] = timeMs;
    samples++;
    advance();
  }

  public void penUp() {
    if (ended) throw new IllegalStateException("line already ended");
    featurizer.penUp();
    advance();
    if (releaseAtPenUp) {
      network.releaseAll();
      consume();
    }
  }

  /** Ends the line: everything is decoded and the best hypothesis committed. */
  public void endLine() {
    if (ended) return;
    featurizer.finish();
    advance();
    network.finish();
    consume();
    if (revising) search.revise(new float[0], null, 0); // every frame is final now
    search.finish();
    provisional = 0;
    ended = true;
  }

  public boolean ended() {
    return ended;
  }

  /** Raw samples received in this line. */
  public int samples() {
    return samples;
  }

  /** Frames decoded for good so far (final; provisional ones not counted). */
  public int frames() {
    return frames;
  }

  public StreamingNetwork network() {
    return network;
  }

  /** Committed characters since the last call, the tentative tail and the n-best tails. */
  public Update update() {
    List<BeamSearch.Hypothesis> hyps = search.hypotheses();
    BeamSearch.Hypothesis top = hyps.get(0);
    if (ended) { // the rest of the best hypothesis is committed too
      for (int i = described; i < top.labels().length; i++) newlyCommitted.add(describe(top, i));
      described = Math.max(described, top.labels().length);
    }
    List<Char> newly = List.copyOf(newlyCommitted);
    newlyCommitted.clear();
    List<Char> tentative = new ArrayList<>();
    for (int i = described; i < top.labels().length; i++) tentative.add(describe(top, i));
    List<Tail> tails = new ArrayList<>();
    int n = ended ? 1 : Math.min(nBest, hyps.size());
    double max = top.score(), norm = 0;
    for (int r = 0; r < n; r++) norm += Math.exp(hyps.get(r).score() - max);
    for (int r = 0; r < n; r++) {
      int[] l = hyps.get(r).labels();
      tails.add(new Tail(model.decode(Arrays.copyOfRange(l, Math.min(described, l.length), l.length)),
          (float) (Math.exp(hyps.get(r).score() - max) / norm)));
    }
    return new Update(newly, tentative, tails);
  }

  /** The whole best text so far (committed + tentative). */
  public String text() {
    return model.decode(search.best());
  }

  /** Describes the characters committed since the last call, from the hypothesis that committed them. */
  private void describeCommitted() {
    int c = search.committedLength();
    if (c <= described) return;
    BeamSearch.Hypothesis top = null; // the best hypothesis that has written them (all agree with committed text)
    for (BeamSearch.Hypothesis h : search.hypotheses()) {
      if (h.labels().length >= c) {
        top = h;
        break;
      }
    }
    if (top == null) throw new IllegalStateException("committed " + c + " characters that no hypothesis has written");
    for (int i = described; i < c; i++) newlyCommitted.add(describe(top, i));
    described = c;
  }

  private Char describe(BeamSearch.Hypothesis h, int position) {
    int decoded = frames + provisional;
    int f = Math.max(0, Math.min(decoded - 1, h.frames()[position]));
    int prevFrame = position == 0 ? -1 : h.frames()[position - 1];
    int from = Math.max(0, Math.min(f, prevFrame + 1));
    int label = h.labels()[position];
    float conf = (float) Math.exp(logp[f * K + label]);
    List<Alternative> alts = new ArrayList<>();
    int[] order = topClasses(f, label, 3);
    for (int k : order) alts.add(new Alternative(model.charOf(k), (float) Math.exp(logp[f * K + k])));
    int s0 = Math.min(frameSample[from], samples - 1), s1 = Math.min(frameSample[f], samples - 1);
    Span span = new Span(frameStroke[from], frameStroke[f], sampleSequence[Math.max(0, s0)], sampleSequence[Math.max(0, s1)],
        sampleTime[Math.max(0, s0)], sampleTime[Math.max(0, s1)]);
    return new Char(model.charOf(label), conf, alts, span);
  }

  /** The n most probable non-blank classes at frame f other than exclude, most probable first. */
  private int[] topClasses(int f, int exclude, int n) {
    Integer[] ks = new Integer[K - 1];
    for (int k = 1; k < K; k++) ks[k - 1] = k;
    Arrays.sort(ks, (a, b) -> Float.compare(logp[f * K + b], logp[f * K + a]));
    int[] out = new int[n];
    int m = 0;
    for (int i = 0; i < ks.length && m < n; i++) if (ks[i] != exclude) out[m++] = ks[i];
    return Arrays.copyOf(out, m);
  }

  private void advance() {
    Frames f = featurizer.takeFrames();
    if (f.count() > 0) {
      int at = frames + network.pendingFrames();
      ensureFrames(at + f.count());
      System.arraycopy(f.strokes(), 0, frameStroke, at, f.count());
      System.arraycopy(f.samples(), 0, frameSample, at, f.count());
      long[] times = f.times(sampleTime, samples);
      System.arraycopy(times, 0, frameTime, at, f.count());
      if (revising) { // frame by frame: every release is decoded, whatever the split of the input
        for (int i = 0; i < f.count(); i++) {
          network.push(f.values(), times, i, 1);
          consume();
        }
        return;
      }
      network.push(f.values(), times, f.count());
    }
    consume();
  }

  /** Moves finished network frames into the beam search, and with revision decodes the provisional ones. */
  private void consume() {
    int n = network.available();
    if (n > 0) {
      float[] out = network.take();
      ensureFrames(frames + n);
      System.arraycopy(out, 0, logp, frames * K, n * K);
      search.advance(out, Arrays.copyOfRange(frameTime, frames, frames + n), n);
      frames += n;
    }
    if (revising && (n > 0 || network.revisions() != revisionsSeen)) {
      revisionsSeen = network.revisions();
      provisional = network.provisionalFrames();
      float[] prov = network.provisional();
      ensureFrames(frames + provisional);
      System.arraycopy(prov, 0, logp, frames * K, provisional * K);
      search.revise(prov, Arrays.copyOfRange(frameTime, frames, frames + provisional), provisional);
    }
    describeCommitted();
  }

  private void ensureFrames(int n) {
    if (frameStroke.length < n) {
      int cap = Math.max(n, frameStroke.length * 2);
      frameStroke = Arrays.copyOf(frameStroke, cap);
      frameSample = Arrays.copyOf(frameSample, cap);
      frameTime = Arrays.copyOf(frameTime, cap);
    }
    if (logp.length < n * K) logp = Arrays.copyOf(logp, Math.max(n, logp.length / K * 2) * K);
  }
}
