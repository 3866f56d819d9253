package dev.kombo.interviews.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsTest {

    @Test
    void formats_in_kombos_millisecond_utc_format() {
        assertThat(Timestamps.format(Instant.parse("2023-06-26T14:30:00Z"))).isEqualTo("2023-06-26T14:30:00.000Z");
        assertThat(Timestamps.format(Instant.parse("2024-02-29T23:59:59.987Z"))).isEqualTo("2024-02-29T23:59:59.987Z");
        assertThat(Timestamps.format(Instant.ofEpochMilli(-1))).isEqualTo("1969-12-31T23:59:59.999Z");
    }

    @Test
    void updated_after_parses_as_utc_and_rounds_sub_milliseconds_up() {
        assertThat(Timestamps.parseUpdatedAfter("2023-06-26")).isEqualTo(millis("2023-06-26T00:00:00Z"));
        assertThat(Timestamps.parseUpdatedAfter("2023-06-26T14:30:00")).isEqualTo(millis("2023-06-26T14:30:00Z"));
        assertThat(Timestamps.parseUpdatedAfter("2023-06-26T14:30:00.5Z")).isEqualTo(millis("2023-06-26T14:30:00.500Z"));
        assertThat(Timestamps.parseUpdatedAfter("2023-06-26T14:30:00.0001Z")).isEqualTo(millis("2023-06-26T14:30:00.001Z"));
        assertThatThrownBy(() -> Timestamps.parseUpdatedAfter("2023-02-29")).isInstanceOf(IllegalArgumentException.class);
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
