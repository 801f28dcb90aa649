/*
 * inkstream eval: character and word error rates of a model on labelled ink JSONL.
 */
package inkstream.cli;

import inkstream.decode.BeamSearch;
import inkstream.decode.CharLm;
import inkstream.ink.Ink;
import inkstream.nn.Model;
import inkstream.train.Evaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Character and word error rate on labelled ink: JSONL, InkML (.inkml) or an IAM-OnDB lineStrokes folder with --ascii.")
final class EvalCommand implements Callable<Integer> {
  @Mixin ModelOption modelOption;

  @Option(names = "--data", required = true,
      description = "Labelled ink: JSONL, an InkML file (.inkml) or a folder of IAM-OnDB lineStrokes XML (with --ascii).")
  Path data;

  @Option(names = "--ascii", paramLabel = "DIR",
      description = "With --data an IAM-OnDB lineStrokes folder: its ascii transcriptions folder (each line file takes its CSR line).")
  Path ascii;

  @Option(names = "--threads", defaultValue = "2", description = "Decoding threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--json", description = "End with a JSON summary line.")
  boolean json;

  @Option(names = "--readings", paramLabel = "FILE", description = "Also write each line's reading: JSONL of id, text (the reference) and read "
      + "(the committed text with --kafka or --replay, and then commit_latency_ms: per committed character, from the end of its ink, null where unknown).")
  java.nio.file.Path readings;

  @Option(names = "--ignore-case", description = "Compare lower-cased text (for isolated letters whose case is ambiguous).")
  boolean ignoreCase;

  @Option(names = "--charset", description = "Input scope: decode only these characters (e.g. 0123456789 for a digits field); offline only.")
  String charset;

  @Option(names = "--confusions", defaultValue = "0", description = "Also the N most frequent edits (reference > read, _ for none; "
      + "with --by-style per style too), offline only.")
  int confusions;

  @Option(names = "--by-style", description = "Also a row per style: lines grouped by the id prefix before the first '-' (as synth names them).")
  boolean byStyle;

  @Option(names = "--by-text", description = "Also a row per reference text (for isolated characters: how often each character is read exactly).")
  boolean byText;

  /** Decoders. */
  enum Decoder { greedy, beam, lm }

  @Option(names = "--decoder", defaultValue = "greedy", description = "greedy, beam (prefix beam search) or lm (beam search with the bundled character LM and its word check); default ${DEFAULT-VALUE}.")
  Decoder decoder;

  @Option(names = "--beam-width", defaultValue = "8", description = "Beam width (default ${DEFAULT-VALUE}).")
  int beamWidth;

  @Option(names = "--lm-weight", defaultValue = "" + BeamSearch.Config.LM_WEIGHT, description = "LM weight with --decoder lm (default ${DEFAULT-VALUE}).")
  double lmWeight;

  @Option(names = "--lm-order", defaultValue = "" + CharLm.DEFAULT_ORDER, description = "Order of the character LM with --decoder lm (default ${DEFAULT-VALUE}).")
  int lmOrder;

  @Option(names = "--length-bonus", defaultValue = "" + BeamSearch.Config.LENGTH_BONUS, description = "Per-character bonus with --decoder lm (default ${DEFAULT-VALUE}).")
  double lengthBonus;

  @Option(names = "--lexicon-penalty", defaultValue = "" + BeamSearch.Config.LEXICON_PENALTY,
      description = "Word check with --decoder lm: nats a hypothesis pays per word outside the LM's text (0 = off; default ${DEFAULT-VALUE}).")
  double lexiconPenalty;

  @Option(names = "--sentence-start", defaultValue = "" + BeamSearch.Config.SENTENCE_START,
      description = "With --decoder lm: how likely a line begins a sentence rather than continues one (default ${DEFAULT-VALUE}).")
  double sentenceStart;

  @Option(names = "--prune-margin", description = "Beam pruning margin in nats (smaller commits sooner; default 10 offline, the streaming "
      + "configuration's with --kafka or --replay).")
  Double pruneMargin;

