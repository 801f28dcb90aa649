package inkstream.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconTest {
  @Test
  void shouldKnowTheWordsOfItsTextWhateverTheirCase() {
    Lexicon lex = new Lexicon(List.of("The cat hasn't sat.", "Mon-Fay, the CAT's 2nd hat"));
    // the, cat, hasn, t, sat, mon, fay, s, nd, hat: "the" and "cat" twice, "t" once
    assertEquals(10, lex.words());
    for (String w : List.of("the", "THE", "Cat", "hasn", "t", "sat", "mon", "fay", "s", "nd", "hat")) assertTrue(lex.isWord(lex.node(w)), w);
    assertTrue(lex.node("ha") > Lexicon.ROOT, "a beginning of words");
    assertFalse(lex.isWord(lex.node("ha")), "only a beginning");
    assertEquals(-1, lex.node("cal"));
    assertEquals(-1, lex.node("hasnt"), "the apostrophe splits words");
    assertEquals(-1, lex.node("monfay"), "so does the hyphen");
    assertFalse(lex.isWord(Lexicon.ROOT), "the empty word is no word");
    assertTrue(Lexicon.isLetter('q') && Lexicon.isLetter('Q') && !Lexicon.isLetter('\'') && !Lexicon.isLetter('7'));
  }
}
