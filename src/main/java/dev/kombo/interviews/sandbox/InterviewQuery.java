package dev.kombo.interviews.sandbox;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of {@code GET /ats/interviews}, validated against the contract.
 *
 * @param updatedAfterMillis {@link Long#MIN_VALUE} when {@code updated_after} is absent
 * @param ids                empty when the filter is absent (likewise {@code remoteIds}, {@code jobIds})
 */
record InterviewQuery(String cursor, int pageSize, long updatedAfterMillis, boolean includeDeleted,
                      boolean ignoreUnsupportedFilters, Set<String> ids, Set<String> remoteIds, Set<String> jobIds) {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 250;

    static InterviewQuery parse(String rawQuery) throws InvalidInputException {
        String cursor = null;
        String pageSize = null;
        String updatedAfter = null;
        String includeDeleted = null;
        String ignoreUnsupported = null;
        Set<String> ids = Set.of();
        Set<String> remoteIds = Set.of();
        Set<String> jobIds = Set.of();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (name) {
                    case "cursor" -> cursor = value;
                    case "page_size" -> pageSize = value;
                    case "updated_after" -> updatedAfter = value;
                    case "include_deleted" -> includeDeleted = value;
                    case "ignore_unsupported_filters" -> ignoreUnsupported = value;
                    case "ids" -> ids = list(value);
                    case "remote_ids" -> remoteIds = list(value);
                    case "job_ids" -> jobIds = list(value);
                    default -> {
                        // Kombo ignores parameters it does not know
                    }
                }
            }
        }
        long updatedAfterMillis = Long.MIN_VALUE;
        if (updatedAfter != null) {
            try {
                updatedAfterMillis = Timestamps.parseUpdatedAfter(updatedAfter);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Invalid query parameter \"updated_after\": \"" + updatedAfter
                        + "\" is not a date-time in the format YYYY-MM-DDTHH:mm:ss.sssZ.");
            }
        }
        if (cursor != null && cursor.isEmpty()) {
            throw new InvalidInputException("Invalid query parameter \"cursor\": must not be empty.");
        }
        return new InterviewQuery(cursor, pageSize(pageSize), updatedAfterMillis,
                bool("include_deleted", includeDeleted), bool("ignore_unsupported_filters", ignoreUnsupported),
                ids, remoteIds, jobIds);
    }

    /** Identifies integration plus filters (not page size), so a cursor cannot cross into another query. */
    long filterHash(String integrationId) {
        String canonical = String.join("\n", integrationId, Long.toString(updatedAfterMillis),
                Boolean.toString(includeDeleted), Boolean.toString(ignoreUnsupportedFilters), String.join(",", ids),
                String.join(",", remoteIds), String.join(",", jobIds));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static int pageSize(String value) throws InvalidInputException {
        if (value == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (!value.matches("[0-9]{1,4}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_PAGE_SIZE) {
            throw new InvalidInputException("Invalid query parameter \"page_size\": expected an integer from 1 to "
                    + MAX_PAGE_SIZE + ", got \"" + value + "\".");
        }
        return Integer.parseInt(value);
    }

    private static boolean bool(String name, String value) throws InvalidInputException {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidInputException("Invalid query parameter \"" + name + "\": expected \"true\" or \"false\", got \""
                + value + "\".");
    }

    /** Comma-separated, trimmed, sorted and de-duplicated (so the filter hash ignores order). */
    private static Set<String> list(String value) {
        Set<String> values = new TreeSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                values.add(item.trim());
            }
        }
        return values;
    }

    private static String decode(String text) throws InvalidInputException {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The query string is not correctly URL-encoded.");
        }
    }
}
