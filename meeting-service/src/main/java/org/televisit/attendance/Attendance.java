package org.televisit.attendance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.televisit.appointment.Appointment;
import org.televisit.security.Identity;

/**
 * Who attended an appointment's call and for how long, from its presence log: per party, when it
 * first joined and last left, the seconds it was in (the sum of its join → leave intervals in
 * event-time order, per connection, merged where a party was in twice at once; an interval still open counts up to now, the meeting's end or the window's close),
 * whether its latest report says it is in, and who reported that last. One entry per party of
 * the appointment; a party that never joined has nulls and 0.
 */
record Attendance(UUID appointmentId, boolean noShow, List<PartyAttendance> parties) {

    record PartyAttendance(String role, String userId, String name, Instant firstJoinedAt, Instant lastLeftAt,
            long secondsInCall, boolean inCall, String source) {
    }

    /** A span of time a party was in the call. */
    record Interval(Instant from, Instant to) {
    }

    /**
     * An open span counts up to the first of now, the meeting's end and the join window's close: a
     * "left" that never came (a closed laptop) does not grow a party's time beyond the consultation.
     */
    static Attendance of(Appointment appointment, List<PresenceChange> log, Instant endedAt, Instant windowCloses, Instant now) {
        Instant until = now;
        if (endedAt != null && endedAt.isBefore(until)) {
            until = endedAt;
        }
        if (windowCloses.isBefore(until)) {
            until = windowCloses;
        }
        List<PartyAttendance> parties = new ArrayList<>();
        for (Identity party : appointment.parties()) {
            parties.add(party(party, log, until));
        }
        return new Attendance(appointment.id(), appointment.noShow(), parties);
    }

    /**
     * The party's spans in the call, from a log in event-time order, an open one closed at {@code
     * until}: each connection's join → leave spans, merged where they overlap (two devices at once
     * count once).
     */
    static List<Interval> intervals(Identity party, List<PresenceChange> log, Instant until) {
        List<Interval> spans = new ArrayList<>();
        Map<String, Instant> since = new HashMap<>();
        for (PresenceChange change : log) {
            if (!change.party().equals(party)) {
                continue;
            }
            if (change.change() == PresenceChange.Change.JOINED) {
                since.putIfAbsent(change.connection(), change.at());
            } else {
                Instant from = since.remove(change.connection());
                if (from != null) {
                    spans.add(clipped(from, change.at(), until));
                }
            }
        }
        since.values().forEach(from -> spans.add(clipped(from, until, until)));
        return merged(spans);
    }

    private static List<Interval> merged(List<Interval> spans) {
        List<Interval> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(Interval::from));
        List<Interval> merged = new ArrayList<>();
        for (Interval span : sorted) {
            Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !span.from().isAfter(last.to())) {
                merged.set(merged.size() - 1, new Interval(last.from(), span.to().isAfter(last.to()) ? span.to() : last.to()));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    /** How long two parties' spans overlap. */
    static Duration together(List<Interval> first, List<Interval> second) {
        Duration total = Duration.ZERO;
        for (Interval a : first) {
            for (Interval b : second) {
                Instant from = a.from().isAfter(b.from()) ? a.from() : b.from();
                Instant to = a.to().isBefore(b.to()) ? a.to() : b.to();
                if (to.isAfter(from)) {
                    total = total.plus(Duration.between(from, to));
                }
            }
        }
        return total;
    }

    private static PartyAttendance party(Identity party, List<PresenceChange> log, Instant until) {
        Instant firstJoined = null;
        Instant lastLeft = null;
        PresenceChange latest = null;
        Map<String, PresenceChange.Change> connections = new HashMap<>();
        for (PresenceChange change : log) {
            if (!change.party().equals(party)) {
                continue;
            }
            latest = change;
            connections.put(change.connection(), change.change());
            if (change.change() == PresenceChange.Change.JOINED && firstJoined == null) {
                firstJoined = change.at();
            }
            if (change.change() == PresenceChange.Change.LEFT && firstJoined != null) {
                lastLeft = change.at();
            }
        }
        long seconds = intervals(party, log, until).stream().map(span -> Duration.between(span.from(), span.to()))
                .reduce(Duration.ZERO, Duration::plus).toSeconds();
        String name = latest == null || latest.name().isEmpty() ? null : latest.name();
        return new PartyAttendance(party.role().name(), party.id(), name, firstJoined, lastLeft, seconds,
                connections.containsValue(PresenceChange.Change.JOINED), latest == null ? null : latest.source());
    }

    private static Interval clipped(Instant from, Instant to, Instant until) {
        Instant end = to.isAfter(until) ? until : to;
        return new Interval(from, end.isBefore(from) ? from : end);
    }
}