  @Option(names = "--delay-from-next", arity = "1", paramLabel = "BOOL", description = "With --kafka or --replay: count a character's age "
      + "for the forced decision from the next character's frame (true) or its own (false, before session 13); default: the streaming configuration's.")
  Boolean delayFromNext;

  @Option(names = "--max-delay", description = "Force a decision this many frames after a character was emitted (default never offline, the "
      + "streaming configuration's with --kafka or --replay).")
  Integer maxDelay;

  @Option(names = "--max-delay-ms", description = "Also force it once the frame being decoded was written this many ms of pen time after the"
      + " character's frame (default never offline, the streaming configuration's with --kafka or --replay).")
  Integer maxDelayMs;

  @Option(names = "--context-wait-ms", description = "With --kafka or --replay: run frames with the right context that has arrived once the "
      + "newest frame is this many ms of pen time younger (default: the streaming configuration's).")
  Long contextWaitMs;

  @Option(names = "--final-context", description = "With --kafka or --replay: revise frames until they have this many frames of right "
      + "context (above --right-context; 0: decoded once; default: the streaming configuration's).")
  Integer finalContext;

  @Option(names = "--release-at-pen-up", arity = "1", paramLabel = "BOOL", description = "With --kafka or --replay and revision: whether a pen-up "
      + "releases every frame written so far, decoded at once and revised as the next stroke arrives (default: the streaming configuration's).")
  Boolean releaseAtPenUp;

  @Option(names = "--confidence", description = "Decide a character once its reading holds this share of the beams' mass (default 1: only "
      + "on agreement, offline; the streaming configuration's with --kafka or --replay).")
  Double confidence;

  @Option(names = "--confidence-decay", description = "Let the share a decision needs fall as the character waits, linearly to --confidence x "
      + "(1 - this) at the forced bound (default 0: the same share at any age offline; the streaming configuration's with --kafka or --replay).")
  Double confidenceDecay;

  @Option(names = "--kafka", description = "Replay the lines through an in-process broker and the streaming topology (see README).")
  boolean kafka;

  @Option(names = "--replay", description = "The same through the streaming topology without a broker (TopologyTestDriver, one per thread):"
      + " the same hypotheses and measurements as --kafka except the broker's throughput, far cheaper.")
  boolean replay;

  @Option(names = "--chunk", defaultValue = "0",
      description = "Latency-controlled decoding: chunk frames (default 0: whole lines, as offline recognition has them; -1: what the model was "
          + "trained with; --kafka and --replay always stream, by default with the model's own).")
  int chunk;

  @Option(names = "--right-context", defaultValue = "-1",
      description = "Latency-controlled decoding: right-context frames (default: what the model was trained with; with --kafka or --replay"
          + " the streaming configuration's, that plus decode.right-context.extra.frames).")
  int rightContext;

  /** The offline beam search's pruning margin in nats (wide: offline nothing waits on it). */
  static final double OFFLINE_MARGIN = 10.0;

  private double margin() {
    return pruneMargin != null ? pruneMargin : OFFLINE_MARGIN;
  }

  private int delay() {
    return maxDelay != null ? maxDelay : 0;
  }

  private int delayMs() {
    return maxDelayMs != null ? maxDelayMs : 0;
  }

  private double confidence() {
    return confidence != null ? confidence : 1.0;
  }

  private double decay() {
    return confidenceDecay != null ? confidenceDecay : 0.0;
  }

  /** The chunk and right context to decode with: the options, else the model's own. */
  private int[] latency(Model model) {
    int c = chunk >= 0 ? chunk : model.chunkFrames();
    int r = rightContext >= 0 ? rightContext : model.streamRightContextFrames();
    return new int[] {c, c == 0 ? 0 : r};
  }

