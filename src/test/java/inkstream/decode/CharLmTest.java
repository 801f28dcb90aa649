package inkstream.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.nn.ModelConfig;
import inkstream.synth.TextSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharLmTest {
  static final String A = ModelConfig.PRINTABLE_ASCII;
  static final CharLm LM = new CharLm(5, A, List.of("the quick brown fox jumps over the lazy dog.", "The fox was quick.", "A lazy dog slept."));

  private static double logProb(CharLm lm, String history, char c) {
    int[] h = history.chars().map(lm::symbol).toArray();
    return lm.logProb(h, h.length, lm.symbol(c));
  }

  @Test
  void shouldSumToOneOverTheAlphabetInEveryContext() {
    for (String h : new String[] {"", "t", "the qu", "xyz", "lazy d", "The f"}) {
      double sum = 0;
      for (char c : A.toCharArray()) sum += Math.exp(logProb(LM, h, c));
      assertEquals(1.0, sum, 1e-9, "context '" + h + "'");
    }
  }

  @Test
  void shouldPredictSeenContinuationsAndLineStarts() {
    assertTrue(logProb(LM, "the quick brown f", 'o') > Math.log(0.5));
    assertTrue(logProb(LM, "", 't') > logProb(LM, "", 'q'), "lines start with 't' more than 'q'");
  }

  @Test
  void shouldScoreEnglishAboveScrambledTextWhenTrainedOnTheCorpus() throws Exception {
    List<String> sentences = TextSource.bundled(TextSource.Part.all).sentenceTexts().subList(0, 5000);
    CharLm lm = new CharLm(5, A, sentences);
    String english = "the committee said that it was ready", scrambled = "teh cmmotitee sdai ttah ti swa yraed";
    assertTrue(total(lm, english) > total(lm, scrambled) + 20, total(lm, english) + " vs " + total(lm, scrambled));
  }

  private static double total(CharLm lm, String s) {
    double sum = 0;
    for (int i = 0; i < s.length(); i++) sum += logProb(lm, s.substring(0, i), s.charAt(i));
    return sum;
  }
}
