package org.televisit.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * What happened to an appointment's lobby or meeting. Its JSON form is stable: it is stored in
 * {@code lobby_event.payload}, sent as the SSE {@code data:} and over RSocket, with a
 * {@code type} member naming the event (LOBBY_REQUESTED, ...).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LobbyEvent.LobbyRequested.class, name = "LOBBY_REQUESTED"),
        @JsonSubTypes.Type(value = LobbyEvent.LobbyApproved.class, name = "LOBBY_APPROVED"),
        @JsonSubTypes.Type(value = LobbyEvent.LobbyRejected.class, name = "LOBBY_REJECTED"),
        @JsonSubTypes.Type(value = LobbyEvent.LobbyCancelled.class, name = "LOBBY_CANCELLED"),
        @JsonSubTypes.Type(value = LobbyEvent.LobbyExpired.class, name = "LOBBY_EXPIRED"),
        @JsonSubTypes.Type(value = LobbyEvent.MeetingStarted.class, name = "MEETING_STARTED"),
        @JsonSubTypes.Type(value = LobbyEvent.MeetingEnded.class, name = "MEETING_ENDED"),
        @JsonSubTypes.Type(value = LobbyEvent.AppointmentUpdated.class, name = "APPOINTMENT_UPDATED"),
        @JsonSubTypes.Type(value = LobbyEvent.ParticipantWaiting.class, name = "PARTICIPANT_WAITING"),
        @JsonSubTypes.Type(value = LobbyEvent.ParticipantGone.class, name = "PARTICIPANT_GONE"),
        @JsonSubTypes.Type(value = LobbyEvent.ParticipantJoined.class, name = "PARTICIPANT_JOINED"),
        @JsonSubTypes.Type(value = LobbyEvent.ParticipantLeft.class, name = "PARTICIPANT_LEFT"),
        @JsonSubTypes.Type(value = LobbyEvent.AppointmentNoShow.class, name = "APPOINTMENT_NO_SHOW")
})
public sealed interface LobbyEvent {

    UUID appointmentId();

    /** The event's type name, as in the JSON {@code type} member and the SSE {@code event:} field. */
    default String type() {
        return EventJson.typeOf(this);
    }

    /** A lobby request event, about one requester's knock. */
    sealed interface AboutRequest extends LobbyEvent {
        UUID requestId();

        String requesterId();
    }

    record LobbyRequested(UUID appointmentId, UUID requestId, String requesterId, String requesterName, Instant requestedAt)
            implements AboutRequest {
    }

    record LobbyApproved(UUID appointmentId, UUID requestId, String requesterId, String decidedBy, Instant decidedAt)
            implements AboutRequest {
    }

    record LobbyRejected(UUID appointmentId, UUID requestId, String requesterId, String decidedBy, String reason, Instant decidedAt)
            implements AboutRequest {
    }

    /** {@code cause}: REQUESTER (withdrawn), APPOINTMENT_CANCELLED or MEETING_ENDED. */
    record LobbyCancelled(UUID appointmentId, UUID requestId, String requesterId, String cause, Instant at)
            implements AboutRequest {
    }

    record LobbyExpired(UUID appointmentId, UUID requestId, String requesterId, Instant at) implements AboutRequest {
    }

    record MeetingStarted(UUID appointmentId, Instant at) implements LobbyEvent {
    }

    record MeetingEnded(UUID appointmentId, Instant at) implements LobbyEvent {
    }

    record AppointmentUpdated(UUID appointmentId, String status, Instant at) implements LobbyEvent {
    }

    /**
     * Who has the appointment open in the waiting room (its page's event stream): a party other
     * than the doctor, named by {@code role} and {@code userId} together. Only the doctor hears these.
     */
    sealed interface InWaitingRoom extends LobbyEvent {
        String role();

        String userId();
    }

    /** A party opened the appointment's page and is waiting, since {@code since}. */
    record ParticipantWaiting(UUID appointmentId, String role, String userId, String name, Instant since)
            implements InWaitingRoom {
    }

    /** A party that was waiting closed the page (its stream stayed closed past the grace period, or its lease lapsed). */
    record ParticipantGone(UUID appointmentId, String role, String userId, String name, Instant at)
            implements InWaitingRoom {
    }

    /** {@code source}: {@code jitsi} (a webhook of the video service) or {@code client} (reported by the party's own page). */
    record ParticipantJoined(UUID appointmentId, String role, String userId, String name, String source, Instant at)
            implements LobbyEvent {
    }

    record ParticipantLeft(UUID appointmentId, String role, String userId, String name, String source, Instant at)
            implements LobbyEvent {
    }

    /** The join window closed and the patient never joined the call. */
    record AppointmentNoShow(UUID appointmentId, String patientId, Instant at) implements LobbyEvent {
    }
}