  /** The streaming replay; decoding settings from the same options (the configuration's chunking when the model has none). */
  private int kafkaEval(Model model, List<Ink> inks) throws Exception {
    java.util.Map<String, Object> settings = new java.util.HashMap<>();
    if (chunk > 0) settings.put(inkstream.stream.InkstreamConfig.CHUNK_FRAMES_CONFIG, chunk);
    if (rightContext >= 0) settings.put(inkstream.stream.InkstreamConfig.RIGHT_CONTEXT_FRAMES_CONFIG, rightContext);
    settings.put(inkstream.stream.InkstreamConfig.BEAM_WIDTH_CONFIG, beamWidth);
    if (pruneMargin != null) settings.put(inkstream.stream.InkstreamConfig.PRUNE_MARGIN_CONFIG, pruneMargin);
    if (maxDelay != null) settings.put(inkstream.stream.InkstreamConfig.MAX_DELAY_CONFIG, maxDelay);
    if (delayFromNext != null) settings.put(inkstream.stream.InkstreamConfig.DELAY_FROM_NEXT_CONFIG, delayFromNext);
    if (confidence != null) settings.put(inkstream.stream.InkstreamConfig.CONFIDENCE_CONFIG, confidence);
    if (confidenceDecay != null) settings.put(inkstream.stream.InkstreamConfig.CONFIDENCE_DECAY_CONFIG, confidenceDecay);
    if (maxDelayMs != null) settings.put(inkstream.stream.InkstreamConfig.MAX_DELAY_MS_CONFIG, maxDelayMs);
    if (contextWaitMs != null) settings.put(inkstream.stream.InkstreamConfig.CONTEXT_WAIT_MS_CONFIG, contextWaitMs);
    if (finalContext != null) settings.put(inkstream.stream.InkstreamConfig.FINAL_CONTEXT_FRAMES_CONFIG, finalContext);
    if (releaseAtPenUp != null) settings.put(inkstream.stream.InkstreamConfig.RELEASE_AT_PEN_UP_CONFIG, releaseAtPenUp);
    settings.put(inkstream.stream.InkstreamConfig.LM_WEIGHT_CONFIG, decoder == Decoder.lm ? lmWeight : 0.0);
    settings.put(inkstream.stream.InkstreamConfig.LM_ORDER_CONFIG, lmOrder);
    settings.put(inkstream.stream.InkstreamConfig.LENGTH_BONUS_CONFIG, decoder == Decoder.lm ? lengthBonus : 0.0);
    settings.put(inkstream.stream.InkstreamConfig.LEXICON_PENALTY_CONFIG, decoder == Decoder.lm ? lexiconPenalty : 0.0);
    settings.put(inkstream.stream.InkstreamConfig.SENTENCE_START_CONFIG, sentenceStart);
    String decoding = describe(inkstream.stream.InkstreamTopology.settings(new inkstream.stream.InkstreamConfig(settings), model)); // refuses bad settings
    CharLm lm = decoder == Decoder.lm ? BundledLm.get(lmOrder) : null;
    System.out.println("decoding: " + decoding);
    KafkaEval.Result r = replay ? KafkaEval.replay(model, lm, inks, settings, threads) : KafkaEval.run(model, lm, inks, settings);
    if (readings != null) writeReadings(inks, r.readings(), r.commitLatencies());
    var z = r.sizes();
    System.out.printf(Locale.ROOT, "lines %d  chars %d  CER %.2f%%  WER %.2f%%  commit latency (pen time) p50 %d ms p95 %d ms  revision rate %.2f%%"
        + " (%d of %d tentative characters shown; %d distinct wrong)  %.0f events/s (%.0f per CPU-second)%n", r.errors().samples(), r.errors().chars(),
        100 * r.errors().cer(), 100 * r.errors().wer(), r.latency(50), r.latency(95), 100 * r.revisionRate(), r.tentativeRevised(), r.tentativeShown(),
        r.wrongShown(), r.eventsPerSecond(), r.eventsPerCpuSecond());
    System.out.printf(Locale.ROOT, "session state %.0f bytes mean, %d max; telemetry %.0f bytes per second of writing (%d records); hypotheses %.0f bytes/s%n",
        z.meanStateBytes(), z.maxStateBytes(), r.telemetryBytesPerPenSecond(), z.telemetryRecords(), r.hypothesisBytesPerPenSecond());
    if (!r.latenciesFromInkEnd().isEmpty()) {
      System.out.printf(Locale.ROOT, "commit latency from the end of each character's ink (synthetic ground truth, %d characters): p50 %d ms p95 %d ms;"
          + " shown for good (tentative text that stays) p50 %d ms p95 %d ms%n",
          r.latenciesFromInkEnd().size(), r.latencyFromInkEnd(50), r.latencyFromInkEnd(95), r.shownFromInkEnd(50), r.shownFromInkEnd(95));
    }
    if (json) {
      System.out.printf(Locale.ROOT, "{\"cer\": %.6f, \"wer\": %.6f, \"samples\": %d, \"chars\": %d, \"commit_latency_ms_p50\": %d,"
          + " \"commit_latency_ms_p95\": %d, \"revision_rate\": %.6f, \"events_per_second\": %.1f, \"events_per_cpu_second\": %.1f,"
          + " \"state_bytes_mean\": %.1f, \"state_bytes_max\": %d, \"telemetry_bytes_per_pen_second\": %.1f,"
          + " \"hypothesis_bytes_per_pen_second\": %.1f, \"ink_end_latency_ms_p50\": %d, \"ink_end_latency_ms_p95\": %d,"
          + " \"shown_latency_ms_p50\": %d, \"shown_latency_ms_p95\": %d, \"tentative_shown\": %d, \"tentative_revised\": %d, \"wrong_shown\": %d}%n",
          r.errors().cer(), r.errors().wer(),
          r.errors().samples(), r.errors().chars(), r.latency(50), r.latency(95), r.revisionRate(), r.eventsPerSecond(), r.eventsPerCpuSecond(),
          z.meanStateBytes(), z.maxStateBytes(), r.telemetryBytesPerPenSecond(), r.hypothesisBytesPerPenSecond(), r.latencyFromInkEnd(50),
          r.latencyFromInkEnd(95), r.shownFromInkEnd(50), r.shownFromInkEnd(95), r.tentativeShown(), r.tentativeRevised(), r.wrongShown());
    }
    return 0;
  }

