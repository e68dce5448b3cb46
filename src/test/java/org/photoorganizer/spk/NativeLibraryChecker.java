package org.photoorganizer.spk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds every native binary in what the package ships, looking into archives (jar/zip, tar, tar.gz, the
 * .spk) by their content, not their names, and says what each needs: an ELF's GLIBC symbol versions (from
 * its {@code .gnu.version_r} section), its machine and OS ABI. DSM 7.0/7.1 on armv7 has glibc 2.26, so
 * anything needing a newer GLIBC version fails there; a Windows (PE) or macOS (Mach-O) binary, or an ELF
 * for another OS, runs on no NAS.
 */
final class NativeLibraryChecker {
    /** The oldest glibc of a supported DSM 7 (7.0/7.1 on armv7). */
    static final int[] MAX_GLIBC = {2, 26};
    private static final Pattern GLIBC = Pattern.compile("GLIBC_(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final int SHT_GNU_VERNEED = 0x6ffffffe;
    private static final Map<Integer, String> MACHINES = Map.of(3, "x86", 0x3e, "x86_64", 0x28, "arm", 0xb7,
            "aarch64", 8, "mips", 0x14, "ppc", 0x15, "ppc64", 0xf3, "riscv");
    private static final Map<Integer, String> OS_ABIS = Map.of(1, "HP-UX", 2, "NetBSD", 6, "Solaris", 9, "FreeBSD",
            12, "OpenBSD");

    /** Every native binary found ({@code natives}), and what makes any of them unusable ({@code problems}). */
    record Report(List<String> natives, List<String> problems, int filesLookedAt) {}

    private final List<String> natives = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int filesLookedAt;

    private NativeLibraryChecker() {}

    static Report check(Path file) throws IOException {
        return check(file.getFileName().toString(), Files.readAllBytes(file));
    }

    static Report check(String name, byte[] content) throws IOException {
        NativeLibraryChecker checker = new NativeLibraryChecker();
        checker.look(name, content);
        return new Report(List.copyOf(checker.natives), List.copyOf(checker.problems), checker.filesLookedAt);
    }

    private void look(String name, byte[] b) throws IOException {
        filesLookedAt++;
        if (starts(b, 'P', 'K', 3, 4)) {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(b))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    if (!entry.isDirectory()) {
                        look(name + "!/" + entry.getName(), zip.readAllBytes());
                    }
                }
            }
        } else if (starts(b, 0x1f, 0x8b)) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
                look(name + "!", in.readAllBytes());
            }
        } else if (b.length >= 512 && new String(b, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            tar(name, b);
        } else if (starts(b, 0x7f, 'E', 'L', 'F')) {
            elf(name, b);
        } else if (starts(b, 'M', 'Z')) {
            natives.add(name + " (Windows PE)");
            problems.add(name + ": a Windows (PE) binary; no NAS runs it");
        } else if (machO(b)) {
            natives.add(name + " (Mach-O)");
            problems.add(name + ": a macOS (Mach-O) binary; no NAS runs it");
        }
    }

    private void tar(String name, byte[] b) throws IOException {
        int at = 0;
        String longName = null;
        while (at + 512 <= b.length && b[at] != 0) {
            String sizeField = cString(b, at + 124, 12).trim();
            long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
            char type = (char) b[at + 156];
            int data = at + 512;
            if (data + size > b.length) {
                problems.add(name + ": a tar entry runs past the end of the archive");
                return;
            }
            if (type == 'L') {
                // GNU tar: the next entry's name, when longer than 100 bytes.
                longName = cString(b, data, (int) size);
            } else if (type == 'x') {
                // POSIX pax: "length path=NAME" records for the next entry.
                Matcher path = Pattern.compile("\\d+ path=([^\n]*)\n")
                        .matcher(new String(b, data, (int) size, StandardCharsets.UTF_8));
                longName = path.find() ? path.group(1) : longName;
            } else {
                String prefix = cString(b, at + 345, 155);
                String entry = longName != null ? longName
                        : prefix.isEmpty() ? cString(b, at, 100) : prefix + "/" + cString(b, at, 100);
                longName = null;
                if (type == '0' || type == 0) {
                    look(name + "!/" + entry, java.util.Arrays.copyOfRange(b, data, (int) (data + size)));
                }
            }
            at = data + (int) ((size + 511) / 512 * 512);
        }
    }

    private static boolean machO(byte[] b) {
        if (b.length < 8) {
            return false;
        }
        int magic = ByteBuffer.wrap(b, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        if (magic == 0xfeedface || magic == 0xfeedfacf || magic == 0xcefaedfe || magic == 0xcffaedfe) {
            return true;
        }
        // 0xcafebabe is also a Java class file; a fat Mach-O has a handful of architectures where a class file
        // has its version (45 and up).
        return magic == 0xcafebabe && ByteBuffer.wrap(b, 4, 4).order(ByteOrder.BIG_ENDIAN).getInt() < 30;
    }

    private void elf(String name, byte[] b) {
        boolean is64 = b[4] == 2;
        ByteBuffer e = ByteBuffer.wrap(b).order(b[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int machine = Short.toUnsignedInt(e.getShort(0x12));
        int osAbi = Byte.toUnsignedInt(b[7]);
        String what = name + " (ELF " + (is64 ? "64" : "32") + "-bit " + MACHINES.getOrDefault(machine,
                "machine " + machine) + ")";
        if (osAbi != 0 && osAbi != 3) {
            natives.add(what);
            problems.add(name + ": an ELF for " + OS_ABIS.getOrDefault(osAbi, "OS ABI " + osAbi) + ", not Linux");
            return;
        }
        long sectionTable = is64 ? e.getLong(0x28) : Integer.toUnsignedLong(e.getInt(0x20));
        int entrySize = Short.toUnsignedInt(e.getShort(is64 ? 0x3a : 0x2e));
        int sections = Short.toUnsignedInt(e.getShort(is64 ? 0x3c : 0x30));
        if (sectionTable == 0 || sections == 0) {
            natives.add(what);
            problems.add(name + ": an ELF without section headers; the GLIBC versions it needs cannot be read");
            return;
        }
        TreeSet<String> needed = new TreeSet<>();
        for (int i = 0; i < sections; i++) {
            int header = (int) (sectionTable + (long) i * entrySize);
            if (e.getInt(header + 4) != SHT_GNU_VERNEED) {
                continue;
            }
            long offset = is64 ? e.getLong(header + 24) : Integer.toUnsignedLong(e.getInt(header + 16));
            int link = e.getInt(header + (is64 ? 40 : 24));
            int count = e.getInt(header + (is64 ? 44 : 28));
            int strings = (int) (sectionTable + (long) link * entrySize);
            long stringTable = is64 ? e.getLong(strings + 24) : Integer.toUnsignedLong(e.getInt(strings + 16));
            int need = (int) offset;
            for (int n = 0; n < count; n++) {
                int auxCount = Short.toUnsignedInt(e.getShort(need + 2));
                int aux = need + e.getInt(need + 8);
                for (int a = 0; a < auxCount; a++) {
                    needed.add(cString(b, (int) (stringTable + Integer.toUnsignedLong(e.getInt(aux + 8))), 256));
                    aux += e.getInt(aux + 12);
                }
                int next = e.getInt(need + 12);
                if (next == 0) {
                    break;
                }
                need += next;
            }
        }
        natives.add(what + (needed.isEmpty() ? "" : " needs " + String.join(", ", needed)));
        for (String version : needed) {
            Matcher m = GLIBC.matcher(version);
            if (m.matches() && newerThanMax(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))) {
                problems.add(name + ": needs " + version + ", newer than glibc " + MAX_GLIBC[0] + "." + MAX_GLIBC[1]
                        + " of DSM 7.0/7.1 on armv7");
            } else if (version.equals("GLIBC_PRIVATE")) {
                problems.add(name + ": needs GLIBC_PRIVATE, which no other glibc build provides");
            }
        }
    }

    private static boolean newerThanMax(int major, int minor) {
        return major > MAX_GLIBC[0] || major == MAX_GLIBC[0] && minor > MAX_GLIBC[1];
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[i] != (byte) magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b, int at, int max) {
        int end = at;
        while (end < b.length && end < at + max && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }
}
