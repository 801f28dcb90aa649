/*
 * Offline evaluation: recognizes labelled lines on several threads and accumulates CER and WER.
 * Results do not depend on the thread count (each line is decoded independently).
 */
package inkstream.train;

import inkstream.decode.BeamSearch;
import inkstream.decode.CharLm;
import inkstream.decode.ErrorRate;
import inkstream.decode.Recognizer;
import inkstream.ink.Ink;
import inkstream.nn.Model;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public final class Evaluator {
  private Evaluator() {}

  public record Result(ErrorRate errors, String[] hypotheses, long frames, double seconds) {
    public double framesPerSecond() {
      return seconds > 0 ? frames / seconds : 0;
    }
  }

  /**
   * How to decode: latency control (chunk 0 = whole line), beam search (null = greedy) with an
   * optional LM, and an optional input scope (charset: only these characters; null = all).
   */
  public record Settings(int chunk, int context, boolean ignoreCase, BeamSearch.Config beam, CharLm lm, String charset) {
    public static final Settings GREEDY = new Settings(0, 0, false, null, null, null);

    /** Greedy decoding with the latency control the model was trained with. */
    public static Settings greedy(Model model) {
      return new Settings(model.chunkFrames(), model.rightContextFrames(), false, null, null, null);
    }
  }

  /** Greedy decoding, run as the model was trained (whole lines, or its chunk and right context). */
  public static Result evaluate(Model model, List<Ink> inks, int threads) throws Exception {
    return evaluate(model, inks, threads, Settings.greedy(model));
  }

  /** Lower-cases when ignoring case (ROOT locale). */
  public static String fold(String s, boolean ignoreCase) {
    return ignoreCase ? s.toLowerCase(java.util.Locale.ROOT) : s;
  }

  public static Result evaluate(Model model, List<Ink> inks, int threads, Settings settings) throws Exception {
    boolean ignoreCase = settings.ignoreCase();
    String[] hyp = new String[inks.size()];
    long[] frames = new long[threads];
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Future<?>[] fs = new Future<?>[threads];
      for (int w = 0; w < threads; w++) {
        int me = w;
        fs[w] = pool.submit(() -> {
          Recognizer r = new Recognizer(model, settings.chunk(), settings.context());
          if (settings.beam() != null) r.withBeamSearch(settings.beam(), settings.lm());
          r.restrictTo(settings.charset());
          for (int i = me; i < inks.size(); i += threads) hyp[i] = r.recognize(inks.get(i));
          frames[me] = r.frames();
        });
      }
      for (Future<?> f : fs) f.get();
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    ErrorRate er = new ErrorRate();
    for (int i = 0; i < inks.size(); i++) {
      if (inks.get(i).text() != null) er.add(fold(inks.get(i).text(), ignoreCase), fold(hyp[i], ignoreCase));
    }
    long total = 0;
    for (long f : frames) total += f;
    return new Result(er, hyp, total, seconds);
  }
}
