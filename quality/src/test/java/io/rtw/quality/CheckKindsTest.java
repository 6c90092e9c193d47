package io.rtw.quality;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule kind the sealed hierarchy permits is one the quality file reader knows, under one name. */
class CheckKindsTest {

    @Test
    void everyPermittedKindIsReadableUnderItsOwnName() {
        List<Class<?>> permitted = Arrays.stream(Check.class.getPermittedSubclasses())
                .flatMap(family -> Arrays.stream(family.getPermittedSubclasses())).toList();
        assertThat(permitted).hasSize(5);
        assertThat(Check.KINDS.stream().<Class<?>>map(Check.Kind::type).toList())
                .containsExactlyInAnyOrderElementsOf(permitted);
        assertThat(Check.KINDS).extracting(Check.Kind::name).doesNotHaveDuplicates()
                .allMatch(n -> n.matches("[a-z_]+"));
    }
}
