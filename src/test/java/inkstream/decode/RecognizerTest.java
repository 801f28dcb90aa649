package inkstream.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inkstream.nn.Model;
import org.junit.jupiter.api.Test;

class RecognizerTest {

  @Test
  void shouldRenormalizeOverBlankAndTheAllowedClasses() {
    int T = 2, K = 4;
    boolean[] allowed = {true, false, true, false};
    float[] p = {0.4f, 0.3f, 0.2f, 0.1f, 0.1f, 0.1f, 0.1f, 0.7f};
    float[] logp = new float[T * K];
    for (int i = 0; i < logp.length; i++) logp[i] = (float) Math.log(p[i]);
    Recognizer.restrict(T, K, logp, allowed);
    assertEquals(0.4 / 0.6, Math.exp(logp[0]), 1e-6);
    assertEquals(0.2 / 0.6, Math.exp(logp[2]), 1e-6);
    assertEquals(Float.NEGATIVE_INFINITY, logp[1]);
    assertEquals(Float.NEGATIVE_INFINITY, logp[3]);
    assertEquals(0.5, Math.exp(logp[4]), 1e-6);
    assertEquals(0.5, Math.exp(logp[6]), 1e-6);
  }

  @Test
  void shouldMapACharsetToClassesAndRefuseCharactersOutsideTheAlphabet() throws Exception {
    Model model = ToyModel.get();
    String alphabet = model.config().alphabet();
    boolean[] a = Recognizer.allowedClasses(model, alphabet.substring(0, 2));
    assertTrue(a[0] && a[1] && a[2]);
    int on = 0;
    for (boolean b : a) on += b ? 1 : 0;
    assertEquals(3, on);
    assertEquals(null, Recognizer.allowedClasses(model, ""));
    String message = assertThrows(IllegalArgumentException.class, () -> Recognizer.allowedClasses(model, "\u00e9")).getMessage();
    assertTrue(message.contains("cannot write '\u00e9'"), message);
  }
}
