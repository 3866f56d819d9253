package dev.kombo.interviews.kombo;

import java.util.Map;

/**
 * The suspensions of every replica, kept by the state store ({@code kombo.state.store}) so that what one replica
 * learns from Kombo (a revoked key) stops the integration on all of them, and a resume on one resumes everywhere.
 */
public interface SuspensionRecords {

    /** Every suspended integration (by Kombo integration id). */
    Map<String, IntegrationSuspensions.Suspension> all();

    /** Records a suspension unless the integration is suspended already; true when this call suspended it. */
    boolean suspend(String integrationId, IntegrationSuspensions.Suspension suspension);

    /** Lifts a suspension; true when there was one. */
    boolean resume(String integrationId);
}
