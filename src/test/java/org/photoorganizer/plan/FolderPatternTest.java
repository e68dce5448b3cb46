package org.photoorganizer.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FolderPatternTest {
    private static final LocalDateTime AUGUST_14 = LocalDateTime.of(2024, 8, 14, 13, 47, 57);

    @Test
    void rendersEveryTokenBetweenItsLiteralText() {
        assertThat(new FolderPattern("{yyyy}/{MM}_{Mmm}").render(AUGUST_14)).isEqualTo("2024/08_Aug");
        assertThat(new FolderPattern("Photos {yy}-{M}-{dd} ({Mmmm})").render(AUGUST_14))
                .isEqualTo("Photos 24-8-14 (August)");
        assertThat(new FolderPattern("flat").render(AUGUST_14)).isEqualTo("flat");
        assertThat(new FolderPattern("{dd}{MM}{yyyy}").render(AUGUST_14)).isEqualTo("14082024");
    }

    @Test
    void keepsDollarSignsAndBackslashesOfItsLiteralTextAsTheyAre() {
        assertThat(new FolderPattern("$1 \\{yyyy}\\$").render(AUGUST_14)).isEqualTo("$1 \\2024\\$");
    }

    @Test
    void padsYearsAndDaysWithZerosAsPercentZeroDDid() {
        assertThat(new FolderPattern("{yyyy}/{MM}/{dd}").render(LocalDateTime.of(5, 1, 2, 0, 0)))
                .isEqualTo("0005/01/02");
        for (int value = -12_000; value <= 12_000; value++) {
            assertThat(FolderPattern.zeroPadded(value, 4)).isEqualTo(String.format(Locale.ROOT, "%04d", value));
            assertThat(FolderPattern.zeroPadded(value, 2)).isEqualTo(String.format(Locale.ROOT, "%02d", value));
        }
    }

    @Test
    void refusesAnUnknownTokenWhenRendering() {
        assertThatThrownBy(() -> new FolderPattern("{yyyy}/{week}").render(AUGUST_14))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{week}");
    }
}
