package dev.kombo.interviews.sync;

import java.util.List;

/**
 * One configured Kombo integration: where to read and where to deliver.
 *
 * @param name     the short name used in property keys, folder names and route ids (e.g. {@code acme})
 * @param id       Kombo's integration id sent as {@code X-Integration-Id} (e.g. {@code greenhouse:8x…})
 * @param apiKey   the bearer key; never printed (see {@link #toString()})
 * @param sinks    names of the sink routes ({@code direct:sink-<name>}) this integration delivers to
 */
public record Integration(String name, String id, String apiKey, List<String> sinks, int pageSize,
        boolean includeDeleted, String ids, String remoteIds, String jobIds, String ignoreUnsupportedFilters,
        String cron) {

    @Override
    public String toString() {
        return "Integration[" + name + " id=" + id + " sinks=" + sinks + " page_size=" + pageSize
                + " include_deleted=" + includeDeleted + (ids == null ? "" : " ids=" + ids)
                + (remoteIds == null ? "" : " remote_ids=" + remoteIds) + (jobIds == null ? "" : " job_ids=" + jobIds)
                + (ignoreUnsupportedFilters == null ? "" : " ignore_unsupported_filters=" + ignoreUnsupportedFilters)
                + " cron='" + cron + "']";
    }
}
