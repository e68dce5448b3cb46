package org.photoorganizer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFormatTest {
    @TempDir
    Path temp;

    @Test
    void byteSizesAreTwoDecimalsInBase1024() {
        assertThat(ByteSize.format(0)).isEqualTo("0.00 B");
        assertThat(ByteSize.format(1023)).isEqualTo("1023.00 B");
        assertThat(ByteSize.format(1024)).isEqualTo("1.00 KB");
        assertThat(ByteSize.format(2_630_000_000L)).isEqualTo("2.45 GB");
        assertThat(ByteSize.format(157_600_000L)).isEqualTo("150.30 MB");
        assertThat(ByteSize.format(5L << 40)).isEqualTo("5.00 TB");
    }

    @Test
    void rowsAreQuotedAsRfc4180AndFormulaSafe() throws Exception {
        CsvLogFile csv = new CsvLogFile(temp.resolve("log.csv"), List.of("A", "B", "C"));

        csv.append(List.of("=SUM(A1)", "a, \"quoted\"\nline", "+1"));
        csv.append(List.of("@x", "-y", "plain"));

        assertThat(Files.readString(temp.resolve("log.csv"), StandardCharsets.UTF_8)).isEqualTo(
                "A,B,C\r\n'=SUM(A1),\"a, \"\"quoted\"\"\nline\",'+1\r\n'@x,'-y,plain\r\n");
    }

    @Test
    void theHeaderIsWrittenOnceEvenAcrossRestarts() throws Exception {
        new CsvLogFile(temp.resolve("log.csv"), List.of("A")).append(List.of("1"));
        new CsvLogFile(temp.resolve("log.csv"), List.of("A")).append(List.of("2"));

        assertThat(Files.readAllLines(temp.resolve("log.csv"))).containsExactly("A", "1", "2");
    }

    @Test
    void aRowThatCannotBeWrittenIsKeptAndWrittenBeforeTheNextOne() throws Exception {
        Path file = temp.resolve("log.csv");
        CsvLogFile csv = new CsvLogFile(file, List.of("A", "B"));
        Files.createDirectories(file);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> csv.append(List.of("1", "first")))
                .isInstanceOf(java.io.IOException.class);
        assertThat(csv.unwrittenRows()).isOne();
        Files.delete(file);

        assertThat(csv.append(List.of("2", "second"))).isOne();

        assertThat(Files.readAllLines(file)).containsExactly("A,B", "1,first", "2,second");
        assertThat(csv.unwrittenRows()).isZero();
    }
}
