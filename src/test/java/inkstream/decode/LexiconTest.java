package inkstream.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconTest {
  private static int walk(Lexicon lex, String letters) {
    int node = Lexicon.ROOT;
    for (int i = 0; i < letters.length() && node >= 0; i++) node = lex.next(node, letters.charAt(i));
    return node;
  }

  @Test
  void shouldKnowTheWordsOfItsTextWhateverTheirCase() {
    Lexicon lex = new Lexicon(List.of("The cat hasn't sat.", "Mon-Fay, the CAT's 2nd hat"));
    // the, cat, hasn, t, sat, mon, fay, s, nd, hat: "the" and "cat" twice, "t" once
    assertEquals(10, lex.words());
    for (String w : List.of("the", "THE", "Cat", "hasn", "t", "sat", "mon", "fay", "s", "nd", "hat")) assertTrue(lex.isWord(walk(lex, w)), w);
    assertTrue(walk(lex, "ha") > Lexicon.ROOT, "a beginning of words");
    assertFalse(lex.isWord(walk(lex, "ha")), "only a beginning");
    assertEquals(-1, walk(lex, "cal"));
    assertEquals(-1, walk(lex, "hasnt"), "the apostrophe splits words");
    assertEquals(-1, walk(lex, "monfay"), "so does the hyphen");
    assertFalse(lex.isWord(Lexicon.ROOT), "the empty word is no word");
    assertTrue(Lexicon.isLetter('q') && Lexicon.isLetter('Q') && !Lexicon.isLetter('\'') && !Lexicon.isLetter('7'));
  }
}
