/*
 * Conversions from the recognizer's results to the output protobuf messages.
 */
package inkstream.stream;

import inkstream.decode.LineRecognizer;
import inkstream.proto.v1.Alternative;
import inkstream.proto.v1.CharacterHypothesis;
import inkstream.proto.v1.InkSpan;

final class Messages {
  private Messages() {}

  static CharacterHypothesis character(LineRecognizer.Char c, int line) {
    CharacterHypothesis.Builder b = CharacterHypothesis.newBuilder().setText(c.text()).setConfidence(c.confidence());
    for (LineRecognizer.Alternative a : c.alternatives()) b.addAlternatives(Alternative.newBuilder().setText(a.text()).setProbability(a.probability()));
    LineRecognizer.Span s = c.span();
    b.setInk(InkSpan.newBuilder().setLine(line).setFirstStroke(s.firstStroke()).setLastStroke(s.lastStroke()).setFirstSequence(s.firstSequence())
        .setLastSequence(s.lastSequence()).setFirstTimeMs(s.firstTimeMs()).setLastTimeMs(s.lastTimeMs()));
    return b.build();
  }
}
