package dev.kombo.interviews.sandbox;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KomboIdsTest {

    private final KomboIds ids = new KomboIds(42);

    @Test
    void ids_are_24_base58_characters_unique_and_reversible() {
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < 20_000; index++) {
            String id = ids.id(KomboIds.Kind.INTERVIEW, index);
            assertThat(id).hasSize(24).matches("[1-9A-HJ-NP-Za-km-z]+");
            assertThat(seen.add(id)).isTrue();
            assertThat(ids.index(KomboIds.Kind.INTERVIEW, id)).isEqualTo(index);
        }
        assertThat(ids.index(KomboIds.Kind.INTERVIEW, ids.id(KomboIds.Kind.INTERVIEW, Integer.MAX_VALUE)))
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void foreign_or_malformed_ids_do_not_resolve() {
        String interview = ids.id(KomboIds.Kind.INTERVIEW, 7);

        assertThat(ids.index(KomboIds.Kind.JOB, interview)).isEqualTo(-1);
        assertThat(new KomboIds(43).index(KomboIds.Kind.INTERVIEW, interview)).isEqualTo(-1);
        assertThat(ids.index(KomboIds.Kind.INTERVIEW, "zzzzzzzzzzzzzzzzzzzzzzzz")).isEqualTo(-1);
        assertThat(ids.index(KomboIds.Kind.INTERVIEW, "0OIl")).isEqualTo(-1);
        assertThat(ids.index(KomboIds.Kind.INTERVIEW, interview.substring(0, 23) + "ä")).isEqualTo(-1);
    }
}
