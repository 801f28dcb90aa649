/*
 * Offline recognition of whole lines: features, the network, greedy CTC decoding. Runs the same
 * featurizer and layers as the streaming path. One instance per thread (it owns a Pass).
 */
package inkstream.decode;

import inkstream.ink.FeatureRecipe;
import inkstream.ink.Frames;
import inkstream.ink.Ink;
import inkstream.nn.Model;
import inkstream.nn.Pass;
import inkstream.nn.StreamingNetwork;

public final class Recognizer {
  private final Model model;
  private final FeatureRecipe recipe;
  private final Pass pass;
  private final int chunk, context; // latency control; chunk 0 = whole line at once
  private final long contextWaitMs; // the longest wait for right context in pen time (0 = none)
  private BeamSearch.Config beam; // null: greedy decoding
  private CharLm lm; // for beam search; may be null
  private boolean[] allowed; // (K) classes the decoder may output, blank included; null = all
  private long frames; // frames run so far

  public Recognizer(Model model) {
    this(model, 0, 0);
  }

  /** With chunk > 0 the network runs latency-controlled (StreamingNetwork), as on a stream. */
  public Recognizer(Model model, int chunk, int context) {
    this(model, chunk, context, 0);
  }

  /** Latency-controlled, frames waiting for right context at most contextWaitMs of pen time (as LineRecognizer.Settings). */
  public Recognizer(Model model, int chunk, int context, long contextWaitMs) {
    this.model = model;
    this.contextWaitMs = contextWaitMs;
    this.recipe = FeatureRecipe.fromProto(model.features());
    this.pass = model.newPass();
    this.chunk = chunk;
    this.context = context;
  }

  /** Decode with prefix beam search (and a language model when lm is not null) instead of greedily. */
  public Recognizer withBeamSearch(BeamSearch.Config config, CharLm lm) {
    this.beam = config;
    this.lm = lm;
    return this;
  }

  /**
   * An input scope: decode only these characters (a digits field, say). Every other class's
   * probability is removed and each frame renormalized over blank and the allowed characters.
   * null or empty: the whole alphabet.
   */
  public Recognizer restrictTo(String charset) {
    allowed = allowedClasses(model, charset);
    return this;
  }

  /** (K) true for blank and the classes of charset's characters; null for no restriction. */
  public static boolean[] allowedClasses(Model model, String charset) {
    if (charset == null || charset.isEmpty()) return null;
    String alphabet = model.config().alphabet();
    boolean[] a = new boolean[model.config().classes()];
    a[0] = true;
    charset.codePoints().forEach(cp -> {
      int i = alphabet.indexOf(cp);
      if (i < 0) throw new IllegalArgumentException("the model cannot write '" + Character.toString(cp) + "' (not in its alphabet)");
      a[i + 1] = true;
    });
    return a;
  }

  /** Removes the disallowed classes of logp (T, K) in place and renormalizes each frame. */
  static void restrict(int T, int K, float[] logp, boolean[] allowed) {
    for (int t = 0; t < T; t++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < K; k++) if (allowed[k]) max = Math.max(max, logp[t * K + k]);
      double sum = 0;
      for (int k = 0; k < K; k++) if (allowed[k]) sum += Math.exp(logp[t * K + k] - max);
      float norm = (float) (max + Math.log(sum));
      for (int k = 0; k < K; k++) logp[t * K + k] = allowed[k] ? logp[t * K + k] - norm : Float.NEGATIVE_INFINITY;
    }
  }

  /** Recognizes a line; beam search sees each frame's pen time (for a decision forced by time). */
  public String recognize(Ink ink) {
    Frames f = ink.features(recipe);
    long[] raw = ink.relativeTimesMs();
    return recognize(f, f.times(raw, raw.length));
  }

  /** Recognizes frames whose pen times are unknown. */
  public String recognize(Frames f) {
    return recognize(f, null);
  }

  private String recognize(Frames f, long[] times) {
    if (f.count() == 0) return "";
    float[] logp;
    if (chunk > 0) {
      StreamingNetwork net = new StreamingNetwork(model, chunk, context, contextWaitMs);
      net.push(f.values(), times, f.count());
      net.finish();
      logp = net.take();
      frames += net.framesRun();
    } else {
      logp = pass.forward(model.weights(), f.values(), f.count());
      frames += f.count();
    }
    if (allowed != null) restrict(f.count(), model.config().classes(), logp, allowed);
    if (beam == null) return model.decode(Greedy.decode(f.count(), model.config().classes(), logp));
    BeamSearch search = new BeamSearch(beam, model.config().alphabet(), lm, "");
    search.advance(logp, times, f.count());
    search.finish();
    return model.decode(search.best());
  }

  public long frames() {
    return frames;
  }
}
