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
   * reported, and the longest wait for right context in pen time (ms, 0 = none; StreamingNetwork).
   */
  public record Settings(int chunk, int context, BeamSearch.Config beam, int nBest, long contextWaitMs) {

    public Settings {
      if (chunk <= 0) throw new IllegalArgumentException("chunk <= 0: " + chunk);
      if (context < 0) throw new IllegalArgumentException("context < 0: " + context);
      if (nBest < 1) throw new IllegalArgumentException("nBest < 1: " + nBest);
      if (contextWaitMs < 0) throw new IllegalArgumentException("contextWaitMs < 0: " + contextWaitMs);
    }

    /** Always waiting for the full right context. */
    public Settings(int chunk, int context, BeamSearch.Config beam, int nBest) {
      this(chunk, context, beam, nBest, 0);
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
  // per frame of the line
  private float[] logp = new float[0]; // (frames, K)
  private int[] frameStroke = new int[0], frameSample = new int[0];
  private long[] frameTime = new long[0]; // (frames) pen time of each frame: its raw sample's client time
  private int frames;
  // per raw sample of the line
  private long[] sampleSequence = new long[0], sampleTime = new long[0];
  private int samples;
  private int reported; // committed characters already returned by update()
  private boolean ended;

  public LineRecognizer(Model model, CharLm lm, Settings settings, String preContext) {
    this.model = model;
    this.K = model.config().classes();
    this.featurizer = new Featurizer(FeatureRecipe.fromProto(model.features()));
    this.network = new StreamingNetwork(model, settings.chunk(), settings.context(), settings.contextWaitMs());
    this.search = new BeamSearch(settings.beam(), model.config().alphabet(), lm, preContext);
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
  }

  /** Ends the line: everything is decoded and the best hypothesis committed. */
  public void endLine() {
    if (ended) return;
    featurizer.finish();
    advance();
    network.finish();
    consume();
    ended = true;
  }

  public boolean ended() {
    return ended;
  }

  /** Raw samples received in this line. */
  public int samples() {
    return samples;
  }

  /** Frames decoded so far. */
  public int frames() {
    return frames;
  }

  public StreamingNetwork network() {
    return network;
  }

  /** Committed characters since the last call, the tentative tail and the n-best tails. */
  public Update update() {
    int[] best = search.best();
    int committed = ended ? best.length : search.committedLength();
    List<Char> newly = new ArrayList<>();
    for (int i = reported; i < committed; i++) newly.add(describe(search.beams().get(0), i, best));
    reported = committed;
    List<Char> tentative = new ArrayList<>();
    for (int i = committed; i < best.length; i++) tentative.add(describe(search.beams().get(0), i, best));
    List<Tail> tails = new ArrayList<>();
    List<BeamSearch.Prefix> beams = search.beams();
    int n = ended ? 1 : Math.min(nBest, beams.size());
    double max = search.score(0), norm = 0;
    for (int r = 0; r < n; r++) norm += Math.exp(search.score(r) - max);
    for (int r = 0; r < n; r++) {
      int[] l = beams.get(r).labels();
      tails.add(new Tail(model.decode(Arrays.copyOfRange(l, Math.min(committed, l.length), l.length)),
          (float) (Math.exp(search.score(r) - max) / norm)));
    }
    return new Update(newly, tentative, tails);
  }

  /** The whole best text so far (committed + tentative). */
  public String text() {
    return model.decode(search.best());
  }

  private Char describe(BeamSearch.Prefix best, int position, int[] labels) {
    BeamSearch.Prefix p = best;
    for (int i = labels.length - 1; i > position; i--) p = p.parent();
    int f = Math.max(0, Math.min(frames - 1, p.frame()));
    int prevFrame = position == 0 ? -1 : p.parent().frame();
    int from = Math.max(0, Math.min(f, prevFrame + 1));
    int label = labels[position];
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
      ensureFrames(frames + f.count() + network.pendingFrames());
      System.arraycopy(f.strokes(), 0, frameStroke, frames + network.pendingFrames(), f.count());
      System.arraycopy(f.samples(), 0, frameSample, frames + network.pendingFrames(), f.count());
      long[] times = f.times(sampleTime, samples);
      System.arraycopy(times, 0, frameTime, frames + network.pendingFrames(), f.count());
      network.push(f.values(), times, f.count());
    }
    consume();
  }

  /** Moves finished network frames into the beam search. */
  private void consume() {
    int n = network.available();
    if (n == 0) return;
    float[] out = network.take();
    ensureFrames(frames + n);
    System.arraycopy(out, 0, logp, frames * K, n * K);
    search.advance(out, Arrays.copyOfRange(frameTime, frames, frames + n), n);
    frames += n;
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
