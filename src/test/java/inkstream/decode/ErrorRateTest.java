package inkstream.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorRateTest {
  @Test
  void shouldCountCharacterAndWordEditsOverReferenceLength() {
    assertEquals(3, ErrorRate.distance("kitten".codePoints().toArray(), "sitting".codePoints().toArray()));
    assertEquals(2, ErrorRate.distance(new String[] {"a", "b", "c"}, new String[] {"a", "x"}));
    ErrorRate er = new ErrorRate();
    er.add("the cat sat", "the bat sat");
    er.add("ok", "");
    assertEquals(3 / 13.0, er.cer(), 1e-12); // 1 substitution + 2 deletions over 11 + 2 characters
    assertEquals(2 / 4.0, er.wer(), 1e-12);
    assertEquals(0.0, er.exactRate());
  }

  @Test
  void shouldAlignEachHypothesisCharacterToTheReferenceCharacterItStandsFor() {
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1, -1, 2}, ErrorRate.align("cat", "cart"));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1, 2, 3, 4}, ErrorRate.align("hello", "hallo"));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 2}, ErrorRate.align("cat", "ct"));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {}, ErrorRate.align("cat", ""));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {-1, -1}, ErrorRate.align("", "ab"));
  }

  @Test
  void shouldListTheEditsOfTheAlignment() {
    assertEquals(java.util.List.of(new ErrorRate.Edit("", "r")), ErrorRate.edits("cat", "cart"));
    assertEquals(java.util.List.of(new ErrorRate.Edit("k", "s"), new ErrorRate.Edit("e", "i"), new ErrorRate.Edit("", "g")),
        ErrorRate.edits("kitten", "sitting"));
    assertEquals(java.util.List.of(new ErrorRate.Edit("a", "")), ErrorRate.edits("cat", "ct"));
    assertEquals(java.util.List.of(), ErrorRate.edits("same", "same"));
    // as many edits as the distance, always
    String[][] pairs = {{"planning", "plamming"}, {"", "ab"}, {"abc", ""}, {"firm has", "Aren has"}};
    for (String[] p : pairs) assertEquals(ErrorRate.distance(p[0].codePoints().toArray(), p[1].codePoints().toArray()), ErrorRate.edits(p[0], p[1]).size());
  }
}
