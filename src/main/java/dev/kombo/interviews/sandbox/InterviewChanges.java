package dev.kombo.interviews.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * Field changes as {@code PATCH /ats/applications/{application_id}/interviews} carries them; a null
 * component leaves that field as it is.
 *
 * @param title              new {@code title}
 * @param startTime          {@code start_time}, becomes {@code starting_at}
 * @param endTime            {@code end_time}, becomes {@code ending_at}
 * @param interviewerUserIds {@code interviewer_user_ids}, become {@code users} (named from the user pool where it
 *                           knows the id)
 * @param locationType       {@code location.type}: PHYSICAL or VIRTUAL
 * @param locationAddress    {@code location.address}; a VIRTUAL address also becomes {@code video_conferencing_url}
 */
public record InterviewChanges(String title, Instant startTime, Instant endTime, List<String> interviewerUserIds,
                               String locationType, String locationAddress) {

    public static InterviewChanges title(String title) {
        return new InterviewChanges(title, null, null, null, null, null);
    }

    /** Only interviewers changed: Kombo bumps {@code updated_after} matching but not {@code changed_at}. */
    boolean touchesOwnFields() {
        return title != null || startTime != null || endTime != null || locationType != null
                || locationAddress != null;
    }
}