  /**
   * The offline search of a decoder (null for greedy): width beams, pruned at margin nats; with the
   * LM its weight and bonus and the commands' word check and line start (BeamSearch.Config's constants).
   */
  static BeamSearch.Config beamConfig(Decoder decoder, int width, double lmWeight, double lengthBonus, double margin) {
    return switch (decoder) {
      case greedy -> null;
      case beam -> new BeamSearch.Config(width, 8, Math.log(1e-4), 0, 0, margin, 0);
      case lm -> new BeamSearch.Config(width, 8, Math.log(1e-4), lmWeight, lengthBonus, margin, 0)
          .withLexiconPenalty(BeamSearch.Config.LEXICON_PENALTY).withSentenceStart(BeamSearch.Config.SENTENCE_START);
    };
  }

  /** The stream's decoding settings in words, so a measurement says what it measured. */
  static String describe(inkstream.decode.LineRecognizer.Settings s) {
    BeamSearch.Config b = s.beam();
    String bound = b.maxDelay() > 0 && b.maxDelayMs() > 0 ? b.maxDelay() + " frames or " + b.maxDelayMs() + " ms"
        : b.maxDelay() > 0 ? b.maxDelay() + " frames" : b.maxDelayMs() > 0 ? b.maxDelayMs() + " ms" : null;
    String forced = bound == null ? "never" : "after " + bound + (b.delayFromNext() ? " from the next character" : " from its own peak");
    return String.format(Locale.ROOT, "chunk %d, right context %d (%s)%s, beam %d, prune margin %s, decided at %s of the mass%s, forced %s%s",
        s.chunk(), s.context(), s.contextWaitMs() > 0 ? "waited for at most " + s.contextWaitMs() + " ms" : "waited for in full",
        s.finalContext() > s.context() ? ", revised until " + s.finalContext() + " frames of it" + (s.releaseAtPenUp() ? ", released at each pen-up" : "") : "",
        b.beamWidth(), b.pruneMargin(), b.confidence(),
        b.confidenceDecay() > 0 ? String.format(Locale.ROOT, " (falling to %.3f at the forced bound)", b.confidence() * (1 - b.confidenceDecay())) : "",
        forced, b.lmWeight() > 0 ? String.format(Locale.ROOT, "; LM weight %s, length bonus %s, word check %s, lines begin a sentence at %s", b.lmWeight(),
            b.lengthBonus(), b.lexiconPenalty() > 0 ? b.lexiconPenalty() + " nats" : "off", b.sentenceStart()) : "");
  }

