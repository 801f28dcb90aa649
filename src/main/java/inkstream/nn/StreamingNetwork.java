/*
 * The network run on a stream: latency-controlled bidirectional LSTM (Zhang et al. 2016, "Highway
 * LSTM"/LC-BLSTM; Chen and Huo 2016). Frames are processed in chunks of C frames; each chunk is run
 * through all layers together with the next R frames (right context): the forward direction starts
 * from the state it had at the end of the previous chunk, the backward direction starts fresh at
 * the end of the context. Outputs are kept for the chunk's frames only, so each frame's output is
 * final R frames after the chunk ends and never changes. Nothing is ever rerun over the whole line.
 *
 * With maxWaitMs > 0 the wait for right context is also bounded in pen time: once the newest frame
 * was written maxWaitMs after the oldest pending ones, those (at most C) are run with the right
 * context that has arrived, so slow writing and pauses do not hold a frame back for long. Frame
 * times come with the frames, so this too depends only on the frames and their times.
 *
 * With a final context F > R, frames are revised (Chen and Huo 2016 keep them once; a second,
 * longer look is what delayed commitment can afford): a chunk's outputs become final only with F
 * frames of right context (or at the end of the line); before that, each time frames are released
 * under the rules above (R frames of context, or the wait), every released frame that is not final
 * yet is run again from the last final forward state with all the right context that has arrived,
 * and those provisional outputs replace the previous ones (provisional(), revisions()). The cost is
 * bounded: at most C + F frames per run, one run per released chunk. releaseAll() (a pen-up)
 * releases every pending frame at once, with the context there is.
 *
 * With C at least the line length this is exactly the offline full-context network (Pass.forward).
 * The offline path of a latency-controlled evaluation is this class fed the whole line at once;
 * StreamingNetworkTest proves that any split of the input gives the same outputs.
 */
package inkstream.nn;

import java.util.Arrays;

public final class StreamingNetwork {
  private final Model model;
  private final int chunk; // C frames
  private final int context; // R frames
  private final long maxWaitMs; // 0: always wait for R frames of right context
  private final int finalContext; // F frames: outputs final with this much right context; 0 (or F <= R): outputs final when released
  private final Pass pass;
  private final Pass revisionPass; // runs the provisional frames (null without revision), so pass keeps the last final chunk
  private int released; // pending frames released provisionally (revision only)
  private float[] provisional = new float[0]; // (released, K) their latest log-probabilities
  private long revisions; // provisional runs so far
  private final int D, K;
  private final float[][] h, c; // [layer] (H): forward-direction state at the end of the last chunk
  private float[] pending = new float[0]; // (pendingCount, D) frames of the current chunk and beyond
  private long[] pendingTimes = new long[0]; // (pendingCount) their pen times in ms, NO_TIME when unknown
  private static final long NO_TIME = Long.MIN_VALUE;
  private int pendingCount;
  private float[] out = new float[0]; // (outCount, K) finished log-probabilities not yet taken
  private int outCount;
  private long framesRun; // frames pushed through the network, context reruns included
  private long chunks; // runChunk calls

  public StreamingNetwork(Model model, int chunk, int context) {
    this(model, chunk, context, 0);
  }

  /** With maxWaitMs > 0, frames wait for their right context at most that long in pen time (see above). */
  public StreamingNetwork(Model model, int chunk, int context, long maxWaitMs) {
    this(model, chunk, context, maxWaitMs, 0);
  }

  /**
   * With finalContext > context, released frames are revised until they have finalContext frames of
   * right context (see above); otherwise as without it.
   */
  public StreamingNetwork(Model model, int chunk, int context, long maxWaitMs, int finalContext) {
    if (chunk <= 0) throw new IllegalArgumentException("chunk <= 0: " + chunk);
    if (finalContext < 0) throw new IllegalArgumentException("finalContext < 0: " + finalContext);
    if (context < 0) throw new IllegalArgumentException("context < 0: " + context);
    if (maxWaitMs < 0) throw new IllegalArgumentException("maxWaitMs < 0: " + maxWaitMs);
    this.model = model;
    this.chunk = chunk;
    this.maxWaitMs = maxWaitMs;
    this.context = model.config().bidirectional() ? context : 0; // a forward-only network needs no lookahead
    this.finalContext = this.context > 0 && finalContext > this.context ? finalContext : 0;
    this.pass = model.newPass();
    this.revisionPass = this.finalContext > 0 ? model.newPass() : null;
    this.D = model.config().inputSize();
    this.K = model.config().classes();
    int L = model.config().layers(), H = model.config().hiddenSize();
    h = new float[L][H];
    c = new float[L][H];
  }

  /** Appends frames (count, D) whose pen times are unknown and runs every chunk whose right context is complete. */
  public void push(float[] frames, int count) {
    push(frames, null, count);
  }

  /**
   * Appends frames (count, D) written at timesMs (count; null: unknown) and runs every chunk whose
   * right context is complete or, with maxWaitMs, whose oldest frames have waited long enough.
   * Frame by frame, so any split of the input gives the same outputs.
   */
  public void push(float[] frames, long[] timesMs, int count) {
    push(frames, timesMs, 0, count);
  }

  /** As push(frames, timesMs, count) for the count frames from frame index from on. */
  public void push(float[] frames, long[] timesMs, int from, int count) {
    ensurePending(pendingCount + count);
    for (int i = from; i < from + count; i++) {
      System.arraycopy(frames, i * D, pending, pendingCount * D, D);
      long now = timesMs == null ? NO_TIME : timesMs[i];
      pendingTimes[pendingCount++] = now;
      if (finalContext > 0) {
        revise(now);
        continue;
      }
      while (pendingCount >= chunk + context) runChunk(chunk + context, chunk);
      int due = waitedTooLong(0, now);
      if (due > 0) runChunk(pendingCount, due);
    }
  }

