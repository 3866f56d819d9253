package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec(new ObjectMapper());

    @Test
    void cursor_is_url_safe_and_round_trips_with_the_same_filter_hash() throws Exception {
        String cursor = codec.encode(1_250, 77L);

        assertThat(cursor).matches("[A-Za-z0-9_-]+").isEqualTo(codec.encode(1_250, 77L));
        assertThat(codec.decode(cursor, 77L)).isEqualTo(1_250);
    }

    @Test
    void cursor_with_another_filter_hash_is_invalid_input() {
        String cursor = codec.encode(1_250, 77L);

        assertThatThrownBy(() -> codec.decode(cursor, 78L)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("different filters");
    }
}