  /** One JSON object per line: id, text (the reference), read, and with latencies (null: offline) commit_latency_ms. */
  private void writeReadings(List<Ink> inks, String[] read, Long[][] latencies) throws java.io.IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    try (var w = java.nio.file.Files.newBufferedWriter(readings, java.nio.charset.StandardCharsets.UTF_8)) {
      for (int i = 0; i < inks.size(); i++) {
        var o = json.createObjectNode().put("id", inks.get(i).id()).put("text", inks.get(i).text()).put("read", read[i]);
        if (latencies != null) {
          var a = o.putArray("commit_latency_ms");
          for (Long l : latencies[i]) {
            if (l == null) a.addNull(); else a.add(l);
          }
        }
        w.write(json.writeValueAsString(o));
        w.write('\n');
      }
    }
  }

  /** A line's style: the id's prefix before the first '-', as synth names lines. */
  private static String style(Ink ink) {
    String id = ink.id();
    return id.contains("-") ? id.substring(0, id.indexOf('-')) : id;
  }

  /** A row per group of lines: lines, CER, WER and the share read exactly. */
  private void printGroups(List<Ink> inks, String[] hypotheses, java.util.function.Function<Ink, String> group) {
    java.util.Map<String, inkstream.decode.ErrorRate> groups = new java.util.TreeMap<>();
    for (int i = 0; i < inks.size(); i++) {
      groups.computeIfAbsent(group.apply(inks.get(i)), k -> new inkstream.decode.ErrorRate())
          .add(Evaluator.fold(inks.get(i).text(), ignoreCase), Evaluator.fold(hypotheses[i], ignoreCase));
    }
    for (var e : groups.entrySet()) {
      System.out.printf(Locale.ROOT, "  %-24s lines %5d  CER %6.2f%%  WER %6.2f%%  exact %6.2f%%%n", e.getKey(), e.getValue().samples(),
          100 * e.getValue().cer(), 100 * e.getValue().wer(), 100 * e.getValue().exactRate());
    }
  }

  /** The most frequent edits over all lines, then (with --by-style) per style. */
  private void printConfusions(List<Ink> inks, String[] hypotheses) {
    java.util.Map<String, java.util.Map<String, Integer>> counts = new java.util.TreeMap<>();
    for (int i = 0; i < inks.size(); i++) {
      String style = style(inks.get(i));
      for (var e : inkstream.decode.ErrorRate.edits(Evaluator.fold(inks.get(i).text(), ignoreCase), Evaluator.fold(hypotheses[i], ignoreCase))) {
        String key = (e.ref().isEmpty() ? "_" : e.ref()) + ">" + (e.hyp().isEmpty() ? "_" : e.hyp());
        counts.computeIfAbsent("", k -> new java.util.HashMap<>()).merge(key, 1, Integer::sum);
        if (byStyle) counts.computeIfAbsent(style, k -> new java.util.HashMap<>()).merge(key, 1, Integer::sum);
      }
    }
    counts.forEach((group, c) -> {
      StringBuilder sb = new StringBuilder(group.isEmpty() ? "confusions (reference>read, _ none):" : "  " + group + ":");
      c.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(java.util.Map.Entry.comparingByKey()))
          .limit(confusions).forEach(e -> sb.append("  ").append(e.getKey().replace(' ', '␣')).append(' ').append(e.getValue()));
      System.out.println(sb);
    });
  }

  /** The lines of --data, read as its form says (a folder is IAM-OnDB's lineStrokes, which needs --ascii). */
  private List<Ink> labelled() throws java.io.IOException {
    if (java.nio.file.Files.isDirectory(data)) {
      if (ascii == null) throw new IllegalArgumentException(data + " is a folder: IAM-OnDB lineStrokes need their transcriptions, --ascii DIR");
      return inkstream.ink.IamOnDb.readCorpus(data, ascii);
    }
    if (ascii != null) throw new IllegalArgumentException("--ascii is for an IAM-OnDB lineStrokes folder as --data, not a file");
    return RecognizeCommand.read(data);
  }

  @Override
  public Integer call() throws Exception {
    Model model = modelOption.load();
    List<Ink> inks = labelled().stream().filter(i -> i.text() != null).toList();
    if (inks.isEmpty()) throw new IllegalArgumentException(data + ": no labelled lines");
    if (kafka && replay) throw new IllegalArgumentException("--kafka and --replay: one or the other (--replay is --kafka without the broker)");
    if (!(kafka || replay) && contextWaitMs != null) throw new IllegalArgumentException("--context-wait-ms is for the stream (--kafka or --replay)");
    if (!(kafka || replay) && finalContext != null) throw new IllegalArgumentException("--final-context is for the stream (--kafka or --replay)");
    if (!(kafka || replay) && delayFromNext != null) throw new IllegalArgumentException("--delay-from-next is for the stream (--kafka or --replay)");
    if (!(kafka || replay) && releaseAtPenUp != null) throw new IllegalArgumentException("--release-at-pen-up is for the stream (--kafka or --replay)");
    if ((kafka || replay) && charset != null) throw new IllegalArgumentException("--charset is offline only (the stream decodes the whole alphabet)");
    if ((kafka || replay) && (confusions > 0 || byText)) throw new IllegalArgumentException("--confusions and --by-text are offline only");
    if (confusions < 0) throw new IllegalArgumentException("--confusions must be >= 0: " + confusions);
    inkstream.decode.Recognizer.allowedClasses(model, charset); // a clear error before any work
    if (kafka || replay) return kafkaEval(model, inks);
    BeamSearch.Config beam = beamConfig(decoder, beamWidth, lmWeight, lengthBonus, margin());
    if (beam != null) beam = beam.withCommitment(margin(), delay()).withConfidence(confidence()).withMaxDelayMs(delayMs()).withConfidenceDecay(decay());
    if (decoder == Decoder.lm) beam = beam.withLexiconPenalty(lexiconPenalty).withSentenceStart(sentenceStart);
    CharLm lm = decoder == Decoder.lm ? BundledLm.get(lmOrder) : null;
    Evaluator.Result r = Evaluator.evaluate(model, inks, threads, new Evaluator.Settings(latency(model)[0], latency(model)[1], ignoreCase, beam, lm, charset));
    if (readings != null) writeReadings(inks, r.hypotheses(), null);
    if (confusions > 0) printConfusions(inks, r.hypotheses());
    if (byStyle) printGroups(inks, r.hypotheses(), EvalCommand::style);
    if (byText) printGroups(inks, r.hypotheses(), ink -> "'" + Evaluator.fold(ink.text(), ignoreCase) + "'");
    System.out.printf(Locale.ROOT, "lines %d  chars %d  CER %.2f%%  WER %.2f%%  exact %.2f%%  %.0f frames/s%n", r.errors().samples(),
        r.errors().chars(), 100 * r.errors().cer(), 100 * r.errors().wer(), 100 * r.errors().exactRate(), r.framesPerSecond());
    if (json) {
      System.out.printf(Locale.ROOT, "{\"cer\": %.6f, \"wer\": %.6f, \"samples\": %d, \"chars\": %d, \"frames_per_second\": %.1f, \"exact\": %.6f}%n",
          r.errors().cer(), r.errors().wer(), r.errors().samples(), r.errors().chars(), r.framesPerSecond(), r.errors().exactRate());
    }
    return 0;
  }
}
