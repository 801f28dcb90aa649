/*
 * Turning labelled ink into training examples: features through the model's recipe, transcripts
 * through its alphabet. Lines without text or with characters outside the alphabet are skipped
 * and counted, never silently trained on.
 */
package inkstream.train;

import inkstream.ink.FeatureRecipe;
import inkstream.ink.Frames;
import inkstream.ink.Ink;
import inkstream.nn.Model;
import java.util.ArrayList;
import java.util.List;

public final class Datasets {
  private Datasets() {}

  /** Examples plus what was left out and why. */
  public record Loaded(List<Trainer.Example> examples, int unlabeled, int outOfAlphabet, int tooShort) {
    public String summary() {
      return examples.size() + " examples" + (unlabeled + outOfAlphabet + tooShort == 0 ? ""
          : " (skipped: " + unlabeled + " unlabeled, " + outOfAlphabet + " with characters outside the alphabet, "
              + tooShort + " with fewer frames than CTC needs)");
    }
  }

  public static Loaded examples(Model model, List<Ink> inks) {
    FeatureRecipe recipe = FeatureRecipe.fromProto(model.features());
    Trainer.Example[] out = new Trainer.Example[inks.size()];
    int[] reason = new int[inks.size()]; // 0 ok, 1 unlabeled, 2 alphabet, 3 too short
    java.util.stream.IntStream.range(0, inks.size()).parallel().forEach(i -> {
      Ink ink = inks.get(i);
      if (ink.text() == null) {
        reason[i] = 1;
        return;
      }
      int[] labels;
      try {
        labels = model.encode(ink.text());
      } catch (IllegalArgumentException e) {
        reason[i] = 2;
        return;
      }
      Frames f = ink.features(recipe);
      int needed = labels.length;
      for (int k = 1; k < labels.length; k++) if (labels[k] == labels[k - 1]) needed++;
      if (f.count() < needed || f.count() == 0) {
        reason[i] = 3;
        return;
      }
      out[i] = new Trainer.Example(f.values(), f.count(), labels);
    });
    List<Trainer.Example> ex = new ArrayList<>();
    int[] counts = new int[4];
    for (int i = 0; i < out.length; i++) {
      counts[reason[i]]++;
      if (out[i] != null) ex.add(out[i]);
    }
    return new Loaded(ex, counts[1], counts[2], counts[3]);
  }
}
