/*
 * CTC prefix beam search (Graves 2008; Hannun et al. 2014) with a character n-gram language model,
 * fed frame by frame so the same object serves streaming and offline decoding: feeding the frames
 * of a line in any split gives the same beams.
 *
 * Each prefix keeps two log probabilities, of the frames so far ending in blank (pb) and in its
 * last label (pnb). A prefix's score is log(pb + pnb) + lmWeight * log P_lm(prefix) + lengthBonus
 * * |prefix| - lexiconPenalty * (words of it outside the lexicon). Prefixes live in a trie so that
 * paths reaching the same prefix merge. The LM is conditioned on the pre-context; a line without
 * one is scored as the mixture of a sentence start (share sentenceStart) and a continuation after a
 * space, P_lm(prefix) = s P(prefix | sentence start) + (1 - s) P(prefix | " "), which differ only
 * while the n-gram's history reaches the line start. The word check walks the LM's lexicon along
 * each prefix's current word: leaving every word of it, or ending a word that is only the beginning
 * of words (at a non-letter or at finish()), costs the penalty once.
 *
 * Delayed commitment: every future hypothesis extends a current one, so the longest common prefix
 * of the surviving beams can never be retracted; committedLength() returns it and never decreases.
 * A hypothesis survives a frame if it is among the beamWidth best and its score is within
 * pruneMargin (natural log) of the best: the margin is what lets text commit soon after it is
 * written, since a far-behind hypothesis no longer holds back the common prefix.
 * With maxDelay > 0 a decision is also forced: once the best hypothesis's character was emitted
 * maxDelay frames ago, hypotheses that do not contain it (different readings, or ones that have
 * not emitted it yet) stop surviving, so an ambiguity the ink never resolves cannot hold back
 * commitment for the rest of the line. With maxDelayMs > 0 the same decision is also forced by pen
 * time: once the frame being decoded was written maxDelayMs after the frame that emitted the best
 * hypothesis's character (frame times given to advance; with delayFromNext, both ages count from
 * the frame that emitted the character after it, so a character is not forced while still written), so slow or hesitant writing, whose frames
 * each take longer, does not stretch the wait. With confidence < 1 a decision is also taken on the
 * evidence: once the hypotheses that read the next uncommitted character as the best one does hold
 * at least that share of the surviving beams' probability mass (the softmax of their scores),
 * the others stop surviving; with confidenceDecay > 0 that share falls as the character waits,
 * linearly to confidence x (1 - confidenceDecay) at the forced bound, so a doubtful character is
 * decided on the best reading sooner than the bound when it has most of the mass. All of these only
 * remove hypotheses, so commitment stays monotone.
 *
 * Revision (revising(), for a network whose outputs are provisional until they have their final
 * right context; StreamingNetwork): advance() takes the final frames and revise() the provisional
 * frames after them. A revision decodes the provisional frames on from the final beam with the
 * decisions above, shows its beam (hypotheses()) and commits its common prefix, then puts the final
 * beam back as it was (every prefix it touched is restored), so the next revision starts again from
 * final frames only. Committed text is kept as labels: no hypothesis contradicting it is ever
 * extended again, and the final beam drops those that do, so it never changes; the final beam takes
 * no decisions of its own (it agrees with the revisions, which saw more).
 */
package inkstream.decode;

