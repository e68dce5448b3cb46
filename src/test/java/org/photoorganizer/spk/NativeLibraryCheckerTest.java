package org.photoorganizer.spk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.ExternalTools;

/**
 * Proves the checker of shipped natives on real binaries that must fail (a library gcc links against
 * glibc 2.34's dlopen, the system's libstdc++, a Windows and a macOS header, an ELF for FreeBSD) and on
 * one that must pass, also when they hide in archives inside archives as in the .spk.
 */
class NativeLibraryCheckerTest {
    @TempDir
    Path dir;

    /** A shared library compiled here from {@code source}. */
    private Path compile(String name, String source) throws Exception {
        ExternalTools.require("gcc", "--version", "gcc");
        Path c = Files.writeString(dir.resolve(name + ".c"), source);
        Path so = dir.resolve("lib" + name + ".so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", so.toString(), c.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor()).as(output).isZero();
        return so;
    }

    private Path needsGlibc234() throws Exception {
        // dlopen moved into libc in glibc 2.34 and has that version there (readelf -V: GLIBC_2.34).
        return compile("new", "#include <dlfcn.h>\nvoid *open_it(const char *p) { return dlopen(p, 0); }\n");
    }

    private Path needsOnlyOldGlibc() throws Exception {
        // puts is as old as glibc's symbol versions (GLIBC_2.2.5 on x86_64, GLIBC_2.17 on aarch64).
        return compile("old", "#include <stdio.h>\nint say(const char *s) { return puts(s); }\n");
    }

    @Test
    void aLibraryNeedingGlibc234Fails() throws Exception {
        NativeLibraryChecker.Report report = NativeLibraryChecker.check(needsGlibc234());

        assertThat(report.natives()).singleElement().asString().contains("libnew.so (ELF 64-bit").contains("GLIBC_2.34");
        assertThat(report.problems()).singleElement().asString()
                .isEqualTo("libnew.so: needs GLIBC_2.34, newer than glibc 2.26 of DSM 7.0/7.1 on armv7");
    }

    @Test
    void aLibraryNeedingOnlyAnOldGlibcPasses() throws Exception {
        NativeLibraryChecker.Report report = NativeLibraryChecker.check(needsOnlyOldGlibc());

        assertThat(report.natives()).singleElement().asString().contains("libold.so").contains("needs GLIBC_2.");
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void aSystemLibraryBuiltForANewerGlibcFails() throws Exception {
        ExternalTools.require("gcc", "--version", "gcc");
        Process locate = new ProcessBuilder("gcc", "-print-file-name=libstdc++.so.6").start();
        Path libstdcpp = Path.of(new String(locate.getInputStream().readAllBytes()).trim()).toRealPath();
        locate.waitFor();

        NativeLibraryChecker.Report report = NativeLibraryChecker.check(libstdcpp);

        assertThat(report.natives()).singleElement().asString().contains("libstdc++.so.6").contains("GLIBC_2.34");
        assertThat(report.problems()).isNotEmpty()
                .allSatisfy(problem -> assertThat(problem).matches(".*needs GLIBC_2\\.(2[7-9]|[3-9]\\d).*"));
    }

    @Test
    void anElfForAnotherSystemFails() throws Exception {
        byte[] elf = Files.readAllBytes(needsOnlyOldGlibc());
        elf[7] = 9;

        assertThat(NativeLibraryChecker.check("libbsd.so", elf).problems())
                .containsExactly("libbsd.so: an ELF for FreeBSD, not Linux");
    }

    @Test
    void windowsAndMacBinariesFail() throws Exception {
        byte[] pe = new byte[0x80];
        pe[0] = 'M';
        pe[1] = 'Z';
        ByteBuffer.wrap(pe).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3c, 0x40).put(0x40, (byte) 'P')
                .put(0x41, (byte) 'E').putShort(0x44, (short) 0x8664);
        byte[] machO = new byte[32];
        ByteBuffer.wrap(machO).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0xfeedfacf).putInt(4, 0x0100000c);
        byte[] fat = new byte[32];
        ByteBuffer.wrap(fat).order(ByteOrder.BIG_ENDIAN).putInt(0, 0xcafebabe).putInt(4, 2);

        assertThat(NativeLibraryChecker.check("sqlitejdbc.dll", pe).problems())
                .containsExactly("sqlitejdbc.dll: a Windows (PE) binary; no NAS runs it");
        assertThat(NativeLibraryChecker.check("libsqlitejdbc.dylib", machO).problems())
                .containsExactly("libsqlitejdbc.dylib: a macOS (Mach-O) binary; no NAS runs it");
        assertThat(NativeLibraryChecker.check("universal.dylib", fat).problems()).hasSize(1);
    }

    @Test
    void javaClassesAreNotTakenForNativeCode() throws Exception {
        byte[] clazz;
        try (InputStream in = NativeLibraryChecker.class.getResourceAsStream("NativeLibraryChecker.class")) {
            clazz = in.readAllBytes();
        }

        NativeLibraryChecker.Report report = NativeLibraryChecker.check("NativeLibraryChecker.class", clazz);

        assertThat(report.natives()).isEmpty();
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void nativesAreFoundInJarsInsideATgzInsideATarAndNamedByTheirPath() throws Exception {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar)) {
            out.putNextEntry(new JarEntry("org/sqlite/native/Linux/armv7/libsqlitejdbc.so"));
            out.write(Files.readAllBytes(needsGlibc234()));
            out.putNextEntry(new JarEntry("org/example/Fine.class"));
            out.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61});
        }
        Path pkg = Files.createDirectories(dir.resolve("pkg/lib"));
        Files.write(pkg.resolve("photo-organizer.jar"), jar.toByteArray());
        Files.copy(needsOnlyOldGlibc(), pkg.resolve("libfine.so"));
        Path spk = dir.resolve("spk");
        Files.createDirectories(spk);
        tar(List.of("-C", dir.resolve("pkg").toString(), "-czf", spk.resolve("package.tgz").toString(), "lib"));
        Files.writeString(spk.resolve("INFO"), "package=\"PhotoOrganizer\"\n");
        Path outer = dir.resolve("PhotoOrganizer.spk");
        tar(List.of("-C", spk.toString(), "-cf", outer.toString(), "INFO", "package.tgz"));

        NativeLibraryChecker.Report report = NativeLibraryChecker.check(outer);

        assertThat(report.natives()).hasSize(2);
        assertThat(report.problems()).singleElement().asString().startsWith(
                "PhotoOrganizer.spk!/package.tgz!!/lib/photo-organizer.jar!/org/sqlite/native/Linux/armv7/"
                        + "libsqlitejdbc.so: needs GLIBC_2.34");
    }

    private static void tar(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("tar"));
        command.addAll(arguments);
        Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        assertThat(tar.waitFor()).as(output).isZero();
    }
}
