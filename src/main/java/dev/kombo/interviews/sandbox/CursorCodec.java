package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque cursors: base64url of {@code {"i":<next index>,"f":"<filter hash>"}}. Encoding is
 * deterministic, so a client can spot a cursor it has already sent. The hash ties a cursor to the
 * integration and filters it was issued for, because Kombo requires the same filters on every page.
 */
final class CursorCodec {

    private final ObjectMapper mapper;

    CursorCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String encode(int index, long filterHash) {
        String json = "{\"i\":" + index + ",\"f\":\"" + Long.toHexString(filterHash) + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The index the cursor points at. */
    int decode(String cursor, long filterHash) throws InvalidInputException {
        JsonNode node;
        try {
            node = mapper.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidInputException("The cursor is invalid. Pass the `next` value of the previous page.");
        }
        if (node == null || !node.path("i").canConvertToInt() || node.path("i").asInt() < 0
                || !node.path("f").isTextual()) {
            throw new InvalidInputException("The cursor is invalid. Pass the `next` value of the previous page.");
        }
        if (!node.path("f").asText().equals(Long.toHexString(filterHash))) {
            throw new InvalidInputException("The cursor was created for different filters. Send the same filters "
                    + "with every page of a paging run.");
        }
        return node.path("i").asInt();
    }
}