import static inkstream.nn.Kernels.NEG_INF;
import static inkstream.nn.Kernels.logAdd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class BeamSearch {
  /** Search settings. */
  public record Config(int beamWidth, int labelsPerFrame, double labelThreshold, double lmWeight, double lengthBonus, double pruneMargin,
      int maxDelay, double confidence, int maxDelayMs, double confidenceDecay, double lexiconPenalty, double sentenceStart, boolean delayFromNext) {
    /** The commands' language-model weight and per-character bonus (chosen with CharLm.DEFAULT_ORDER; README, "Language model"). */
    public static final double LM_WEIGHT = 0.4, LENGTH_BONUS = 1.5;
    /** The commands' word check penalty in nats (README, "Language model"). */
    public static final double LEXICON_PENALTY = 4;
    /** The commands' share of lines without pre-context that begin a sentence (README, "Language model"). */
    public static final double SENTENCE_START = 0.3;
    public static final Config NO_LM = new Config(8, 8, Math.log(1e-4), 0.0, 0.0);

    /**
     * Without decay of the confidence a decision needs, the word check and the line-start mixture (every
     * line begins a sentence), the forced decision's age counted from the character's own frame; the
     * with*() methods set them.
     */
    public Config(int beamWidth, int labelsPerFrame, double labelThreshold, double lmWeight, double lengthBonus, double pruneMargin,
        int maxDelay, double confidence, int maxDelayMs) {
      this(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, pruneMargin, maxDelay, confidence, maxDelayMs, 0, 0, 1, false);
    }

    /** Without a forced decision by pen time. */
    public Config(int beamWidth, int labelsPerFrame, double labelThreshold, double lmWeight, double lengthBonus, double pruneMargin,
        int maxDelay, double confidence) {
      this(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, pruneMargin, maxDelay, confidence, 0);
    }

    /** Without a pruning margin: hypotheses survive by rank only. */
    public Config(int beamWidth, int labelsPerFrame, double labelThreshold, double lmWeight, double lengthBonus) {
      this(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, Double.POSITIVE_INFINITY, 0);
    }

    /** Without a decision on confidence: characters commit when the survivors agree (or are forced). */
    public Config(int beamWidth, int labelsPerFrame, double labelThreshold, double lmWeight, double lengthBonus, double pruneMargin, int maxDelay) {
      this(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, pruneMargin, maxDelay, 1.0);
    }

    public Config {
      if (beamWidth <= 0) throw new IllegalArgumentException("beamWidth <= 0: " + beamWidth);
      if (labelsPerFrame <= 0) throw new IllegalArgumentException("labelsPerFrame <= 0: " + labelsPerFrame);
      if (!(pruneMargin > 0)) throw new IllegalArgumentException("pruneMargin must be > 0: " + pruneMargin);
      if (maxDelay < 0) throw new IllegalArgumentException("maxDelay < 0: " + maxDelay);
      if (maxDelayMs < 0) throw new IllegalArgumentException("maxDelayMs < 0: " + maxDelayMs);
      if (!(confidence >= 0.5 && confidence <= 1)) throw new IllegalArgumentException("confidence must be in [0.5, 1]: " + confidence);
      if (!(confidenceDecay >= 0 && confidenceDecay <= 1)) throw new IllegalArgumentException("confidenceDecay must be in [0, 1]: " + confidenceDecay);
      if (!(lexiconPenalty >= 0 && lexiconPenalty < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("lexiconPenalty must be finite and >= 0: " + lexiconPenalty);
      }
      if (!(sentenceStart >= 0 && sentenceStart <= 1)) throw new IllegalArgumentException("sentenceStart must be in [0, 1]: " + sentenceStart);
    }

    /** Commitment settings: pruning margin (nats) and forced decision after maxDelay frames (0 = never forced). */
    public Config withCommitment(double margin, int delay) {
      return new Config(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, margin, delay, confidence, maxDelayMs, confidenceDecay,
          lexiconPenalty, sentenceStart, delayFromNext);
    }

    /** Decide a character once its reading holds this share of the beams' mass (1 = only on agreement). */
    public Config withConfidence(double share) {
      return new Config(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, pruneMargin, maxDelay, share, maxDelayMs, confidenceDecay,
          lexiconPenalty, sentenceStart, delayFromNext);
    }

    /** Also force the decision once a character's frame is this many ms of pen time old (0 = by frames only). */
    public Config withMaxDelayMs(int ms) {
      return new Config(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, pruneMargin, maxDelay, confidence, ms, confidenceDecay,
          lexiconPenalty, sentenceStart, delayFromNext);
    }

    /**
     * Let the share a decision on confidence needs fall as the character waits: confidence x (1 -
     * decay x a), a the character's age as a fraction of the forced bound (the larger of its frames
     * over maxDelay and its pen time over maxDelayMs, at most 1). 0 = the same share at any age.
     */
    public Config withConfidenceDecay(double decay) {
      return new Config(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, pruneMargin, maxDelay, confidence, maxDelayMs, decay,
          lexiconPenalty, sentenceStart, delayFromNext);
    }

    /**
     * The word check (with a language model, whose lexicon it uses): a hypothesis pays this many
     * nats once per word where its letters leave every word of the lexicon, or where a word ends
     * (a non-letter follows) that is only the beginning of words. 0 = no check.
     */
    public Config withLexiconPenalty(double nats) {
      return new Config(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, pruneMargin, maxDelay, confidence, maxDelayMs,
          confidenceDecay, nats, sentenceStart, delayFromNext);
    }

    /**
     * Where the age of a character, for the forced decision (maxDelay, maxDelayMs) and the confidence
     * decay, is counted from: true, the frame that emitted the next character of the best hypothesis
     * (the writer has moved on: about where its ink ends, from where commit latency is measured; a
     * character with none after it yet does not age); false, its own frame, the peak of its posterior,
     * which can come at its very first stroke, so a slowly written character was forced before its
     * last strokes were read (an H read as I after its first stem).
     */
    public Config withDelayFromNext(boolean fromNext) {
      return new Config(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, pruneMargin, maxDelay, confidence, maxDelayMs, confidenceDecay,
          lexiconPenalty, sentenceStart, fromNext);
    }

    /**
     * How a line written without pre-context begins, for the language model: with this probability
     * a sentence (the model's sentence-start history), otherwise anywhere after a space (the lines
     * of a page mostly continue a sentence). The search scores such a line's first characters with
     * the mixture of the two, weighted by how well each explains them. 1 = every line begins a sentence.
     */
    public Config withSentenceStart(double share) {
      return new Config(beamWidth, labelsPerFrame, labelThreshold, lmWeight, lengthBonus, pruneMargin, maxDelay, confidence, maxDelayMs, confidenceDecay,
          lexiconPenalty, share, delayFromNext);
    }
  }

  /** A prefix: a trie node. */
  public static final class Prefix {
    final Prefix parent;
    final int label; // class >= 1, or 0 for the root
    final int length;
    int frame; // frame where its last label was emitted: the frame of the label's highest posterior so far
    float peak = Float.NEGATIVE_INFINITY; // that posterior (log)
    final double lm; // weighted LM log probability of the whole prefix, word check penalties included
    final int lex; // the lexicon node of the word being written: Lexicon.ROOT between words, -1 once it left the lexicon
    double startSentence, startSpace; // line-start mixture: log share x P(labels) after a sentence start, after a space (short prefixes only)
    double pb = NEG_INF, pnb = NEG_INF; // current
    double nextPb = NEG_INF, nextPnb = NEG_INF; // being accumulated for the next frame
    boolean touched;
    boolean alive; // in the beam being formed (scratch of step())
    private Map<Integer, Prefix> children;

    Prefix(Prefix parent, int label, int frame, double lm, int lex) {
      this.parent = parent;
      this.label = label;
      this.length = parent == null ? 0 : parent.length + 1;
      this.frame = frame;
      this.lm = lm;
      this.lex = lex;
    }

    public int length() {
      return length;
    }

    /** Frame where the last label was emitted (its most probable frame so far). */
    public int frame() {
      return frame;
    }

    public int label() {
      return label;
    }

    public Prefix parent() {
      return parent;
    }

    /** The labels from the root. */
    public int[] labels() {
      int[] out = new int[length];
      Prefix p = this;
      for (int i = length - 1; i >= 0; i--, p = p.parent) out[i] = p.label;
      return out;
    }

    /** log(pb + pnb): the acoustic log probability of the frames so far. */
    public double acoustic() {
      return logAdd(pb, pnb);
    }
  }

  private final Config config;
  private final int classes;
  private final CharLm lm; // may be null
  private final Lexicon lexicon; // the word check's, null without it
  private final String alphabet;
  private final int[] symbols; // class -> LM symbol (0 when the LM does not know it)
  private final Prefix root;
  private final int[] history = new int[16];
  private List<Prefix> beam = new ArrayList<>();
  private int frames;
  private long[] times = new long[64]; // (frames) pen time of each frame in ms, NO_TIME when not given
  private static final long NO_TIME = Long.MIN_VALUE;
  private int committed;
  // revision
  private boolean revising;
  private int[] decided = new int[0]; // committed labels (revising: the final beam may not have emitted them yet)
  private java.util.IdentityHashMap<Prefix, double[]> journal; // during a revision: each touched prefix's pb, pnb, peak, frame before it
  private List<Hypothesis> view; // the last revision's beam, null: the beam itself

  /** A hypothesis as shown: its labels, the frame that emitted each, and its total score. */
  public record Hypothesis(int[] labels, int[] frames, double score) {}

  /**
   * @param classes  alphabet size + 1; class k >= 1 is the k-th character of alphabet
   * @param lm       character LM, or null for none
   * @param context  text written before (pre-context) that conditions the LM; may be empty
   */
  public BeamSearch(Config config, String alphabet, CharLm lm, String context) {
    this.config = config;
    this.classes = alphabet.length() + 1;
    this.lm = config.lmWeight() == 0 ? null : lm;
    this.lexicon = this.lm == null || config.lexiconPenalty() == 0 ? null : lm.lexicon();
    this.alphabet = alphabet;
    symbols = new int[classes];
    for (int k = 1; k < classes; k++) symbols[k] = lm == null ? 0 : lm.symbol(alphabet.charAt(k - 1));
    // the pre-context becomes the root's LM history through a chain of committed-from-the-start nodes
    contextSymbols = context == null ? new int[0] : context.chars().map(c -> lm == null ? 0 : lm.symbol(c)).toArray();
    spaceSymbols = lm == null ? new int[0] : new int[] {lm.symbol(' ')};
    root = new Prefix(null, 0, -1, 0, contextWord(context));
    root.pb = 0;
    double share = config.sentenceStart();
    if (this.lm != null && contextSymbols.length == 0 && share < 1) {
      if (share == 0) {
        contextSymbols = spaceSymbols;
      } else {
        mixStart = true;
        root.startSentence = Math.log(share);
        root.startSpace = Math.log(1 - share);
      }
    }
    beam.add(root);
  }

  private int[] contextSymbols; // the pre-context (a space when every line continues a sentence)
  private final int[] spaceSymbols; // a space: the history of a line that does not begin a sentence
  private boolean mixStart; // no pre-context: the first characters are scored with the line-start mixture

  /** The lexicon node of the word the pre-context ends in (ROOT when it ends between words; -1 outside the lexicon). */
  private int contextWord(String context) {
    if (lexicon == null || context == null) return Lexicon.ROOT;
    int start = context.length();
    while (start > 0 && Lexicon.isLetter(context.charAt(start - 1))) start--;
    return lexicon.node(context.substring(start));
  }

  /** Switches to revision (before any frame): advance() then takes final frames only, revise() the provisional ones. */
  public BeamSearch revising() {
    if (frames > 0) throw new IllegalStateException("revising() after frames were decoded");
    revising = true;
    return this;
  }

  /**
   * Decodes n provisional frames (n, classes), written at timesMs (n; null: unknown), that follow the
   * final frames: shows the resulting beam, commits its common prefix, and restores the final beam.
   */
  public void revise(float[] logp, long[] timesMs, int n) {
    if (!revising) throw new IllegalStateException("revise() without revising()");
    if (n == 0) {
      view = null;
      return;
    }
    List<Prefix> finalBeam = beam;
    int finalFrames = frames, decidedBefore = decided.length;
    journal = new java.util.IdentityHashMap<>();
    for (int t = 0; t < n; t++) step(logp, t * classes, timesMs == null ? NO_TIME : timesMs[t], true);
    view = snapshot(beam);
    for (Map.Entry<Prefix, double[]> e : journal.entrySet()) {
      Prefix p = e.getKey();
      double[] v = e.getValue();
      p.pb = v[0];
      p.pnb = v[1];
      p.peak = (float) v[2];
      p.frame = (int) v[3];
    }
    journal = null;
    beam = finalBeam;
    frames = finalFrames;
    if (decided.length > decidedBefore) keepDecided(); // the final beam already agrees with what was committed before
  }

  /** Drops final-beam hypotheses that contradict the committed labels (some always agree: a revision grew from them). */
  private void keepDecided() {
    List<Prefix> kept = new ArrayList<>(beam.size());
    for (Prefix p : beam) {
      if (agreesWithDecided(p)) {
        kept.add(p);
      } else {
        p.pb = NEG_INF;
        p.pnb = NEG_INF;
      }
    }
    if (kept.isEmpty()) throw new IllegalStateException("no hypothesis agrees with the committed text");
    beam = kept;
  }

  private boolean agreesWithDecided(Prefix p) {
    Prefix q = p;
    while (q.length > decided.length) q = q.parent;
    for (; q.length > 0; q = q.parent) if (q.label != decided[q.length - 1]) return false;
    return true;
  }

  private List<Hypothesis> snapshot(List<Prefix> beam) {
    List<Hypothesis> out = new ArrayList<>(beam.size());
    for (Prefix p : beam) {
      int[] f = new int[p.length];
      Prefix q = p;
      for (int i = p.length - 1; i >= 0; i--, q = q.parent) f[i] = q.frame;
      out.add(new Hypothesis(p.labels(), f, totalScore(p)));
    }
    return out;
  }

  /**
   * What is shown now, best first: the last revision's beam, or (without provisional frames) the
   * beam. A hypothesis may be shorter than the committed text (it has not written all of it yet).
   */
  public List<Hypothesis> hypotheses() {
    return view != null ? view : snapshot(beam);
  }

  /** Consumes n frames of log-probabilities (n, classes) whose pen times are unknown (no decision by pen time). */
  public void advance(float[] logp, int n) {
    advance(logp, null, n);
  }

  /** Consumes n frames of log-probabilities (n, classes) written at timesMs (n; null: unknown). */
  public void advance(float[] logp, long[] timesMs, int n) {
    for (int t = 0; t < n; t++) step(logp, t * classes, timesMs == null ? NO_TIME : timesMs[t], false);
  }

  /** One frame; provisional: a revision's frame (decisions taken, touched prefixes journaled). */
  private void step(float[] logp, int o, long timeMs, boolean provisional) {
    int frame = frames++;
    if (frame == times.length) times = java.util.Arrays.copyOf(times, 2 * frame);
    times[frame] = timeMs;
    int[] candidates = candidates(logp, o);
    List<Prefix> touched = new ArrayList<>();
    for (Prefix p : beam) {
      double total = p.acoustic();
      touch(p, touched);
      p.nextPb = logAdd(p.nextPb, total + logp[o]);
      if (p.label > 0) p.nextPnb = logAdd(p.nextPnb, p.pnb + logp[o + p.label]);
      // a hypothesis that has not written all committed text yet may only write its next character, however improbable
      for (int c : p.length < decided.length ? new int[] {decided[p.length]} : candidates) {
        Prefix child = child(p, c, frame);
        touch(child, touched);
        double from = c == p.label ? p.pb : total;
        child.nextPnb = logAdd(child.nextPnb, from + logp[o + c]);
        if (logp[o + c] > child.peak) {
          child.peak = logp[o + c];
          child.frame = frame;
        }
      }
    }
    for (Prefix p : touched) {
      p.pb = p.nextPb;
      p.pnb = p.nextPnb;
      p.nextPb = NEG_INF;
      p.nextPnb = NEG_INF;
      p.touched = false;
    }
    touched.sort(Comparator.comparingDouble((Prefix p) -> totalScore(p)).reversed().thenComparing(BeamSearch::compareLabels));
    int keep = Math.min(config.beamWidth(), touched.size());
    double floor = totalScore(touched.get(0)) - config.pruneMargin();
    while (keep > 1 && totalScore(touched.get(keep - 1)) < floor) keep--;
    beam = new ArrayList<>(touched.subList(0, keep));
    boolean decide = !revising || provisional;
    if (decide && (config.maxDelay() > 0 || config.maxDelayMs() > 0)) forceDecision(frame);
    if (decide && config.confidence() < 1) decideConfident(frame);
    // forget beams that fell out: their probabilities must not leak into a later revival
    for (Prefix p : beam) p.alive = true;
    for (Prefix p : touched) {
      if (!p.alive) {
        p.pb = NEG_INF;
        p.pnb = NEG_INF;
      }
    }
    for (Prefix p : beam) p.alive = false;
    int common = commonPrefix(); // monotone: every new beam extends an old one (BeamSearchTest checks)
    if (common > committed || !revising) committed = common;
    if (revising && committed > decided.length) decided = java.util.Arrays.copyOf(beam.get(0).labels(), committed);
  }

  /** Keeps only hypotheses extending the best one's labels emitted at least maxDelay frames (or maxDelayMs of pen time) ago. */
  private void forceDecision(int frame) {
    Prefix anchor = beam.get(0), next = null; // next: the label after anchor on the best path
    while (anchor.length > committed && !due(clockStart(anchor, next), frame)) {
      next = anchor;
      anchor = anchor.parent;
    }
    if (anchor.length <= committed) return;
    List<Prefix> kept = new ArrayList<>(beam.size());
    for (Prefix p : beam) {
      Prefix q = p;
      while (q != null && q.length > anchor.length) q = q.parent;
      if (q == anchor) kept.add(p);
    }
    beam = kept;
  }

  /**
   * The frame from which a label's age counts (config.delayFromNext()), given the label after it on
   * the best path (null: none yet); -1: it does not age yet.
   */
  private int clockStart(Prefix label, Prefix next) {
    if (!config.delayFromNext()) return label.frame;
    return next == null ? -1 : next.frame;
  }

  /** Whether a label whose clock started at frame emitted (-1: not started) must be decided when decoding frame now: it has reached the forced bound. */
  private boolean due(int emitted, int now) {
    return emitted >= 0 && age(emitted, now) >= 1;
  }

  /**
   * The age of a label emitted at frame emitted when decoding frame now, as a share of the forced
   * bound: the larger of its frames over maxDelay and its pen time over maxDelayMs (each only when
   * set; pen time only when both frames have times); 0 without bounds.
   */
  private double age(int emitted, int now) {
    double a = 0;
    if (config.maxDelay() > 0) a = (double) (now - emitted) / config.maxDelay();
    if (config.maxDelayMs() > 0 && emitted >= 0) {
      long then = times[emitted], t = times[now];
      if (then != NO_TIME && t != NO_TIME) a = Math.max(a, (double) (t - then) / config.maxDelayMs());
    }
    return a;
  }

  /**
   * While the best hypothesis's reading of the next uncommitted character (position k) holds at
   * least config.confidence of the beams' mass, keeps only the hypotheses that share it. A hypothesis
   * still shorter than k + 1 counts as a different reading (it has not written the character yet).
   */
  private void decideConfident(int frame) {
    int k = Math.max(committed, commonPrefix());
    while (beam.size() > 1 && beam.get(0).length > k) {
      Prefix mine = ancestorAt(beam.get(0), k + 1);
      double all = NEG_INF, agree = NEG_INF;
      for (Prefix p : beam) {
        double s = totalScore(p);
        all = logAdd(all, s);
        if (ancestorAt(p, k + 1) == mine) agree = logAdd(agree, s);
      }
      if (agree - all < Math.log(required(clockStart(mine, ancestorAt(beam.get(0), k + 2)), frame))) return;
      List<Prefix> kept = new ArrayList<>(beam.size());
      for (Prefix p : beam) if (ancestorAt(p, k + 1) == mine) kept.add(p);
      beam = kept;
      k = Math.max(committed, commonPrefix());
    }
  }

  /** The share of the mass a reading whose clock started at frame emitted (-1: not started) needs when decoding frame now. */
  private double required(int emitted, int now) {
    double c = config.confidence();
    if (config.confidenceDecay() == 0 || emitted < 0) return c;
    return c * (1 - config.confidenceDecay() * Math.min(1, Math.max(0, age(emitted, now))));
  }

  /** p's ancestor (or p) of the given length, or null when p is shorter. */
  private static Prefix ancestorAt(Prefix p, int length) {
    if (p.length < length) return null;
    while (p.length > length) p = p.parent;
    return p;
  }

  private void touch(Prefix p, List<Prefix> touched) {
    if (!p.touched) {
      if (journal != null) journal.putIfAbsent(p, new double[] {p.pb, p.pnb, p.peak, p.frame});
      p.touched = true;
      touched.add(p);
    }
  }

  /** Labels worth extending with at this frame: the top labelsPerFrame above the threshold. */
  private int[] candidates(float[] logp, int o) {
    int k = config.labelsPerFrame();
    int[] best = new int[k];
    int n = 0;
    for (int c = 1; c < classes; c++) {
      float v = logp[o + c];
      if (v < config.labelThreshold()) continue;
      if (n < k) {
        best[n++] = c;
      } else if (v > logp[o + best[k - 1]]) {
        best[k - 1] = c;
      } else {
        continue;
      }
      for (int i = n - 1; i > 0 && logp[o + best[i]] > logp[o + best[i - 1]]; i--) {
        int t = best[i];
        best[i] = best[i - 1];
        best[i - 1] = t;
      }
    }
    return java.util.Arrays.copyOf(best, n);
  }

  private Prefix child(Prefix p, int c, int frame) {
    if (p.children == null) p.children = new HashMap<>();
    Prefix ch = p.children.get(c);
    if (ch == null) {
      double lmScore = p.lm;
      double startSentence = 0, startSpace = 0;
      if (lm != null && mixStart && p.length < lm.order() - 1) { // the history still reaches the line start: two readings of it
        startSentence = p.startSentence + lmLogProb(p, c, contextSymbols);
        startSpace = p.startSpace + lmLogProb(p, c, spaceSymbols);
        lmScore += config.lmWeight() * (logAdd(startSentence, startSpace) - logAdd(p.startSentence, p.startSpace));
      } else if (lm != null) {
        lmScore += config.lmWeight() * lmLogProb(p, c, contextSymbols);
      }
      int lex = Lexicon.ROOT;
      if (lexicon != null) {
        char x = alphabet.charAt(c - 1);
        boolean leaves;
        if (Lexicon.isLetter(x)) {
          lex = p.lex < 0 ? -1 : lexicon.next(p.lex, x);
          leaves = p.lex >= 0 && lex < 0;
        } else {
          leaves = unfinished(p); // a word ended that is only the beginning of words
        }
        if (leaves) lmScore -= config.lexiconPenalty();
      }
      ch = new Prefix(p, c, frame, lmScore, lex);
      ch.startSentence = startSentence;
      ch.startSpace = startSpace;
      p.children.put(c, ch);
    }
    return ch;
  }

  /** log P_lm(c | p's labels after the given history). */
  private double lmLogProb(Prefix p, int c, int[] contextSymbols) {
    int want = lm.order() - 1;
    int n = 0;
    for (Prefix q = p; q != null && q.label > 0 && n < want; q = q.parent) history[want - 1 - n++] = symbols[q.label];
    for (int i = contextSymbols.length - 1; i >= 0 && n < want; i--) history[want - 1 - n++] = contextSymbols[i];
    int[] h = java.util.Arrays.copyOfRange(history, want - n, want);
    int sym = symbols[c];
    if (sym == 0) return Math.log(1e-3); // a class the LM cannot score: a fixed small probability
    return lm.logProb(h, h.length, sym);
  }

  private double totalScore(Prefix p) {
    return p.acoustic() + p.lm + config.lengthBonus() * p.length;
  }

  private static int compareLabels(Prefix a, Prefix b) {
    return java.util.Arrays.compare(a.labels(), b.labels()); // deterministic tie-break
  }

  private int commonPrefix() {
    int[] first = beam.get(0).labels();
    int n = first.length;
    for (Prefix p : beam.subList(1, beam.size())) {
      int[] l = p.labels();
      int i = 0;
      while (i < n && i < l.length && l[i] == first[i]) i++;
      n = i;
    }
    return n;
  }

  /**
   * The line ends after the frames given: with the word check, a hypothesis whose last word is only
   * the beginning of words pays the penalty as if a space followed, and the beam is ranked again
   * (so the best hypothesis is the best finished reading). Without it nothing changes.
   */
  public void finish() {
    if (lexicon == null || beam.size() < 2) return;
    List<Prefix> ranked = new ArrayList<>(beam);
    ranked.sort(Comparator.comparingDouble((Prefix p) -> finishedScore(p)).reversed().thenComparing(BeamSearch::compareLabels));
    beam = ranked;
    view = null;
  }

  /** The total score of p with the word check of its last word at the end of the line. */
  private double finishedScore(Prefix p) {
    return totalScore(p) - (unfinished(p) ? config.lexiconPenalty() : 0);
  }

  /** Whether p ends in a word that is only the beginning of words of the lexicon. */
  private boolean unfinished(Prefix p) {
    return p.lex > Lexicon.ROOT && !lexicon.isWord(p.lex);
  }

  /** Surviving hypotheses, best first. */
  public List<Prefix> beams() {
    return List.copyOf(beam);
  }

  /** Total score (acoustic + LM + length bonus) of the beam at a rank, 0 = best. */
  public double score(int rank) {
    return totalScore(beam.get(rank));
  }

  /** The best hypothesis's labels (the committed ones when it has not written all of them yet). */
  public int[] best() {
    int[] b = view != null ? view.get(0).labels() : beam.get(0).labels();
    return b.length < committed ? decided.clone() : b;
  }

  /** Labels shared by every surviving hypothesis; never decreases. */
  public int committedLength() {
    return committed;
  }

  public int frames() {
    return frames;
  }
}
