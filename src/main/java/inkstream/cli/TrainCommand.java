/*
 * inkstream train: trains a BiLSTM-CTC model on ink JSONL with a progress bar, periodic validation
 * and checkpoints, and resumes bit-identically from a checkpoint.
 */
package inkstream.cli;

import inkstream.ink.FeatureRecipe;
import inkstream.ink.Ink;
import inkstream.ink.InkJsonl;
import inkstream.nn.Model;
import inkstream.nn.ModelConfig;
import inkstream.nn.Params;
import inkstream.nn.Widen;
import inkstream.proto.v1.Checkpoint;
import inkstream.proto.v1.CurvePoint;
import inkstream.proto.v1.Provenance;
import inkstream.proto.v1.TrainConfig;
import inkstream.train.Datasets;
import inkstream.train.Evaluator;
import inkstream.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a BiLSTM-CTC recognizer on labelled ink JSONL.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--train", required = true, description = "Training ink JSONL.")
  Path train;

  @Option(names = "--val", description = "Validation ink JSONL (CER reported at every --val-every steps).")
  Path val;

  @Option(names = "--out", required = true, description = "Model file to write (also rewritten at each checkpoint).")
  Path out;

  @Option(names = "--checkpoint", description = "Checkpoint file (default: OUT.ckpt).")
  Path checkpoint;

  @Option(names = "--resume", description = "Continue from this checkpoint (same data, seed, batch and threads).")
  Path resume;

  @Option(names = "--steps", defaultValue = "3000", description = "Total updates (default ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--batch", defaultValue = "32", description = "Lines per update (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--warmup", defaultValue = "200", description = "Linear warm-up steps (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--clip", defaultValue = "5", description = "Gradient norm clip (default ${DEFAULT-VALUE}).")
  float clip;

  @Option(names = "--threads", defaultValue = "2", description = "Training threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for initialization and data order (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--layers", defaultValue = "3", description = "LSTM layers (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--hidden", defaultValue = "128", description = "Units per direction (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--unidirectional", description = "Forward-only network (baseline).")
  boolean unidirectional;

  @Option(names = "--cell", defaultValue = "LSTM", description = "Recurrent cell: ${COMPLETION-CANDIDATES} (ESN: fixed random reservoir, output layer trained; default ${DEFAULT-VALUE}).")
  ModelConfig.Cell cell;

  @Option(names = "--sortagrad", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "First epoch shortest lines first (default ${DEFAULT-VALUE}; --no-sortagrad to shuffle from the start).")
  boolean sortagrad;

  @Option(names = "--dropout", defaultValue = "0", description = "Dropout between layers (default ${DEFAULT-VALUE}).")
  float dropout;

  @Option(names = "--chunk", defaultValue = "0",
      description = "Latency-controlled training: chunk frames, as the streaming decoder runs (default 0: whole lines).")
  int chunk;

  @Option(names = "--right-context", defaultValue = "0", description = "Latency-controlled training: right-context frames past each chunk.")
  int rightContext;

  @Option(names = "--right-context-jitter", defaultValue = "0",
      description = "With --chunk: each window's right context drawn from --right-context minus up to this many frames, as a stream with a bounded "
          + "wait for right context runs it (default ${DEFAULT-VALUE}: always the full right context).")
  int rightContextJitter;

  @Option(names = "--pen-up-cut", defaultValue = "0", paramLabel = "SHARE",
      description = "With --chunk: share of windows that stop at the first stroke end inside them, so the frames before a pen-up learn to read "
          + "without right context past it, as the stream releases them at a pen-up (default ${DEFAULT-VALUE}: off).")
  float penUpCut;

  @Option(names = "--weight-noise", defaultValue = "0",
      description = "Standard deviation of Gaussian noise added to every weight for each step's gradient (Graves 2011), against overfitting the "
          + "training styles; the update goes to the clean weights (default ${DEFAULT-VALUE}: off).")
  float weightNoise;

  @Option(names = "--whole-line-share", defaultValue = "0",
      description = "With --chunk: share of examples trained on the whole line instead, for a model that serves offline and streaming (default ${DEFAULT-VALUE}).")
  float wholeLineShare;

  @Option(names = "--distill", defaultValue = "0",
      description = "With --chunk: weight of in-place distillation, each chunked example's per-frame outputs pulled towards the same weights' whole-line outputs (KL; default ${DEFAULT-VALUE}: off).")
  float distill;

  @Option(names = "--init", description = "Start from this model's weights (fine-tuning; its architecture replaces --layers/--hidden/--cell).")
  Path init;

  @Option(names = "--widen", defaultValue = "0", paramLabel = "UNITS",
      description = "With --init: first widen its layers to this many units each, computing the same function (Net2WiderNet: "
          + "new units copy old ones, their outgoing weights shared; default ${DEFAULT-VALUE}: as it is).")
  int widen;

  @Option(names = "--checkpoint-every", defaultValue = "100", description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
  long checkpointEvery;

  @Option(names = "--val-every", defaultValue = "200", description = "Steps between validations (default ${DEFAULT-VALUE}).")
  long valEvery;

  @Option(names = "--val-limit", defaultValue = "500", description = "Validation lines used (default ${DEFAULT-VALUE}).")
  int valLimit;

  @Option(names = "--data-note", defaultValue = "", description = "Free text recorded in the model's provenance (data recipe).")
  String dataNote;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    Path ckpt = checkpoint != null ? checkpoint : out.resolveSibling(out.getFileName() + ".ckpt");
    TrainConfig config = TrainConfig.newBuilder().setSeed(seed).setBatchSize(batch).setLearningRate(lr).setClipNorm(clip)
        .setThreads(threads).setMaxSteps(steps).setWarmupSteps(warmup).setSortaGrad(sortagrad).setDropout(dropout)
        .setChunkFrames(chunk).setRightContextFrames(chunk > 0 ? rightContext : 0).setWholeLineShare(chunk > 0 ? wholeLineShare : 0).setDistillWeight(chunk > 0 ? distill : 0)
        .setRightContextJitter(chunk > 0 ? rightContextJitter : 0).setInitFrom(init == null ? "" : init.toString())
        .setWeightNoise(weightNoise).setPenUpCutShare(chunk > 0 ? penUpCut : 0).build();
    if (chunk < 0 || rightContext < 0) throw new IllegalArgumentException("--chunk and --right-context must be >= 0");
    if (rightContextJitter < 0) throw new IllegalArgumentException("--right-context-jitter must be >= 0: " + rightContextJitter);
    if (!(penUpCut >= 0 && penUpCut <= 1)) throw new IllegalArgumentException("--pen-up-cut must be in [0, 1]: " + penUpCut);
    if (!(weightNoise >= 0 && weightNoise < Float.POSITIVE_INFINITY)) throw new IllegalArgumentException("--weight-noise must be >= 0: " + weightNoise);
    if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("--dropout must be in [0, 1): " + dropout);
    if (!(wholeLineShare >= 0 && wholeLineShare <= 1)) throw new IllegalArgumentException("--whole-line-share must be in [0, 1]: " + wholeLineShare);
    if (!(distill >= 0 && distill < Float.POSITIVE_INFINITY)) throw new IllegalArgumentException("--distill must be >= 0: " + distill);
    if (distill > 0 && chunk == 0) throw new IllegalArgumentException("--distill needs --chunk (it teaches the chunked outputs)");
    if (widen < 0) throw new IllegalArgumentException("--widen must be >= 0: " + widen);
    if (widen != 0 && (init == null || resume != null)) throw new IllegalArgumentException("--widen needs --init (it widens the starting model; a resumed run is wide already)");
    List<Ink> trainInk = InkJsonl.read(train);
    List<Ink> valInk = val == null ? List.of() : InkJsonl.read(val).stream().filter(i -> i.text() != null).limit(valLimit).toList();
    Trainer trainer;
    Model model;
    if (resume != null) {
      Checkpoint c = Trainer.readCheckpoint(resume);
      Model shape = Model.fromProto(c.getModel(), resume.toString());
      Datasets.Loaded data = Datasets.examples(shape, trainInk);
      err.println("train: " + data.summary());
      trainer = Trainer.resume(c, config, data.examples(), resume.toString());
      model = trainer.model();
      err.println("resumed at step " + trainer.step() + " from " + resume);
    } else {
      Provenance.Builder prov = Provenance.newBuilder().setSeed(seed).setThreads(threads)
          .setData(train.getFileName() + " (" + trainInk.size() + " lines)" + (dataNote.isEmpty() ? "" : "; " + dataNote))
          .setCommand("inkstream " + String.join(" ", commandLine())).setCreated(Instant.now().toString());
      int jitter = Math.min(config.getRightContextJitter(), config.getRightContextFrames()); // recorded in the model: a stream starts from the least
      if (init != null) {
        Model from = Model.load(init);
        if (widen > 0) from = Widen.widen(from, widen, seed);
        Provenance p = from.provenance();
        prov.setNotes("fine-tuned from " + init.getFileName() + (widen > 0 ? " widened to " + widen + " units" : "") + " (" + lineage(p) + ")");
        model = new Model(from.config(), from.weights().clone(), from.features(), prov.build(), chunk, config.getRightContextFrames(), jitter);
      } else {
        ModelConfig mc = new ModelConfig(FeatureRecipe.SIZE, hidden, layers, !unidirectional, ModelConfig.PRINTABLE_ASCII, cell);
        model = new Model(mc, new Params(mc).initialize(seed), FeatureRecipe.DEFAULT.toProto(), prov.build(), chunk, config.getRightContextFrames(), jitter);
      }
      Datasets.Loaded data = Datasets.examples(model, trainInk);
      err.println("train: " + data.summary());
      trainer = new Trainer(model, config, data.examples());
    }
    err.printf(Locale.ROOT, "model: %s, %d layers x %d units, %s, %d parameters; %d steps of %d lines on %d threads%s%s%n", model.config().cell(),
        model.config().layers(), model.config().hiddenSize(), model.config().bidirectional() ? "bidirectional" : "unidirectional",
        model.params().size(), steps, batch, threads, (dropout > 0 ? ", dropout " + dropout : "") + (weightNoise > 0 ? ", weight noise " + weightNoise : ""),
        chunk > 0 ? ", latency-controlled: chunk " + chunk + " + right context " + config.getRightContextFrames()
            + (wholeLineShare > 0 ? " (" + Math.round(100 * wholeLineShare) + "% of examples whole lines)" : "")
            + (distill > 0 ? ", distilled from the whole line with weight " + distill : "") : "");
    try (trainer) {
      long t0 = System.nanoTime();
      long[] recent = new long[100]; // step end times of the last 100 steps: the ETA follows the current pace
      // (SortaGrad's first epoch runs short lines first, so the pace since the start understates what is left)
      long startStep = trainer.step();
      double emaLoss = Double.NaN, emaDistill = Double.NaN;
      float lastCer = Float.NaN;
      long frames = 0;
      while (trainer.step() < steps) {
        Trainer.StepResult r = trainer.trainStep();
        frames += r.frames();
        emaLoss = Double.isNaN(emaLoss) ? r.lossPerChar() : 0.95 * emaLoss + 0.05 * r.lossPerChar();
        emaDistill = Double.isNaN(emaDistill) ? r.distillPerChar() : 0.95 * emaDistill + 0.05 * r.distillPerChar();
        boolean validate = !valInk.isEmpty() && (r.step() % valEvery == 0 || r.step() == steps);
        float cer = -1;
        if (validate) {
          cer = (float) Evaluator.evaluate(model, valInk, threads).errors().cer();
          lastCer = cer;
          if (Float.isNaN(trainer.bestValCer()) || cer < trainer.bestValCer()) trainer.setBestValCer(cer);
        }
        if (validate || r.step() % 10 == 0) trainer.record(CurvePoint.newBuilder().setStep(r.step()).setTrainLoss((float) emaLoss).setValCer(cer).build());
        double secs = (System.nanoTime() - t0) / 1e9;
        long now = System.nanoTime(), done = r.step() - startStep;
        long since = done > recent.length ? recent[(int) (done % recent.length)] : t0;
        double eta = (now - since) / 1e9 / Math.min(done, recent.length) * (steps - r.step());
        recent[(int) (done % recent.length)] = now;
        err.print("\r" + bar(r.step(), steps) + String.format(Locale.ROOT, " %d/%d loss %.3f/char%s val CER %s %.0f fr/s ETA %s   ",
            r.step(), steps, emaLoss, distill > 0 ? String.format(Locale.ROOT, " (+ distill %.3f)", emaDistill) : "", Float.isNaN(lastCer) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * lastCer), frames / secs, hms(eta)));
        if (validate) err.println();
        if (r.step() % checkpointEvery == 0 || r.step() == steps) {
          trainer.saveCheckpoint(ckpt);
          withSteps(model, r.step()).save(out);
        }
      }
      err.println();
      err.println("wrote " + out + " and " + ckpt);
    }
    return 0;
  }

  private List<String> commandLine() {
    return spec == null ? List.of() : spec.commandLine().getParseResult().originalArgs();
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** What made a model, for the provenance of one made from it: its updates, command, data and its own notes. */
  static String lineage(Provenance p) {
    return p.getSteps() + " updates of: " + p.getCommand() + "; data: " + p.getData() + (p.getNotes().isEmpty() ? "" : "; notes: " + p.getNotes());
  }

  private static Model withSteps(Model m, long steps) {
    return m.with(m.provenance().toBuilder().setSteps(steps).build(), m.chunkFrames(), m.rightContextFrames(), m.rightContextJitter());
  }

  private static String bar(long done, long total) {
    int width = 24;
    int fill = (int) (width * done / Math.max(1, total));
    return "[" + "=".repeat(fill) + (fill < width ? ">" : "") + " ".repeat(Math.max(0, width - fill - 1)) + "]";
  }

  private static String hms(double seconds) {
    if (!Double.isFinite(seconds)) return "-";
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