  /**
   * How many pending frames from index from on (at most a chunk, and never the newest) have waited
   * maxWaitMs or more for their right context when a frame arrives at pen time now; 0 without a bound.
   */
  private int waitedTooLong(int from, long now) {
    if (maxWaitMs <= 0 || now == NO_TIME) return 0;
    int due = 0;
    while (due < chunk && from + due < pendingCount - 1 && pendingTimes[from + due] != NO_TIME && now - pendingTimes[from + due] >= maxWaitMs) due++;
    return due;
  }

  /**
   * Revision, after a frame arrived at pen time now: chunks with F frames of right context become
   * final; then frames are released as without revision (C at a time once R frames of context
   * follow them, or those that waited maxWaitMs), and if any were, all released non-final frames
   * are run again with the context that has arrived.
   */
  private void revise(long now) {
    while (pendingCount >= chunk + finalContext) {
      runChunk(chunk + finalContext, chunk);
      int left = Math.max(0, released - chunk);
      System.arraycopy(provisional, (released - left) * K, provisional, 0, left * K);
      released = left;
    }
    int before = released;
    while (pendingCount - released >= chunk + context) released += chunk;
    released += waitedTooLong(released, now);
    if (released > before) rerunReleased();
  }

  /** Runs every pending frame from the last final forward state and keeps the released ones' outputs as their provisional values. */
  private void rerunReleased() {
    float[] logp = revisionPass.forward(model.weights(), pending, pendingCount, h, c);
    framesRun += pendingCount;
    revisions++;
    if (provisional.length < released * K) provisional = new float[Math.max(released, 2 * provisional.length / K) * K];
    System.arraycopy(logp, 0, provisional, 0, released * K);
  }

  /**
   * Revision: releases every pending frame now, with the right context that has arrived (none for
   * the newest), and runs the released non-final frames again; nothing without revision or when no
   * frame is waiting.
   */
  public void releaseAll() {
    if (finalContext == 0 || released == pendingCount) return;
    released = pendingCount;
    rerunReleased();
  }

  /**
   * The latest log-probabilities (provisionalFrames(), K) of the released frames that are not final
   * yet (they follow every frame take() has returned); empty without revision.
   */
  public float[] provisional() {
    return Arrays.copyOf(provisional, released * K);
  }

  /** Whether outputs are revised until they have a longer final right context. */
  public boolean revising() {
    return finalContext > 0;
  }

  /** Released frames not final yet (0 without revision). */
  public int provisionalFrames() {
    return released;
  }

  /** Provisional runs so far: it changes whenever provisional() has new values. */
  public long revisions() {
    return revisions;
  }

  /** End of the line: runs what is left with whatever right context exists. */
  public void finish() {
    int window = chunk + (finalContext > 0 ? finalContext : context);
    while (pendingCount > 0) runChunk(Math.min(pendingCount, window), Math.min(pendingCount, chunk));
    released = 0;
    for (float[] a : h) Arrays.fill(a, 0f);
    for (float[] a : c) Arrays.fill(a, 0f);
  }

  /** Finished frames' log-probabilities (n, K), in order, since the last call. */
  public float[] take() {
    float[] r = Arrays.copyOf(out, outCount * K);
    outCount = 0;
    return r;
  }

  /** Finished frames waiting in take(). */
  public int available() {
    return outCount;
  }

  /** Frames pushed but not finished yet (at most chunk + context - 1 between calls; chunk + final context - 1 with revision). */
  public int pendingFrames() {
    return pendingCount;
  }

  /** Frames run through the network, context and revision reruns included. */
  public long framesRun() {
    return framesRun;
  }

  /** Chunks whose outputs are final, run so far (lastPass() holds the last). */
  public long chunks() {
    return chunks;
  }

  /** The pass of the last chunk: its gates and cells, frames 0 .. lastChunkFrames()-1 are the chunk. */
  public Pass lastPass() {
    return pass;
  }

  private int lastChunkFrames;

  public int lastChunkFrames() {
    return lastChunkFrames;
  }

  /** Runs the first window pending frames and keeps the outputs of the first emit of them. */
  private void runChunk(int window, int emit) {
    float[] logp = pass.forward(model.weights(), pending, window, h, c);
    framesRun += window;
    ensureOut(outCount + emit);
    System.arraycopy(logp, 0, out, outCount * K, emit * K);
    outCount += emit;
    for (int l = 0; l < h.length; l++) pass.forwardState(l, emit - 1, h[l], c[l]);
    lastChunkFrames = emit;
    chunks++;
    pendingCount -= emit;
    System.arraycopy(pending, emit * D, pending, 0, pendingCount * D);
    System.arraycopy(pendingTimes, emit, pendingTimes, 0, pendingCount);
  }

  private void ensurePending(int frames) {
    if (pending.length < frames * D) pending = Arrays.copyOf(pending, Math.max(frames, 2 * pending.length / Math.max(1, D)) * D);
    if (pendingTimes.length < frames) pendingTimes = Arrays.copyOf(pendingTimes, Math.max(frames, 2 * pendingTimes.length));
  }

  private void ensureOut(int frames) {
    if (out.length < frames * K) out = Arrays.copyOf(out, Math.max(frames, 2 * out.length / K) * K);
  }
}
