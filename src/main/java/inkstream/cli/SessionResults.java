/*
 * What a reader of the hypotheses topic saw for one session: the committed text, each tentative
 * tail shown (for the revision rate) and the commit latencies in pen time (from the last sample of
 * a character's ink to the client time of the pen event after which it was committed; characters
 * held back until the end of the line count too, the end of line being stamped with the time of
 * the line's last sample). Shared by the demo and eval --kafka.
 */
package inkstream.cli;

import inkstream.proto.v1.Hypothesis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

final class SessionResults {
  final StringBuilder written = new StringBuilder(); // what the tablet wrote (reference text)
  final StringBuilder committed = new StringBuilder();
  final List<String> tails = new ArrayList<>();
  final List<Integer> tailStarts = new ArrayList<>(); // committed length when each tail was shown
  final List<Long> tailTimes = new ArrayList<>(); // client time of the pen event after which each tail was shown, null if unknown
  final List<Long> latencies = new ArrayList<>();
  final List<Long> commitTimes = new ArrayList<>(); // per committed character: client time of its commit, null if unknown
  final Map<Long, Long> sentAt = new ConcurrentHashMap<>(); // sequence -> client time, filled by the tablet
  volatile double inkTimeOffset; // client time minus the ink's own time (one line per session: eval --kafka)
  volatile String tentative = "";
  volatile boolean ended;

  /** Takes one hypothesis of this session. */
  synchronized void accept(Hypothesis h) {
    Long commitTime = sentAt.get(h.getLastSequence());
    for (var ch : h.getCommittedList()) {
      committed.append(ch.getText());
      for (int k = 0; k < ch.getText().length(); k++) commitTimes.add(commitTime);
      if (commitTime != null) latencies.add(Math.max(0, commitTime - ch.getInk().getLastTimeMs()));
    }
    StringBuilder t = new StringBuilder();
    h.getTentativeList().forEach(ch -> t.append(ch.getText()));
    tentative = t.toString();
    if (!h.getEndOfLine()) {
      tails.add(tentative);
      tailStarts.add(committed.length());
      tailTimes.add(commitTime);
    }
    if (h.getEndOfSession()) ended = true;
  }

  /**
   * Commit latency from the true end of each character's ink (synthetic ink knows it): for each
   * committed character aligned to a reference character with a known end time, commit time minus
   * that end time (negative when the character was committed before its last stroke, such as an
   * i-dot written after the word). Character times are the ink's own, shifted by inkTimeOffset.
   */
  synchronized List<Long> latenciesFromInkEnd(String reference, double[] charEndMs) {
    return fromInkEnd(reference, charEndMs, commitTimes);
  }

  /** Per committed character aligned to a reference character with a known end: times.get(j) minus that end (in client time). */
  private List<Long> fromInkEnd(String reference, double[] charEndMs, List<Long> times) {
    List<Long> out = new ArrayList<>();
    for (Long l : perCharacter(reference, charEndMs, times)) if (l != null) out.add(l);
    return out;
  }

  /** The commit latency from the ink end of each committed character, null where it has none (not aligned, or no end known). */
  synchronized Long[] commitLatencies(String reference, double[] charEndMs) {
    return perCharacter(reference, charEndMs, commitTimes);
  }

  private Long[] perCharacter(String reference, double[] charEndMs, List<Long> times) {
    Long[] out = new Long[committed.length()];
    if (charEndMs == null) return out;
    int[] ref = inkstream.decode.ErrorRate.align(reference, committed.toString());
    for (int j = 0; j < ref.length && j < times.size() && j < out.length; j++) {
      Long t = times.get(j);
      if (ref[j] < 0 || t == null || Double.isNaN(charEndMs[ref[j]])) continue;
      out[j] = Math.round(t - (charEndMs[ref[j]] + inkTimeOffset));
    }
    return out;
  }

  /**
   * Latency from the true end of each character's ink until it was shown for good: the time from
   * which the text on screen (committed and tentative) held the character's final value at its
   * place without interruption until it was committed. What the network's lookahead costs, without
   * the time the search waits for the readings to separate before committing. Aligned as
   * latenciesFromInkEnd; a character first shown with its commit counts from the commit.
   */
  synchronized List<Long> shownLatenciesFromInkEnd(String reference, double[] charEndMs) {
    if (charEndMs == null) return new ArrayList<>();
    String fin = committed.toString();
    Long[] since = new Long[fin.length()];
    boolean[] broken = new boolean[fin.length()];
    for (int p = 0; p < fin.length() && p < commitTimes.size(); p++) since[p] = commitTimes.get(p);
    for (int k = tails.size() - 1; k >= 0; k--) {
      String tail = tails.get(k);
      int start = tailStarts.get(k);
      Long t = tailTimes.get(k);
      for (int p = 0; p < fin.length(); p++) {
        if (broken[p]) continue;
        boolean right = p < start || p - start < tail.length() && tail.charAt(p - start) == fin.charAt(p);
        if (!right) broken[p] = true;
        else if (t != null && (since[p] == null || t < since[p])) since[p] = t;
      }
    }
    return fromInkEnd(reference, charEndMs, java.util.Arrays.asList(since));
  }

  /**
   * Tentative characters shown, and of them those the final committed text contradicted, each
   * counted once per hypothesis message that showed it; and the wrong characters counted once
   * each (distinct position and character): {shown, revised, distinct wrong}.
   */
  synchronized long[] revisions() {
    String fin = committed.toString();
    long shown = 0, revised = 0;
    java.util.Set<Long> wrong = new java.util.HashSet<>();
    for (int k = 0; k < tails.size(); k++) {
      String tail = tails.get(k);
      for (int j = 0; j < tail.length(); j++) {
        shown++;
        int at = tailStarts.get(k) + j;
        if (at >= fin.length() || fin.charAt(at) != tail.charAt(j)) {
          revised++;
          wrong.add(((long) at << 16) | tail.charAt(j));
        }
      }
    }
    return new long[] {shown, revised, wrong.size()};
  }

  /** The p-th percentile of a list of values (nearest rank), -1 when empty. */
  static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) return -1;
    List<Long> s = new ArrayList<>(values);
    java.util.Collections.sort(s);
    return s.get(Math.max(0, Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)));
  }
}
